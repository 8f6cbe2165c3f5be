"""A printed paper: the text and its references, link targets spelled out, no screen furniture."""

from __future__ import annotations

import pytest

HIDDEN_IN_PRINT = [".md-header", ".md-search", ".md-sidebar--primary", ".md-sidebar--secondary",
                   ".md-footer", ".md-top", "nav.md-nav--primary", "a.headerlink", ".paper-actions", "a.backlink"]

STATE = """selectors => Object.fromEntries(selectors.map(sel => {
  const all = [...document.querySelectorAll(sel)];
  return [sel, {count: all.length, shown: all.filter(el => el.checkVisibility()).length}];
}))"""


def printed(open_page, path: str):
    visit = open_page(path, media="print")
    assert visit.page.evaluate("() => matchMedia('print').matches")
    return visit


def test_print_hides_header_navigation_sidebars_and_search(open_page) -> None:
    visit = printed(open_page, "seminar-3/martin/")
    state = visit.page.evaluate(STATE, HIDDEN_IN_PRINT)
    for selector, seen in state.items():
        assert seen["count"] > 0, f"{selector} is not on the page at all; the check would prove nothing"
        assert seen["shown"] == 0, f"{selector} is printed: {seen}"
    every_nav = visit.page.evaluate("() => [...document.querySelectorAll('nav')].filter(n => n.checkVisibility()).length")
    assert every_nav == 0


def test_the_same_furniture_is_on_screen(open_page) -> None:
    """The print checks compare against this: on screen the header, navigation and search are shown."""
    visit = open_page("seminar-3/martin/", width=1280)
    state = visit.page.evaluate(STATE, [".md-header", ".md-search", ".md-sidebar--primary", ".md-sidebar--secondary"])
    assert all(seen["shown"] > 0 for seen in state.values()), state


def test_print_keeps_the_text_and_the_references(open_page) -> None:
    visit = printed(open_page, "seminar-3/martin/")
    page = visit.page
    shown = page.evaluate("""() => {
      const refs = document.querySelector('ul.references');
      const box = refs.getBoundingClientRect();
      return {refs: refs.checkVisibility(), height: box.height, width: box.width,
              items: [...refs.querySelectorAll('li.reference')].filter(li => li.checkVisibility()).length,
              all: refs.querySelectorAll('li.reference').length,
              h1: document.querySelector('article h1').checkVisibility(),
              paragraphs: [...document.querySelectorAll('article p')].filter(p => p.checkVisibility()).length,
              content: document.querySelector('.md-content').getBoundingClientRect().width,
              body: document.body.getBoundingClientRect().width};
    }""")
    assert shown["refs"] and shown["height"] > 100, shown
    assert shown["items"] == shown["all"] >= 5, shown
    assert shown["h1"] and shown["paragraphs"] > 10, shown
    assert shown["content"] >= 0.9 * shown["body"], f"the text does not take the printed page's width: {shown}"


@pytest.mark.parametrize("path", ["seminar-3/warmington/", "seminar-3/martin/"])
def test_print_spells_out_external_link_targets_only(open_page, path: str) -> None:
    visit = printed(open_page, path)
    after = visit.page.evaluate("""() => [...document.querySelectorAll('article a[href]')].map(a => ({
      href: a.getAttribute('href'), cls: a.className, after: getComputedStyle(a, '::after').content}))""")
    external = [a for a in after if a["href"].startswith(("http://", "https://"))]
    internal = [a for a in after if not a["href"].startswith(("http://", "https://"))]
    for link in external:
        assert link["href"] in link["after"], link
    for link in internal:
        assert link["href"] not in link["after"], f"internal link target printed: {link}"
    if path == "seminar-3/warmington/":
        assert external, "the test project's second paper links a project's site; the check needs an external link"
    assert any(a["cls"] == "citation-link" for a in internal) and any(a["cls"] == "concept-link" for a in internal)


def test_print_pdf_has_pages(open_page) -> None:
    """Chromium's own print path: the paper prints to a PDF of several pages."""
    visit = printed(open_page, "seminar-3/martin/")
    pdf = visit.page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF-")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 3
