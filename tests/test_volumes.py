"""hooks/volumes.py: every bad paper or volume file gives a located message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.diagnostics import Diagnostic
from hooks.volumes import load_corpus, parse_paper, parse_volume

PAPER_PATH = "papers/seminar-3/x.md"
VOLUME_PATH = "papers/seminar-3/volume.yml"
GOOD_PAPER = ("---\ntitle: A paper\nauthors:\n  - name: Jane Smith\n    affiliation: Aberdeen\norder: 1\n---\n\n"
              "Body text.\n")
GOOD_VOLUME = ("title: A volume\ndate: 2007-10\npublisher: School of Education\n"
               "editors:\n  - name: Joan Forbes\nisbn: 1-903714-16-8\nisbn13: 978-1-903714-16-4\n")


def only(found: list[Diagnostic], line: int, *words: str, level: str = "error", path: str = PAPER_PATH) -> Diagnostic:
    """The one diagnostic of ``found``, checked for its place, level and wording."""
    assert len(found) == 1, [str(d) for d in found]
    d = found[0]
    assert (d.path, d.line, d.level) == (path, line, level), str(d)
    for word in words:
        assert word in d.message, (word, d.message)
    return d


def test_good_paper_parses_with_its_fields() -> None:
    paper, found = parse_paper(GOOD_PAPER, PAPER_PATH, "seminar-3", "x")
    assert found == []
    assert paper.title == "A paper" and paper.authors[0].name == "Jane Smith"
    assert paper.authors[0].affiliation == "Aberdeen"
    assert paper.body.startswith("Body text.") and paper.body_line == 9  # the line "Body text." is on
    assert paper.src_uri == "seminar-3/x.md" and paper.kind == "paper"


@pytest.mark.parametrize("text, line, words, level, published", [
    ("No front matter at all.\n", 1, ["has no front matter", "start the file with '---'"], "error", False),
    ("---\nauthors:\n  - name: A\n---\n", 2, ["has no 'title'", "add it"], "error", False),
    ("---\ntitle: T\n---\n", 2, ["has no 'authors'", "add it"], "error", False),
    ("---\ntitle: T\nauthors: []\n---\n", 2, ["has no 'authors'"], "error", False),
    ("---\ntitle: T: with a colon\nauthors: [{name: A}]\n---\n", 2, ["invalid YAML"], "error", False),
    ("---\ntitle: T\nauthors: [{name: A}\n---\n", 3, ["invalid YAML"], "error", False),
    ("---\ntitle: T\ntitle: U\nauthors: [{name: A}]\n---\n", 3, ["given twice", "first on line 2"], "error", False),
    ("---\n- title\n- authors\n---\n", 2, ["must be 'field: value' lines"], "error", False),
    ("---\ntitle: T\nauthors: [{name: A}]\nabstarct: x\n---\n", 4, ["unknown field 'abstarct'", "did you mean 'abstract'?"], "warning", True),
    ("---\ntitle: T\nauthors: [{name: A}]\nsubject: x\n---\n", 4, ["unknown field 'subject'", "known fields: title, authors"], "warning", True),
    ("---\ntitle: T\nauthors:\n  - name: A\n    affilation: X\n---\n", 5, ["unknown field 'affilation'", "did you mean 'affiliation'?"], "warning", True),
    ("---\ntitle: T\nauthors:\n  - affiliation: X\n---\n", 4, ["an entry of authors has no 'name'"], "error", False),
    ("---\ntitle: T\nauthors:\n  - [A, B]\n---\n", 4, ["needs a name", "- name: Full Name"], "error", False),
    ("---\ntitle: T\nauthors: [{name: A}]\nyear: two thousand\n---\n", 4, ["'year' must be a whole number"], "error", False),
    ("---\ntitle: T\nauthors: [{name: A}]\nvolume: seminar-4\n---\n", 4, ["says volume 'seminar-4'", "papers/seminar-3/"], "error", False),
    ("---\ntitle: T\nauthors: [{name: A}]\nkind: chapter\n---\n", 4, ["kind 'chapter' is unknown"], "error", False),
    ("---\ntitle: T\nauthors: [{name: A}]\nyear: 2001-02-30\n---\n", 4, ["invalid YAML value"], "error", False),
], ids=["no front matter", "missing title", "missing authors", "empty authors", "colon in value", "unclosed bracket",
        "duplicate key", "list not mapping", "did you mean", "unknown field", "author field typo", "author without name",
        "author not a mapping", "year not a number", "volume mismatch", "unknown kind", "impossible date"])
def test_paper_problem_is_located(text: str, line: int, words: list[str], level: str, published: bool) -> None:
    paper, found = parse_paper(text, PAPER_PATH, "seminar-3", "x")
    only(found, line, *words, level=level)
    assert (paper is not None) == published


def test_nocite_keys_keep_their_lines() -> None:
    text = "---\ntitle: T\nauthors: [{name: A}]\nnocite:\n  - engestrom1987\n  - vygotsky1978\n---\n"
    paper, found = parse_paper(text, PAPER_PATH, "seminar-3", "x")
    assert found == [] and paper.nocite == ("engestrom1987", "vygotsky1978") and paper.nocite_lines == (5, 6)


def test_good_volume_parses() -> None:
    volume, found = parse_volume(GOOD_VOLUME, VOLUME_PATH, "seminar-3")
    assert found == []
    assert volume.title == "A volume" and volume.date_text == "October 2007" and volume.editors[0].name == "Joan Forbes"


@pytest.mark.parametrize("change, line, words, level", [
    (("title: A volume\n", ""), 1, ["volume.yml has no 'title'"], "error"),
    (("editors:\n  - name: Joan Forbes\n", ""), 1, ["has no 'editors'"], "error"),
    (("isbn: 1-903714-16-8", "isbn: 1-903714-16-7"), 6, ["isbn '1-903714-16-7' is not valid", "ISBN-10 check digit is wrong"], "error"),
    (("isbn13: 978-1-903714-16-4", "isbn13: 978-1-903714-16-5"), 7, ["isbn13", "ISBN-13 check digit is wrong"], "error"),
    (("isbn13: 978-1-903714-16-4", "isbn13: 978-0-19-852663-6"), 7, ["is not the ISBN-13 of isbn '1-903714-16-8'"], "error"),
    (("isbn: 1-903714-16-8", "isbn: 1-903714-16"), 6, ["has 10 or 13 digits, this one has 9"], "error"),
    (("date: 2007-10\n", "date: 2007-10\nsubtitel: x\n"), 3, ["unknown field 'subtitel'", "did you mean 'subtitle'?"], "warning"),
    (("date: 2007-10\n", "date: 2007-10\ndate: 2008-01\n"), 3, ["given twice"], "error"),
    (("title: A volume\n", "title: A: volume\n"), 1, ["invalid YAML"], "error"),
], ids=["missing title", "missing editors", "isbn check digit", "isbn13 check digit", "isbn13 mismatch",
        "isbn length", "did you mean", "duplicate key", "malformed yaml"])
def test_volume_problem_is_located(change: tuple[str, str], line: int, words: list[str], level: str) -> None:
    text = GOOD_VOLUME.replace(*change)
    assert text != GOOD_VOLUME
    volume, found = parse_volume(text, VOLUME_PATH, "seminar-3")
    only(found, line, *words, level=level, path=VOLUME_PATH)
    assert (volume is not None) == (level == "warning")


def test_empty_volume_file_says_what_it_needs() -> None:
    volume, found = parse_volume("", VOLUME_PATH, "seminar-3")
    assert volume is None
    only(found, 1, "at least title, date, editors and publisher", path=VOLUME_PATH)


# ---------------------------------------------------------------- whole folders


def _project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


def test_corpus_orders_volumes_and_puts_the_introduction_first(tmp_path: Path) -> None:
    intro = GOOD_PAPER.replace("title: A paper", "title: Introduction\nkind: introduction").replace("order: 1", "order: 9")
    root = _project(tmp_path, {
        "papers/seminar-3/volume.yml": GOOD_VOLUME + "order: 3\n",
        "papers/seminar-3/b.md": GOOD_PAPER.replace("title: A paper", "title: B"),
        "papers/seminar-3/a.md": GOOD_PAPER.replace("title: A paper", "title: A").replace("order: 1", "order: 2"),
        "papers/seminar-3/intro.md": intro,
        "papers/seminar-1/volume.yml": GOOD_VOLUME + "order: 1\n",
        "papers/_drafts/volume.yml": "not a volume",
    })
    corpus, found = load_corpus(root / "papers", root)
    assert [(d.path, d.level) for d in found] == [("papers/_drafts", "info")]   # skipped, and said so
    assert [v.id for v in corpus.volumes] == ["seminar-1", "seminar-3"]
    assert [p.slug for p in corpus.volume("seminar-3").papers] == ["intro", "b", "a"]


@pytest.mark.parametrize("files, path, line, words", [
    ({"papers/seminar-3/volume.yml": GOOD_VOLUME, "papers/seminar-3/x.md": b"---\ntitle: Caf\xe9\n---\n"},
     "papers/seminar-3/x.md", 2, ["is not UTF-8 text", "save the file as UTF-8"]),
    ({"papers/seminar-3/volume.yml": GOOD_VOLUME.encode("utf-8") + b"place: Aberd\xe9en\n"},
     "papers/seminar-3/volume.yml", 8, ["is not UTF-8 text"]),
    ({"papers/seminar-3/x.md": GOOD_PAPER}, "papers/seminar-3", None, ["has no volume.yml"]),
    ({"papers/Seminar_3/volume.yml": GOOD_VOLUME}, "papers/Seminar_3", None, ["lower-case letters, digits and '-'"]),
    ({"papers/seminar-3/volume.yml": GOOD_VOLUME + "introduction: intro.md\n", "papers/seminar-3/x.md": GOOD_PAPER},
     "papers/seminar-3/volume.yml", None, ["introduction 'intro.md' is not a paper in this folder"]),
    ({"papers/seminar-3/volume.yml": GOOD_VOLUME,
      "papers/seminar-3/x.md": GOOD_PAPER.replace("title: A paper", "title: A paper\nvolume: seminar-4")},
     "papers/seminar-3/x.md", 3, ["says volume 'seminar-4' but lies in papers/seminar-3/"]),
], ids=["paper not utf-8", "volume not utf-8", "no volume.yml", "bad folder name", "introduction missing",
        "volume mismatch"])
def test_corpus_problem_names_file_and_line(tmp_path: Path, files: dict, path: str, line: int | None,
                                            words: list[str]) -> None:
    root = _project(tmp_path, files)
    corpus, found = load_corpus(root / "papers", root)
    only(found, line, *words, path=path)


def test_broken_paper_is_left_out_but_its_volume_stays(tmp_path: Path) -> None:
    root = _project(tmp_path, {"papers/seminar-3/volume.yml": GOOD_VOLUME, "papers/seminar-3/good.md": GOOD_PAPER,
                               "papers/seminar-3/bad.md": "---\ntitle: [unclosed\n---\n"})
    corpus, found = load_corpus(root / "papers", root)
    assert [p.slug for p in corpus.volume("seminar-3").papers] == ["good"]
    assert [d.path for d in found] == ["papers/seminar-3/bad.md"] and found[0].line == 2


def test_missing_papers_folder_is_information(tmp_path: Path) -> None:
    corpus, (d,) = load_corpus(tmp_path / "papers", tmp_path)
    assert corpus.volumes == [] and d.level == "info"


# ---------------------------------------------------------------- what the guide promises


def _paper(title: str, order: str = "", kind: str = "") -> str:
    """A paper's text; ``order`` and ``kind`` are front-matter lines ('order: 2') or ''."""
    lines = [f"title: {title}", "authors: [{name: Jane Smith}]", order, kind]
    return "---\n" + "".join(f"{line}\n" for line in lines if line) + "---\n\nBody.\n"


def _load(tmp_path: Path, files: dict[str, str]) -> list[Diagnostic]:
    root = _project(tmp_path, {"papers/v/volume.yml": GOOD_VOLUME, **files})
    return load_corpus(root / "papers", root)[1]


def test_two_papers_with_one_order_fail_naming_both_files(tmp_path: Path) -> None:
    found = _load(tmp_path, {"papers/v/a.md": _paper("A", "order: 2"), "papers/v/b.md": _paper("B", "order: 2")})
    d = only(found, 4, "order 2 is also the order of papers/v/a.md (line 4)", "its own order", path="papers/v/b.md")
    assert d.level == "error"


def test_a_paper_without_order_fails_but_the_introduction_needs_none(tmp_path: Path) -> None:
    found = _load(tmp_path, {"papers/v/intro.md": _paper("Introduction", kind="kind: introduction"),
                             "papers/v/a.md": _paper("A", "order: 1"), "papers/v/b.md": _paper("B")})
    only(found, 2, "has no 'order'", "add 'order: N'", path="papers/v/b.md")


def test_an_introduction_may_share_an_order_with_a_paper(tmp_path: Path) -> None:
    assert _load(tmp_path, {"papers/v/intro.md": _paper("Introduction", "order: 1", "kind: introduction"),
                            "papers/v/a.md": _paper("A", "order: 1")}) == []


def test_two_volumes_with_one_order_fail_naming_both_files(tmp_path: Path) -> None:
    root = _project(tmp_path, {"papers/one/volume.yml": GOOD_VOLUME + "order: 4\n",
                               "papers/two/volume.yml": GOOD_VOLUME + "order: 4\n",
                               "papers/three/volume.yml": GOOD_VOLUME})
    corpus, found = load_corpus(root / "papers", root)
    only(found, 8, "order 4 is also the order of papers/one/volume.yml (line 8)", "each volume its own order",
         path="papers/two/volume.yml")


def test_a_title_given_twice_warns_naming_both_files(tmp_path: Path) -> None:
    found = _load(tmp_path, {"papers/v/a.md": _paper("One  Title", "order: 1"),
                             "papers/v/b.md": _paper("one title", "order: 2")})
    only(found, 2, "title 'one title' is also the title of papers/v/a.md", "copy", level="warning",
         path="papers/v/b.md")


@pytest.mark.parametrize("value, words", [
    ("2007-10-05", ["date '2007-10-05' is not a year and month", "use YYYY-MM", "'date: 2007-10'"]),
    ("October 2007", ["date 'October 2007'", "use YYYY-MM"]),
    ("2007-13", ["date '2007-13'", "use YYYY-MM"]),
    ("2007", ["date '2007'", "use YYYY-MM"]),
])
def test_volume_date_must_be_year_and_month(value: str, words: list[str]) -> None:
    volume, found = parse_volume(GOOD_VOLUME.replace("date: 2007-10", f"date: {value}"), VOLUME_PATH, "v")
    d = only(found, 2, *words, path=VOLUME_PATH)
    assert "must be text" not in d.message and volume is None


@pytest.mark.parametrize("text, path, line", [
    ("---\ntitle: T\nauthors:\n\t- name: A\norder: 1\n---\n", PAPER_PATH, 4),
    (GOOD_VOLUME.replace("  - name: Joan Forbes", "\t- name: Joan Forbes"), VOLUME_PATH, 5),
])
def test_a_tab_says_indent_with_spaces_at_its_line(text: str, path: str, line: int) -> None:
    parse = (lambda: parse_volume(text, path, "v")) if path == VOLUME_PATH else \
        (lambda: parse_paper(text, path, "seminar-3", "x"))
    _, found = parse()
    only(found, line, "a TAB indents this line", "indent with spaces", path=path)


@pytest.mark.parametrize("pages, expected", [("5-12", ("5", "12")), ("5 – 12", ("5", "12")), ("7", ("7", "")),
                                             ("v-xii", ("v", "xii"))])
def test_pages_give_first_and_last_page(pages: str, expected: tuple[str, str]) -> None:
    paper, found = parse_paper(GOOD_PAPER.replace("order: 1", f"order: 1\npages: \"{pages}\""), PAPER_PATH, "v", "x")
    assert found == [] and paper.page_range == expected


def test_pages_that_are_not_a_range_fail_at_their_line() -> None:
    paper, found = parse_paper(GOOD_PAPER.replace("order: 1", "order: 1\npages: 5 to 12"), PAPER_PATH, "v", "x")
    only(found, 7, "pages '5 to 12' is not a page or a page range", "5-12")
    assert paper is None


# ---------------------------------------------------------------- people's names


def _authors(*entries: str) -> str:
    return "---\ntitle: T\norder: 1\nauthors:\n" + "".join(entries) + "---\n"


@pytest.mark.parametrize("entry, name, given, family, initials", [
    ("  - name: René van der Veer\n", "René van der Veer", "René", "van der Veer", "R."),
    ("  - {family: Ó Dálaigh, given: Cathal}\n", "Cathal Ó Dálaigh", "Cathal", "Ó Dálaigh", "C."),
    ("  - name: Anne-Marie de la Cruz\n", "Anne-Marie de la Cruz", "Anne-Marie", "de la Cruz", "A.-M."),
    ("  - {family: Dupont, given: A.-M.}\n", "A.-M. Dupont", "A.-M.", "Dupont", "A.-M."),
    ("  - name: J. R. R. Tolkien\n", "J. R. R. Tolkien", "J. R. R.", "Tolkien", "J.R.R."),
    ("  - name: Plato\n", "Plato", "", "Plato", ""),
    ("  - Yrjö Engeström\n", "Yrjö Engeström", "Yrjö", "Engeström", "Y."),
], ids=["particle", "capitalised particle", "hyphen and particle", "hyphenated initials", "initials", "one name",
        "plain text"])
def test_an_author_is_written_as_name_or_family_and_given(entry: str, name: str, given: str, family: str,
                                                          initials: str) -> None:
    paper, found = parse_paper(_authors(entry), PAPER_PATH, "v", "x")
    assert found == []
    (person,) = paper.authors
    assert (person.name, person.given, person.family, person.initials) == (name, given, family, initials)


@pytest.mark.parametrize("entry, line, words", [
    ("  - {name: René van der Veer, family: van der Veer}\n", 5, ["gives both 'name' and 'family'"]),
    ("  - name: René\n    given: René\n", 6, ["gives both 'name' and 'given'"]),
    ("  - given: René\n", 5, ["has 'given' but no 'family'", "family: van der Veer"]),
    ("  - affiliation: X\n", 5, ["an entry of authors has no 'name'", "or write 'family' and 'given'"]),
])
def test_a_name_written_two_ways_or_not_at_all_fails(entry: str, line: int, words: list[str]) -> None:
    paper, found = parse_paper(_authors(entry), PAPER_PATH, "v", "x")
    only(found, line, *words)
    assert paper is None


def test_editors_follow_the_same_name_model() -> None:
    text = GOOD_VOLUME.replace("  - name: Joan Forbes\n", "  - family: van der Veer\n    given: René\n")
    volume, found = parse_volume(text, VOLUME_PATH, "v")
    assert found == [] and volume.editors[0].name == "René van der Veer" and volume.editors[0].family == "van der Veer"


# ---------------------------------------------------------------- a site with a volume of the test's own

SITE_VOLUME = """title: Tools of Collaboration
subtitle: ESRC Seminar 98 Proceedings
date: 2009-03
editors:
  - {family: Ó Dálaigh, given: Cathal}
publisher: School of Education, University of Aberdeen
order: 98
copyright: "Papers © their authors & <b>friends</b>, 2009."
"""
SITE_PAPER = """---
title: Mediation at the boundary
authors:
  - name: René van der Veer
order: 1
pages: "5-12"
keywords: [zz-keyword-one, zz-keyword-two]
---

Body text.
"""


def _footer(page: str) -> str:
    return page[page.index('class="md-copyright"'):page.index("</footer>")]


@pytest.mark.slow
def test_a_volume_s_pages_carry_its_copyright_names_pages_and_keywords(make_site, tmp_path: Path) -> None:
    build = make_site(tmp_path, files={"papers/test-vol/volume.yml": SITE_VOLUME, "papers/test-vol/p.md": SITE_PAPER})
    assert build.ok, build.log
    line = "Papers © their authors &amp; &lt;b&gt;friends&lt;/b&gt;, 2009."
    paper, volume, home = build.page("test-vol/p/"), build.page("test-vol/"), build.page("index.html")
    assert line in _footer(paper) and line in _footer(volume) and "friends" not in _footer(home)
    assert "<b>friends" not in paper
    for tag in ('name="citation_author" content="van der Veer, René"', 'name="citation_firstpage" content="5"',
                'name="citation_lastpage" content="12"', 'name="keywords" content="zz-keyword-one, zz-keyword-two"'):
        assert tag in paper, tag
    assert "van der Veer, R. (2009) Mediation at the boundary. In C. Ó Dálaigh (Ed.)" in paper
    assert "ESRC Seminar 98 Proceedings</em>, pp. 5-12. School of Education" in paper
    bib = (build.site_dir / "test-vol" / "p.bib").read_text(encoding="utf-8")
    assert "author = {van der Veer, René}" in bib and "pages = {5--12}" in bib
    assert "SP  - 5\r\nEP  - 12\r\n" in (build.site_dir / "test-vol" / "p.ris").read_bytes().decode("utf-8")


@pytest.mark.slow
def test_a_strict_build_fails_on_a_shared_order_naming_both_files(make_site, tmp_path: Path) -> None:
    build = make_site(tmp_path, files={"papers/test-vol/volume.yml": SITE_VOLUME, "papers/test-vol/a.md": SITE_PAPER,
                                       "papers/test-vol/b.md": SITE_PAPER.replace("Mediation", "Another")})
    assert not build.ok
    assert "papers/test-vol/b.md:5: order 1 is also the order of papers/test-vol/a.md (line 5)" in build.log
    assert "Traceback" not in build.log
