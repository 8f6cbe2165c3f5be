"""One rendering of the navigation sidebar for all pages of a folder that stand outside it.

mkdocs-material renders the whole navigation into every page, and with a few hundred
papers that is the largest cost of rendering a page. The concept pages are kept out of
the navigation, so nothing in it is marked active on them, and the links it holds are
relative URLs that are the same from every page of one folder (``concepts/a/`` and
``concepts/b/`` both reach ``seminar-3/martin/`` as ``../../seminar-3/martin/``). Such
pages can therefore share one rendering, byte for byte what each would have rendered.

:func:`install` wraps the theme's ``partials/nav.html`` in one Jinja environment (MkDocs
makes a new one for each build). Pages in the navigation, and pages whose folder holds a
page of the navigation, render it as before.
"""

from __future__ import annotations

import posixpath
from typing import Any, Iterator

NAV_TEMPLATE = "partials/nav.html"


def install(env: Any) -> None:
    """Make pages outside the navigation share its rendering, per folder, in ``env``."""
    try:
        template = env.get_template(NAV_TEMPLATE)
    except Exception:  # another theme, or no such partial: nothing to share
        return
    render = template.root_render_func
    if getattr(render, "shared_nav", False):
        return
    rendered: dict[str, str] = {}
    nav_urls: dict[int, tuple[frozenset[str], tuple[str, ...]]] = {}

    def root_render_func(context: Any) -> Iterator[str]:
        key = _share_key(context.get("page"), context.get("nav"), nav_urls)
        if key is None:
            yield from render(context)
            return
        if key not in rendered:
            rendered[key] = "".join(render(context))
        yield rendered[key]

    root_render_func.shared_nav = True  # type: ignore[attr-defined]
    template.root_render_func = root_render_func


def _share_key(page: Any, nav: Any, cache: dict) -> str | None:
    """The folder whose pages share this page's navigation, or None to render it afresh."""
    url = getattr(page, "url", None)
    pages = getattr(nav, "pages", None)
    if url is None or pages is None or getattr(page, "parent", None) is not None:
        return None
    if id(nav) not in cache:
        urls = [p.url for p in pages]
        cache.clear()
        cache[id(nav)] = (frozenset(urls), tuple(urls))
    in_nav, urls = cache[id(nav)]
    if url in in_nav or not url:
        return None
    # The folder a browser resolves this page's relative links from.
    folder = url if url.endswith("/") else posixpath.dirname(url) + "/"
    if folder == "/" or any(u.startswith(folder) for u in urls):
        return None
    # From folder P/s/ every target outside it is reached as '../' + its path from P/.
    return posixpath.dirname(folder.rstrip("/"))
