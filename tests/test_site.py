"""The real site, built once under --strict: what a reader gets."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"): html.index("</article>")]


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(v for k, v in attrs if k == "id" and v)


def ids_of(html: str) -> set[str]:
    parser = Ids()
    parser.feed(html)
    return parser.ids


def test_volume_page_shows_the_printed_facts_and_links_both_papers(site: Path) -> None:
    html = article(page(site, "seminar-3"))
    for fact in ["1-903714-16-8", "978-1-903714-16-4", "Research Paper 16", "Joan Forbes", "October 2007",
                 "ESRC Seminar 3 Proceedings", "Printed by the Central Printing Service, University of Aberdeen"]:
        assert fact in html, fact
    assert 'href="martin/"' in html and 'href="warmington/"' in html
    assert "Deirdre Martin" in html
    assert "Paul Warmington, Harry Daniels" in html and "Apostol Apostolov" in html


def test_paper_pages_show_title_authors_affiliations_and_copyright(site: Path) -> None:
    html = page(site, "seminar-3/warmington")
    assert "<title>Learning leadership in multiagency work for integrating services into schools" in html
    body = article(html)
    assert "<h1>Learning leadership in multiagency work for integrating services into schools</h1>" in body
    assert body.count('class="person-name"') == 9
    assert "University of Loughborough" in body
    assert "© 2007 Paul Warmington" in body
    assert 'id="abstract"' in body


def test_navigation_follows_the_volume_order(site: Path) -> None:
    nav = page(site, "seminar-3/martin")
    positions = [nav.index(t) for t in ("seminar-3/introduction/", "seminar-3/martin/", "seminar-3/warmington/")
                 if t in nav] or [nav.index(t) for t in ("../introduction/", "./", "../warmington/")]
    assert positions == sorted(positions)


def test_home_page_lists_the_volume(site: Path) -> None:
    html = article((site / "index.html").read_text(encoding="utf-8"))
    assert 'href="seminar-3/"' in html
    assert "Research directions in leading and managing collaborative practice" in html


def cited_keys(html: str) -> set[str]:
    return set(re.findall(r'class="citation-link" href="#ref-([^"]+)"', html))


@pytest.mark.parametrize("paper, count", [("martin", 10), ("warmington", 16)])
def test_each_paper_links_its_printed_references(site: Path, paper: str, count: int) -> None:
    body = article(page(site, f"seminar-3/{paper}"))
    listed = re.findall(r'<li class="reference" id="ref-([^"]+)"', body)
    assert len(cited_keys(body)) == count
    assert sorted(listed) == sorted(cited_keys(body))
    text = re.sub(r"<[^>]+>", "", body)
    assert not re.search(r"(?<![\w.])@[a-z]+\d{4}", text), "a raw @key is left"


@pytest.mark.parametrize("paper, printed", [
    ("martin", "Kerosuo and Engeström (2003)"),
    ("martin", "(HMT, 2003)"),
    ("martin", "(Engeström, 2001, p. 137)"),
    ("martin", "(Victor &amp; Boynton, 1998)"),
    ("martin", "(Engeström et al., 1999; Edwards &amp; D'Arcy, 2004)"),
    ("warmington", "(Glisson &amp; Hemmelgarn, 1998, p. 416)"),
    ("warmington", "(Vygotsky, 1978, 1986; Leont'ev, 1978)"),
    ("warmington", "Glisson and Hemmelgarn's (1998) study"),
    ("warmington", "Engeström (1987, 2001)"),
])
def test_citations_read_as_printed(site: Path, paper: str, printed: str) -> None:
    text = re.sub(r"<[^>]+>", "", article(page(site, f"seminar-3/{paper}")))
    assert printed in text


def test_every_citation_and_reference_links_both_ways(site: Path) -> None:
    for paper in ("martin", "warmington"):
        body = article(page(site, f"seminar-3/{paper}"))
        ids = ids_of(body)
        targets = re.findall(r'href="#([^"]+)"', body)
        assert targets and all(t in ids for t in targets), [t for t in targets if t not in ids]
        for li in re.findall(r'<li class="reference".*?</li>', body, re.S):
            assert 'class="backlink"' in li, li[:120]


def test_citation_tooltips_read_the_full_reference_from_the_list(site: Path) -> None:
    """The reference is written once, in the list; the page's script makes it the citation's tooltip."""
    html = page(site, "seminar-3/martin")
    body = article(html)
    assert re.search(r'<a class="citation-link" href="#ref-engestrom2001"', body)
    item = re.search(r'<li class="reference" id="ref-engestrom2001">.*?</li>', body, re.S)
    assert item and "Expansive learning at work" in item.group(0)
    assert re.search(r'<script src="[./]*assets/previews\.js"', html)
    assert (site / "assets" / "previews.js").is_file()


def test_library_page_holds_every_work_with_links_to_citing_passages(site: Path) -> None:
    html = article(page(site, "bibliography"))
    entries = re.findall(r'<li class="library-entry" id="ref-([^"]+)"', html)
    assert len(entries) == 20
    martin_ids, warmington_ids = ids_of(page(site, "seminar-3/martin")), ids_of(page(site, "seminar-3/warmington"))
    landing = re.findall(r'href="\.\./seminar-3/(martin|warmington)/#([^"]+)"', html)
    assert {p for p, _ in landing} == {"martin", "warmington"}
    for paper, anchor in landing:
        assert anchor in (martin_ids if paper == "martin" else warmington_ids), (paper, anchor)
    assert (site / "bibliography.bib").read_text(encoding="utf-8").count("@") >= 20
    assert 'href="../bibliography.bib"' in html


def test_cite_this_paper_offers_reference_bibtex_and_ris(site: Path) -> None:
    body = article(page(site, "seminar-3/martin"))
    assert 'id="cite-this-paper"' in body and "Martin, D. (2007) Research directions" in body
    assert (site / "seminar-3/martin.bib").read_text(encoding="utf-8").startswith("@incollection{martin2007")
    assert "TY  - CHAP" in (site / "seminar-3/martin.ris").read_text(encoding="utf-8")


def test_concept_pages_exist_and_point_into_the_papers(site: Path) -> None:
    pages = [p for p in (site / "concepts").iterdir() if p.is_dir()]
    assert len(pages) >= 30
    html = article(page(site, "concepts/knotworking"))
    anchors = re.findall(r'href="\.\./\.\./seminar-3/martin/#([^"]+)"', html)
    assert anchors
    martin_ids = ids_of(page(site, "seminar-3/martin"))
    assert all(a in martin_ids for a in anchors)


def test_most_concept_pages_link_to_passages_whose_anchors_exist(site: Path) -> None:
    ids = {p: ids_of(page(site, f"seminar-3/{p}")) for p in ("introduction", "martin", "warmington")}
    pages = [p for p in (site / "concepts").iterdir() if p.is_dir()]
    good = 0
    for concept in pages:
        links = re.findall(r'href="\.\./\.\./seminar-3/(\w+)/#([^"]+)"', article(page(site, f"concepts/{concept.name}")))
        if links and all(anchor in ids[p] for p, anchor in links):
            good += 1
    assert good / len(pages) >= 0.9, f"{good} of {len(pages)}"


def test_papers_link_many_concepts_never_from_headings(site: Path) -> None:
    linked = set()
    for paper in ("martin", "warmington"):
        body = article(page(site, f"seminar-3/{paper}"))
        linked |= set(re.findall(r'class="concept-link" href="[^"]*concepts/([^/"]+)/"', body))
        for heading in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", body, re.S):
            assert "concept-link" not in heading, heading
    assert len(linked) >= 20


def test_concept_index_has_a_to_z_and_a_map(site: Path) -> None:
    html = article(page(site, "concepts"))
    assert "<svg" in html and 'href="knotworking/"' in html
    assert 'id="letter-k"' in html
