"""What the search plugin reads: held blocks and the search view of a page.

Both are there only to spare the search plugin work; the index it writes and the page a
reader gets must be exactly what they would be without them. So the tests read pages the
hooks really make with mkdocs-material's own search parser, both ways.
"""

from __future__ import annotations

import markdown
import pytest
from material.plugins.search.plugin import Parser

from hooks import deferred
from hooks.bibtex import parse_library
from hooks.cite_format import HouseStyle
from hooks.cite_link import CitationExtension, CitationRenderer
from hooks.terms import ConceptExtension

BIB = """
@book{victor1998, author = {Victor, Bart and Boynton, Andrew}, title = {Invented "here" & <there>},
  publisher = {HBS Press}, address = {Boston}, year = {1998}}
@incollection{engestrom1999, author = {Engeström, Y. and Engeström, R. and Vahaaho, T.},
  title = {When the center does not hold}, booktitle = {Activity theory}, editor = {Chaiklin, S.},
  publisher = {Aarhus University Press}, address = {Aarhus}, year = {1999}}
"""
PAGE = """# A paper

Knotworking and *boundary crossing* [@victor1998, p. 4] meet @engestrom1999 here.
Some text [see @victor1998; @engestrom1999] and knotworking again,
with `code [@victor1998]` and a [plain link](https://example.org/).

## A second section

- Boundary crossing in a list [@engestrom1999]
- and @victor1998 [-@engestrom1999] in *italics*

> Quoted knotworking, cited [@victor1998].
"""


@pytest.fixture(scope="module")
def page_html() -> str:
    library, _ = parse_library(BIB)
    cites = CitationExtension(CitationRenderer(library, HouseStyle(library)))
    concepts = ConceptExtension({"knotworking": "knotworking", "boundary crossing": "boundary-crossing"},
                                {"knotworking": "Tying <loose> knots & more.", "boundary-crossing": "Crossing."})
    md = markdown.Markdown(extensions=[cites, concepts, "attr_list", "toc"])
    cites.begin_page()
    concepts.begin_page(lambda cid: f"../concepts/{cid}.md")
    html = md.convert(PAGE)
    cites.end_page()
    concepts.end_page()
    return html


def sections(content: str) -> list[tuple[str, str, str]]:
    parser = Parser()
    parser.feed(content)
    parser.close()
    return [(s.id or "", "".join(s.title), "".join(s.text)) for s in parser.data]


def test_the_page_has_what_the_view_takes_out(page_html: str) -> None:
    assert page_html.count('class="citation-link"') == 8
    assert page_html.count('class="concept-link"') >= 2
    assert "<em>et al.</em>" in page_html


def test_search_reads_the_same_words_from_the_view(page_html: str) -> None:
    view = deferred.search_view(page_html)
    assert "citation-link" not in view and "concept-link" not in view and "<span" not in view
    assert sections(view) == sections(page_html)
    assert "Engeström et al. (1999)" in sections(view)[0][2]


def test_a_page_without_hook_links_is_left_alone() -> None:
    html = '<p>Plain <a href="x">link</a> and <span class="other">span</span>.</p>'
    assert deferred.search_view(html) is html


def test_the_whole_page_comes_back_after_search(page_html: str) -> None:
    store: deferred.Store = {}
    held = deferred.hold_block(store, "p.md", page_html + '<ul class="references" data-search-exclude><li>x</li></ul>',
                               '<ul class="references" data-search-exclude>')
    view = deferred.hold_page(store, "p.md", held)
    assert "references" not in view and "citation-link" not in view
    assert deferred.release(store, "p.md", view) == page_html + '<ul class="references" data-search-exclude><li>x</li></ul>'
    assert store == {}


def test_a_block_that_is_not_excluded_from_search_is_not_held() -> None:
    store: deferred.Store = {}
    html = '<p>x</p><ul class="references"><li>y</li></ul>'
    assert deferred.hold_block(store, "p.md", html, '<ul class="references">') == html
    assert store == {}


def test_a_page_whose_attributes_the_search_plugin_rewrites_is_read_whole(page_html: str) -> None:
    """The plugin strips data-search-*="..." from what it read; the page must come back the same."""
    store: deferred.Store = {}
    content = page_html.replace("<p", '<p data-search-boost="2"', 1)
    assert deferred.hold_page(store, "p.md", content) is content and store == {}


def test_a_paper_cannot_forge_a_held_block_s_marker() -> None:
    """A comment written like a marker in a paper stays a comment; the held block comes back where it was."""
    store: deferred.Store = {}
    forged = "".join(f"<!-- held for after search indexing: {n} -->" for n in range(3))
    block = '<ul class="references" data-search-exclude><li>x</li></ul>'
    html = f"<p>{forged}words</p>" + block
    held = deferred.hold_block(store, "p.md", html, '<ul class="references" data-search-exclude>')
    assert held != html and held.startswith(f"<p>{forged}words</p><!--")
    assert deferred.release(store, "p.md", held) == html
