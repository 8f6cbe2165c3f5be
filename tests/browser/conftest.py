"""The reader's site in a real browser: the project's site, built once, served on loopback, driven in Chromium.

Fixtures:

``site_dir``   the test project's site (tests/fixtures/proceedings with the project's mkdocs.yml and
               docs/, see tests/sitebuild.py) built once per session under ``--strict``;
``base_url``   that folder served by a threaded ``http.server`` on 127.0.0.1 at a free port;
``browser``    Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``) through Playwright;
``open_page``  ``open_page(path, width=..., scheme=..., media=..., **context_options)`` opens a page
               of the site in a fresh browser context (options such as ``has_touch=True`` go to
               Playwright's ``new_context``) and returns a :class:`Visit` that records console
               errors, page errors and every host a request was addressed to. Requests to anything but
               127.0.0.1 are aborted, so no test can reach the internet whatever the page asks for;
``axe_source`` the text of ``node_modules/axe-core/axe.min.js`` (installed by ``make test``).

Without Chromium the browser tests are skipped with a message, except under CI (the
``CI`` environment variable set), where a missing browser is an error: CI installs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from serving import LOCAL_HOST, serve
from sitebuild import build_site

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_tool(what: str, hint: str) -> None:
    """Skip the test when a tool is absent on a developer's machine; fail under CI."""
    message = f"{what} is missing: {hint}"
    if in_ci():
        pytest.fail(f"{message} (CI is set, so the browser tests may not be skipped)", pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests here that drive the browser as ``browser``; without Chromium (outside CI) skip them."""
    ours = [item for item in items if HERE in Path(str(item.path)).resolve().parents
            and "browser" in getattr(item, "fixturenames", ())]
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: install Debian's package "
                                   "(apt-get install chromium) to run the browser tests")
    for item in ours:
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists() and not in_ci():
            item.add_marker(skip)


# ---------------------------------------------------------------- the site, built and served


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = build_site(tmp_path_factory.mktemp("browser-site"))
    assert build.ok, f"mkdocs build --strict failed:\n{build.log}"
    return build.site_dir


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        missing_tool(f"Chromium ({CHROMIUM})", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Visit:
    """One page opened in its own context, and what the browser saw while it was open."""

    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    blocked: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def goto(self, path: str) -> None:
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        # Material mounts its components (tooltips, search, palette) once the bundle has run.
        self.page.wait_for_function("() => typeof window.document$ !== 'undefined'")

    @property
    def scheme(self) -> str:
        return self.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


@pytest.fixture
def open_page(browser: object, base_url: str) -> Iterator[Callable[..., Visit]]:
    contexts = []

    def opener(path: str, width: int = 1280, height: int = 900, scheme: str = "light",
               media: str = "screen", **options: object) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                      reduced_motion="reduce", service_workers="block", **options)
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page, base_url)

        def route(route_: object) -> None:
            url = route_.request.url
            host = urlsplit(url).hostname or ""
            if url.startswith(("data:", "blob:")):
                route_.continue_()
                return
            visit.hosts.add(host)
            if host == LOCAL_HOST:
                route_.continue_()
            else:
                visit.blocked.append(url)
                route_.abort()

        context.route("**/*", route)
        page.on("console", lambda msg: msg.type == "error" and visit.console_errors.append(
            f"{msg.text} @ {msg.location.get('url', '')}"))
        page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
        page.on("requestfailed", lambda request: visit.failed_requests.append(
            f"{request.url}: {request.failure}"))
        page.on("response", lambda response: response.status >= 400 and visit.bad_responses.append(
            f"{response.url}: HTTP {response.status}"))
        page.emulate_media(media=media, color_scheme=scheme)
        visit.goto(path)
        return visit

    yield opener
    for context in contexts:
        context.close()


# ---------------------------------------------------------------- axe-core


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing_tool(f"axe-core ({AXE.relative_to(ROOT)})",
                     "run `npm ci --ignore-scripts --no-audit --no-fund` in the repository root (make test does)")
    return AXE.read_text(encoding="utf-8")

