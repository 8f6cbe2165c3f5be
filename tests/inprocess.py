"""The build's Markdown conversion in-process: Python-Markdown with the site's extensions and
the project's own citation and concept extensions, over a tiny library and glossary of its
own (not the corpus'), for tests that feed it many inputs quickly."""

from __future__ import annotations

import markdown

from hooks import cite_link, terms
from hooks.bibtex import parse_library
from hooks.cite_format import HouseStyle
from hooks.glossary import parse_glossary

BIB = """@book{alpha2001,
  author = {Alpha, Ann and Beta, Bo},
  title = {A Book of Tests},
  publisher = {Test Press},
  year = {2001},
}
@article{gamma1999,
  author = {Gamma, Gil},
  title = {An Article},
  journal = {Journal of Tests},
  year = {1999},
}
"""
GLOSSARY = """- id: knotworking
  term: knotworking
  category: Practice
  definition: Tying loose ends of work together.
- id: boundary-crossing
  term: boundary crossing
  variants: [boundary-crossing]
  category: Practice
  definition: Working across the edges of activity systems.
"""
EXTENSIONS = ["attr_list", "footnotes", "toc", "admonition"]   # as mkdocs.yml lists them


class Converter:
    """One Markdown instance for many pages, switched page by page as the build does."""

    def __init__(self) -> None:
        library, _ = parse_library(BIB, "test.bib")
        glossary, _ = parse_glossary(GLOSSARY, "test-glossary.yml")
        self.citations = cite_link.CitationExtension(cite_link.CitationRenderer(library, HouseStyle(library)))
        forms = {form: c.id for c in glossary.concepts.values() for form in c.surface_forms}
        self.concepts = terms.ConceptExtension(forms, {c.id: c.definition for c in glossary.concepts.values()})
        self.md = markdown.Markdown(extensions=[*EXTENSIONS, self.citations, self.concepts])

    def __call__(self, text: str) -> str:
        self.md.reset()
        self.citations.begin_page()
        self.concepts.begin_page(lambda concept_id: f"../concepts/{concept_id}/")
        try:
            return self.md.convert(text)
        finally:
            self.citations.end_page()
            self.concepts.end_page()
