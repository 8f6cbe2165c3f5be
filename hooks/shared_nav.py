"""The site navigation's sections rendered once and shared by every page they look the same on.

mkdocs-material renders the whole navigation into every page: with a few hundred papers
that is the largest cost of rendering a page, and it grows with the square of the corpus.
Yet a page changes only the top-level section that holds it (its volume: the page is
marked active, its contents listed). Every other top-level item has nothing active, and
its links are relative URLs that are the same from every page at the same depth outside
its folder: ``seminar-3/martin/`` and ``seminar-4/smith/`` both reach
``seminar-5/jones/`` as ``../../seminar-5/jones/``. Such an item renders to the same
HTML on all those pages, so it is rendered once for them all.

:func:`install` recompiles the theme's own ``partials/nav.html`` with its one call per
top-level item routed through :class:`SharedItems`; if the theme's template does not
have that call, the navigation is rendered as before. The pages come out byte for byte
as without it (``tests/test_shared_nav.py`` builds a site both ways).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

NAV_TEMPLATE = "partials/nav.html"
ITEM_CALL = "{{ item.render(nav_item, path, 1) }}"    # the theme's call for each top-level item
SHARED_CALL = "{{ shared_nav_item(item.render, nav_item, path, page) }}"
MARK = "shared_nav_item"

Key = tuple[int, str, int]


def install(env: Any) -> bool:
    """Route the top-level items of the theme's navigation in ``env`` through one :class:`SharedItems`.

    MkDocs makes a new environment for each build, so the shared renderings never outlive
    a build. Returns whether the navigation is shared."""
    try:
        template = env.get_template(NAV_TEMPLATE)
        source = env.loader.get_source(env, NAV_TEMPLATE)[0]
    except Exception:  # another theme, or no such partial: nothing to share
        return False
    if MARK in env.globals:
        return True
    if source.count(ITEM_CALL) != 1:
        return False
    shared = env.from_string(source.replace(ITEM_CALL, SHARED_CALL))
    env.globals[MARK] = SharedItems()   # the theme includes the partial with its caller's context
    template.root_render_func = shared.root_render_func
    return True


@dataclass
class SharedItems:
    """Renders a top-level navigation item, or hands back its rendering for an equivalent page."""

    rendered: dict[Key, Any] = field(default_factory=dict)
    firsts: dict[int, frozenset[str] | None] = field(default_factory=dict)   # id(item) -> its URLs' first segments

    def __call__(self, render: Callable[..., Any], item: Any, path: str, page: Any) -> Any:
        key = self.key(item, path, page)
        if key is None:
            return render(item, path, 1)
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = render(item, path, 1)
        return html

    def key(self, item: Any, path: str, page: Any) -> Key | None:
        """What the item's rendering on ``page`` depends on, or None if it must be rendered for it."""
        url = getattr(page, "url", None)
        if url is None or getattr(item, "active", True) or getattr(item, "pages", None):
            return None
        if id(item) not in self.firsts:
            self.firsts[id(item)] = first_segments(item)
        firsts = self.firsts[id(item)]
        depth, first = folder_of(url)
        if firsts is None or first in firsts:
            return None
        return id(item), path, depth


def folder_of(page_url: str) -> tuple[int, str | None]:
    """The depth and first segment of the folder relative links are resolved from, as
    MkDocs' ``get_relative_url`` finds it (a page URL ending in a file name stands in its folder)."""
    folder = page_url
    if folder != ".":
        head, tail = posixpath.split(folder)
        folder = head if "." in tail else folder
    segments = [s for s in posixpath.normpath("/" + folder).split("/") if s]
    return len(segments), (segments[0] if segments else None)


def first_segments(item: Any) -> frozenset[str] | None:
    """The first path segments of the relative URLs under ``item``, or None when one of
    them climbs ('../'): from any folder that shares none of these segments, a relative
    URL is '../' once per level of the folder and then the URL itself."""
    firsts: set[str] = set()
    for url in _urls(item):
        if urlsplit(url).scheme or url.startswith("/"):
            continue  # absolute: the same from every page
        if url.startswith("."):
            return None
        segments = [s for s in posixpath.normpath("/" + url).split("/") if s]
        if segments:
            firsts.add(segments[0])
    return frozenset(firsts)


def _urls(item: Any) -> Iterator[str]:
    url = getattr(item, "url", None)
    if url is not None:
        yield str(url)
    for child in getattr(item, "children", None) or ():
        yield from _urls(child)
