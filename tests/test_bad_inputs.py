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

from sitebuild import FIXTURE, prepare_project, run_build
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
    links: tuple[tuple[str, str], ...] = ()   # (path, target) symbolic links; "{outside}" is a file outside the project
    outside: str = ""                          # that file's content: it must reach neither the log nor the site
    logs: str | None = None                    # text the log must hold even when the build passes


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


def hostile_paper(body: str) -> tuple[str, int]:
    """A paper whose body starts with one opening line and then ``body``; and the line ``body`` starts on."""
    text = paper("Opening words.\n\n" + body)
    return text, line_of(text, "Opening words.") + 2


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
            fails="glossary.yml:1: the glossary holds no concepts, so every concept page and every concept link disappears"))

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

    add(Row("paper: 5 MB", {X: paper("zz-start-marker " * 320_000)},
            fails=f"{X}: is larger than 1 MB, the most the build reads from such a file"))

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
    rows += _hostile_rows()
    return rows


SECRET = "zz-SECRET-outside-the-repository"
Y = "papers/test-vol/x.md"        # the hostile rows bring their own volume, whatever the project holds
VOL = {"papers/test-vol/volume.yml": "title: A test volume\ndate: 2001-01\neditors:\n  - name: Ed Itor\npublisher: Test Press\n"}
OWN_ENTRY = "@book{{{key},\n  author = {{Tester, Ann}},\n  title = {{A Test Book}},\n  publisher = {{Test Press}},\n  year = {{2001}},\n}}\n"
OWN_CONCEPT = "- id: zz-test-concept\n  term: {term}\n  category: Collaborative practice\n  definition: A test.\n"


def _hostile_rows() -> list[Row]:
    """What a hostile pull request can try: publish files from outside, crash the build, make it crawl."""
    rows = []
    add = rows.append
    add(Row("symlink: a paper linked to a file outside the repository", VOL, links=((Y, "{outside}"),),
            outside=FRONT + SECRET, fails=f"{Y}: is a symbolic link; the site publishes only regular files"))
    add(Row("symlink: docs/assets/gitcfg.txt -> ../../.git/config",
            {".git/config": f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"},
            links=(("docs/assets/gitcfg.txt", "../../.git/config"),),
            fails="docs/assets/gitcfg.txt: is a symbolic link"))
    add(Row("symlink: docs/host.txt -> /etc/hostname", {}, links=(("docs/host.txt", "/etc/hostname"),),
            fails="docs/host.txt: is a symbolic link"))
    add(Row("symlink: bibliography.bib linked outside", {"bibliography.bib": None},
            links=(("bibliography.bib", "{outside}"),), outside=OWN_ENTRY.format(key=SECRET),
            fails="bibliography.bib: is a symbolic link"))
    add(Row("symlink: a folder in docs/ linked to itself twice", {}, links=(("docs/loop", "."), ("docs/loop2", ".")),
            fails="docs/loop: is a symbolic link"))

    text, line = hostile_paper("\n".join("    " * i + f"- level {i}" for i in range(500)))
    add(Row("paper: a list nested 500 levels", {**VOL, Y: text},
            fails=f"{Y}:{line + 20}: lists or block quotes nested 21 deep"))
    text, line = hostile_paper("[" * 20_000)
    add(Row("paper: a paragraph of 20,000 [", {**VOL, Y: text}, fails=f"{Y}:{line}: the '[' brackets of this paragraph"))
    text, line = hostile_paper("@" * 5_000 + "\n\n" + "[@" * 5_000 + "\n\n" + "[@x " * 3_000)
    add(Row("paper: 5,000 @, 5,000 [@ and 3,000 [@x", {**VOL, Y: text},
            fails=f"{Y}:{line}: a paragraph with 5,000 '@' (citations)"))
    text, line = hostile_paper("[@x " * 3_000)
    add(Row("paper: 3,000 [@x", {**VOL, Y: text}, fails=f"{Y}:{line}: a paragraph with 3,000 '@'"))
    bomb = "xa: &xa [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
        f"x{chr(98 + i)}: &x{chr(98 + i)} [" + ",".join([f"*x{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
    text = FRONT.replace("---\n\n", bomb + "keywords: *xi\n---\n\n") + "Body.\n"
    add(Row("paper: a YAML alias bomb in front matter", {**VOL, Y: text},
            fails=f"{Y}:{line_of(text, 'xb: &xb')}: YAML aliases ('*name', which repeat an '&name' anchor) are not read"))

    bib = lambda extra: (lambda text: text.rstrip("\n") + "\n\n" + extra)  # noqa: E731
    add(Row("bibliography: a NUL byte", {"bibliography.bib": bib("% a comment\n@misc{zznul2001,\n  title = {A\0B},\n}\n")},
            fails="the file holds a NUL byte (U+0000) on this line"))
    add(Row("bibliography: a key with a Cyrillic letter", {"bibliography.bib": bib(OWN_ENTRY.format(key="zz\u0435ngestrom2001"))},
            fails="key 'zz\u0435ngestrom2001' mixes letters of Latin ('z') and Cyrillic ('\u0435')"))
    add(Row("bibliography: a key with a bidirectional control", {"bibliography.bib": bib(OWN_ENTRY.format(key="zzab\u202ecd2001"))},
            fails="key 'zzab\\u202ecd2001' holds the invisible control character U+202E"))
    add(Row("glossary: a term with mixed scripts",
            {"glossary.yml": lambda text: text.rstrip("\n") + "\n" + OWN_CONCEPT.format(term="zzkn\u043etwork")},
            fails="concept 'zz-test-concept': term 'zzkn\u043etwork' mixes letters of Latin"))
    add(Row("papers: a Markdown file directly in papers/", {"papers/stray.md": paper("Stray.")},
            fails="papers/stray.md: is not published: a paper lies in its volume's folder"))
    add(Row("papers: a folder starting with _", {"papers/_drafts/draft.md": paper("Draft.")},
            logs="papers/_drafts: is not published: folders whose name starts with '.' or '_' are skipped"))
    return rows


ROWS = _rows()


def build_row(tmp: Path, row: Row):
    """The project with the row's files and links, built strictly."""
    outside = tmp / "outside.txt"
    outside.write_text(row.outside, encoding="utf-8")
    project = prepare_project(tmp, row.files)
    for rel, target in row.links:
        link = project / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.format(outside=outside), link)
    return run_build(project, tmp / "site", timeout=ROW_TIMEOUT)


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
        yield {r.name: pool.submit(build_row, tmp_path_factory.mktemp("bad"), r) for r in rows}


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_bad_input(row: Row, outcomes: dict[str, Future]) -> None:
    build = outcomes[row.name].result()
    assert "Traceback" not in build.log, build.log[-4000:]
    assert build.changed == [], f"the build changed source files: {build.changed}"
    if row.outside or row.links:
        assert SECRET not in build.log
        published = [p for p in build.files() if SECRET.encode() in p.read_bytes()]
        assert published == [], f"files from outside the repository were published: {published}"
        assert not any(p.name in {"gitcfg.txt", "host.txt"} for p in build.files())
    if row.logs:
        assert row.logs in build.log, f"expected {row.logs!r} in the log:\n{build.log[-3000:]}"
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
