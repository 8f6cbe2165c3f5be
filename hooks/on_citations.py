"""MkDocs hook: author–date citations from the shared ``bibliography.bib``.

Parsing lives in :mod:`hooks.cite_parse`, the house style in :mod:`hooks.cite_format`,
links and reference lists in :mod:`hooks.cite_link`, the library page in
:mod:`hooks.library_page`. This module only connects them to MkDocs events.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from hooks import cite_examples, cite_link, cite_parse, deferred, mkdocs_page, state
from hooks.bibtex import load_library
from hooks.cite_format import HouseStyle
from hooks.diagnostics import Diagnostic, error, info
from hooks.html_util import relative_url
from hooks.library_page import CitingPage, citing_index, library_html
from hooks.state import LIBRARY, LIBRARY_PAGE

LIBRARY_MARKDOWN = """---
title: Bibliography
search:
  boost: 0.5
---

# Bibliography

The shared library of every work the proceedings cite, in the volume's house style.
Each entry links to the passages that cite it.
[Download the library as BibTeX](bibliography.bib){ download } to use it in a reference manager.

\\full_bibliography
"""
# Long lists that search skips (data-search-exclude); hooks.deferred keeps them from its parser.
REFERENCES_TAG = '<ul class="references" data-search-exclude>'
LIBRARY_TAG = '<ol class="library" data-search-exclude>'
_BIBLIOGRAPHY_LINE = re.compile(r"^\\bibliography\s*$", re.M)
_extension: cite_link.CitationExtension | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    build = state.current()
    build.library, problems = load_library(build.root / LIBRARY, LIBRARY, build.root)
    state.report(problems)
    build.style = HouseStyle(build.library)
    state.report(unknown_nocite(build))
    _extension = cite_link.CitationExtension(cite_link.CitationRenderer(build.library, build.style))
    config.markdown_extensions.append(_extension)
    return config


def unknown_nocite(build: state.Build) -> list[Diagnostic]:
    return [error(p.path, line, f"nocite key '{key}' is not in {LIBRARY}: add the entry or fix the key")
            for p in build.papers.values() for key, line in zip(p.nocite, p.nocite_lines)
            if build.library.get(key) is None]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = state.current()
    files.append(File.generated(config, LIBRARY, content=build.library.source))
    files.append(File.generated(config, LIBRARY_PAGE, content=LIBRARY_MARKDOWN))
    build.urls.update({f.src_uri: f.url for f in files})
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = state.current()
    _extension.begin_page()
    src = page.file.src_uri
    if src in build.papers and not _BIBLIOGRAPHY_LINE.search(markdown):
        if "@" in markdown or build.nocite.get(src):
            markdown += "\n\n## References\n\n\\bibliography\n"
    elif src not in build.papers and cite_examples.MARKER in markdown:
        path, first_line = build.origin(src)
        markdown, problems = cite_examples.fill(markdown, path, first_line)
        state.report(problems)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = state.current()
    src = page.file.src_uri
    cited = _extension.end_page()
    build.citations[src] = cited
    state.report(unknown_keys(build, page, cited))
    mkdocs_page.declare_anchors(page, (anchor for anchors in cited.uses.values() for anchor in anchors))
    if cite_link.BIBLIOGRAPHY_MARK.search(html):
        keys = list(cited.uses) + [k.casefold() for k in build.nocite.get(src, ()) if k.casefold() not in cited.uses]
        references = cite_link.reference_list_html(keys, cited.uses, build.library, build.style)
        references = deferred.hold_block(build.held, src, references, REFERENCES_TAG)   # back after search indexing
        html = cite_link.BIBLIOGRAPHY_MARK.sub(lambda _: references, html, count=1)
        mkdocs_page.declare_anchors(page, (f"ref-{cite_link.anchor_key(k)}" for k in keys if build.library.get(k)))
    if cite_link.FULL_BIBLIOGRAPHY_MARK in html:
        build.pages[src] = page
    return html


def unknown_keys(build: state.Build, page: Page, cited: cite_link.PageCitations) -> list[Diagnostic]:
    """One located error per unknown key, with a did-you-mean when a close key exists."""
    path, first_line = build.origin(page.file.src_uri)
    found = []
    for key in dict.fromkeys(cited.unknown):
        lines = cite_parse.lines_citing(page.markdown or "", key) if first_line else []
        line = first_line + lines[0] - 1 if lines else first_line
        broken = build.library.broken.get(key.casefold())
        close = build.library.suggest(key)
        if broken:
            hint = f"its entry at {LIBRARY}:{broken} has a syntax error; fix that entry"
        elif close:
            hint = f"did you mean '{close}'?"
        else:
            hint = f"add an entry with this key to {LIBRARY} or fix the key"
        found.append(error(path, line, f"unknown citation key '{key}': {hint}"))
    return found


@event_priority(-50)  # after every page is converted, so that all citations are known
def on_env(env, config: MkDocsConfig, files: Files):
    build = state.current()
    citers = _citers(build)
    for src, page in build.pages.items():
        if page.content and cite_link.FULL_BIBLIOGRAPHY_MARK in page.content:
            library = deferred.hold_block(build.held, src, _library(build, citers, page), LIBRARY_TAG)
            page.content = page.content.replace(cite_link.FULL_BIBLIOGRAPHY_MARK, library)
    uncited = [e.key for e in build.library if e.key.casefold() not in citers]
    if uncited:
        state.report([info(LIBRARY, None, f"not cited by any paper: {', '.join(uncited)}")])
    return env


def _citers(build: state.Build) -> dict[str, list[str]]:
    """Folded key -> the papers citing it, in volume order: one pass over the corpus per build."""
    cited = {src: [*(build.citations[src].uses if src in build.citations else ()), *build.nocite.get(src, ())]
             for src in build.papers}
    return citing_index(cited)


def _citing(build: state.Build, citers: dict[str, list[str]], key: str, hrefs: dict[str, str]) -> list[CitingPage]:
    pages = []
    for src in citers.get(key, ()):
        cited = build.citations.get(src)
        anchors = tuple(cited.uses.get(key, ())) if cited else ()
        pages.append(CitingPage(build.papers[src].title, hrefs[src], anchors, f"ref-{cite_link.anchor_key(key)}"))
    return pages


def _library(build: state.Build, citers: dict[str, list[str]], page: Page) -> str:
    concepts_by_source: dict[str, list[tuple[str, str]]] = {}
    if build.glossary:
        for concept in build.glossary.concepts.values():
            for key in concept.sources:
                href = relative_url(build.url(f"concepts/{concept.id}.md"), page.url)
                concepts_by_source.setdefault(key.casefold(), []).append((concept.term, href))
    hrefs = {src: relative_url(build.url(src), page.url) for src in build.papers}   # one per paper, not per work
    return library_html(build.library, build.style, lambda k: _citing(build, citers, k, hrefs),
                        lambda k: concepts_by_source.get(k, []))
