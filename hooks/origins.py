"""Where a page of the site comes from, by the site's layout alone: for tools that run without a
build (CI annotations, the external link check), and the names the build's own rule uses.

During a build :meth:`hooks.state.Build.origin` knows more (a paper's first line, a concept's
entry) and falls back to the same names. Standard library only: CI runs the annotations with
the system Python.
"""

from __future__ import annotations

from collections.abc import Callable

LIBRARY = "bibliography.bib"        # the shared library, and the page made from it
LIBRARY_PAGE = "bibliography.md"
GLOSSARY = "glossary.yml"           # the glossary, and the pages made from it
CONCEPTS = "concepts/"
PAPERS = "papers"
VOLUME_FILE = "volume.yml"


def source_file(src_uri: str, is_file: Callable[[str], bool], docs: str = "docs") -> str | None:
    """The file an editor opens for the page MkDocs names ``src_uri`` (``seminar-3/martin.md``),
    or None when no file of the repository makes it."""
    if src_uri == LIBRARY_PAGE:
        return LIBRARY
    if src_uri.startswith(CONCEPTS):
        return GLOSSARY
    candidates = [f"{PAPERS}/{src_uri}"]
    if src_uri.endswith("index.md") and src_uri != "index.md":
        candidates.append(f"{PAPERS}/{src_uri.removesuffix('index.md')}{VOLUME_FILE}")
    candidates.append(f"{docs}/{src_uri}")
    return next((c for c in candidates if is_file(c)), None)


def page_sources(site_path: str) -> list[str]:
    """The ``src_uri`` a built page may come from: ``x/index.html`` from ``x.md`` or ``x/index.md``."""
    stem = site_path.removesuffix("index.html").removesuffix(".html").strip("/")
    return [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]
