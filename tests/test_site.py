"""The test project's site, built once under --strict: what a reader gets.

The content is tests/fixtures/proceedings/ (see tests/sitebuild.py), so every expectation
here (titles, counts, citations as printed) is the test project's and stays true whatever
editors add to the real papers. What the real corpus must satisfy is in test_corpus.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hooks.bibtex import load_library
from hooks.glossary import load_glossary
from sitebuild import FIXTURE, SiteBuild, ids_of

PAPERS = ("introduction", "martin", "warmington")


@pytest.fixture(scope="module")
def build(make_site, tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    built = make_site(tmp_path_factory.mktemp("site"))
    assert built.ok, built.log
    assert "Traceback" not in built.log
    return built


@pytest.fixture(scope="module")
def site(build: SiteBuild) -> Path:
    return build.site_dir


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"): html.index("</article>")]


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_volume_page_shows_the_printed_facts_and_links_both_papers(site: Path) -> None:
    html = article(page(site, "seminar-3"))
    for fact in ["1-903714-16-8", "978-1-903714-16-4", "Research Paper 16", "Joan Forbes", "October 2007",
                 "ESRC Seminar 3 Proceedings", "Printed by the Testford Print Room"]:
        assert fact in html, fact
    assert 'href="martin/"' in html and 'href="warmington/"' in html
    assert "Ada Martin" in html
    assert "Pat Warmington, Hal Daniels and Ann Edwards" in text_of(html)


def test_paper_pages_show_title_authors_affiliations_and_copyright(site: Path) -> None:
    html = page(site, "seminar-3/warmington")
    assert "<title>Learning leadership in multiagency work" in html
    body = article(html)
    assert "<h1>Learning leadership in multiagency work</h1>" in body
    assert body.count('class="person-name"') == 3
    assert "University of Sampleton" in body
    assert "© 2007 Pat Warmington" in body
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


@pytest.mark.parametrize("paper, cited, nocite", [
    ("martin", {"engestrom2001", "engestrom1999", "edwards2005", "engestrom2007", "daniels2004", "kerosuo2003",
                "edwards2004", "victor1998", "engestrom1987"}, {"hmt2003"}),
    ("warmington", {"engestrom1987", "engestrom2001", "engestrom1999", "vygotsky1978", "vygotsky1986", "leontev1978",
                    "engestrom2007", "edwards2005", "daniels2004", "glisson1998", "hmt2003"}, set()),
])
def test_each_paper_lists_what_it_cites_and_its_nocite_keys(site: Path, paper: str, cited: set, nocite: set) -> None:
    body = article(page(site, f"seminar-3/{paper}"))
    listed = re.findall(r'<li class="reference" id="ref-([^"]+)"', body)
    assert cited_keys(body) == cited
    assert sorted(listed) == sorted(cited | nocite)
    assert not re.search(r"(?<![\w.])@[a-z]+\d{4}", text_of(body)), "a raw @key is left"


@pytest.mark.parametrize("paper, printed", [
    ("martin", "Kerosuo and Engeström (2003)"),
    ("martin", "(Engeström, 2001, p. 137)"),
    ("martin", "(see Kerosuo &amp; Engeström, 2003, pp. 345-351)"),
    ("martin", "(Victor &amp; Boynton, 1998)"),
    ("martin", "(Engeström et al., 1999; Edwards &amp; D'Arcy, 2004)"),
    ("martin", "Engeström (1987, 2001)"),
    ("warmington", "(Glisson &amp; Hemmelgarn, 1998, p. 416)"),
    ("warmington", "(Vygotsky, 1978, 1986; Leont'ev, 1978)"),
    ("warmington", "Glisson and Hemmelgarn's (1998) study"),
    ("warmington", "(HMT, 2003)"),
])
def test_citations_read_as_printed(site: Path, paper: str, printed: str) -> None:
    assert printed in text_of(article(page(site, f"seminar-3/{paper}")))


def test_every_citation_and_reference_links_both_ways(site: Path) -> None:
    for paper in ("martin", "warmington"):
        body = article(page(site, f"seminar-3/{paper}"))
        ids = ids_of(body)
        targets = re.findall(r'href="#([^"]+)"', body)
        assert targets and all(t in ids for t in targets), [t for t in targets if t not in ids]
        cited = cited_keys(body)
        for li in re.findall(r'<li class="reference".*?</li>', body, re.S):
            key = re.search(r'id="ref-([^"]+)"', li).group(1)
            assert ('class="backlink"' in li) == (key in cited), li[:120]     # a nocite work has none


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
    library, _ = load_library(FIXTURE / "bibliography.bib", "bibliography.bib")
    assert sorted(entries) == sorted(entry.key for entry in library)
    ids = {p: ids_of(page(site, f"seminar-3/{p}")) for p in ("martin", "warmington")}
    landing = re.findall(r'href="\.\./seminar-3/(martin|warmington)/#([^"]+)"', html)
    assert {p for p, _ in landing} == {"martin", "warmington"}
    for paper, anchor in landing:
        assert anchor in ids[paper], (paper, anchor)
    assert (site / "bibliography.bib").read_text(encoding="utf-8").count("\n@") + 1 >= len(entries)
    assert 'href="../bibliography.bib"' in html


def test_cite_this_paper_offers_reference_bibtex_and_ris(site: Path) -> None:
    body = article(page(site, "seminar-3/martin"))
    assert 'id="cite-this-paper"' in body and "Martin, A. (2007) Research directions" in body
    assert (site / "seminar-3/martin.bib").read_text(encoding="utf-8").startswith("@incollection{martin2007")
    assert "TY  - CHAP" in (site / "seminar-3/martin.ris").read_text(encoding="utf-8")


def test_every_concept_has_a_page_whose_passages_exist(site: Path) -> None:
    glossary, _ = load_glossary(FIXTURE / "glossary.yml", "glossary.yml")
    pages = {p.name for p in (site / "concepts").iterdir() if p.is_dir()}
    assert pages == set(glossary.concepts)
    ids = {p: ids_of(page(site, f"seminar-3/{p}")) for p in PAPERS}
    for concept in pages:
        for paper, anchor in re.findall(r'href="\.\./\.\./seminar-3/(\w+)/#([^"]+)"',
                                        article(page(site, f"concepts/{concept}"))):
            assert anchor in ids[paper], (concept, paper, anchor)
    knotworking = article(page(site, "concepts/knotworking"))
    assert re.search(r'href="\.\./\.\./seminar-3/martin/#par-\d+"', knotworking)
    assert re.search(r'href="\.\./\.\./seminar-3/introduction/#', knotworking), "a list item is a passage too"


def test_papers_link_concepts_never_from_headings(site: Path) -> None:
    linked = set()
    for paper in ("martin", "warmington"):
        body = article(page(site, f"seminar-3/{paper}"))
        linked |= set(re.findall(r'class="concept-link" href="[^"]*concepts/([^/"]+)/"', body))
        for heading in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", body, re.S):
            assert "concept-link" not in heading, heading
    assert {"activity-theory", "zone-of-proximal-development", "knotworking", "boundary-crossing",
            "co-configuration", "expansive-learning", "mediation", "activity-system"} <= linked


def test_concept_index_has_a_to_z_and_a_map(site: Path) -> None:
    html = article(page(site, "concepts"))
    assert "<svg" in html and 'href="knotworking/"' in html
    assert 'id="letter-k"' in html
