"""Previews of citations and concept links in a real browser: safe, on screen, and WCAG 1.4.13.

The site is built for this module from its own volume, paper, bibliography entries and
glossary terms (``files=``), so it does not depend on the project's corpus. The link under
test is put at the top, the bottom or the right edge of the viewport with injected CSS, and
the checks compare boxes (inside the viewport, above or below the link), never pixel values,
so they hold on any fonts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
import yaml

from serving import LOCAL_HOST, serve
from sitebuild import prepare_project, run_build
from test_browser_pages import BLOCKING, describe, run_axe
from test_browser_theme import contrast

VOLUME = "preview-vol"
PAPER_URL = f"{VOLUME}/previews/"
KEY, PAYLOAD_KEY = "previewtest2020", "previewpayload2021"
TERM_ID, PAYLOAD_TERM_ID = "preview-practice", "preview-payload"
OTHER_HOST = "127.0.0.2"        # loopback, but not the site's host: the browser fixture blocks and records it
# Were it ever made an element, it would fetch from OTHER_HOST and run its onerror (src is empty).
PAYLOAD = f'<img src srcset="http://{OTHER_HOST}:9/leak.png" onerror="window.__ran=(window.__ran||0)+1;alert(1)">'
DEFINITION = "Looking ahead at a work or a concept without leaving the passage that mentions it."
LONG_TITLE = ("A deliberately long title about reading citations in place, so that its preview has to wrap "
              "over several lines on a phone and on a wide screen alike")
WIDTHS = [375, 1280]
HEIGHT = 700
WAIT_MS = 10_000

VOLUME_YML = f"""\
title: "Previews: a Volume Built for the Browser Tests"
subtitle: Preview Test Proceedings
date: 2030-01
editors:
  - {{name: Ada Editor, affiliation: Test University}}
publisher: Test Press
order: 99
"""

PAPER = f"""\
---
title: Previews in place
authors:
  - name: Ben Author
    affiliation: Test University
volume: {VOLUME}
year: 2030
order: 1
kind: paper
---

## Reading

The first paragraph cites a long work [@{KEY}] and speaks of preview practice.

A second paragraph cites a hostile entry [@{PAYLOAD_KEY}] and speaks of preview payload.
"""

BIB = f"""
@article{{{KEY},
  author  = {{Reader, Rita}},
  year    = {{2020}},
  title   = {{{LONG_TITLE}}},
  journal = {{Journal of Testing}},
  volume  = {{1}},
  pages   = {{1-2}},
}}

@article{{{PAYLOAD_KEY},
  author  = {{Mallory, M.}},
  year    = {{2021}},
  title   = {{A study {PAYLOAD} of tooltips}},
  journal = {{Journal of Testing}},
  volume  = {{2}},
  pages   = {{3-4}},
}}
"""


def glossary_terms(category: str) -> str:
    return f"""
- id: {TERM_ID}
  term: preview practice
  category: {category}
  definition: {DEFINITION}
- id: {PAYLOAD_TERM_ID}
  term: preview payload
  category: {category}
  definition: 'A definition {PAYLOAD.replace("'", "''")} holding markup.'
"""


def add_terms(text: str) -> str:
    """The glossary with two more terms, in a category the glossary already has."""
    category = yaml.safe_load(text)[0]["category"]
    return text.rstrip("\n") + "\n" + glossary_terms(category)


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("previews")
    project = prepare_project(tmp, files={
        f"papers/{VOLUME}/volume.yml": VOLUME_YML,
        f"papers/{VOLUME}/previews.md": PAPER,
        "bibliography.bib": lambda text: text + BIB,
        "glossary.yml": add_terms,
    })
    build = run_build(project, tmp / "site")
    assert build.ok, build.log
    return build.site_dir


@pytest.fixture(scope="module")
def base_url(preview_site: Path) -> Iterator[str]:
    """This module's site on loopback; ``open_page`` of conftest.py opens its pages."""
    with serve(preview_site) as url:
        yield url


# ---------------------------------------------------------------- what the reader sees

PREVIEW = "#link-preview"
CLOSE_DELAY_MS = 300            # previews.js: time to move the pointer from the link onto the preview
PLACES = {                      # where the link under test is put, as CSS
    "top": "top: 3rem; left: 0.5rem;",                       # just below the theme's header
    "bottom": "bottom: 0.25rem; left: 0.5rem;",
    "right": "top: 40%; right: 0;",
    "bottom-right": "bottom: 0.25rem; right: 0;",
}
GEOMETRY = """([link, box]) => {
  const edges = r => ({top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height});
  const d = document.documentElement;
  return {link: edges(link.getBoundingClientRect()), box: edges(box.getBoundingClientRect()),
          vw: d.clientWidth, vh: d.clientHeight};
}"""


def citation(page, key: str = KEY):
    return page.locator(f'article a.citation-link[href="#ref-{key}"]').first


def concept(page, term_id: str = TERM_ID):
    return page.locator(f'article a.concept-link[href$="/concepts/{term_id}/"]').first


def put(page, link, where: str) -> None:
    """Fix ``link`` at a place of the viewport, whatever the fonts make of the text around it."""
    link.evaluate("el => el.setAttribute('data-test-place', '')")
    page.add_style_tag(content=f"[data-test-place] {{ position: fixed !important; z-index: 5; white-space: nowrap;"
                               f" {PLACES[where]} }}")


def is_open(page) -> bool:
    return page.evaluate(f"() => {{ const b = document.querySelector('{PREVIEW}'); return !!b && !b.hidden; }}")


def wait_open(page, link) -> None:
    page.wait_for_function(f"""el => {{ const b = document.querySelector('{PREVIEW}');
      return b && !b.hidden && el.getAttribute('aria-describedby') === b.id; }}""",
                           arg=link.element_handle(), timeout=WAIT_MS)


def wait_closed(page) -> None:
    page.wait_for_function(f"() => {{ const b = document.querySelector('{PREVIEW}'); return !b || b.hidden; }}",
                           timeout=WAIT_MS)


def hover_open(page, link) -> None:
    page.mouse.move(1, 1)
    link.hover()
    wait_open(page, link)


def geometry(page, link) -> dict:
    return page.evaluate(GEOMETRY, [link.element_handle(), page.locator(PREVIEW).element_handle()])


def preview_text(page) -> str:
    return " ".join(page.locator(PREVIEW + " .link-preview__text").text_content().split())


def reference_text(page, key: str) -> str:
    """The reference as the list shows it, without the back-links."""
    return page.locator(f"li#ref-{key}").evaluate(
        "li => { const c = li.cloneNode(true); c.querySelectorAll('.backlink, .backlinks').forEach(b => b.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); }")


def assert_on_screen(g: dict) -> None:
    box, link = g["box"], g["link"]
    assert box["height"] > 10, g
    assert box["left"] >= 0 and box["right"] <= g["vw"] + 0.5, f"the preview runs off the screen sideways: {g}"
    assert box["top"] >= 0 and box["bottom"] <= g["vh"] + 0.5, f"the preview runs off the screen: {g}"
    assert box["bottom"] <= link["top"] + 0.5 or box["top"] >= link["bottom"] - 0.5, f"the preview covers its link: {g}"


# ---------------------------------------------------------------- placement


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("where", list(PLACES))
def test_citation_preview_stays_on_screen(open_page, width: int, where: str) -> None:
    visit = open_page(PAPER_URL, width=width, height=HEIGHT)
    page = visit.page
    link = citation(page)
    put(page, link, where)
    hover_open(page, link)
    g = geometry(page, link)
    assert_on_screen(g)
    if where.startswith("bottom"):
        assert g["box"]["bottom"] <= g["link"]["top"] + 0.5, f"at the bottom the preview must open above: {g}"
    if where == "top":
        assert g["box"]["top"] >= g["link"]["bottom"] - 0.5, f"at the top the preview opens below: {g}"
    assert preview_text(page) == reference_text(page, KEY)
    assert LONG_TITLE in preview_text(page)
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)


@pytest.mark.parametrize("width", WIDTHS)
def test_concept_preview_at_the_bottom_right_opens_above_inside_the_screen(open_page, width: int) -> None:
    visit = open_page(PAPER_URL, width=width, height=HEIGHT)
    page = visit.page
    link = concept(page)
    put(page, link, "bottom-right")
    hover_open(page, link)
    g = geometry(page, link)
    assert_on_screen(g)
    assert g["box"]["bottom"] <= g["link"]["top"] + 0.5, g
    assert preview_text(page) == DEFINITION


def test_links_carry_no_title_for_the_theme_to_show(open_page) -> None:
    visit = open_page(PAPER_URL)
    page = visit.page
    assert page.locator("article a.citation-link").count() >= 2 and page.locator("article a.concept-link").count() >= 2
    assert page.locator("article a.citation-link[title], article a.concept-link[title]").count() == 0
    hover_open(page, citation(page))
    assert page.locator(".md-tooltip2--active").count() == 0, "the theme shows a tooltip of its own"


# ---------------------------------------------------------------- WCAG 1.4.13: hoverable, dismissible, persistent


def test_preview_stays_while_the_pointer_moves_onto_it_and_closes_when_it_leaves(open_page) -> None:
    page = open_page(PAPER_URL, height=HEIGHT).page
    link = citation(page)
    put(page, link, "top")
    hover_open(page, link)
    box = page.locator(PREVIEW).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    page.wait_for_timeout(3 * CLOSE_DELAY_MS)
    assert is_open(page), "the preview vanished when the pointer moved onto it"
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] + 60, steps=4)   # below it, off the link
    wait_closed(page)
    assert link.get_attribute("aria-describedby") is None

    hover_open(page, link)               # and leaving the link for elsewhere closes it too
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] + 60, steps=2)
    wait_closed(page)


def test_escape_closes_the_preview_and_it_stays_closed_while_hovered(open_page) -> None:
    page = open_page(PAPER_URL, height=HEIGHT).page
    link = concept(page)
    put(page, link, "top")
    hover_open(page, link)
    page.keyboard.press("Escape")
    wait_closed(page)
    box = link.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2, steps=2)   # still on the link
    page.wait_for_timeout(3 * CLOSE_DELAY_MS)
    assert not is_open(page), "the preview came back while the pointer stayed on the link"
    hover_open(page, link)               # leaving and coming back opens it again


def test_keyboard_focus_opens_the_preview_and_escape_closes_it(open_page) -> None:
    page = open_page(PAPER_URL, height=HEIGHT).page
    link = citation(page)
    link.evaluate("""el => { const b = document.createElement('button'); b.textContent = 'before';
                             b.id = 'before-link'; el.before(b); }""")
    page.locator("#before-link").focus()
    page.keyboard.press("Tab")
    assert link.evaluate("el => document.activeElement === el")
    wait_open(page, link)
    tip = page.locator(PREVIEW)
    assert tip.get_attribute("role") == "tooltip" and link.get_attribute("aria-describedby") == tip.get_attribute("id")
    assert preview_text(page) == reference_text(page, KEY)
    assert tip.locator("em").all_text_contents() == ["Journal of Testing"], "the journal is no longer italic"
    page.keyboard.press("Escape")
    wait_closed(page)
    assert link.evaluate("el => document.activeElement === el"), "Esc moved the focus"
    page.keyboard.press("Shift+Tab")     # focus moves away (to the button) and back: it opens again
    wait_closed(page)
    page.keyboard.press("Tab")
    wait_open(page, link)
    page.keyboard.press("Shift+Tab")     # focus moves to something without a preview: it goes
    wait_closed(page)
    assert link.get_attribute("aria-describedby") is None


@pytest.mark.parametrize("width", WIDTHS)
def test_a_first_tap_opens_the_citation_preview_and_a_second_follows_the_link(open_page, width: int) -> None:
    page = open_page(PAPER_URL, width=width, height=HEIGHT, has_touch=True).page
    link = citation(page)
    link.scroll_into_view_if_needed()
    link.tap()
    wait_open(page, link)
    assert page.evaluate("() => location.hash") == "", "the first tap followed the link"
    assert preview_text(page) == reference_text(page, KEY)
    assert_on_screen(geometry(page, link))
    link.tap()
    page.wait_for_function(f"() => location.hash === '#ref-{KEY}'", timeout=WAIT_MS)
    wait_closed(page)


def test_a_tap_elsewhere_closes_the_concept_preview_and_a_second_tap_opens_the_concept(open_page) -> None:
    page = open_page(PAPER_URL, width=375, height=HEIGHT, has_touch=True).page
    link = concept(page)
    link.scroll_into_view_if_needed()
    link.tap()
    wait_open(page, link)
    assert preview_text(page) == DEFINITION
    page.locator("article h1").tap()
    wait_closed(page)
    link.tap()
    wait_open(page, link)
    link.tap()
    page.wait_for_url(f"**/concepts/{TERM_ID}/", timeout=WAIT_MS)


def test_without_script_the_links_still_lead_to_the_reference_and_the_concept(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, service_workers="block")
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())
        page = context.new_page()
        page.goto(base_url + PAPER_URL)
        follow_without_script(page)
    finally:
        context.close()


def follow_without_script(page) -> None:
    citation(page).click()
    assert page.evaluate("() => location.hash") == f"#ref-{KEY}"
    concept(page).click()
    page.wait_for_url(f"**/concepts/{TERM_ID}/", timeout=WAIT_MS)


# ---------------------------------------------------------------- legible and accessible in both palettes


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_preview_reads_well_and_passes_axe(open_page, axe_source: str, scheme: str) -> None:
    page = open_page(PAPER_URL, scheme=scheme, height=HEIGHT).page
    link = citation(page)
    hover_open(page, link)
    style = page.locator(PREVIEW).evaluate("""el => { const s = getComputedStyle(el);
      return {color: s.color, bg: s.backgroundColor, size: parseFloat(s.fontSize), weight: parseInt(s.fontWeight),
              line: parseFloat(s.lineHeight), border: s.borderTopStyle, page: getComputedStyle(document.body).backgroundColor}; }""")
    assert contrast(style["color"], style["bg"]) >= 4.5, style
    assert style["size"] >= 12 and style["weight"] <= 500 and style["line"] >= 1.3 * style["size"], style
    assert style["border"] == "solid", style
    # The pointer rests on the preview: axe checks it open, and the link in its ordinary (not hover) colours.
    box = page.locator(PREVIEW).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    result = run_axe(page, axe_source)
    assert is_open(page), "axe ran with the preview closed"
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


# ---------------------------------------------------------------- hostile text stays text


def test_markup_in_a_bib_title_and_a_definition_runs_nothing_on_load_or_hover(open_page) -> None:
    visit = open_page(PAPER_URL, height=HEIGHT)
    page = visit.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__ran") is None, "markup in the page ran script on load"

    hover_open(page, citation(page, PAYLOAD_KEY))
    assert "<img" in preview_text(page) and "onerror" in preview_text(page), preview_text(page)
    assert page.locator(PREVIEW + " img").count() == 0
    hover_open(page, concept(page, PAYLOAD_TERM_ID))
    assert preview_text(page).startswith("A definition <img"), preview_text(page)
    assert page.locator(PREVIEW + " img").count() == 0
    page.wait_for_timeout(300)

    assert page.evaluate("() => window.__ran") is None, "hovering ran script"
    assert dialogs == []
    assert visit.blocked == [] and visit.hosts == {LOCAL_HOST}, f"the page asked for other hosts: {visit.blocked}"
    assert visit.page_errors == [], visit.page_errors
