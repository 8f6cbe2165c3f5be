"""MkDocs hook: scholarly metadata in the <head> of paper and volume pages.

The tags come from :mod:`hooks.scholarly`; this hook only places them.
"""

from __future__ import annotations

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
        return output
    return output.replace("</head>", head + "</head>", 1)
