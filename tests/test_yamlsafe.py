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
