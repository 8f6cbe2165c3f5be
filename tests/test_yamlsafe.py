"""Safe YAML with lines, duplicate keys and no exceptions."""

import pytest

from hooks import yamlsafe


def test_lines_are_remembered() -> None:
    data, problems = yamlsafe.load("a: 1\nb:\n  - x\n  - y\n")
    assert problems == [] and data.line_of("b") == 2 and data["b"].line_of(1) == 4


def test_duplicate_keys_are_problems_with_both_lines() -> None:
    _, problems = yamlsafe.load("a: 1\nb: 2\na: 3\n")
    assert len(problems) == 1 and problems[0].line == 3 and "first on line 1" in problems[0].message


def test_line_offset_for_front_matter() -> None:
    _, problems = yamlsafe.load("title: a: b\n", line_offset=1)
    assert problems[0].line == 2 and "invalid YAML" in problems[0].message


@pytest.mark.parametrize("text", ["a: !!python/object:os.system x", "d: 2001-02-30", "n: !!int abc",
                                  pytest.param("[" * 5000, marks=pytest.mark.slow), "a: \x00", "- !!map [a]"])
def test_hostile_or_broken_yaml_never_raises(text: str) -> None:
    data, problems = yamlsafe.load(text)
    assert problems, data


def test_unsafe_tags_are_refused() -> None:
    data, problems = yamlsafe.load("x: !!python/name:os.system")
    assert data is None and "invalid YAML" in problems[0].message


@pytest.mark.parametrize("text, line", [("a:\n\t- x\n", 2), ("a:\n  b: 1\n\tc: 2\n", 3), ("a:\n  - b: 1\n  \tc: 2\n", 3)])
def test_a_tab_that_indents_says_indent_with_spaces_at_its_line(text: str, line: int) -> None:
    data, problems = yamlsafe.load(text, line_offset=1)
    assert data is None and [(p.line, p.message) for p in problems] == [(line + 1, yamlsafe.TAB_MESSAGE)]
    assert "indent with spaces" in yamlsafe.TAB_MESSAGE


def test_a_tab_inside_a_value_is_text() -> None:
    assert yamlsafe.load("a: x\ty\n") == ({"a": "x\ty"}, [])


def test_other_syntax_errors_keep_their_own_wording() -> None:
    _, problems = yamlsafe.load("a: b: c\n")
    assert "TAB" not in problems[0].message and "mapping values" in problems[0].message


def test_a_tab_in_the_glossary_is_located() -> None:
    from hooks.glossary import parse_glossary
    _, found = parse_glossary("- id: a\n  term: a\n\tcategory: C\n", "glossary.yml", lambda key: True)
    assert [(d.path, d.line) for d in found if "indent with spaces" in d.message] == [("glossary.yml", 3)]
