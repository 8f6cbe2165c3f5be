"""MkDocs hook: scholarly metadata in the <head> of paper and volume pages, Open Graph on every page.

Titles and descriptions arrive as on_safety made them (< > " escaped) and are unescaped once here,
since :func:`hooks.scholarly._meta` escapes every value itself.

The tags come from :mod:`hooks.scholarly`; this hook only places them.
"""

from __future__ import annotations

import html

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from hooks import scholarly, state
from hooks.plaintext import plain_text
from hooks.paper_pages import volume_label


def _absolute(config: MkDocsConfig, url: str) -> str:
    return (config.site_url.rstrip("/") + "/" + url) if config.site_url else ""


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    build = state.current()
    src = page.file.src_uri
    if src in build.papers:
        paper = build.papers[src]
        volume = build.corpus.volume(paper.volume_id)
        url = _absolute(config, page.url)
        cited = build.citations.get(src)
        entries = sorted((e for e in (build.library.get(k) for k in (cited.uses if cited else ())) if e),
                         key=build.style.sort_key)
        refs = [build.style.reference_text(e) for e in entries]
        head = scholarly.head_html(scholarly.highwire_paper(paper, volume, refs, url),
                                   scholarly.paper_ld(paper, volume, url, _absolute(config, build.url(volume.src_uri))),
                                   paper.title, plain_text(paper.abstract) or page.meta.get("description", ""), url, "article")
    elif src in build.volumes:
        volume = build.volumes[src]
        url = _absolute(config, page.url)
        ld = {"@context": "https://schema.org", **scholarly.volume_ld(volume, url)}
        head = scholarly.head_html(scholarly.highwire_volume(volume, url), ld, volume_label(volume),
                                   volume.get("series"), url, "book")
    else:
        description = page.meta.get("description") or config.site_description or ""
        title = page.meta.get("title") or page.title or config.site_name
        head = "\n".join(filter(None, scholarly.open_graph(html.unescape(str(title)), html.unescape(str(description)),
                                                            _absolute(config, page.url), "website"))) + "\n"
    return output.replace("</head>", head + "</head>", 1)
