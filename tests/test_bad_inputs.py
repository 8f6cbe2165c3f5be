"""Every bad input an editor can commit, in one table: the build fails naming the file and
line to fix, or it builds and the page shows what it must. No row may print a Python
traceback or change a source file.

Each row is a full ``mkdocs build --strict`` of the test project (see ``make_site`` in
conftest.py) with one change; the builds run in parallel, the assertions per row.
"""

from __future__ import annotations

import html
import os
import re
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Iterator

import pytest

from sitebuild import FIXTURE

BIB = (FIXTURE / "bibliography.bib").read_text(encoding="utf-8")
GLOSSARY = (FIXTURE / "glossary.yml").read_text(encoding="utf-8")
VOLUME = (FIXTURE / "papers/seminar-3/volume.yml").read_text(encoding="utf-8")
MARTIN = (FIXTURE / "papers/seminar-3/martin.md").read_text(encoding="utf-8")
X = "papers/seminar-3/x.md"
FRONT = ("---\ntitle: A test paper\nauthors:\n  - name: Ann Tester\n    affiliation: Nowhere University\n"
         "order: 90\n---\n\n")
ROW_TIMEOUT = 900


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` occurrence of ``needle`` in ``text``."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1


def paper(body: str, front: str = FRONT) -> str:
    return front + body + "\n"


@dataclass(frozen=True)
class Row:
    """One bad input. ``fails``: text the log must contain (it names file:line). Otherwise the
    build must pass and each page URL must show ``text`` (visible words) and match ``html``."""

    name: str
    files: dict
    fails: str | None = None
    text: tuple[tuple[str, str], ...] = ()
    html: tuple[tuple[str, str], ...] = ()
    absent: tuple[tuple[str, str], ...] = ()
    heavy: bool = False


def appended(original: str, addition: str, marker: str, nth: int = 1) -> tuple[str, int]:
    """The file with ``addition`` at its end, and the line of ``marker`` in the result."""
    text = original.rstrip("\n") + "\n\n" + addition
    return text, line_of(text, marker, nth)


def big_paper() -> str:
    """About 5 MB of prose (the test project's paper over and over) and 800 citations of one work.

    Plain paragraphs between the copies keep citations and concept mentions about as sparse
    as in a real paper, so the row weighs what a long real paper weighs.
    """
    filler = " ".join(["Words of a long paper that neither cite a work nor name a concept."] * 120)
    body = MARTIN.split("\n---\n", 1)[1] + f"\n\n{filler}\n\n{filler}\n"
    parts, size, n = ["zz-start-marker opens the paper."], 0, 0
    while size < 5_000_000:
        parts.append(f"## Part {n}\n\n{body}")
        size, n = size + len(parts[-1].encode()), n + 1
    parts += [" ".join(["[@engestrom2001]"] * 800), "The very last words: zz-end-marker."]
    return paper("\n\n".join(parts))


def _rows() -> list[Row]:
    rows = []
    add = rows.append

    text = paper("First paragraph.\n\nIt cites [@nosuchkey2001] here.")
    add(Row("unknown citation key", {X: text},
            fails=f"{X}:{line_of(text, '[@nosuchkey2001]')}: unknown citation key 'nosuchkey2001'"))

    bib, line = appended(BIB, "@book{broken2001,\n  title = {Unclosed,\n  year = {2001},\n", "title = {Unclosed")
    add(Row("bibliography: unclosed brace", {"bibliography.bib": bib},
            fails=f"bibliography.bib:{line}: syntax error in entry 'broken2001'"))

    bib, line = appended(BIB, "@article{Daniels2004,\n  author = {Daniels, H.},\n  title = {Another paper},\n"
                              "  journal = {Journal},\n  year = {2004},\n}\n", "@article{Daniels2004")
    add(Row("bibliography: key repeated in another case", {"bibliography.bib": bib},
            fails=f"bibliography.bib:{line}: key 'Daniels2004' on line {line} repeats key 'daniels2004'"))

    bib, line = appended(BIB, "@article{lonely2001,\n  title = {Lonely},\n  year = {2001},\n}\n", "@article{lonely2001")
    add(Row("bibliography: entry missing a required field", {"bibliography.bib": bib},
            fails=f"bibliography.bib:{line}: entry 'lonely2001' (@article) has no author"))

    bib, line = appended(BIB, "@article{daniels2004b,\n  author = {Daniels, Harry},\n"
                              "  title = {Activity Theory, Discourse and Bernstein},\n"
                              "  journal = {Educational Review},\n  year = {2004},\n}\n", "@article{daniels2004b")
    add(Row("bibliography: near-duplicate works (a warning)", {"bibliography.bib": bib},
            fails=f"bibliography.bib:{line}: entries 'daniels2004' (line {line_of(BIB, '@article{daniels2004,')}) "
                  f"and 'daniels2004b' (line {line}) have the same title and year"))

    bib = BIB.replace("Engeström", "Enge\udcf6str\u00f6m", 1)
    add(Row("bibliography: not UTF-8", {"bibliography.bib": bib.encode("utf-8", "surrogateescape")},
            fails=f"bibliography.bib:{line_of(BIB, 'Engeström')}: the file is not UTF-8"))

    add(Row("bibliography: empty", {"bibliography.bib": ""},
            fails=f"papers/seminar-3/martin.md:{line_of(MARTIN, '@engestrom2001')}: unknown citation key 'engestrom2001'"))

    entry = "- id: knotworking\n  term: knotworking again\n  category: Collaborative practice\n  definition: Twice.\n"
    gloss, line = appended(GLOSSARY, entry, "- id: knotworking", nth=2)
    add(Row("glossary: a concept entered twice", {"glossary.yml": gloss},
            fails=f"glossary.yml:{line}: id 'knotworking' of concept 'knotworking again' is already used by concept 'knotworking'"))

    new = "- id: zz-new\n  term: zzword\n  category: Collaborative practice\n  definition: New.\n"
    gloss, line = appended(GLOSSARY, new + "  related: [no-such-concept]\n", "related: [no-such-concept]")
    add(Row("glossary: a related id that does not exist", {"glossary.yml": gloss},
            fails=f"glossary.yml:{line}: concept 'zz-new': related id 'no-such-concept' does not exist"))

    gloss, line = appended(GLOSSARY, new + "  sources: [nosuch1999]\n", "sources: [nosuch1999]")
    add(Row("glossary: a source key missing from bibliography.bib", {"glossary.yml": gloss},
            fails=f"glossary.yml:{line}: concept 'zz-new': source 'nosuch1999' is not in the bibliography"))

    gloss, line = appended(GLOSSARY, "- id: zz-new\n  term: [unclosed\n  category: x\n", "  category: x")
    add(Row("glossary: invalid YAML", {"glossary.yml": gloss}, fails=f"glossary.yml:{line}: invalid YAML"))

    gloss = GLOSSARY.replace("Vygotsky", "Vygotsk\udcff", 1).encode("utf-8", "surrogateescape")
    add(Row("glossary: not UTF-8", {"glossary.yml": gloss},
            fails=f"glossary.yml:{line_of(GLOSSARY, 'Vygotsky')}: the file is not valid UTF-8"))

    add(Row("glossary: empty", {"glossary.yml": ""},
            text=(("concepts/", "0 concepts"),), absent=(("seminar-3/martin/", 'class="concept-link"'),)))

    add(Row("paper: no title", {X: paper("Body.", "---\nauthors:\n  - name: Ann Tester\n---\n\n")},
            fails=f"{X}:2: front matter has no 'title'"))
    add(Row("paper: no authors", {X: paper("Body.", "---\ntitle: T\n---\n\n")},
            fails=f"{X}:2: front matter has no 'authors'"))
    add(Row("paper: front matter that is not YAML", {X: paper("Body.", "---\ntitle: [oops\nauthors: x\n---\n\n")},
            fails=f"{X}:3: invalid YAML"))
    add(Row("paper: no front matter", {X: "Just a body.\n"}, fails=f"{X}:1: has no front matter"))
    add(Row("paper: no body", {X: paper("")},
            text=tuple(("seminar-3/x/", words) for words in ("A test paper", "Ann Tester", "Nowhere University",
                                                             "Cite this paper", "Tester, A. (2007) A test paper.")),
            absent=(("seminar-3/x/", 'href="#references"'),)))

    text = paper("First line.\n\nCaf\udce9 au lait.")
    add(Row("paper: not UTF-8", {X: text.encode("utf-8", "surrogateescape")},
            fails=f"{X}:{line_of(text, 'Caf')}: is not UTF-8 text"))

    add(Row("paper: 5 MB", {X: big_paper()}, heavy=True,
            text=(("seminar-3/x/", "zz-start-marker opens the paper."), ("seminar-3/x/", "The very last words: zz-end-marker.")),
            html=(("seminar-3/x/", r'id="cite-engestrom2001-\d{4}"'),)))

    add(Row("paper: first lines that look like metadata", {X: paper("Background: schools in 2007.\nNote: kept.\n\nMore.")},
            text=(("seminar-3/x/", "Background: schools in 2007. Note: kept. More."),)))

    add(Row("paper: a citation inside a heading", {X: paper("## Results [@engestrom2001]\n\nText.")},
            text=(("seminar-3/x/", "Results (Engeström, 2001)"),),
            html=(("seminar-3/x/", r'<h2 id="[^"]+">Results <span class="citation">\(<a class="citation-link" '
                                   r'href="#ref-engestrom2001"'),
                  ("seminar-3/x/", r'<li class="reference" id="ref-engestrom2001">'))))

    add(Row("paper: nested and unbalanced brackets", {X: paper("Unbalanced [see @engestrom2001 here.\n\n"
                                                              "Nested [[@engestrom2001]] there.")},
            text=(("seminar-3/x/", "Unbalanced [see Engeström (2001) here."),
                  ("seminar-3/x/", "Nested [(Engeström, 2001)] there."))))

    text = paper("Opening words.\n\nUnbalanced [see @a and more.")
    add(Row("paper: unbalanced bracket citing an unknown key", {X: text},
            fails=f"{X}:{line_of(text, '[see @a')}: unknown citation key 'a'"))

    add(Row("paper: a concept term inside a link",
            {X: paper("Read [expansive learning](https://example.org/x) now. Then expansive learning again.")},
            html=(("seminar-3/x/", r'<a href="https://example\.org/x">expansive learning</a> now'),
                  ("seminar-3/x/", r'<a class="concept-link" href="[^"]*concepts/expansive-learning/"[^>]*>expansive learning</a> again'))))

    volume = VOLUME.replace("isbn: 1-903714-16-8", "isbn: 1-903714-16-9")
    add(Row("volume.yml: bad ISBN check digit", {"papers/seminar-3/volume.yml": volume},
            fails=f"papers/seminar-3/volume.yml:{line_of(VOLUME, 'isbn: ')}: isbn '1-903714-16-9' is not valid: "
                  "its ISBN-10 check digit is wrong"))
    return rows


ROWS = _rows()


BLOCK = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|dl|dt|dd|div|section|header|nav|br|table|tr|td|th|blockquote|"
                   r"figure|figcaption|details|summary|article)\b[^>]*>")


def visible(page: str) -> str:
    """The words of a page's article as a reader sees them: blocks apart, inline markup gone."""
    article = page[page.index("<article"):page.rindex("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", BLOCK.sub(" ", article))).split())


@pytest.fixture(scope="module")
def outcomes(request, make_site, tmp_path_factory) -> Iterator[dict[str, Future]]:
    """Start the builds of every selected row at once, heaviest first; each test waits for its own."""
    module = sys.modules[__name__]
    chosen = {item.callspec.params["row"].name for item in request.session.items
              if getattr(item, "module", None) is module and hasattr(item, "callspec")}
    rows = sorted((r for r in ROWS if r.name in chosen), key=lambda r: not r.heavy)
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        yield {r.name: pool.submit(make_site, tmp_path_factory.mktemp("bad"), files=r.files, timeout=ROW_TIMEOUT)
               for r in rows}


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_bad_input(row: Row, outcomes: dict[str, Future]) -> None:
    build = outcomes[row.name].result()
    assert "Traceback" not in build.log, build.log[-4000:]
    assert build.changed == [], f"the build changed source files: {build.changed}"
    if row.fails:
        assert build.returncode != 0, f"the build should have failed:\n{build.log[-3000:]}"
        assert row.fails in build.log, f"expected {row.fails!r} in the log:\n{build.log[-3000:]}"
        return
    assert build.returncode == 0, build.log[-3000:]
    for url, words in row.text:
        assert words in visible(build.page(url)), (url, words)
    for url, pattern in row.html:
        assert re.search(pattern, build.page(url)), (url, pattern)
    for url, words in row.absent:
        assert words not in build.page(url), (url, words)
