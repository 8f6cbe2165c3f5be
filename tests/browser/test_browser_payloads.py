"""Content that tried to run script or reach another site through the theme stays inert in Chromium.

A small site of the payloads in tests/theme_payloads.py is built as a non-strict build
would publish it (the warnings do not stop it) and served on loopback. On each page the
test hovers every element with a title (Material turns titles into tooltips by setting
them as HTML), and asserts that no payload ran, on load or on hover, and that no request
left the site. Control pages, the same pages with one payload put back as it was before
the build's checks, show that each of these observations does catch a payload that runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterator

import pytest

import theme_payloads as payloads
from serving import LOCAL_HOST, serve
from sitebuild import SiteBuild, prepare_project, run_build

# Every payload marks itself in window.__ran; the dialogs a payload might open are recorded there too.
RECORDER = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__ran.push(name + ":" + args.join(",")); };
}
"""
HOVER_WAIT_MS = 500     # Material shows a tooltip after a short delay


@pytest.fixture(scope="module")
def payload_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    tmp = tmp_path_factory.mktemp("payload-site")
    build = run_build(prepare_project(tmp, payloads.files()), tmp / "site", strict=False)
    assert build.ok, build.log
    write_controls(build.site_dir)
    return build


@pytest.fixture(scope="module")
def base_url(payload_build: SiteBuild) -> Iterator[str]:
    """The payload site on loopback; ``open_page`` (tests/browser/conftest.py) opens its pages."""
    with serve(payload_build.site_dir) as url:
        yield url


# ---------------------------------------------------------------- controls: the payloads as they were


def _control(site: Path, source: str, name: str, old: str, new: str) -> None:
    """A copy of a built page with ``old`` replaced by the live payload ``new``, as payload-vol/<name>/."""
    html = (site / source / "index.html").read_text(encoding="utf-8")
    assert old in html, f"{source}: {old!r} not found; update the control"
    (site / "payload-vol" / name).mkdir()
    (site / "payload-vol" / name / "index.html").write_text(html.replace(old, new, 1), encoding="utf-8")


def write_controls(site: Path) -> None:
    page = (site / payloads.page_url("config") / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S).group(1))
    config.update(base=f"http://{payloads.EVIL_HOST}/x/", version={"provider": "mike"})
    _control(site, payloads.page_url("link-title"), "control-title",
             'title="&amp;lt;img src=x onerror=__ran.linktitle=1&amp;gt;"', 'title="&lt;img src=x onerror=__ran.control=1&gt;"')
    _control(site, payloads.page_url("config"), "control-config",
             "<p id=\"par-2\">", f'<div id="__config" hidden>{json.dumps(config)}</div><p id="par-2">')
    _control(site, payloads.page_url("style"), "control-style",
             '<a href="https://example.org/">raw</a>',
             f'<a href="https://example.org/" style="background:url(http://{payloads.EVIL_HOST}/raw.gif)">raw</a>')


# ---------------------------------------------------------------- what a visit shows


def visit_and_hover(open_page: Callable[..., object], path: str) -> tuple[object, list[str], list[str]]:
    """Open ``path`` with the recorder in place, hover every element with a title; the visit,
    what ran (``__ran``: dialogs, and payloads by name) and the tooltips shown."""
    visit = open_page(path)
    visit.page.context.add_init_script(RECORDER)
    visit.goto(path)                      # again, now with the recorder in place before any script
    visit.page.wait_for_timeout(HOVER_WAIT_MS)
    tips = []
    for element in visit.page.query_selector_all("[title]"):
        if not element.is_visible():          # hidden at this width (the drawer's copy of the header)
            continue
        element.hover(force=True, timeout=5000)    # the mouse itself, even where the search bar lies over it
        visit.page.wait_for_timeout(HOVER_WAIT_MS)
        tips += visit.page.locator(".md-tooltip2").all_text_contents()
    ran = visit.page.evaluate("() => Object.keys(window.__ran).map(k => k + '=' + window.__ran[k])")
    return visit, ran, tips


def left_the_site(visit: object) -> list[str]:
    return sorted(visit.hosts - {LOCAL_HOST}) + visit.blocked


@pytest.mark.parametrize("name", list(payloads.PAPERS))
def test_a_paper_s_payload_stays_inert(open_page, name: str) -> None:
    visit, ran, _ = visit_and_hover(open_page, payloads.page_url(name))
    assert ran == [], ran
    assert not visit.page_errors, visit.page_errors
    assert left_the_site(visit) == []
    assert visit.page.evaluate("() => document.querySelector('#__config').tagName") == "SCRIPT"


def test_a_glossary_payload_stays_inert(open_page) -> None:
    visit, ran, _ = visit_and_hover(open_page, payloads.GLOSSARY_URL)
    assert ran == [] and not visit.page_errors, (ran, visit.page_errors)
    assert left_the_site(visit) == []
    assert visit.page.evaluate("() => document.querySelector('#__config').tagName") == "SCRIPT"


def test_titles_show_as_the_text_they_hold(open_page) -> None:
    """The tooltips are shown, and show the hostile titles as text (the hover really happened).
    A concept's definition is not a title: its preview is the site's own, tested with the previews."""
    _, ran, tips = visit_and_hover(open_page, payloads.page_url("link-title"))
    assert ran == []
    assert any("<img src=x onerror=__ran.linktitle=1>" in tip for tip in tips), tips


def test_the_style_overlay_no_longer_covers_the_page(open_page) -> None:
    visit = open_page(payloads.page_url("style"))
    position = visit.page.evaluate("() => getComputedStyle(document.querySelector('#par-1 a')).position")
    assert position != "fixed"


# ---------------------------------------------------------------- the observations catch a live payload


def test_control_a_title_read_as_html_runs_on_hover(open_page) -> None:
    _, ran, _ = visit_and_hover(open_page, "payload-vol/control-title/")
    assert "control=1" in ran, ran


def test_control_a_clobbered_config_reaches_another_site_without_a_click(open_page) -> None:
    visit = open_page("payload-vol/control-config/")
    visit.page.wait_for_timeout(HOVER_WAIT_MS)
    assert payloads.EVIL_HOST in visit.hosts, visit.hosts


def test_control_a_style_loads_an_image_from_another_site(open_page) -> None:
    visit = open_page("payload-vol/control-style/")
    visit.page.wait_for_timeout(HOVER_WAIT_MS)
    assert payloads.EVIL_HOST in visit.hosts, visit.hosts
