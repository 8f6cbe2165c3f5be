"""The editors' guide, tested: a new volume written from the guide's own examples builds and shows.

The volume, its introduction and its paper are not written here: they are the complete
examples of docs/editors/volumes.md and docs/editors/papers.md, with the folder renamed
as the guide tells an editor to. If the guide's examples drift from what the build
accepts, or a new volume needs anything beyond what the guide says, this test fails.
The examples cite works and name concepts that the test project (tests/fixtures/proceedings)
holds, so they build next to its volume ``seminar-3``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest

from hooks import cite_examples, guide_tables
from hooks.bibtex import REQUIRED_FIELDS, load_library
from hooks.cite_format import HouseStyle
from hooks.cite_link import CitationExtension, CitationRenderer
from hooks.glossary import FIELDS as GLOSSARY_FIELDS
from hooks.volumes import AUTHOR_SCHEMA, PAPER_SCHEMA, VOLUME_SCHEMA
from sitebuild import FIXTURE

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "editors"
EXAMPLE_ID, NEW_ID = "seminar-4", "seminar-9"


def guide_example(page: str, path: str) -> str:
    """The fenced block that follows "Save as `path`:" on a page of the guide."""
    text = (GUIDE / page).read_text(encoding="utf-8")
    m = re.search(r"Save as `" + re.escape(path) + r"`:\s*\n\s*```\w*\n(.*?\n)```", text, re.S)
    assert m, f"docs/editors/{page} has no complete example saved as {path}"
    return m.group(1)


def as_seminar_9(text: str) -> str:
    """What an editor changes in the example for Seminar 9: folder, number, label and order."""
    renamed = text.replace(EXAMPLE_ID, NEW_ID).replace("Seminar 4", "Seminar 9")
    return renamed.replace("number: 4,", "number: 9,").replace("order: 4\n", "order: 9\n")


@pytest.fixture(scope="module")
def new_volume(tmp_path_factory: pytest.TempPathFactory, make_site):
    volume = as_seminar_9(guide_example("volumes.md", f"papers/{EXAMPLE_ID}/volume.yml"))
    intro = as_seminar_9(guide_example("volumes.md", f"papers/{EXAMPLE_ID}/introduction.md"))
    paper = as_seminar_9(guide_example("papers.md", f"papers/{EXAMPLE_ID}/smith.md"))
    assert "ESRC Seminar 9 Proceedings" in volume and "order: 9" in volume
    assert f"volume: {NEW_ID}" in paper
    assert "[@engestrom2001]" in paper and "knotworking" in paper
    files = {f"papers/{NEW_ID}/volume.yml": volume, f"papers/{NEW_ID}/introduction.md": intro,
             f"papers/{NEW_ID}/smith.md": paper}
    build = make_site(tmp_path_factory.mktemp("new-volume"), files=files)
    assert build.ok, build.log
    return build


def _primary_nav(page: str) -> str:
    """The site navigation of a page: the primary sidebar, up to the contents sidebar."""
    start = page.index("md-nav--primary")
    return page[start:page.index("md-sidebar--secondary", start)]


def test_volume_is_on_the_home_page_after_seminar_3(new_volume) -> None:
    home = new_volume.page("index.html")
    listed = home[home.index('class="home-volumes"'):]
    assert 'href="seminar-9/"' in listed and "ESRC Seminar 9 Proceedings" in listed
    assert listed.index('href="seminar-3/"') < listed.index('href="seminar-9/"')
    assert 'href="seminar-9/smith/">Knotworking in a school-based children&#x27;s service</a>' in listed \
        or "href=\"seminar-9/smith/\">Knotworking in a school-based children's service</a>" in listed


def test_volume_and_its_papers_are_in_the_navigation(new_volume) -> None:
    nav = _primary_nav(new_volume.page("seminar-3/martin/"))
    assert 'href="../../seminar-9/"' in nav and "ESRC Seminar 9 Proceedings" in nav
    assert nav.index("../../seminar-9/introduction/") < nav.index("../../seminar-9/smith/")
    assert nav.index("ESRC Seminar 3 Proceedings") < nav.index("ESRC Seminar 9 Proceedings")


def test_paper_page_links_its_citation_and_concept(new_volume) -> None:
    page = new_volume.page("seminar-9/smith/")
    assert "Knotworking in a school-based children" in page and "Jane Smith" in page
    link = re.search(r'<a class="citation-link" href="#ref-engestrom2001" id="cite-engestrom2001-1"[^>]*>([^<]*)</a>', page)
    assert link and link.group(1) == "Engeström, 2001"
    assert re.search(r'<a class="concept-link" href="../../concepts/knotworking/"[^>]*>knotworking</a>', page)


def test_paper_page_has_its_reference_list(new_volume) -> None:
    page = new_volume.page("seminar-9/smith/")
    references = page[page.index('<ul class="references"'):]
    references = references[:references.index("</ul>")]
    keys = re.findall(r'<li class="reference" id="ref-([\w:.-]+)"', references)
    # Cited in the text, plus engestrom1987 from nocite; alphabetical by author, then year.
    assert keys == ["edwards2005", "engestrom1987", "engestrom2001", "engestrom1999", "kerosuo2003"]
    assert 'href="#cite-engestrom2001-1"' in references


def test_volume_page_lists_introduction_first(new_volume) -> None:
    page = new_volume.page("seminar-9/")
    assert page.index('href="introduction/"') < page.index('href="smith/"')


def test_guide_pages_cite_nothing_and_show_every_example_as_code(new_volume) -> None:
    for built in (new_volume.site_dir / "editors").rglob("*.html"):
        text = built.read_text(encoding="utf-8")
        assert 'class="citation-link"' not in text, f"{built}: a citation example is outside code"
        assert "<!-- fields:" not in text and "<!-- bibtex:" not in text, f"{built}: a table marker was not filled"


# ---------------------------------------------------------------- the guide's tables, without a build


def _guide_text() -> str:
    """Every page of the guide, with its generated tables filled in as the build does."""
    pages = []
    for page in sorted(GUIDE.glob("*.md")):
        filled, problems = guide_tables.fill(page.read_text(encoding="utf-8"), page.name)
        assert not problems, problems
        pages.append(filled)
    return "\n".join(pages)


@pytest.mark.parametrize("schema", [PAPER_SCHEMA, AUTHOR_SCHEMA, VOLUME_SCHEMA], ids=["paper", "author", "volume"])
def test_guide_documents_every_schema_field(schema) -> None:
    text = _guide_text()
    for f in schema:
        assert re.search(rf"^\| `{re.escape(f.name)}` \| {'[*][*]yes[*][*]' if f.required else 'no'} \|", text, re.M), f.name


def test_guide_documents_every_glossary_field_and_bibtex_type() -> None:
    text = _guide_text()
    for name in GLOSSARY_FIELDS:
        assert f"| `{name}` |" in text, name
    for kind in REQUIRED_FIELDS:
        assert f"`@{kind}`" in text, kind


def test_unknown_table_marker_is_a_located_warning() -> None:
    filled, (problem,) = guide_tables.fill("# T\n\n<!-- fields: papers -->\n", "docs/editors/x.md")
    assert (problem.path, problem.line, problem.level) == ("docs/editors/x.md", 3, "warning")
    assert "<!-- fields: paper -->" in problem.message and "<!-- fields: papers -->" in filled


def _syntax_rows() -> list[tuple[str, str]]:
    """(source, what readers see) from the syntax table of the citing page."""
    text = (GUIDE / "citations.md").read_text(encoding="utf-8")
    table = text[text.index("## Syntax"):text.index("Rules of thumb")]
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", table, re.M)
    return [(src, shown.strip()) for src, shown in rows if "not a citation" not in shown]


def test_citation_syntax_table_shows_what_the_build_renders() -> None:
    library, _ = load_library(FIXTURE / "bibliography.bib", "bibliography.bib")
    extension = CitationExtension(CitationRenderer(library, HouseStyle(library)))
    md = markdown.Markdown(extensions=[extension])
    rows = _syntax_rows()
    assert len(rows) >= 10
    for source, shown in rows:
        extension.begin_page()
        rendered = html.unescape(re.sub(r"<[^>]+>", "", md.reset().convert(source)))
        cited = extension.end_page()
        assert cited.uses and not cited.unknown, source
        assert rendered == shown.replace("*", ""), (source, rendered, shown)


# ---------------------------------------------------------------- the table of messages, against real messages

# Messages composed by MkDocs itself or inside the on_* hooks during a build; the build tests cover them.
BUILD_ONLY = ("Doc file", "unknown citation key", "nocite key", "docs/x.md: clashes", "not cited by any paper",
              "concepts no paper mentions yet", "Aborted before reading docs/", "This page is not shown",
              "mkdocs.yml: extra: pdf is on")   # tests/test_pdf.py

BAD_BIB = """\
@article{bad1,
  author = {Smith, J.}
  title = {No comma},
  journal = {J},
  year = {2001},
}
@article{bad2,
  author = {Smith, J.},
  title = {No journal},
  year = {2001},
}
@book{bad2, author = {Smith, J.}, title = {Again}, publisher = {P}, year = {2004}}
@weird{bad3, title = {T}, year = {2001}}
@book{bad4, author = {Smith, J.}, title = {T4}, publisher = {P}, year = {forthcoming}}
@book{bad5, author = {Smith, J.}, title = {No journal}, publisher = {P}, year = {2001}}
@book{bad6, author = {Smith, J., Jones, K., Brown, L.}, title = {T6}, publisher = {P}, year = {2004}}
@online{bad7, author = {Smith, J.}, title = {T7}, url = {www.example.org}, date = {May 2004}, doi = {abc}}
@book{bad8, author = {Smith, J.}, title = {T8}, publisher = OUP, year = {2004}, year = {2005}}
@book{bad9-, author = {Smith, J.}, title = {T9}, publisher = {P}, year = {2004}}
@incollection{bad10, author = {Smith, J.}, title = {T10}, crossref = {x}, booktitle = {B}, publisher = {P}, year = {2004}}
stray text here
@article{bad11,
  author = {Smith, J.},
  title = {Never closed,
  journal = {J},
@article{fine, author = {Smith, J.}, title = {Fine}, journal = {J}, year = {2001}}
"""

BAD_GLOSSARY = """\
- id: foo
  term: foo thing
  category: Foundations
  explanation: Cites [@nosuch1999].
- id: Bar Baz
  term: bar
  category: Foundations
  definition: d
- id: qux
  term: qux
  variants: [foo thing, qux]
  category: foundations
  definition: %s
  related: [nosuch]
  sources: [nosuch2001]
  colour: red
- id: qux
  term: [not, text]
  category: Foundations
  definition: d
- just text
""" % ("x" * 300)


def _produced_messages(tmp_path: Path) -> list[str]:
    """Messages the checks really print, provoked with bad inputs through the plain modules."""
    from hooks import html_policy, linkcheck
    from hooks.bibtex import parse_library
    from hooks.glossary import parse_glossary
    from hooks.volumes import load_corpus, parse_paper, parse_volume

    found = []
    papers = {
        "seminar-3/volume.yml": "title: V\ndate: 2007-10\npublisher: P\neditors: [{name: E}]\nintroduction: intro.md\n",
        "seminar-3/nofront.md": "Just text.\n",
        "seminar-3/notitle.md": "---\nauthors: [{name: A}]\n---\n",
        "seminar-3/typo.md": "---\ntitle: T\nauthors:\n  - name: A\n    affilation: X\n  - affiliation: Y\n  - [A, B]\nabstarct: x\nyear: two\nvolume: seminar-4\nkind: chapter\n---\n",
        "seminar-3/yaml.md": "---\ntitle: T: colon\n---\n",
        "seminar-3/dup.md": "---\ntitle: T\ntitle: U\ndate: 2001-02-30\n---\n",
        "seminar-3/list.md": "---\n- a\n---\n",
        "seminar-3/latin.md": b"---\ntitle: Caf\xe9\n---\n",
        "seminar-4/p.md": "---\ntitle: T\nauthors: [{name: A}]\n---\n",
        "Seminar_4/volume.yml": "title: x\n",
        "seminar-5/volume.yml": "subtitel: x\nisbn: 1-903714-16-7\nisbn13: 978-1-903714-16\n",
        "seminar-6/volume.yml": "title: V\ndate: 2007-10\npublisher: P\neditors: [{name: E}]\norder: 6\n",
        "seminar-6/a.md": "---\ntitle: T\nauthors: [{name: A}]\norder: 1\n---\n",
        "seminar-6/b.md": "---\ntitle: T\nauthors: [{name: A}]\norder: 1\n---\n",
        "seminar-6/c.md": "---\ntitle: C\nauthors: [{name: A}]\n---\n",
        "seminar-6/names.md": "---\ntitle: N\nauthors:\n  - {name: A B, family: B}\n  - {given: A}\n"
                              "order: 2\npages: 5 to 12\n---\n",
        "seminar-6/tab.md": "---\ntitle: N\nauthors:\n\t- name: A\n---\n",
        "seminar-7/volume.yml": "title: V\ndate: 2007-10\npublisher: P\neditors: [{name: E}]\norder: 6\n",
        "seminar-7/links.md": "---\ntitle: N\nauthors: [{name: A}]\nconcept_links: 'no'\n---\nText.\n",
    }
    for rel, content in papers.items():
        path = tmp_path / "papers" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    found += load_corpus(tmp_path / "papers", tmp_path)[1]
    found += parse_volume("title: V\ndate: 2007-10\npublisher: P\neditors: [{name: E}]\n"
                          "isbn: 1-903714-16-8\nisbn13: 978-0-19-852663-6\n", "volume.yml", "v")[1]
    found += parse_volume("", "volume.yml", "v")[1]
    found += parse_volume("title: V\ndate: 2007-10-05\npublisher: P\neditors: [{name: E}]\n", "volume.yml", "v")[1]
    found += parse_volume("title: V\ndate: 2007-10\npublisher: P\neditors: [{name: E}]\nisbn: 1-903714-16\n",
                          "volume.yml", "v")[1]
    found += parse_paper("---\ntitle: T\nauthors: [{name: A, orcid: 0000-0002-1825-0098}]\n---\n", "x.md", "v", "x")[1]
    found += _crossref_messages()
    found += parse_library(BAD_BIB)[1]
    (tmp_path / "latin.bib").write_bytes(b"@book{a, title = {Caf\xe9}}\n")
    found += load_library(tmp_path / "latin.bib", "bibliography.bib")[1]
    known = lambda key: key == "engestrom2001"  # noqa: E731
    found += parse_glossary(BAD_GLOSSARY, "glossary.yml", known)[1]
    found += parse_glossary("- id: a\n  term: a\n  category: C\n  definition: d\n  variants: a\n"
                            "  related: [a, b, b]\n- id: b\n  term: A\n  category: C\n  definition: d\n"
                            "  sources: [engestrom2001, engestrom2001]\n", "glossary.yml", known)[1]
    found += parse_glossary("- id: a\n  term: a\n  category: C\n  definition: d\n  exclude: [b]\n", "glossary.yml")[1]
    pages = {"index.html": linkcheck.Page(links=["gone/", "a/#nope", "/../outside/"]),
             "a/index.html": linkcheck.Page(),
             **{f"p{i}/index.html": linkcheck.Page(links=["/nav-gone/"]) for i in range(5)}}
    found += linkcheck.diagnostics(linkcheck.check_pages(pages, set(pages)), {}, None)
    found += guide_tables.fill("<!-- fields: x -->\n", "docs/editors/x.md")[1]
    found += cite_examples.fill("<!-- printed -->\n```bibtex\n@book{x, title = {T}}\n```\n<!-- printed -->\n",
                                "docs/editors/x.md")[1]
    messages = [m for d in found for m in (d.message, str(d))]
    for markdown_text in ('<script>x</script>', '<p onclick="x()">y</p>', '<a href="javascript:x()">z</a>',
                          '<p style="x">s</p>', 'para\n{: #__config }', '[x](https://e.org/ "<img src=x>")'):
        messages += [f.message(where) for f in html_policy.check_markdown(markdown_text)
                     for where in ("papers", "the glossary")]
    return messages + _hostile_messages(tmp_path / "hostile")


def _hostile_messages(root: Path) -> list[str]:
    """Messages of the checks on what a hostile pull request tries: links, sizes, crawls, look-alikes."""
    import os

    from hooks import limits, sources, yamlsafe
    from hooks.bibtex import load_library, parse_library
    from hooks.glossary import load_glossary, parse_glossary
    from hooks.volumes import load_corpus

    (root / "papers" / "_drafts").mkdir(parents=True)
    (root / "papers" / "stray.md").write_text("---\ntitle: T\n---\n", encoding="utf-8")
    (root / "big.md").write_bytes(b"x" * 1_000_001)
    os.symlink(root / "big.md", root / "link.md")
    found = load_corpus(root / "papers", root)[1]
    found += [d for d in (sources.refused(root / "link.md", root), sources.refused(root.parent, root)) if d]
    for name, size in (("bibliography.bib", sources.MAX_LIBRARY_BYTES), ("glossary.yml", sources.MAX_GLOSSARY_BYTES)):
        (root / name).write_bytes(b"%" * (size + 1))
    found += load_library(root / "bibliography.bib", "bibliography.bib")[1]
    found += load_glossary(root / "glossary.yml", "glossary.yml")[1]
    (root / "nul.bib").write_bytes(b"@misc{a,\n title = {A\x00}}\n")
    found += load_library(root / "nul.bib", "bibliography.bib")[1]
    found += parse_library("@book{\u0435ngestrom2001, title = {T}}\n@book{ab\u202ecd, title = {T}}\n")[1]
    found += parse_glossary("", "glossary.yml")[1]
    found += parse_glossary("- id: k\n  term: kn\u043etworking\n  category: C\n  definition: d\n", "glossary.yml")[1]
    try:
        sources.read_bytes(root / "big.md", root, sources.MAX_PAPER_BYTES)
    except sources.Refused as exc:
        messages = [str(exc)]
    messages += [p.message for p in yamlsafe.load("a: &a [1]\nb: *a\n")[1]]
    for markdown in ("\n".join("    " * i + "- x" for i in range(21)), "word " * 12_000, "@ " * 1_200,
                     "[" * 20_000, "a\n" * 3_000, "# h\n\n" * 501):
        messages += [e.message for e in limits.check_markdown(markdown)]
    return messages + [m for d in found for m in (d.message, str(d))]


def _crossref_messages() -> list:
    """What a wrong ``extra: crossref`` in mkdocs.yml makes the deposit's reader say."""
    from hooks.crossref import read_config

    whole = {"depositor": "D", "email": "a@b.org", "prefix": "10.12345", "registrant": "R"}
    found = read_config({"crossref": "yes"}, "https://x.org/")[1]
    found += read_config({"crossref": {"prefx": "1"}}, "")[1]
    found += read_config({"crossref": {**whole, "prefix": "12345", "email": "x"}}, "https://x.org/")[1]
    return found


def _pattern(message: str) -> re.Pattern[str]:
    """A table entry as a pattern: quoted values, numbers and '...' stand for anything."""
    regex = ""
    for part in re.split(r"('[^']*'|\.\.\.|\b\d+\b)", message):
        if part == "...":
            regex += ".*"
        elif re.fullmatch(r"'[^']*'", part):
            regex += "'.*?'"
        elif re.fullmatch(r"\d+", part):
            regex += r"\d+"
        else:
            regex += re.escape(part)
    return re.compile(regex)


def test_every_message_in_the_guide_is_one_the_checks_print(tmp_path: Path) -> None:
    text = (GUIDE / "checks.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `([^`]+)`", text, re.M)
    assert len(table) >= 60
    produced = _produced_messages(tmp_path)
    unmatched = [entry for entry in table if not entry.startswith(BUILD_ONLY)
                 and not any(_pattern(entry).search(m) for m in produced)]
    assert not unmatched, "messages in docs/editors/checks.md that no check prints:\n" + "\n".join(unmatched)
