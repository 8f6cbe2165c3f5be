"""MkDocs hook: the build reads only regular files of the repository, and converts only
Markdown within the limits of :mod:`hooks.limits`.

Papers, ``volume.yml``, ``bibliography.bib`` and ``glossary.yml`` are read through
:mod:`hooks.sources` by their own loaders. This module covers what MkDocs collects from
``docs/`` itself: a symbolic link there is refused and its file dropped, so nothing outside
the repository is copied into the site; a linked folder stops the build before MkDocs
walks it (two links to ``.`` would have it list the folder some 2^40 times). Each page's
Markdown is checked before any other hook or Python-Markdown reads it.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hooks import limits, sources, state
from hooks.diagnostics import error


@event_priority(100)  # before MkDocs walks docs/
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Stop at a linked folder in docs/ (the docs folder itself is where mkdocs.yml puts it)."""
    docs = Path(config.docs_dir)
    linked = [_refused(config, p, folder=True) for p in sources.links_under(docs) if p.is_dir()]
    if linked:
        state.report(linked)
        raise Abort(f"Aborted before reading docs/: {linked[0]}")
    return config


@event_priority(100)  # before any hook adds or reads files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs = Path(config.docs_dir)
    for file in list(files):
        if file.generated_by or not file.abs_src_path or not Path(file.abs_src_path).is_relative_to(docs):
            continue    # made by a hook, or the theme's own
        refused = _refused(config, Path(file.abs_src_path))
        if refused:
            state.report([refused])
            files.remove(file)
    return files


def _refused(config: MkDocsConfig, path: Path, folder: bool = False):
    """Why a file (or folder) under docs/ may not be read, named as editors see it (docs/x)."""
    name = os.path.relpath(path, Path(config.config_file_path).parent)
    return sources.refused(path, Path(config.docs_dir), folder, name.replace(os.sep, "/"))


@event_priority(100)  # before every other hook reads the Markdown, and before Python-Markdown does
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    excesses = limits.check_markdown(markdown)
    if not excesses:
        return markdown
    path, line_of = state.locate(page, markdown)
    state.report([error(path, line_of(e.line), e.message) for e in excesses])
    return limits.REFUSED_PAGE
