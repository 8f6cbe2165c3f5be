"""MkDocs hook: a Crossref deposit file per volume, ``<volume>/crossref.xml``, when configured.

Thin glue over :mod:`hooks.crossref`: reads ``extra: crossref`` and ``site_url``, and adds
each volume's deposit as a generated file of the build (linked from no page). Runs after
``on_papers``, whose ``on_files`` puts the pages in place.
"""

from __future__ import annotations

import os
import time

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from hooks import crossref, state


def _timestamp() -> int:
    """The build's date: SOURCE_DATE_EPOCH when given (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(epoch) if epoch.isdigit() else int(time.time())


def on_files(files: Files, config: MkDocsConfig) -> Files:
    settings, problems = crossref.read_config(config.extra, config.site_url)
    state.report(problems)
    if settings is None:
        return files
    base = config.site_url.rstrip("/") + "/"

    def url_of(src_uri: str) -> str:
        page = files.get_file_from_path(src_uri)
        return base + (page.url if page else "")

    stamp = _timestamp()
    for volume in state.current().corpus.volumes:
        files.append(File.generated(config, f"{volume.id}/crossref.xml",
                                    content=crossref.deposit(volume, settings, url_of, stamp)))
    return files
