"""Where a citation is linked: citation links, reference lists and back-links, in Markdown."""

from __future__ import annotations

import re

import markdown
import pytest

from hooks.bibtex import parse_library
from hooks.cite_format import HouseStyle
from hooks.cite_link import (BIBLIOGRAPHY_MARK, CitationExtension, CitationRenderer, backlinks_html,
                             reference_list_html)

BIB = """
@article{engestrom2001, author = {Engeström, Yrjö}, title = {Expansive learning at work},
  journal = {Journal of Education and Work}, volume = {14}, number = {1}, pages = {133-156}, year = {2001}}
@book{victor1998, author = {Victor, Bart and Boynton, Andrew}, title = {Invented here},
  publisher = {Harvard Business School Press}, address = {Boston, MA}, year = {1998}}
@incollection{engestrom1999, author = {Engeström, Y. and Engeström, R. and Vahaaho, T.},
  title = {When the center does not hold}, booktitle = {Activity theory and social practice},
  editor = {Chaiklin, S.}, publisher = {Aarhus University Press}, address = {Aarhus}, year = {1999}}
@book{hmt2003, author = {{HM Treasury}}, shortauthor = {HMT}, title = {Every child matters},
  publisher = {HMSO}, address = {London}, year = {2003}}
@book{engestrom1987, author = {Engeström, Yrjö}, title = {Learning by expanding},
  publisher = {Orient-Konsultit}, address = {Helsinki}, year = {1987}}
"""


@pytest.fixture(scope="module")
def ext_and_md():
    library, problems = parse_library(BIB)
    assert not [p for p in problems if p.level == "error"]
    ext = CitationExtension(CitationRenderer(library, HouseStyle(library)))
    return ext, markdown.Markdown(extensions=[ext, "attr_list"]), library


def render(ext_and_md, text: str):
    ext, md, _ = ext_and_md
    ext.begin_page()
    html = md.reset().convert(text)
    return html, ext.end_page()


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&")


@pytest.mark.parametrize("source, reads", [
    ("[@engestrom2001, p. 137]", "(Engeström, 2001, p. 137)"),
    ("[@victor1998]", "(Victor & Boynton, 1998)"),
    ("@victor1998 term", "Victor and Boynton (1998) term"),
    ("[@engestrom1999]", "(Engeström et al., 1999)"),
    ("[@hmt2003]", "(HMT, 2003)"),
    ("[see @engestrom2001, pp. 33-35]", "(see Engeström, 2001, pp. 33-35)"),
    ("[@engestrom1987; @engestrom2001; @victor1998]", "(Engeström, 1987, 2001; Victor & Boynton, 1998)"),
    ("@engestrom1987 [-@engestrom2001]", "Engeström (1987, 2001)"),
    ("Their [-@victor1998] study", "Their (1998) study"),
])
def test_house_style_in_the_text(ext_and_md, source: str, reads: str) -> None:
    html, _ = render(ext_and_md, source)
    assert text_of(html) == reads


def test_et_al_is_italic(ext_and_md) -> None:
    html, _ = render(ext_and_md, "[@engestrom1999]")
    assert "<em>et al.</em>" in html


def test_a_prefix_keeps_its_markdown_and_names_stay_text(ext_and_md) -> None:
    html, _ = render(ext_and_md, "[*see* @victor1998; <b>x</b> @hmt2003]")
    assert "(<em>see</em> <a " in html
    assert "&lt;b&gt;" not in html and "<b>x</b> <a " in html      # raw HTML in a prefix is the editor's, as anywhere
    assert "Victor &amp; Boynton, 1998</a>" in html


def test_each_citation_links_to_its_reference_with_a_unique_id(ext_and_md) -> None:
    html, cited = render(ext_and_md, "[@engestrom2001] and again [@engestrom2001, p. 2]")
    assert html.count('href="#ref-engestrom2001"') == 2
    assert 'id="cite-engestrom2001-1"' in html and 'id="cite-engestrom2001-2"' in html
    assert "title=" not in html   # the reference is written once, in the list; the tooltip reads it there
    assert cited.uses == {"engestrom2001": ["cite-engestrom2001-1", "cite-engestrom2001-2"]}


def test_keys_are_case_insensitive(ext_and_md) -> None:
    _, cited = render(ext_and_md, "[@Engestrom2001]")
    assert cited.uses == {"engestrom2001": ["cite-engestrom2001-1"]} and not cited.unknown


def test_unknown_keys_are_reported_and_left_readable(ext_and_md) -> None:
    html, cited = render(ext_and_md, "[@engestrom2010]")
    assert cited.unknown == ["engestrom2010"]
    assert "@engestrom2010" in text_of(html)


@pytest.mark.parametrize("source", ["`[@engestrom2001]`", "    [@engestrom2001]", "\\@engestrom2001",
                                    "```\n@engestrom2001\n```", "mail a.b@engestrom2001.org"])
def test_code_escapes_and_addresses_are_left_alone(ext_and_md, source: str) -> None:
    html, cited = render(ext_and_md, source)
    assert cited.uses == {} and not cited.unknown, html


def test_reference_list_is_alphabetical_with_back_links(ext_and_md) -> None:
    _, cited = render(ext_and_md, "[@victor1998] [@engestrom2001] [@engestrom2001]")
    _, _, library = ext_and_md
    html = reference_list_html(list(cited.uses), cited.uses, library, HouseStyle(library))
    assert html.index('id="ref-engestrom2001"') < html.index('id="ref-victor1998"')
    assert '&#8617; <a class="backlink" href="#cite-engestrom2001-1"' in html
    assert '>b</a>' in html


def test_back_links_single_and_many() -> None:
    assert backlinks_html([]) == ""
    assert backlinks_html(["cite-a-1"]).count("backlink") == 1
    many = backlinks_html([f"cite-a-{i}" for i in range(1, 4)])
    assert ">a</a>" in many and ">c</a>" in many


def test_bibliography_mark_matches_an_anchored_paragraph() -> None:
    assert BIBLIOGRAPHY_MARK.search('<p id="par-3">\\bibliography</p>')


# --------------------------------------------------------------------------- reading order, footnotes, particles

PAGE_BIB = BIB + """
@book{vanderveer1991, author = {van der Veer, René and Valsiner, Jaan}, title = {Understanding Vygotsky},
  publisher = {Blackwell}, address = {Oxford}, year = {1991}}
"""


@pytest.fixture(scope="module")
def page_md():
    library, _ = parse_library(PAGE_BIB)
    ext = CitationExtension(CitationRenderer(library, HouseStyle(library)))
    return ext, markdown.Markdown(extensions=[ext, "tables", "footnotes", "attr_list"]), library


def test_citation_ids_follow_reading_order_through_lists_and_tables(page_md) -> None:
    source = ("First [@engestrom2001].\n\n- In a list [@engestrom2001, p. 2]\n\n"
              "| a | b |\n| --- | --- |\n| In a table [@engestrom2001, p. 3] | x |\n\n"
              "> Quoted [@engestrom2001, p. 4]\n\nLast [@engestrom2001, p. 5].\n")
    html, cited = render(page_md, source)
    found = re.findall(r'id="(cite-engestrom2001-\d)">Engeström, 2001(?:, p\. (\d))?', html)
    assert found == [("cite-engestrom2001-1", ""), ("cite-engestrom2001-2", "2"), ("cite-engestrom2001-3", "3"),
                     ("cite-engestrom2001-4", "4"), ("cite-engestrom2001-5", "5")], html
    assert cited.uses["engestrom2001"] == [f"cite-engestrom2001-{i}" for i in range(1, 6)]


def test_back_link_letters_follow_reading_order(page_md) -> None:
    _, _, library = page_md
    html, cited = render(page_md, "- [@victor1998, p. 1]\n\n[@victor1998, p. 2]\n")
    assert html.index('id="cite-victor1998-1"') < html.index('id="cite-victor1998-2"')
    references = reference_list_html(list(cited.uses), cited.uses, library, HouseStyle(library))
    assert re.findall(r'href="#(cite-victor1998-\d)"[^>]*>(\w)</a>', references) == [
        ("cite-victor1998-1", "a"), ("cite-victor1998-2", "b")]


def test_renumbering_is_per_work_and_keeps_every_link_unique(page_md) -> None:
    html, cited = render(page_md, "- [@victor1998] [@hmt2003]\n\n| t |\n| - |\n| [@hmt2003] |\n\n[@victor1998; @hmt2003]\n")
    ids = re.findall(r'id="(cite-[^"]+)"', html)
    assert len(ids) == len(set(ids)) == 5
    assert cited.uses == {"victor1998": ["cite-victor1998-1", "cite-victor1998-2"],
                          "hmt2003": ["cite-hmt2003-1", "cite-hmt2003-2", "cite-hmt2003-3"]}
    assert [i for i in ids if i.startswith("cite-hmt")] == cited.uses["hmt2003"]


def test_footnotes_come_before_the_reference_list_heading(page_md) -> None:
    html, cited = render(page_md, "Text.[^1]\n\n[^1]: A note citing [@engestrom2001].\n\n## References\n\n\\bibliography\n")
    assert html.index('class="footnote"') < html.index("<h2>References</h2>") < html.index("\\bibliography")
    assert cited.uses == {"engestrom2001": ["cite-engestrom2001-1"]}


def test_footnotes_stay_put_when_the_list_comes_later_or_is_absent(page_md) -> None:
    html, _ = render(page_md, "Text.[^1]\n\n[^1]: Note.\n")
    assert html.rstrip().endswith("</div>")
    html, _ = render(page_md, "Text.[^1]\n\n///Footnotes Go Here///\n\n## References\n\n\\bibliography\n\n[^1]: Note.\n")
    assert html.index('class="footnote"') < html.index("<h2>References</h2>")


def test_footnotes_go_before_an_editor_placed_list_without_a_heading(page_md) -> None:
    html, _ = render(page_md, "Text.[^1]\n\n\\bibliography\n\n## Appendix\n\nMore.\n\n[^1]: Note.\n")
    assert html.index('class="footnote"') < html.index("\\bibliography") < html.index("Appendix")


@pytest.mark.parametrize("source, reads", [
    ("@vanderveer1991 argued.", "Van der Veer and Valsiner (1991) argued."),
    ("As @vanderveer1991 argued.", "As van der Veer and Valsiner (1991) argued."),
    ("It was so. @vanderveer1991 argued.", "It was so. Van der Veer and Valsiner (1991) argued."),
    ("See e.g. @vanderveer1991 here.", "See e.g. van der Veer and Valsiner (1991) here."),
    ("[@vanderveer1991]", "(van der Veer & Valsiner, 1991)"),
    ("*@vanderveer1991* argued.", "Van der Veer and Valsiner (1991) argued."),
    ("`code`. @vanderveer1991 argued.", "code. Van der Veer and Valsiner (1991) argued."),
])
def test_a_particle_takes_a_capital_where_a_narrative_citation_opens_a_sentence(page_md, source: str, reads: str) -> None:
    html, _ = render(page_md, source)
    assert text_of(html) == reads


def test_a_table_cell_opens_a_sentence(page_md) -> None:
    html, _ = render(page_md, "| a |\n| - |\n| @vanderveer1991 |\n")
    assert ">Van der Veer and Valsiner (1991)</a>" in html


def test_an_unlinked_renderer_writes_the_words_only() -> None:
    library, _ = parse_library(PAGE_BIB)
    renderer = CitationRenderer(library, HouseStyle(library), linked=False)
    from hooks.cite_link import PageCitations
    from hooks.cite_parse import Citation, CiteItem
    page = PageCitations()
    out = renderer.fragments(Citation((CiteItem("engestrom1999"),), False, ""), page)
    assert "".join(text for text, _ in out) == "(Engeström <em>et al.</em>, 1999)" and page.uses == {}


def test_footnotes_never_jump_above_a_heading_of_the_text(page_md) -> None:
    html, _ = render(page_md, "## Conclusion\n\nText.[^1]\n\n\\bibliography\n\n[^1]: Note.\n")
    assert html.index("Conclusion") < html.index('class="footnote"') < html.index("\\bibliography")
