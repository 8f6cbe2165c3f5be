"""MkDocs hook: the last checks of a build, and the generated tables of the editors' guide.

Listed last in mkdocs.yml so that it sees the pages every other hook has made. It fills
the guide's schema tables (:mod:`hooks.guide_tables`) and, once the site is written,
checks every internal link and anchor of the output (:mod:`hooks.linkcheck`), naming
the paper, glossary or page an editor must open. Warnings fail ``mkdocs build --strict``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hooks import guide_tables, linkcheck, state

_sources: dict[str, tuple[str, int]] = {}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the guide's table markers, so the field tables are always those the checks enforce.

    Only the site's own pages are filled: in a paper (a generated page) such a comment stays a comment.
    """
    if page.file.generated_by or "<!--" not in markdown or not guide_tables.MARKER.search(markdown):
        return markdown
    path, _ = state.current().origin(page.file.src_uri)
    filled, problems = guide_tables.fill(markdown, path)
    state.report(problems)
    return filled


def on_env(env, config: MkDocsConfig, files: Files):
    """Remember which editor's file each built page comes from, for located link warnings."""
    build = state.current()
    _sources.clear()
    for f in files.documentation_pages():
        if f.generated_by and build.made_by_hooks(f.src_uri):
            continue  # the library and the concept index: named by their site path
        path, line = build.origin(f.src_uri)
        _sources[f.dest_uri] = path, line or 1
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Check the written site's internal links; each broken one is a located warning."""
    build = state.current()
    base_path = urlsplit(config.site_url or "").path or "/"
    state.report(linkcheck.check_site(Path(config.site_dir), _sources, build.root, base_path))
