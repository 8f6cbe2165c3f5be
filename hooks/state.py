"""The model of one build, shared by the hook modules.

Every input is parsed once, in ``on_config``, into a :class:`Build`; hooks render from
it. MkDocs imports hooks once per process (``serve`` rebuilds in the same process),
so each build starts with a fresh :class:`Build`.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hooks.diagnostics import Diagnostic
from hooks.origins import CONCEPTS, GLOSSARY, LIBRARY, LIBRARY_PAGE
from hooks.volumes import Corpus, Paper, Volume

if TYPE_CHECKING:
    from hooks.bibtex import Library
    from hooks.cite_format import HouseStyle
    from hooks.cite_link import PageCitations
    from hooks.concept_pages import PassageIndex
    from hooks.glossary import Glossary

log = logging.getLogger("mkdocs.plugins.proceedings")



@dataclass
class Build:
    root: Path
    corpus: Corpus = field(default_factory=Corpus)
    library: "Library | None" = None
    style: "HouseStyle | None" = None
    glossary: "Glossary | None" = None
    papers: dict[str, Paper] = field(default_factory=dict)          # src_uri -> paper
    volumes: dict[str, Volume] = field(default_factory=dict)        # src_uri of volume page -> volume
    urls: dict[str, str] = field(default_factory=dict)              # src_uri -> site URL
    nocite: dict[str, tuple[str, ...]] = field(default_factory=dict)  # src_uri -> keys listed uncited
    citations: dict[str, "PageCitations"] = field(default_factory=dict)  # src_uri -> what it cites
    passages: "PassageIndex | None" = None                               # where each concept appears
    pages: dict[str, Any] = field(default_factory=dict)             # src_uri -> MkDocs page, for late fills
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)  # src_uri -> (editor's file, first line)
    held: dict[str, dict[str, str]] = field(default_factory=dict)   # src_uri -> HTML held from search (hooks.deferred)
    docs: str = "docs"                                              # the docs folder as editors see it

    def url(self, src_uri: str) -> str:
        return self.urls.get(src_uri, "")

    def origin(self, src_uri: str) -> tuple[str, int | None]:
        """The file (and first line, when one) an editor opens to fix what a page shows: a paper,
        its volume.yml, a glossary entry, the .bib, the glossary or the docs/ page.
        The one rule of the build; :func:`page_origin` applies it to a page."""
        paper = self.papers.get(src_uri)
        if paper:
            return paper.path, paper.body_line
        if src_uri in self.volumes:
            return self.volumes[src_uri].path, None
        if src_uri in self.origins:
            return self.origins[src_uri]
        if src_uri == LIBRARY_PAGE:
            return LIBRARY, None
        if src_uri.startswith(CONCEPTS):
            return GLOSSARY, None
        return f"{self.docs}/{src_uri}", 1

    def made_by_hooks(self, src_uri: str) -> bool:
        """True for a page a hook writes whole from no single input line (the library, the concept index)."""
        return src_uri not in self.papers and src_uri not in self.volumes and src_uri not in self.origins


_current: Build | None = None


def start(root: Path, docs_dir: Path | None = None) -> Build:
    """Begin a new build; called by the first hook's on_config."""
    global _current
    _current = Build(root=root)
    if docs_dir is not None:
        docs = docs_dir.resolve()
        _current.docs = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else docs.as_posix()
    return _current


def settle() -> None:
    """What exists now lives until the build ends (the model, converted pages): set it aside
    from the cyclic garbage collector, which would otherwise walk all of it again and again
    while the rest of the build runs. :func:`finish_pages` hands it back."""
    gc.collect()
    gc.freeze()


def finish_pages() -> None:
    """Every page is written: forget what only rendering needed, before the last checks run."""
    gc.unfreeze()
    if _current is not None:
        for store in (_current.citations, _current.pages, _current.held):
            store.clear()
        _current.passages = None


def current() -> Build:
    if _current is None:
        raise RuntimeError("the papers hook must be listed first in mkdocs.yml")
    return _current


def page_origin(page: Any) -> tuple[str, int | None]:
    """The file (and first line) an editor opens to fix what this page shows: a paper, volume.yml,
    the .bib, the glossary or the docs/ page."""
    return current().origin(page.file.src_uri)


def locate(page: Any, markdown: str) -> tuple[str, Callable[[int], int | None]]:
    """The editor's file and a map from a line of ``markdown`` to a line of that file.

    A paper's Markdown starts on the paper's body line; a docs page's after its front
    matter; generated pages (concepts, volumes) point at their entry as a whole.
    """
    path, first = page_origin(page)
    if page.file.src_uri in current().papers:
        return path, lambda n: n + (first or 1) - 1
    if path.startswith(f"{current().docs}/"):
        skipped = _front_matter_lines(page, markdown)
        return path, lambda n: n + skipped
    return path, lambda n: first


def _front_matter_lines(page: Any, markdown: str) -> int:
    """Lines MkDocs took off the top of a docs page (its front matter) before ``markdown``."""
    try:
        source = page.file.content_string
    except (OSError, ValueError):
        return 0
    return source.count("\n") - markdown.count("\n") if markdown and source.endswith(markdown) else 0


def report(diagnostics: list[Diagnostic]) -> None:
    """Log diagnostics through MkDocs so that --strict fails on errors and warnings."""
    for d in diagnostics:
        if d.level == "info":
            log.info(str(d))
        else:
            log.warning(str(d))
