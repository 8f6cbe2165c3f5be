"""MkDocs hook: the concept reference from ``glossary.yml``.

Loads the glossary once (:mod:`hooks.glossary`), links mentions in papers while they
are converted (:mod:`hooks.terms`), and fills concept pages, the index and the map once
every paper is known (:mod:`hooks.concept_pages`).
"""

from __future__ import annotations

from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from hooks import concept_pages, deferred, mkdocs_page, state
from hooks.concept_pages import PaperMentions, PaperPassages, PassageIndex, concept_src
from hooks.glossary import Concept, load_glossary
from hooks.diagnostics import info
from hooks.html_util import relative_url
from hooks.paper_pages import names
from hooks.terms import ConceptExtension
from hooks.state import CONCEPTS, GLOSSARY

INDEX = f"{CONCEPTS}index.md"
PASSAGES_TAG = '<div class="concept-passages" data-search-exclude>'   # a long list search skips
_extension: ConceptExtension | None = None
_concept_pages: dict[str, Concept] = {}      # src_uri of a concept page -> its concept, made in on_files


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    build = state.current()
    known = (lambda key: build.library.get(key) is not None) if build.library is not None else None
    build.glossary, problems = load_glossary(build.root / GLOSSARY, GLOSSARY, known, build.root)
    state.report(problems)
    build.passages = PassageIndex({src: rank for rank, src in enumerate(build.papers)})   # reading order
    forms = {form: c.id for c in build.glossary.concepts.values() for form in c.surface_forms}
    _extension = ConceptExtension(forms, {c.id: c.definition for c in build.glossary.concepts.values()},
                                  {c.id: c.exclude for c in build.glossary.concepts.values() if c.exclude})
    config.markdown_extensions.append(_extension)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = state.current()
    _concept_pages.clear()
    for concept in build.glossary.concepts.values():
        src = concept_src(concept.id)
        _concept_pages[src] = concept
        # Concept pages stay out of the navigation: rendering a nav entry per concept on every page
        # would cost more than all the cross-linking together.
        files.append(File.generated(config, src, content=concept_pages.concept_markdown(concept, build.glossary),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
        build.nocite[src] = concept.sources
        build.origins[src] = (GLOSSARY, concept.line)
    files.append(File.generated(config, INDEX, content=concept_pages.index_markdown()))
    build.urls.update({f.src_uri: f.url for f in files})
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = state.current()
    paper = build.papers.get(page.file.src_uri)
    if paper is not None and paper.concept_links:
        # The linker writes final addresses: it runs after MkDocs has rewritten the page's links.
        _extension.begin_page(_concept_hrefs(build, page.url))
        return markdown
    _extension.begin_page(None)
    concept = _concept_pages.get(page.file.src_uri)
    if concept is not None:
        page.meta.update(concept_pages.concept_meta(concept))
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = state.current()
    found = _extension.end_page()
    src = page.file.src_uri
    if found is not None:
        build.passages.add(src, found.mentions)
        mkdocs_page.declare_anchors(page, found.anchors)
    if concept_pages.PASSAGES_MARK in html or concept_pages.INDEX_MARK in html:
        build.pages[src] = page
    return html


@event_priority(-50)  # after every page is converted, so that every mention is known
def on_env(env, config: MkDocsConfig, files: Files):
    build = state.current()
    where = build.passages or PassageIndex({})
    counts = where.passage_counts()
    for cid, concept in build.glossary.concepts.items():
        page = build.pages.get(concept_src(cid))
        if page is None:
            continue
        groups = [_paper_mentions(build, p, page.url) for p in where.in_order(cid)]
        passages = deferred.hold_block(build.held, page.file.src_uri, concept_pages.passages_html(concept, groups),
                                       PASSAGES_TAG)   # back after search indexing
        page.content = page.content.replace(concept_pages.PASSAGES_MARK, passages)
    unused = [c.term for cid, c in build.glossary.concepts.items() if cid not in counts]
    if unused:
        state.report([info(GLOSSARY, None, f"concepts no paper mentions yet: {', '.join(unused)}")])
    index = build.pages.get(INDEX)
    if index is not None:
        href = lambda src: relative_url(build.url(src), index.url)  # noqa: E731
        svg = concept_pages.concept_map_svg(build.glossary, counts, where.pairs, href)
        index.content = index.content.replace(concept_pages.INDEX_MARK,
                                              concept_pages.index_html(build.glossary, counts, href, svg))
    return env


def _concept_hrefs(build: state.Build, page_url: str) -> Callable[[str], str]:
    """A concept page's address relative to the page being converted, worked out once per concept."""
    known: dict[str, str] = {}

    def href(concept_id: str) -> str:
        if concept_id not in known:
            known[concept_id] = relative_url(build.url(concept_src(concept_id)), page_url)
        return known[concept_id]
    return href


def _paper_mentions(build: state.Build, found: PaperPassages, page_url: str) -> PaperMentions:
    paper = build.papers[found.src]
    return PaperMentions(paper.title, names(paper.authors), relative_url(build.url(found.src), page_url),
                         found.shown, found.passages, found.total, found.first)
