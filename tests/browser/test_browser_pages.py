"""Six pages a reader lands on: no errors, nothing fetched from elsewhere, fit a phone, pass WCAG 2.1 AA (axe-core)."""

from __future__ import annotations

import pytest

LOCAL_HOST = "127.0.0.1"
# (label, path below the site root) of the pages every page-wide check covers.
SIX_PAGES = [
    ("home", ""),
    ("volume", "seminar-3/"),
    ("martin", "seminar-3/martin/"),
    ("concepts", "concepts/"),
    ("knotworking", "concepts/knotworking/"),
    ("bibliography", "bibliography/"),
]
PAGE_IDS = [label for label, _ in SIX_PAGES]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")

SETTLE_MS = 800   # the search worker loads its index after the load event; errors there count too


@pytest.mark.parametrize("path", [p for _, p in SIX_PAGES], ids=PAGE_IDS)
def test_page_loads_without_errors_and_only_from_loopback(open_page, path: str) -> None:
    visit = open_page(path)
    visit.page.wait_for_timeout(SETTLE_MS)
    assert visit.page.locator("article h1").count() == 1
    assert visit.console_errors == [], visit.console_errors
    assert visit.page_errors == [], visit.page_errors
    assert visit.bad_responses == [], visit.bad_responses
    assert visit.failed_requests == [], visit.failed_requests
    assert visit.blocked == [], f"the page asked for other hosts: {visit.blocked}"
    assert visit.hosts == {LOCAL_HOST}, visit.hosts


def test_a_request_to_another_host_would_be_caught(open_page) -> None:
    """The host check has teeth: a request to anything but 127.0.0.1 is recorded and never leaves."""
    visit = open_page("")
    visit.page.evaluate("() => fetch('http://127.0.0.2:9/probe').catch(() => null)")
    assert visit.blocked == ["http://127.0.0.2:9/probe"] and "127.0.0.2" in visit.hosts


@pytest.mark.parametrize("path", [p for _, p in SIX_PAGES], ids=PAGE_IDS)
def test_no_sideways_scrolling_on_a_phone(open_page, path: str) -> None:
    visit = open_page(path, width=375, height=740)
    visit.page.wait_for_timeout(200)
    widths = visit.page.evaluate("""() => {
      const d = document.documentElement;
      const wide = [...document.querySelectorAll('article *')]
        .filter(el => el.getBoundingClientRect().right > d.clientWidth + 1 && !el.closest('.concept-map'))
        .slice(0, 5).map(el => el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40));
      return {scroll: d.scrollWidth, client: d.clientWidth, wide};
    }""")
    assert widths["client"] == 375, widths
    assert widths["scroll"] <= widths["client"], f"the page scrolls sideways at 375 px: {widths}"


def run_axe(page, axe_source: str) -> dict:
    page.add_script_tag(content=axe_source)
    return page.evaluate("""async tags => {
      const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
      return {passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' -- ' + n.failureSummary.replace(/\\s+/g, ' '))}))};
    }""", WCAG_TAGS)


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)


@pytest.mark.parametrize("scheme, md_scheme", [("light", "default"), ("dark", "slate")])
@pytest.mark.parametrize("path", [p for _, p in SIX_PAGES], ids=PAGE_IDS)
def test_axe_finds_no_serious_wcag21_aa_violation(open_page, axe_source: str, path: str, scheme: str,
                                                  md_scheme: str) -> None:
    visit = open_page(path, scheme=scheme)
    assert visit.scheme == md_scheme, f"the {scheme} palette did not apply"
    result = run_axe(visit.page, axe_source)
    assert result["passes"] > 10, "axe-core checked almost nothing; is it the real axe.min.js?"
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


def test_axe_would_catch_links_told_apart_by_colour_alone(open_page, axe_source: str) -> None:
    """The check has teeth: without the site's underlines, citations in running text fail WCAG 1.4.1."""
    visit = open_page("seminar-3/martin/")
    visit.page.add_style_tag(content=".md-typeset a { text-decoration: none !important; }")
    ids = {v["id"] for v in run_axe(visit.page, axe_source)["violations"] if v["impact"] in BLOCKING}
    assert "link-in-text-block" in ids, ids
