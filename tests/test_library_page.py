"""The library page: which papers cite each work, nocite included."""

from __future__ import annotations

import re

from hooks.bibtex import parse_library
from hooks.cite_format import HouseStyle
from hooks.library_page import CitingPage, cited_in_html, citing_index, library_html

BIB = """
@book{cited, author = {Smith, J.}, title = {Cited in the text}, publisher = {P}, year = {2001}}
@book{listed, author = {Jones, K.}, title = {Listed under nocite}, publisher = {P}, year = {2002}}
@book{idle, author = {Brown, L.}, title = {Cited by no paper}, publisher = {P}, year = {2003}}
"""


def test_nocite_keys_count_as_cited_once_per_page_in_page_order() -> None:
    index = citing_index({"v/a.md": ["cited", "Listed"], "v/b.md": ["listed", "cited", "CITED"]})
    assert index == {"cited": ["v/a.md", "v/b.md"], "listed": ["v/a.md", "v/b.md"]}
    assert "idle" not in index


def test_a_listed_work_links_to_the_paper_reference_list() -> None:
    html = cited_in_html([CitingPage("Paper A", "../v/a/", (), "ref-listed"),
                          CitingPage("Paper B", "../v/b/", ("cite-listed-1", "cite-listed-2"), "ref-listed")])
    assert '<a href="../v/a/#ref-listed">in its references</a>' in html
    assert re.findall(r'href="\.\./v/b/#(cite-listed-\d)"', html) == ["cite-listed-1", "cite-listed-2"]
    assert "#ref-listed" not in html.split("Paper B")[1]


def test_library_counts_a_nocite_work_as_cited() -> None:
    library, _ = parse_library(BIB)
    style = HouseStyle(library)
    index = citing_index({"v/a.md": ["cited"], "v/b.md": ["listed"]})
    anchors = {("v/a.md", "cited"): ("cite-cited-1",)}

    def citing(key: str) -> list[CitingPage]:
        return [CitingPage(src, f"../{src}", anchors.get((src, key), ()), f"ref-{key}") for src in index.get(key, [])]

    html = library_html(library, style, citing, lambda key: [])
    assert "3 works; 2 cited by the papers, 1 not yet cited." in html
    listed = html[html.index('id="ref-listed"'):]
    listed = listed[:listed.index("</li></ul>")]
    assert "Cited in:" in listed and 'href="../v/b.md#ref-listed"' in listed
    idle = html[html.index('id="ref-idle"'):]
    assert "Not cited by any paper yet." in idle[:idle.index("</li>")]
