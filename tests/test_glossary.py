"""Tests for the concept glossary checker: its diagnostics and what it keeps.

Bad inputs are tables so that adding a case is one line; each asserts the level, the
line and the words an editor needs to see, because a diagnostic that points at the
wrong line is as unhelpful as none. The real glossary.yml is checked only as every valid
glossary must be (tests/test_corpus.py): loading it gives no error or warning.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooks.diagnostics import Diagnostic, failed
from hooks.glossary import MAX_DEFINITION, Concept, load_glossary, parse_glossary

BIB_KEYS = frozenset({"engestrom1999", "engestrom2001", "vygotsky1978"})   # these tests' own library


def known(key: str) -> bool:
    """Case-insensitive membership, as the bibliography loader offers it."""
    return key.lower() in BIB_KEYS


def parse(text: str, known_key=known) -> tuple:
    return parse_glossary(textwrap.dedent(text), "glossary.yml", known_key)


def entry(ident: str = "alpha", **fields: str) -> str:
    """One valid concept as YAML, with fields overridden or (value None) dropped."""
    values = {"id": ident, "term": f"{ident} term", "category": "Cat",
              "definition": "A short definition.", "explanation": "Some prose."}
    values.update(fields)
    lines = [f"{k}: {v}" for k, v in values.items() if v is not None]
    return "- " + "\n  ".join(lines) + "\n"


# ---------------------------------------------------------------- bad inputs

# (name, text, level, line, words that must appear in the message)
BAD = [
    ("invalid yaml", "- id: a\n  term: [unclosed\n  category: c\n", "error", 3, ["invalid yaml"]),
    ("tab indentation", "- id: a\n\tterm: b\n", "error", 2, ["invalid yaml"]),
    ("top-level mapping", "id: a\nterm: b\n", "error", 1, ["list", "mapping"]),
    ("top-level text", "just some words\n", "error", 1, ["list", "text"]),
    ("top-level number", "42\n", "error", 1, ["list", "number"]),
    ("entry is text", entry() + "- knotworking\n", "error", 6, ["entry 2", "not a concept"]),
    ("entry is null", entry() + "-\n", "error", 6, ["entry 2", "null"]),
    ("entry is list", entry() + "- [a, b]\n", "error", 6, ["entry 2", "list"]),
    ("missing term", entry(term=None), "error", 1, ["alpha", "no 'term'"]),
    ("missing id", entry(id=None), "error", 1, ["no 'id'"]),
    ("missing category", entry(category=None), "error", 1, ["no 'category'"]),
    ("missing definition", entry(definition=None), "error", 1, ["no 'definition'"]),
    ("empty definition", entry(definition="''"), "error", 4, ["'definition' is empty"]),
    ("null category", entry(category=""), "error", 3, ["'category' is empty"]),
    ("numeric id", entry(id="42"), "error", 1, ["'id' must be text", "number", "quotes"]),
    ("boolean term", entry(term="yes"), "error", 2, ["'term' must be text", "true/false"]),
    ("list definition", entry(definition="[a, b]"), "error", 4, ["must be text", "list"]),
    ("mapping category", entry(category="{a: b}"), "error", 3, ["must be text", "mapping"]),
    ("date term", entry(term="2001-02-30"), "error", 2, ["invalid yaml value", "quotes"]),
    ("bad int tag", entry(term="!!int abc"), "error", 2, ["invalid yaml value"]),
    ("variants as text", entry(variants="knots"), "error", 6, ["'variants' must be a list", "[knots]"]),
    ("variant number", entry(variants="[ok, 3]"), "error", 6, ["item 2 of 'variants'", "number"]),
    ("nested variant", entry() + "  variants:\n    - ok\n    - [x, y]\n", "error", 8,
     ["item 2 of 'variants'", "list"]),
    ("empty variant", entry(variants="['  ']"), "error", 6, ["item 1 of 'variants' is empty"]),
    ("related as mapping", entry(related="{a: b}"), "error", 6, ["'related' must be a list"]),
    ("unknown field", entry(defintion="x"), "warning", 6, ["unknown field 'defintion'",
                                                          "did you mean 'definition'"]),
    ("unknown field no hint", entry(colour="red"), "warning", 6, ["unknown field 'colour'"]),
    ("numeric key", entry() + "  3: x\n", "warning", 6, ["unknown field '3'"]),
    ("id with capitals", entry(id="Knot Working"), "error", 1, ["lowercase", "knot-working"]),
    ("id with underscore", entry(id="knot_working"), "error", 1, ["knot-working"]),
    ("id leading hyphen", entry(id="-knot"), "error", 1, ["must start with a letter or digit"]),
    ("definition too long", entry(definition="x" * (MAX_DEFINITION + 1)), "error", 4,
     ["281 characters", "at most 280"]),
    ("duplicate key", entry() + "  term: again\n", "error", 6, ["'term'", "twice", "line 2"]),
    ("duplicate id", entry() + entry(term="other"), "error", 6,
     ["id 'alpha'", "'other'", "'alpha term'", "line 1"]),
    ("term shared", entry() + entry("beta", term="Alpha Term"), "error", 7,
     ["term 'alpha term'", "concept 'alpha'", "line 2"]),
    ("variant shared", entry(variants="[knots]") + entry("beta", variants="[KNOTS]"), "error", 12,
     ["variant 'knots'", "concept 'beta'", "concept 'alpha'", "line 6"]),
    ("hyphen-equivalent shared", entry(term="boundary-crossing") + entry("beta", variants="[Boundary crossing]"),
     "error", 11, ["boundary crossing", "'boundary-crossing'", "concept 'alpha'"]),
    ("quote-equivalent shared", entry(term="\"'inter'-regnum\"") + entry("beta", variants="[inter regnum]"),
     "error", 11, ["inter regnum", "concept 'alpha'", "line 2"]),
    ("variant without words", entry(variants="['--']"), "warning", 6, ["no letters or digits"]),
    ("variant repeats own term", entry(variants="[Alpha Term]"), "warning", 6,
     ["given twice", "line 2"]),
    ("related unknown", entry(related="[alpah]"), "error", 6, ["'alpah' does not exist",
                                                              "did you mean 'alpha'"]),
    ("related self", entry() + entry("beta", related="[beta]"), "warning", 11,
     ["lists itself", "beta"]),
    ("related twice", entry() + entry("beta", related="[alpha, alpha]"), "warning", 11,
     ["twice"]),
    ("unknown source", entry(sources="[engestrom2099]"), "error", 6,
     ["engestrom2099", "not in the bibliography"]),
    ("unknown citation", entry(explanation="'As shown [@nobody2000, p. 3].'"), "error", 5,
     ["@nobody2000", "not in the bibliography"]),
    ("citation read as the site reads it", entry(explanation="'As shown [@nobody/2000].'"), "error", 5,
     ["'@nobody'", "not in the bibliography"]),
    ("source twice", entry(sources="[engestrom2001, Engestrom2001]"), "warning", 6, ["twice"]),
    ("missing explanation", entry(explanation=None), "info", 1, ["no explanation"]),
    ("empty explanation", entry(explanation="''"), "info", 5, ["'explanation' is empty"]),
    ("explanation as list", entry(explanation="[a]"), "error", 5, ["'explanation' must be text"]),
    ("category case", entry() + entry("beta", category="cat"), "warning", 8,
     ["differs only in case", "'Cat'", "line 3"]),
    ("control character", entry() + "- id: b\x07\n", "error", 6, ["character", "U+0007"]),
    ("exclude holds no form", entry(exclude="[a named project]"), "warning", 6,
     ["exclude phrase 'a named project'", "neither the term nor a variant"]),
    ("exclude not a list", entry(exclude="Learning in and for"), "error", 6, ["'exclude' must be a list"]),
    ("empty list", "[]\n", "warning", 1, ["no concepts", "every concept page"]),
    ("comments only", "# nothing yet\n", "warning", 1, ["no concepts", "every concept page"]),
]


@pytest.mark.parametrize("name,text,level,line,words", BAD, ids=[case[0] for case in BAD])
def test_bad_input_is_reported_on_its_line(name, text, level, line, words):
    _, diagnostics = parse(text)
    matches = [d for d in diagnostics if d.level == level and d.line == line]
    assert matches, f"no {level} on line {line}; got: {[str(d) for d in diagnostics]}"
    messages = " | ".join(d.message.lower() for d in matches)
    for word in words:
        assert word.lower() in messages, f"{word!r} not in {messages!r}"
    assert all(d.path == "glossary.yml" for d in diagnostics)


# Cases that must produce nothing worse than info, so valid files stay quiet.
GOOD = [
    ("minimal", entry()),
    ("null optional lists", entry(variants="", sources="", related="")),
    ("empty lists", entry(variants="[]", sources="[]", related="[]")),
    ("related resolves", entry() + entry("beta", related="[alpha]")),
    ("known source any case", entry(sources="[Engestrom2001]")),
    ("explanation cites beyond sources", entry(sources="[engestrom2001]", explanation="'see [@engestrom1999]'")),
    ("email is not a citation", entry(explanation="'write to h.daniels@bath.ac.uk'")),
    ("quoted term", entry(term="\"'knowing who' trails\"", variants="[knowing who trails]")),
    ("exclude around a variant", entry(variants="[alpha]", exclude="['the Alpha Project', single alpha term]")),
    ("spellings of one concept", entry(term="boundary-crossing", variants="[boundary crossing]")),
    ("block scalars", "- id: a\n  term: a\n  category: c\n  definition: >-\n    folded\n"
                      "    text\n  explanation: |\n    Para one.\n\n    Para two.\n"),
]


@pytest.mark.parametrize("name,text", GOOD, ids=[case[0] for case in GOOD])
def test_valid_input_gives_no_error_or_warning(name, text):
    glossary, diagnostics = parse(text)
    assert not failed(diagnostics), [str(d) for d in diagnostics]
    assert glossary.concepts


def test_sources_are_not_checked_without_a_bibliography():
    _, diagnostics = parse(entry(sources="[anything]", explanation="'see [@anything]'"), None)
    assert diagnostics == []


# ---------------------------------------------------------------- what the loader returns


def test_concept_fields_lines_and_surface_forms():
    text = "# header\n\n" + entry(variants="[one, One, two]", sources="[engestrom1999]") \
        + entry("beta", related="[alpha, missing]")
    glossary, _ = parse(text)
    alpha, beta = glossary.concepts["alpha"], glossary.concepts["beta"]
    assert isinstance(alpha, Concept)
    assert (alpha.line, beta.line) == (3, 10)
    assert alpha.surface_forms == ("alpha term", "one", "two")
    assert alpha.sources == ("engestrom1999",)
    assert beta.related == ("alpha",), "dangling related ids must not reach the renderer"


def test_definition_whitespace_is_collapsed_but_explanation_keeps_paragraphs():
    text = "- id: a\n  term: a\n  category: c\n  definition: |\n    two\n    lines\n" \
           "  explanation: |\n    One.\n\n    Two.\n"
    concept = parse(text)[0].concepts["a"]
    assert concept.definition == "two lines"
    assert concept.explanation == "One.\n\nTwo."


def test_entries_with_broken_required_fields_are_left_out():
    glossary, _ = parse(entry() + entry("beta", term=None) + entry("Bad Id") + entry(term="dup"))
    assert list(glossary.concepts) == ["alpha"]
    assert glossary.concepts["alpha"].term == "alpha term", "the first of two equal ids wins"


def test_html_is_kept_as_plain_text_for_the_renderer_to_escape():
    text = entry(term="'<script>alert(1)</script>'", definition="'A <b>bold</b> claim.'")
    glossary, diagnostics = parse(text)
    concept = glossary.concepts["alpha"]
    assert concept.term == "<script>alert(1)</script>"
    assert concept.definition == "A <b>bold</b> claim."
    assert not failed(diagnostics)


def test_by_category_keeps_file_order_and_sorts_terms():
    text = entry("b", term="zeta", category="Second") + entry("a", term="Alpha", category="First") \
        + entry("c", term="\"'inter'-regnum\"", category="Second")
    groups = parse(text)[0].by_category()
    assert list(groups) == ["Second", "First"]
    assert [c.term for c in groups["Second"]] == ["'inter'-regnum", "zeta"]


def test_sorted_by_term_ignores_case_quotes_and_hyphens():
    text = "".join(entry(i, term=t) for i, t in
                   [("a", "zone"), ("b", "\"'knowing who' trails\""), ("c", "Boundary zones"),
                    ("d", "boundary-crossing"), ("e", "internalisation"), ("f", "\"'inter'-regnum\"")])
    terms = [c.term for c in parse(text)[0].sorted_by_term()]
    assert terms == ["boundary-crossing", "Boundary zones", "'inter'-regnum", "internalisation",
                     "'knowing who' trails", "zone"]


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\n"])
def test_empty_file_is_an_empty_glossary_with_a_warning(text):
    glossary, diagnostics = parse_glossary(text, "glossary.yml")
    assert glossary.concepts == {}
    assert [d.level for d in diagnostics] == ["warning"]
    assert "every concept page" in diagnostics[0].message


def test_non_utf8_file_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_bytes(entry().encode() + b"- id: caf\xe9\n")
    glossary, diagnostics = load_glossary(path, "glossary.yml")
    assert glossary.concepts == {}
    assert [(d.level, d.line) for d in diagnostics] == [("error", 6)]
    assert "utf-8" in diagnostics[0].message.lower()


def test_missing_file_is_an_error_not_an_exception(tmp_path):
    _, diagnostics = load_glossary(tmp_path / "absent.yml", "glossary.yml")
    assert [d.level for d in diagnostics] == ["error"]
    assert diagnostics[0].path == "glossary.yml"


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_bytes(b"\xef\xbb\xbf" + entry().encode())
    glossary, diagnostics = load_glossary(path, "glossary.yml")
    assert list(glossary.concepts) == ["alpha"] and not failed(diagnostics)


# ---------------------------------------------------------------- nothing raises

ODD = [
    "&a [*a]", pytest.param("[" * 5000, marks=pytest.mark.slow), "- " * 3000 + "x", "!!map [a]", "!!seq {a: 1}", "!!bool maybe",
    "!!timestamp soon", "- !!set {a, b}", "- !!omap [a: 1]", "- {? [a] : 1}", "- id: !!binary 'AA=='",
    "- <<: {id: a}\n  term: b", "- id: &x a\n  term: *x", "--- a\n--- b\n", "\ufeff- id: a",
    "- id: [a]\n  term: {b: c}\n  variants: [[[]]]\n  related: [null, 1, true]",
    "- id: a\n  variants: !!set {x, y}", "- ~: 1\n  .inf: 2\n  2001-01-01: 3", "\x00", "\ud800",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_yaml_never_raises(text):
    glossary, diagnostics = parse_glossary(text, "glossary.yml", known)
    assert all(isinstance(d, Diagnostic) and d.path == "glossary.yml" for d in diagnostics)
    assert all(isinstance(c, Concept) for c in glossary.concepts.values())


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.sampled_from(["id", "term", "variants", "category",
                                                          "definition", "related", "sources",
                                                          "explanation", "x"]), inner, max_size=6),
                       max_leaves=20)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_values)
def test_any_yaml_structure_never_raises(value):
    import yaml
    text = yaml.safe_dump(value, allow_unicode=True)
    parse_glossary(text, "glossary.yml", known)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("- :[]{}'\"\n\t#&*!|>,?%@`ab1\\")), max_size=60))
def test_any_text_never_raises(text):
    parse_glossary(text, "glossary.yml", known)


def test_exclude_phrases_are_kept_in_order_without_repeats():
    glossary, _ = parse(entry(exclude="[single alpha term, Single Alpha Term, the alpha term project]"))
    assert glossary.concepts["alpha"].exclude == ("single alpha term", "the alpha term project")
