"""The library page: every work of the shared bibliography and where each is cited.

A reverse citation index: for each entry, links to the exact citing passages of
every paper, and the concepts that draw on it. Built once per build, after every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Iterable, Mapping

from hooks.bibtex import Library
from hooks.cite_format import HouseStyle
from hooks.cite_link import anchor_key
from hooks.html_util import esc


@dataclass(frozen=True)
class CitingPage:
    """A paper (or other page) and the anchors of its citations of one work.

    A work the paper lists under ``nocite`` has no citing passages; then ``listed`` is the
    anchor of the work in the paper's reference list, and the link goes there."""

    title: str
    href: str           # relative href of the page from the library page
    anchors: tuple[str, ...]
    listed: str = ""


def citing_index(cited: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Folded key -> the pages that cite it, in the order of ``cited`` (page -> keys it cites).

    The keys of a page are those its text cites and those it lists under ``nocite``: a work
    on a paper's reference list counts as cited by that paper."""
    index: dict[str, list[str]] = {}
    for page, keys in cited.items():
        for key in dict.fromkeys(k.casefold() for k in keys):
            index.setdefault(key, []).append(page)
    return index


def cited_in_html(citing: list[CitingPage]) -> str:
    parts = []
    for page in citing:
        passages = " ".join(f'<a href="{esc(page.href)}#{esc(a)}" aria-label="citation {i + 1}">{i + 1}</a>'
                            for i, a in enumerate(page.anchors))
        if not page.anchors and page.listed:
            passages = f'<a href="{esc(page.href)}#{esc(page.listed)}">in its references</a>'
        parts.append(f'<li><a href="{esc(page.href)}"><em>{esc(page.title)}</em></a>: {passages}</li>')
    return f'<ul class="cited-in">{"".join(parts)}</ul>'


def library_html(library: Library, style: HouseStyle, citing: Callable[[str], list[CitingPage]],
                 concepts: Callable[[str], list[tuple[str, str]]]) -> str:
    """Every entry, alphabetical, with 'cited in' and 'used by concepts'; uncited ones flagged."""
    items = []
    uncited = []
    for entry in sorted(library, key=style.sort_key):
        folded = entry.key.casefold()
        pages = citing(folded)
        used_by = concepts(folded)
        if not pages:
            uncited.append(entry)
        cited = ('<p class="cited-in-label">Cited in:</p>' + cited_in_html(pages)) if pages else \
            '<p class="cited-in-label uncited">Not cited by any paper yet.</p>'
        related = (' <p class="used-by">Concepts: ' + ", ".join(f'<a href="{esc(h)}">{esc(t)}</a>' for t, h in used_by) + "</p>") if used_by else ""
        items.append(f'<li class="library-entry" id="ref-{esc(anchor_key(entry.key))}">'
                     f'<p class="library-reference">{style.reference_html(entry)} '
                     f'<code class="library-key">{esc(entry.key)}</code></p>{cited}{related}</li>')
    summary = (f'<p class="library-summary">{len(library)} works; '
               f'{len(library) - len(uncited)} cited by the papers, {len(uncited)} not yet cited.</p>')
    return summary + f'<ol class="library" data-search-exclude>{"".join(items)}</ol>'
