"""What a reader does with a paper: search, hover citations and concepts, follow references and come back."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

WAIT_MS = 30_000   # generous: the search worker builds its index on a busy 2-core machine

IN_VIEWPORT = """el => {
  const r = el.getBoundingClientRect();
  const header = document.querySelector('.md-header');
  const top = header ? header.getBoundingClientRect().bottom : 0;
  return r.height > 0 && r.top >= top - 1 && r.top < window.innerHeight && r.bottom > top;
}"""


def search(visit, query: str):
    """Type ``query`` into Material's search box, as a reader does, and wait for the worker's answer."""
    page = visit.page
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially(query, delay=0)
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__list .md-search-result__link').length > 0",
        timeout=WAIT_MS)
    return page.locator(".md-search-result__list .md-search-result__link")


def result_paths(links) -> list[str]:
    """Where each result leads: the path, without Material's ``?h=`` highlight query or the section."""
    return links.evaluate_all("els => els.map(a => new URL(a.href).pathname)")


@pytest.mark.parametrize("query, target", [
    ("knotworking", "/concepts/knotworking/"),
    ("ZPD", "/concepts/zone-of-proximal-development/"),
    ("Warmington", "/seminar-3/warmington/"),
])
def test_search_finds_the_page_and_its_result_opens_it(open_page, query: str, target: str) -> None:
    visit = open_page("")
    links = search(visit, query)
    paths = result_paths(links)
    assert target in paths[:3], f"searching {query!r} offered {paths}, nothing leading to {target} near the top"
    meta = visit.page.locator(".md-search-result__meta").inner_text()
    assert "matching document" in meta, meta
    links.nth(paths.index(target)).click()
    visit.page.wait_for_url(lambda url: urlsplit(url).path == target, timeout=WAIT_MS)
    assert visit.page.locator("article h1").count() == 1


def test_search_for_nonsense_offers_nothing(open_page) -> None:
    """The search waits for real results, so a word in no page must come back empty."""
    visit = open_page("")
    field = visit.page.locator("input.md-search__input")
    field.click()
    field.press_sequentially("qqxyzzyqq", delay=0)
    visit.page.wait_for_function(
        "() => /no matching documents/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=WAIT_MS)
    assert visit.page.locator(".md-search-result__list .md-search-result__link").count() == 0


PREVIEW = "#link-preview"   # the one preview element of docs/assets/previews.js


def hover_tooltip(visit, locator) -> dict:
    """Hover ``locator`` and return what the reader sees of the preview the site's script shows for it."""
    page = visit.page
    locator.scroll_into_view_if_needed()
    page.mouse.move(0, 0)
    locator.hover()
    page.wait_for_function(f"""el => {{ const b = document.querySelector('{PREVIEW}');
      return b && !b.hidden && el.getAttribute('aria-describedby') === b.id; }}""",
                           arg=locator.element_handle(), timeout=WAIT_MS)
    return page.locator(PREVIEW).evaluate("""el => {
      const r = el.getBoundingClientRect(), d = document.documentElement;
      const text = el.querySelector('.link-preview__text') || el;
      return {role: el.getAttribute('role'), text: text.textContent.trim(),
              top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
              vw: d.clientWidth, vh: d.clientHeight,
              visibility: getComputedStyle(el).visibility, display: getComputedStyle(el).display};
    }""")


def assert_shown(tip: dict, host_box: dict) -> None:
    assert tip["role"] == "tooltip", tip
    assert tip["display"] != "none" and tip["visibility"] == "visible" and tip["height"] > 10, tip
    assert 0 <= tip["left"] and tip["right"] <= tip["vw"] + 1, f"preview runs off the screen sideways: {tip}"
    assert 0 <= tip["top"] and tip["bottom"] <= tip["vh"] + 1, f"preview runs off the screen: {tip}"
    above, below = tip["bottom"] <= host_box["y"] + 1, tip["top"] >= host_box["y"] + host_box["height"] - 1
    assert above or below, f"preview covers the link: {tip} {host_box}"


def reference_text(page, key: str) -> str:
    """The reference as the list shows it, without the back-links."""
    return page.locator(f"li#ref-{key}").evaluate(
        "li => { const c = li.cloneNode(true); c.querySelectorAll('.backlink, .backlinks').forEach(b => b.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); }")


@pytest.mark.parametrize("width", [1280, 375])
def test_citation_tooltip_link_and_back_link(open_page, width: int) -> None:
    visit = open_page("seminar-3/martin/", width=width)
    page = visit.page
    citation = page.locator('a.citation-link[href="#ref-engestrom2001"]').first
    assert citation.inner_text().startswith("Engeström, 2001"), citation.inner_text()
    assert citation.get_attribute("title") is None, "a title would become the theme's own (HTML) tooltip"
    cite_id = citation.get_attribute("id")

    tip = hover_tooltip(visit, citation)       # wherever scrolling left the link, the preview is on screen
    assert_shown(tip, citation.bounding_box())
    expected = reference_text(page, "engestrom2001")
    assert expected.startswith("Engeström, Y. (2001) Expansive learning at work"), expected
    assert " ".join(tip["text"].split()) == expected

    page.mouse.move(0, 0)
    citation.click()
    page.wait_for_function("() => location.hash === '#ref-engestrom2001'", timeout=WAIT_MS)
    reference = page.locator("li#ref-engestrom2001")
    page.wait_for_function(IN_VIEWPORT, arg=reference.element_handle(), timeout=WAIT_MS)
    assert not page.evaluate(IN_VIEWPORT, citation.element_handle()), "the click did not scroll to the reference"

    back = reference.locator(f'a.backlink[href="#{cite_id}"]')
    assert back.count() == 1, reference.inner_html()
    back.click()
    page.wait_for_function(f"() => location.hash === '#{cite_id}'", timeout=WAIT_MS)
    page.wait_for_function(IN_VIEWPORT, arg=citation.element_handle(), timeout=WAIT_MS)
    assert not page.evaluate(IN_VIEWPORT, reference.element_handle()), "back-link left the reader at the reference"


def test_concept_link_tooltip_shows_the_definition(open_page) -> None:
    visit = open_page("seminar-3/martin/")
    page = visit.page
    link = page.locator('article a.concept-link[href$="/concepts/activity-theory/"]').first
    tip = hover_tooltip(visit, link)
    assert_shown(tip, link.bounding_box())
    href = link.get_attribute("href")

    visit.goto(page.evaluate("h => new URL(h, location.href).pathname", href))
    definition = page.locator(".concept-definition").inner_text().strip()
    assert definition.startswith("A cultural-historical approach"), definition
    assert " ".join(tip["text"].split()) == " ".join(definition.split())


def test_paper_head_carries_scholarly_metadata(open_page) -> None:
    visit = open_page("seminar-3/warmington/")
    page = visit.page
    meta = page.evaluate("""() => {
      const all = n => [...document.querySelectorAll(`meta[name="${n}"]`)].map(m => m.content);
      return {title: all('citation_title'), authors: all('citation_author'),
              date: all('citation_publication_date'),
              h1: document.querySelector('article h1').textContent.replace('¶', '').trim(),
              byline: [...document.querySelectorAll('article .paper-authors .person-name')].map(e => e.textContent.trim()),
              ld: [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent)};
    }""")
    assert meta["title"] == [meta["h1"]] == ["Learning leadership in multiagency work"]
    assert len(meta["authors"]) == 3 == len(meta["byline"]), meta
    assert meta["authors"][0] == "Warmington, Pat" and meta["byline"][0] == "Pat Warmington"
    assert meta["date"] == ["2007"], "Scholar reads a full date or a year; the volume gives a month"
    articles = [d for d in map(json.loads, meta["ld"]) if d.get("@type") == "Chapter"]
    assert len(articles) == 1, meta["ld"]
    ld = articles[0]
    assert ld["@context"] == "https://schema.org"
    assert ld["name" if "name" in ld else "headline"] == meta["h1"]
    assert [a["name"] for a in ld["author"]] == meta["byline"]
    assert [f'{a["familyName"]}, {a["givenName"]}' for a in ld["author"]] == meta["authors"]
