"""Worked examples of the editors' guide, printed by the house style itself.

A guide page shows BibTeX in a fenced ``bibtex`` block and writes ``<!-- printed -->`` on
the line after it; the build replaces the marker with what the block's entries become:
each reference as the reference list prints it (in the list's order) and each citation as
the text shows it. The guide can therefore never disagree with :mod:`hooks.cite_format`.
The entries of a block form a library of their own, so a block of two works of one
author and year shows the letters 2001a and 2001b, and nothing depends on the shared library.
"""

from __future__ import annotations

import re

from hooks.bibtex import Entry, parse_library
from hooks.cite_format import HouseStyle
from hooks.cite_link import CitationRenderer, PageCitations
from hooks.cite_parse import Citation, CiteItem
from hooks.diagnostics import Diagnostic, warning

MARKER = "<!-- printed -->"
EXAMPLE = re.compile(r"(?P<block>^```bibtex[ \t]*\n(?P<bib>.*?)^```[ \t]*\n)[ \t]*\n?^" + re.escape(MARKER) + r"[ \t]*$",
                     re.M | re.S)
_MARKER_LINE = re.compile(r"^" + re.escape(MARKER) + r"[ \t]*$", re.M)


def citations_html(style: HouseStyle, renderer: CitationRenderer, entry: Entry) -> str:
    """How the citations of one work read, as HTML: in brackets, in a sentence, and at the
    start of a sentence when that differs (a particle: "Van der Veer")."""
    item = (CiteItem(entry.key),)

    def reads(narrative: bool, opening: bool = False) -> str:
        fragments = renderer.fragments(Citation(item, narrative, ""), PageCitations(), opening)
        return "".join(text for text, _ in fragments)   # no prefix here, so every fragment is HTML

    key = _esc(entry.key)
    text = (f"<code>[@{key}]</code> reads {reads(False)}; "
            f"<code>@{key}</code> in a sentence reads {reads(True)}")
    if style.authors_opening(entry) != style.authors_plain(entry, narrative=True):
        text += f", and at the start of a sentence {reads(True, opening=True)}"
    return text


def example_html(bib: str) -> tuple[str, list[Diagnostic]]:
    """The printed form of the entries of one guide example, and the problems of its BibTeX
    (their lines counted from the block's first line)."""
    library, problems = parse_library(bib, "example")
    style = HouseStyle(library)
    renderer = CitationRenderer(library, style, linked=False)
    items = []
    for entry in sorted(library, key=style.sort_key):
        items.append(f'<li><p class="example-reference">{style.reference_html(entry)}</p>'
                     f'<p class="example-citations">{citations_html(style, renderer, entry)}</p></li>')
    heading = "Printed by the build as:" if items else "Nothing to print: the example holds no entry."
    return (f'<div class="citation-example" data-search-exclude>\n<p>{heading}</p>\n'
            f'<ul>{"".join(items)}</ul>\n</div>'), [p for p in problems if p.level != "info"]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fill(markdown: str, path: str, first_line: int = 1) -> tuple[str, list[Diagnostic]]:
    """The page with each ``<!-- printed -->`` after a bibtex block replaced by its printed
    form; a marker with no block before it, or an example the house style rejects, is a warning."""
    problems: list[Diagnostic] = []

    def line_of(pos: int) -> int:
        return first_line + markdown.count("\n", 0, pos)

    def printed(m: re.Match[str]) -> str:
        html, found = example_html(m.group("bib"))
        problems.extend(warning(path, line_of(m.start("bib")) + (p.line or 1) - 1, f"the BibTeX example above "
                                f"{MARKER} is not printable: {p.message}; fix the example") for p in found)
        return m.group("block") + "\n" + html

    examples = [m.span() for m in EXAMPLE.finditer(markdown)]
    for m in _MARKER_LINE.finditer(markdown):
        if not any(start <= m.start() < end for start, end in examples):
            problems.append(warning(path, line_of(m.start()), f"{MARKER} must follow a fenced bibtex block directly "
                                    "(one blank line at most); move it under the example or delete it"))
    return EXAMPLE.sub(printed, markdown), problems
