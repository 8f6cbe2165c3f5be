"""hooks/volumes.py: every bad paper or volume file gives a located message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.diagnostics import Diagnostic
from hooks.volumes import load_corpus, parse_paper, parse_volume

PAPER_PATH = "papers/seminar-3/x.md"
VOLUME_PATH = "papers/seminar-3/volume.yml"
GOOD_PAPER = "---\ntitle: A paper\nauthors:\n  - name: Jane Smith\n    affiliation: Aberdeen\n---\n\nBody text.\n"
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
    assert paper.body.startswith("Body text.") and paper.body_line == 8  # the line "Body text." is on
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
    intro = GOOD_PAPER.replace("title: A paper", "title: Introduction\nkind: introduction\norder: 9")
    root = _project(tmp_path, {
        "papers/seminar-3/volume.yml": GOOD_VOLUME + "order: 3\n",
        "papers/seminar-3/b.md": GOOD_PAPER.replace("title: A paper", "title: B\norder: 1"),
        "papers/seminar-3/a.md": GOOD_PAPER.replace("title: A paper", "title: A\norder: 2"),
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
