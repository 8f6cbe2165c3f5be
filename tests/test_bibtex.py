"""Tables for hooks.bibtex: what an editor's .bib mistake turns into, line by line."""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.bibtex import (
    REQUIRED_FIELDS,
    Entry,
    Library,
    Person,
    decode_latex,
    fold,
    is_doi,
    is_http_url,
    load_library,
    normalise_doi,
    parse_library,
)
from hooks.diagnostics import Diagnostic

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURE_BIB = ROOT / "tests" / "fixtures" / "proceedings" / "bibliography.bib"
PRINTED_BIB = ROOT / "tests" / "data" / "bib" / "printed.bib"

GOOD = "@article{good, author = {Daniels, H.}, title = {T}, journal = {J}, year = {2004}}"


def parse(text: str) -> tuple[Library, list[Diagnostic]]:
    return parse_library(text, "bibliography.bib")


def only(diagnostics: list[Diagnostic], level: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.level == level]


def assert_says(diagnostic: Diagnostic, line: int, *words: str) -> None:
    assert diagnostic.path == "bibliography.bib"
    assert diagnostic.line == line, str(diagnostic)
    for word in words:
        assert word in diagnostic.message, (word, diagnostic.message)


# --------------------------------------------------------------------------- syntax errors

SYNTAX = [
    pytest.param("@article{a,\n  author = {A, B}\n  title = {T},\n  journal = {J}, year = 2001}\n",
                 3, ["entry 'a'", "',' is missing", "'author'", "'title'"], id="missing-comma"),
    pytest.param("@article{a,\n  author {A, B},\n  title = {T}, journal = {J}, year = 2001}\n",
                 2, ["entry 'a'", "'author'", "no '='"], id="field-without-equals"),
    pytest.param("@article{a,\n  author = {A, B},\n  title = {T,\n  journal = {J}, year = 2001}\n",
                 3, ["entry 'a'", "'title'", "opened on line 3", "never closed"], id="unclosed-value-brace"),
    pytest.param("@article{a,\n  author = {A, B},\n  title = {T}, journal = {J}, year = 2001\n",
                 1, ["entry 'a'", "never closed", "add '}'"], id="unclosed-entry"),
    pytest.param("@article{a,\n  title = \"T\n}\n", 2, ["entry 'a'", "'title'", "never closed"], id="unclosed-quote"),
    pytest.param("@article{a,\n  title = ,\n  year = 2001}\n", 2, ["'title'", "no value"], id="value-missing"),
    pytest.param("@article{a,\n  title = {T} {U},\n  year = 2001}\n", 2, ["'title'", "second value", "#"], id="two-values"),
    pytest.param("@article{a,\n  title = \"T}U\",\n  year = 2001}\n", 2, ["'title'", "without a matching"], id="stray-brace-in-quotes"),
    pytest.param("@article{,\n  title = {T}, year = 2001}\n", 1, ["no key"], id="no-key"),
    pytest.param("@article{a author = {X}}\n", 1, ["',' is missing after the key 'a'"], id="no-comma-after-key"),
    pytest.param("@article a, title = {T}}\n", 1, ["no '{'"], id="no-opening-brace"),
    pytest.param("this line is not BibTeX\n", 1, ["outside any entry", "%"], id="garbage"),
    pytest.param("@article{a, title = {T}}}\n", 1, ["outside any entry", "too early"], id="extra-closing-brace"),
]


@pytest.mark.parametrize(("text", "line", "words"), SYNTAX)
def test_syntax_error_names_line_and_fix(text: str, line: int, words: list[str]) -> None:
    library, diagnostics = parse(text)
    syntax = [d for d in only(diagnostics, "error") if "syntax error" in d.message]
    assert len(syntax) == 1, diagnostics
    assert_says(syntax[0], line, *words)


@pytest.mark.parametrize(("text", "line", "words"), SYNTAX)
def test_syntax_error_does_not_hide_the_next_entry(text: str, line: int, words: list[str]) -> None:
    library, _ = parse(text + "\n" + GOOD + "\n")
    assert "good" in library


def test_every_syntax_error_is_reported_with_its_line() -> None:
    text = "\n".join([
        "@article{one,",            # 1
        "  author = {A, B}",        # 2  missing comma
        "  title = {T}, journal = {J}, year = 2001}",  # 3
        GOOD,                       # 4
        "@book{two,",               # 5
        "  title = {Never closed,", # 6  unclosed brace
        "  year = 2001}",           # 7
        "",                         # 8
        "@book{three, title {T}}",  # 9  no '='
        "stray words",              # 10 garbage
        GOOD.replace("good", "fine"),  # 11
    ])
    library, diagnostics = parse(text)
    syntax = [(d.line, d.message) for d in diagnostics if "syntax error" in d.message]
    assert [line for line, _ in syntax] == [3, 6, 9, 10]
    assert [e.key for e in library] == ["good", "fine"]
    assert library.broken == {"one": 1, "two": 5, "three": 9}


def test_undefined_macro_is_an_error_at_its_line() -> None:
    library, diagnostics = parse("@article{a, author = {A, B}, title = {T},\n journal = jew, year = 2001}")
    (problem,) = diagnostics
    assert_says(problem, 2, "'jew'", "@string", "journal = {jew}")
    assert library.get("a").get("journal") == "jew"


def test_string_comment_and_preamble_are_understood() -> None:
    text = "\n".join([
        "@comment{ anything { goes } here }",
        "@preamble{\"\\newcommand{\\noop}[1]{}\"}",
        "@string{jew = {Journal of Education and Work}}",
        "@String(ed = \"Educational\")",
        "@article{a, author = {A, B}, title = {T}, journal = jew, year = 2001, month = jan}",
        "@article(b, author = {A, B}, title = \"T (two)\", journal = ed # { Review}, year = 2002)",
    ])
    library, diagnostics = parse(text)
    assert diagnostics == []
    assert library.get("a").get("journal") == "Journal of Education and Work"
    assert library.get("a").get("month") == "January"
    assert library.get("b").get("journal") == "Educational Review"
    assert library.get("b").get("title") == "T (two)"


def test_comment_body_is_never_parsed() -> None:
    library, diagnostics = parse("@comment{ write to a@b.org, @article{x, } }\n" + GOOD)
    assert diagnostics == [] and [e.key for e in library] == ["good"]


def test_percent_lines_are_comments_and_crlf_counts_lines() -> None:
    text = "% a remark with an @ sign: a@b.org\r\n\r\n" + GOOD.replace("{T}", "{T") + "\r\n" + GOOD.replace("good", "g2")
    _, diagnostics = parse(text)
    assert [d.line for d in diagnostics] == [3]


# --------------------------------------------------------------------------- keys


def test_key_repeated_in_another_case_is_an_error_naming_both_lines() -> None:
    text = f"{GOOD.replace('good', 'engestrom2001')}\n\n{GOOD.replace('good', 'Engestrom2001')}\n"
    library, diagnostics = parse(text)
    assert len(library) == 1
    assert library.get("ENGESTROM2001").key == "engestrom2001"
    (problem,) = only(diagnostics, "error")
    assert_says(problem, 3, "'Engestrom2001'", "line 3", "'engestrom2001'", "line 1", "ignore case")


def test_library_lookup_is_case_insensitive_and_in_file_order() -> None:
    text = "\n".join(GOOD.replace("good", key) for key in ("b2001", "A2001", "c2001"))
    library, _ = parse(text)
    assert [e.key for e in library] == ["b2001", "A2001", "c2001"]
    assert "a2001" in library and "A2001" in library and "x" not in library and 3 not in library
    assert library.get("C2001").line == 3
    assert library.get("nope") is None
    assert len(library) == 3


@pytest.mark.parametrize(("asked", "suggested"), [("b2010", "b2001"), ("a2001x", "A2001"), ("zzz", None)])
def test_suggest_offers_a_close_key(asked: str, suggested: str | None) -> None:
    library, _ = parse("\n".join(GOOD.replace("good", key) for key in ("b2001", "A2001")))
    assert library.suggest(asked) == suggested


@pytest.mark.parametrize("key", ["good.", "smith/2001", "a+b", "x#1"])
def test_uncitable_key_is_an_error_at_its_line(key: str) -> None:
    _, diagnostics = parse("\n" + GOOD.replace("good", key))
    assert_says(only(diagnostics, "error")[0], 2, "cannot be cited", "rename")


@pytest.mark.parametrize("key", ["good", "smith:2001", "van-der-veer.1991", "a_b"])
def test_citable_key_passes(key: str) -> None:
    _, diagnostics = parse(GOOD.replace("good", key))
    assert not [d for d in diagnostics if "cannot be cited" in d.message]


# --------------------------------------------------------------------------- fields per type

ENTRY_CHECKS = [
    # (entry, level, words) — one diagnostic expected, on line 1
    ("@article{a, author = {A, B}, title = {T}, year = 2001}", "error", ["@article", "journal"]),
    ("@article{a, author = {A, B}, title = {T}, jounal = {J}, year = 2001}", "error", ["journal", "'jounal'", "misspelling"]),
    ("@article{a, author = {A, B}, title = {T}, journal = {J}}", "error", ["no year", "pubstate = {inpress}"]),
    ("@book{a, title = {T}, publisher = {P}, year = 2001}", "error", ["author or editor"]),
    ("@incollection{a, author = {A, B}, title = {T}, publisher = {P}, year = 2001}", "error", ["booktitle"]),
    ("@inproceedings{a, author = {A, B}, title = {T}, year = 2001}", "error", ["booktitle"]),
    ("@unpublished{a, author = {A, B}, title = {T}, year = 2001}", "error", ["note or howpublished"]),
    ("@techreport{a, author = {A, B}, title = {T}, year = 2001}", "error", ["institution"]),
    ("@phdthesis{a, author = {A, B}, title = {T}, year = 2001}", "error", ["school or institution"]),
    ("@online{a, title = {T}, url = {https://x.org}}", "error", ["author or editor or organization"]),
    ("@misc{a, title = {T}, url = {https://x.org}}", "error", ["author or editor or organization"]),
    ("@misc{a, title = {T}, year = {}}", None, []),
    ("@online{a, organization = {LIW}, title = {T}, url = {https://x.org}}", None, []),
    ("@article{a, author = {A, B}, title = {T}, journal = {J}, pubstate = {inpress}}", None, []),
    ("@foo{a, title = {T}}", "warning", ["unknown type '@foo'", "@misc"]),
    ("@article{a, author = {A, B}, title = {T}, journal = {J}, year = {in press}}", "warning", ["four-digit", "pubstate = {inpress}"]),
    ("@article{a, author = {A, B}, title = {T}, journal = {J}, year = {2001a}}", "warning", ["'2001a'", "four digits"]),
    ("@article{a, author = {A, B}, title = {T}, journal = {J}, date = {May 2001}}", "warning", ["date", "YYYY-MM"]),
    ("@misc{a, title = {T}, author = {A, B}, url = {ftp://x.org/f}}", "warning", ["not a plain http(s)", "as text, not linked"]),
    ("@misc{a, title = {T}, author = {A, B}, url = {javascript:alert(1)}}", "warning", ["not a plain http(s)"]),
    ("@misc{a, title = {T}, doi = {not a doi}}", "warning", ["does not look like a DOI"]),
    ("@misc{a, title = {T}, crossref = {b}}", "warning", ["crossref is not followed"]),
    ("@misc{a, title = {T}, title = {U}}", "warning", ["'title' twice", "first is used"]),
    ("@misc{a, title = {T}, author = {Edwards, A., D'Arcy, C.}}", "warning", ["too many commas", "' and '"]),
]


@pytest.mark.parametrize(("text", "level", "words"), ENTRY_CHECKS)
def test_entry_check(text: str, level: str | None, words: list[str]) -> None:
    library, diagnostics = parse(text)
    assert "a" in library
    if level is None:
        assert diagnostics == []
        return
    assert len(diagnostics) == 1, diagnostics
    assert diagnostics[0].level == level
    assert_says(diagnostics[0], 1, "'a'", *words)


def test_every_known_type_has_required_fields_and_title() -> None:
    for entry_type, needs in REQUIRED_FIELDS.items():
        flat = {n for need in needs for n in ((need,) if isinstance(need, str) else need)}
        assert "title" in flat, entry_type


def test_http_url_is_fine() -> None:
    _, diagnostics = parse("@misc{a, organization = {LIW}, title = {T},"
                           " url = {http://www.education.bham.ac.uk/research/projects/liw/default.htm}}")
    assert diagnostics == []


# --------------------------------------------------------------------------- near-duplicates


def test_same_doi_under_two_keys_is_a_warning() -> None:
    text = ("@misc{a, title = {One}, doi = {10.1080/13639080020028747}}\n"
            "@misc{b, title = {Two}, doi = {https://doi.org/10.1080/13639080020028747}}\n")
    _, diagnostics = parse(text)
    (problem,) = diagnostics
    assert_says(problem, 2, "'a' (line 1)", "'b' (line 2)", "same DOI", "one entry")


def test_same_title_and_year_under_two_keys_is_a_warning() -> None:
    text = ("@article{engestrom2001, author = {Engeström, Y.}, journal = {J}, year = 2001,\n"
            "  title = {Expansive learning at work: Toward an activity theoretical reconceptualisation}}\n"
            "@article{Engestrom01, author = {Engestr{\\\"o}m, Y.}, journal = {J}, year = 2001,\n"
            "  title = {Expansive Learning at Work -- toward an Activity-Theoretical Reconceptualisation.}}\n")
    _, diagnostics = parse(text)
    (problem,) = diagnostics
    assert_says(problem, 3, "'engestrom2001' (line 1)", "'Engestrom01' (line 3)", "same title and year")


def test_same_title_in_other_years_is_not_a_duplicate() -> None:
    _, diagnostics = parse("@misc{a, title = {Editorial}, year = 2001}\n@misc{b, title = {Editorial}, year = 2002}")
    assert diagnostics == []


# --------------------------------------------------------------------------- empty and unreadable files


@pytest.mark.parametrize("text", ["", "   \n\n", "% only a remark\n", "\ufeff"])
def test_empty_file_is_an_empty_library_and_an_info(text: str) -> None:
    library, diagnostics = parse(text)
    assert len(library) == 0
    assert [d.level for d in diagnostics] == ["info"]
    assert "no entries" in diagnostics[0].message


def test_load_library_reports_a_missing_file(tmp_path: pathlib.Path) -> None:
    library, (problem,) = load_library(tmp_path / "nope.bib", "nope.bib")
    assert len(library) == 0 and problem.level == "error" and problem.path == "nope.bib"
    assert "does not exist" in problem.message


def test_load_library_reports_non_utf8_with_its_line(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "latin1.bib"
    path.write_bytes(f"{GOOD}\n@misc{{b, title = {{Engestr\xf6m}}}}\n".encode("latin-1"))
    library, (problem,) = load_library(path, "latin1.bib")
    assert problem.level == "error" and problem.line == 2 and "UTF-8" in problem.message


def test_load_library_reads_utf8_with_bom(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bom.bib"
    path.write_bytes(("\ufeff" + GOOD).encode("utf-8"))
    library, diagnostics = load_library(path, "bom.bib")
    assert diagnostics == [] and "good" in library and library.path == "bom.bib"


def test_load_library_reports_a_directory(tmp_path: pathlib.Path) -> None:
    library, (problem,) = load_library(tmp_path, "dir.bib")
    assert problem.level == "error" and len(library) == 0


# --------------------------------------------------------------------------- values and names

LATEX = [
    (r'Engestr{\"o}m', "Engeström"),
    (r'Engestr\"{o}m', "Engeström"),
    ("{Vygotsky}", "Vygotsky"),
    (r"The {Cambridge} companion to {Vygotsky}", "The Cambridge companion to Vygotsky"),
    (r"Learning \& teaching", "Learning & teaching"),
    (r"\emph{Every Child Matters} and after", "Every Child Matters and after"),
    (r"{\em Every Child Matters}", "Every Child Matters"),
    (r"Leont{\textquoteright}ev", "Leont'ev"),
    ("J.~G. March", "J. G. March"),
    ("50% of staff", "50% of staff"),
    (r"V{\aa}h{\aa}aho", "Våhåaho"),
    ("a\\", "a"),
    ("\x00ctrl", "ctrl"),
]


@pytest.mark.parametrize(("latex", "plain"), LATEX)
def test_decode_latex(latex: str, plain: str) -> None:
    assert decode_latex(latex) == plain


def test_url_and_doi_fields_are_kept_verbatim() -> None:
    library, _ = parse(r"@misc{a, title = {T}, url = {https://x.org/~me/a\_b%20c}, doi = {10.1000/a\_b}}")
    assert library.get("a").get("url") == "https://x.org/~me/a_b%20c"
    assert library.get("a").get("doi") == "10.1000/a_b"


NAMES = [
    ("Engestr{\\\"o}m, Yrj{\\\"o}", "Engeström", "Y.", False),
    ("Jensen, U. J.", "Jensen", "U.J.", False),
    ("Jensen, U.J.", "Jensen", "U.J.", False),
    ("James V. Wertsch", "Wertsch", "J.V.", False),
    ("Leont'ev, A. N.", "Leont'ev", "A.N.", False),
    ("Sartre, Jean-Paul", "Sartre", "J.-P.", False),
    ("van der Veer, René", "van der Veer", "R.", False),
    ("Vasilyuk", "Vasilyuk", "", False),
    ("{HM Treasury}", "HM Treasury", "", True),
    ("{Department for {E}ducation and Skills}", "Department for Education and Skills", "", True),
]


@pytest.mark.parametrize(("name", "surname", "initials", "corporate"), NAMES)
def test_person(name: str, surname: str, initials: str, corporate: bool) -> None:
    library, diagnostics = parse(f"@misc{{a, title = {{T}}, author = {{{name}}}}}")
    (person,) = library.get("a").authors
    assert (person.surname, person.initials, person.corporate) == (surname, initials, corporate)
    assert diagnostics == []


def test_author_and_editor_lists() -> None:
    library, _ = parse("@incollection{a, author = {A, B and C, D and others}, editor = {Chaiklin, S.},"
                       " title = {T}, booktitle = {B}, publisher = {P}, year = 2001}")
    entry = library.get("a")
    assert [p.surname for p in entry.authors] == ["A", "C", "others"]
    assert entry.authors[-1].others and not entry.authors[0].others
    assert entry.editors == (Person(first="S.", last="Chaiklin"),)


def test_entry_keeps_raw_text_lines_and_lowercase_names() -> None:
    library, _ = parse("%\n@Article{K1,\n  AUTHOR = {Engestr{\\\"o}m, Y.},\n  Title = {T},\n  journal = {J}, year = 2001}")
    entry = library.get("k1")
    assert isinstance(entry, Entry)
    assert (entry.key, entry.type, entry.line) == ("K1", "article", 2)
    assert entry.get("author") == "Engeström, Y."
    assert entry.raw["author"] == "Engestr{\\\"o}m, Y."
    assert entry.get("TITLE") == "T" and entry.get("missing", "-") == "-"
    assert entry.line_of("title") == 4 and entry.line_of("journal") == 5 and entry.line_of("url") == 2
    assert hash(entry) == hash(library.get("K1"))


@pytest.mark.parametrize(("url", "linked"), [
    ("https://doi.org/10.1/x", True), ("http://www.education.bham.ac.uk/liw/", True),
    ("HTTPS://EXAMPLE.ORG", True), ("javascript:alert(1)", False), ("data:text/html,<script>", False),
    ("ftp://x.org", False), ("//x.org", False), ("https:///x", False), ("http://x.org/a b", False),
    ("", False), ("www.x.org", False), ("https://x.org/\"><script>", False),
])
def test_is_http_url(url: str, linked: bool) -> None:
    assert is_http_url(url) is linked


@pytest.mark.parametrize(("raw", "doi", "valid"), [
    ("10.1080/13639080020028747", "10.1080/13639080020028747", True),
    ("https://doi.org/10.1080/X", "10.1080/X", True),
    ("doi:10.1080/X", "10.1080/X", True),
    ("http://dx.doi.org/10.1080/X", "10.1080/X", True),
    ("10.1/x", "10.1/x", False),
    ("javascript:alert(1)", "javascript:alert(1)", False),
])
def test_doi(raw: str, doi: str, valid: bool) -> None:
    assert normalise_doi(raw) == doi
    assert is_doi(raw) is valid


def test_fold_ignores_accents_case_and_punctuation() -> None:
    assert fold("Engeström") == "engestrom"
    assert fold("D'Arcy") == "darcy"
    assert fold("Ørsted") == "orsted"


# --------------------------------------------------------------------------- never raises

BIBTEXISH = st.lists(st.sampled_from([
    "@", "{", "}", "(", ")", ",", "=", '"', "#", "%", "\\", "\n", " ", "a", "Z", "9", "~", "'",
    "@article{", "@string{", "@comment{", "@preamble{", "author = ", " and ", '{\\"o}', "title=",
    "year = 2001", "\x00", "é", "others", "{{HM Treasury}}", "url={javascript:x}", "pubstate={inpress}",
    "doi={10.1234/x}", "shortauthor={X}", "}\n", "editor = ", "@misc{k,", "\r", "\ufeff",
]), max_size=80).map("".join)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(BIBTEXISH, st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_nothing_raises(text: str) -> None:
    library, diagnostics = parse(text)
    assert all(isinstance(d, Diagnostic) and d.message for d in diagnostics)
    assert not any("could not read the library" in d.message for d in diagnostics)
    assert all(isinstance(e, Entry) for e in library)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_real_library_never_raises(data: st.DataObject) -> None:
    base = PRINTED_BIB.read_text(encoding="utf-8")
    position = data.draw(st.integers(0, len(base)))
    insert = data.draw(st.sampled_from(["{", "}", '"', ",", "=", "@x{", "\n@", "}}", ""]))
    cut = data.draw(st.integers(0, 3))
    text = base[:position] + insert + base[position + cut:]
    library, diagnostics = parse(text)
    assert not any("could not read the library" in d.message for d in diagnostics)


# --------------------------------------------------------------------------- the real libraries


def test_printed_fixture_loads_cleanly() -> None:
    library, diagnostics = load_library(PRINTED_BIB, "tests/data/bib/printed.bib")
    assert diagnostics == []
    assert len(library) == 12


def test_the_test_projects_library_loads_without_error_or_warning() -> None:
    library, diagnostics = load_library(FIXTURE_BIB, "bibliography.bib")
    assert [str(d) for d in diagnostics if d.level != "info"] == []
    assert len(library) == FIXTURE_BIB.read_text(encoding="utf-8").count("\n@")     # every entry starts a line
    assert library.get("hmt2003").authors[0].corporate
