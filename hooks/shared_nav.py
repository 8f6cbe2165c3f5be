"""The site navigation's items rendered once and shared by every page they look the same on.

mkdocs-material renders the whole navigation into every page: with a few hundred papers
that is the largest cost of rendering a page, and it grows with the square of the corpus.
Yet a page changes only the items on its own path (marked active, its contents listed).
Every other item renders to HTML that depends only on its relative links, and those are
the same from many pages: ``seminar-3/martin/`` and ``seminar-4/smith/`` both reach
``seminar-5/jones/`` as ``../../seminar-5/jones/``, and every paper of ``seminar-5``
reaches its neighbour ``seminar-5/brown/`` as ``../brown/``. A relative link depends only
on how deep the page's folder is and how many leading segments it shares with the target
(:func:`signature`), so an item is rendered once per such shape and then reused.

:func:`install` recompiles the theme's own ``partials/nav.html`` and
``partials/nav-item.html`` with their one call that renders an item routed through
:class:`SharedItems`; a template without that call renders as before. Pages come out
byte for byte as without it (``tests/test_shared_nav.py`` builds a site both ways).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

from hooks.html_util import common_segments

GLOBAL_NAME = "shared_nav_item"
# The theme's call that renders one item, per template, and the shared call that replaces it.
ITEM_CALLS = {
    "partials/nav.html": (
        "{{ item.render(nav_item, path, 1) }}",
        "{{ shared_nav_item(page, item.render, nav_item, path, 1) }}"),
    "partials/nav-item.html": (
        '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
        '{{ shared_nav_item(page, render, item, path ~ "_" ~ loop.index, level + 1, nav_item) }}'),
}

Segments = tuple[str, ...]


def install(env: Any) -> list[str]:
    """Route the item calls of the theme's navigation templates in ``env`` through one
    :class:`SharedItems`; returns the templates so changed. MkDocs makes a new environment
    for each build, so nothing rendered outlives a build."""
    if GLOBAL_NAME not in env.globals:
        env.globals[GLOBAL_NAME] = SharedItems()   # the theme includes these partials with its caller's context
    return [name for name, (call, shared) in ITEM_CALLS.items() if _reroute(env, name, call, shared)]


def _reroute(env: Any, name: str, call: str, shared: str) -> bool:
    try:
        template = env.get_template(name)
        source = env.loader.get_source(env, name)[0]
    except Exception:  # another theme, or no such partial: nothing to share
        return False
    if getattr(template.root_render_func, GLOBAL_NAME, False):
        return True
    if source.count(call) != 1:
        return False
    render = env.from_string(source.replace(call, shared)).root_render_func
    setattr(render, GLOBAL_NAME, True)
    template.root_render_func = render
    return True


@dataclass(frozen=True)
class Links:
    """The relative links an item renders, as path segments."""

    prefix: Segments                  # the leading segments all of them share
    targets: tuple[Segments, ...]


@dataclass
class SharedItems:
    """Renders a navigation item, or hands back its rendering for a page it looks the same on."""

    rendered: dict[tuple, Any] = field(default_factory=dict)
    links: dict[int, Links | None] = field(default_factory=dict)   # id(item) -> its links
    folders: dict[str, Segments] = field(default_factory=dict)     # page URL -> its folder

    def __call__(self, page: Any, render: Callable[..., Any], item: Any, path: str, *args: Any) -> Any:
        key = self.key(item, path, page)
        if key is None:
            return render(item, path, *args)
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = render(item, path, *args)
        return html

    def key(self, item: Any, path: str, page: Any) -> tuple | None:
        """What the item's rendering on ``page`` depends on, or None if it must be rendered for it."""
        url = getattr(page, "url", None)
        if url is None or getattr(item, "active", True) or getattr(item, "pages", None):
            return None
        if id(item) not in self.links:
            self.links[id(item)] = links_of(item)
        links = self.links[id(item)]
        if links is None:
            return None
        if url not in self.folders:
            self.folders[url] = folder_of(url)
        return id(item), path, signature(links, self.folders[url])


def signature(links: Links, folder: Segments) -> tuple:
    """What the item's relative links from ``folder`` depend on. Python's relpath climbs
    ('..') once for each segment of the folder past the part it shares with the target,
    then names the rest of the target."""
    shared = common_segments(links.prefix, folder)
    if shared < len(links.prefix):
        return len(folder), shared     # the folder leaves the prefix: the same for every target
    return len(folder), tuple(common_segments(t, folder) for t in links.targets)


def folder_of(page_url: str) -> Segments:
    """The folder relative links are resolved from, as MkDocs' ``get_relative_url`` finds it
    (a page URL ending in a file name stands in its folder)."""
    folder = page_url
    if folder != ".":
        head, tail = posixpath.split(folder)
        folder = head if "." in tail else folder
    return _segments(folder)


def links_of(item: Any) -> Links | None:
    """The relative links under ``item``; None when one climbs ('../'), which is rendered afresh."""
    targets = []
    for url in _urls(item):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("/", "#")):
            continue  # absolute: the same from every page (MkDocs' normalize_url leaves it)
        if url.startswith("."):
            return None
        targets.append(_segments(url))
    prefix = targets[0] if targets else ()
    for t in targets[1:]:
        prefix = prefix[:common_segments(prefix, t)]
    return Links(prefix, tuple(targets))


def _urls(item: Any) -> Iterator[str]:
    url = getattr(item, "url", None)
    if url is not None:
        yield str(url)
    for child in getattr(item, "children", None) or ():
        yield from _urls(child)


def _segments(path: str) -> Segments:
    return tuple(s for s in posixpath.normpath("/" + path).split("/") if s)
