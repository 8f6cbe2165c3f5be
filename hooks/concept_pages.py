"""Concept pages, the A–Z index and the concept map, rendered from the glossary and the
mentions that :mod:`hooks.terms` recorded while the papers were converted.

Pure functions; ``href(src_uri)`` gives a relative link from the page being rendered.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations, count
from typing import Callable

from hooks.cite_parse import cited_keys
from hooks.glossary import Concept, Glossary
from hooks.html_util import esc
from hooks.terms import Mention

PASSAGES_MARK = "<p>\\concept_passages</p>"
INDEX_MARK = "<p>\\concept_index</p>"
OPEN_GROUPS = 5          # papers whose passages are shown; further papers get one line each
PASSAGES_SHOWN = 25      # passages shown of one paper; the rest are a link away
MAP_NODES = 48           # the map shows the most-mentioned concepts
MAP_EDGES = 120


def concept_src(concept_id: str) -> str:
    return f"concepts/{concept_id}.md"


def _md_safe(text: str) -> str:
    """Glossary Markdown with raw HTML disabled: editors' prose, never markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CONCEPT_FRONT_MATTER = "---\nsearch:\n  boost: 3\n---\n"   # title and description: concept_meta


def concept_meta(concept: Concept) -> dict[str, str]:
    """A concept page's title and description, set by the hook from the glossary: written into the
    page's front matter they would be dumped and parsed as YAML again, two hundred times a build."""
    return {"title": concept.term, "description": concept.definition}


def concept_markdown(concept: Concept, glossary: Glossary) -> str:
    """The Markdown source of a concept page; passages are filled in after every paper."""
    variants = ", ".join(esc(v) for v in concept.variants)
    related = "\n".join(
        f"- [{_md_safe(glossary.concepts[r].term)}]({r}.md): {_md_safe(glossary.concepts[r].definition)}"
        for r in concept.related if r in glossary.concepts)
    parts = [
        CONCEPT_FRONT_MATTER,
        f"# {_md_safe(concept.term)}\n",
        f'<p class="concept-definition">{esc(concept.definition)}</p>\n',
        f'<p class="concept-facts"><span>Category: {esc(concept.category)}</span>'
        + (f" · <span>Also written: {variants}</span>" if variants else "") + "</p>\n",
        _md_safe(concept.explanation).strip() + "\n" if concept.explanation.strip() else "",
        "## Sources\n\n\\bibliography\n" if concept.sources or cited_keys(concept.explanation) else "",
        f"## Related concepts\n\n{related}\n" if related else "",
        "## Where it appears\n\n\\concept_passages\n",
    ]
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class PaperMentions:
    """One paper's passages for one concept: the snippets shown, and how many there are in all."""

    title: str
    authors: str
    href: str
    mentions: tuple[Mention, ...]       # snippets, in reading order (none when only a line is shown)
    passages: int = 0                   # passages in all (0: as many as there are snippets)
    total: int = 0                      # mentions in all (0: as the snippets count them)
    first: str = ""                     # the first passage's anchor ("": the first snippet's)

    def __post_init__(self) -> None:
        for name, value in (("passages", len(self.mentions)), ("total", sum(m.count for m in self.mentions)),
                            ("first", self.mentions[0].anchor if self.mentions else "")):
            if not getattr(self, name):
                object.__setattr__(self, name, value)


def passages_html(concept: Concept, groups: list[PaperMentions]) -> str:
    """Keyword-in-context snippets grouped by paper, each linking to its paragraph."""
    if not groups:
        return ('<p class="concept-unused">No paper of the proceedings mentions this concept yet; '
                "it is defined here for reference.</p>")
    # Counted in passages, the unit the snippets show (one each); a passage naming it more often says so.
    passages = sum(g.passages for g in groups)
    head = (f'<p class="concept-count">Mentioned in {passages} passage{"s" * (passages != 1)} '
            f'of {len(groups)} paper{"s" * (len(groups) != 1)}.</p>')
    blocks = [_paper_passages(g) for g in groups[:OPEN_GROUPS]]
    if len(groups) > OPEN_GROUPS:
        more = "".join(
            f'<li><a href="{esc(g.href)}#{esc(g.first)}"><em>{esc(g.title)}</em></a>{_byline(g)}</li>'
            for g in groups[OPEN_GROUPS:])
        blocks.append(f'<p class="concept-more-label">Also in {len(groups) - OPEN_GROUPS} more papers '
                      f'(each links to its first passage):</p><ul class="concept-more-papers">{more}</ul>')
    return head + f'<div class="concept-passages" data-search-exclude>{"".join(blocks)}</div>'


def _paper_passages(g: PaperMentions) -> str:
    """One paper's passages in full, as keyword-in-context snippets; at most PASSAGES_SHOWN."""
    items = "".join(
        f'<li><a href="{esc(g.href)}#{esc(m.anchor)}">{esc(m.before)}<mark>{esc(m.term)}</mark>{esc(m.after)}</a>'
        f'{_times(m.count)}</li>'
        for m in g.mentions[:PASSAGES_SHOWN])
    rest = g.passages - PASSAGES_SHOWN
    if rest > 0 and len(g.mentions) > PASSAGES_SHOWN:
        items += (f'<li class="kwic-more"><a href="{esc(g.href)}#{esc(g.mentions[PASSAGES_SHOWN].anchor)}">'
                  f'and {rest} more passage{"s" * (rest != 1)} in this paper</a></li>')
    return (f'<details class="concept-paper" open><summary><em>{esc(g.title)}</em>{_byline(g)}</summary>'
            f'<ol class="kwic">{items}</ol></details>')


def _times(count: int) -> str:
    """' (3 times)' after a snippet whose passage names the concept more than once."""
    return f' <span class="kwic-times">({count} times)</span>' if count > 1 else ""


def _byline(g: PaperMentions) -> str:
    """' — authors (passages)' after a paper's title."""
    return f' — {esc(g.authors)} <span class="concept-paper-count">({g.passages})</span>'


@dataclass(slots=True)
class PaperPassages:
    """One paper's passages that mention one concept: all counted, the first few as snippets."""

    src: str
    rank: int                           # the paper's place in reading order
    passages: int
    total: int                          # mentions in those passages
    first: str                          # the first passage's anchor
    shown: tuple[Mention, ...]          # emptied once better-placed papers fill the concept's page


@dataclass
class PassageIndex:
    """Where each concept appears, paper by paper, filled as the papers are converted.

    Papers are converted in any order, but a concept page lists them in reading order and
    shows snippets for the first :data:`OPEN_GROUPS` only. So snippets are kept just for the
    best-placed papers seen so far, and dropped as better-placed ones arrive: a few per
    concept are held, not one per mention of the whole corpus.
    """

    ranks: dict[str, int]                                   # src_uri -> place in reading order
    papers: dict[str, list[PaperPassages]] = field(default_factory=dict)   # concept id -> papers
    pairs: Counter = field(default_factory=Counter)         # (concept, concept) -> shared passages
    _kept: dict[str, list[tuple[int, int, PaperPassages]]] = field(default_factory=dict, init=False, repr=False)
    _order: "count[int]" = field(default_factory=count, init=False, repr=False)

    def add(self, src: str, mentions: list[Mention]) -> None:
        """Record one converted paper's mentions (in reading order within the paper)."""
        per_concept: dict[str, list[Mention]] = {}
        per_passage: dict[str, set[str]] = {}
        for m in mentions:
            per_concept.setdefault(m.concept_id, []).append(m)
            per_passage.setdefault(m.anchor, set()).add(m.concept_id)
        self.pairs.update(co_occurrence(list(per_passage.values())))
        rank = self.ranks.get(src, len(self.ranks))
        for concept_id, found in per_concept.items():
            entry = PaperPassages(src, rank, len(found), sum(m.count for m in found), found[0].anchor,
                                  tuple(found[:PASSAGES_SHOWN + 1]))
            self.papers.setdefault(concept_id, []).append(entry)
            self._keep_best(concept_id, entry)

    def _keep_best(self, concept_id: str, entry: PaperPassages) -> None:
        """Keep snippets for the OPEN_GROUPS best-placed papers (a heap whose top is the worst kept)."""
        kept = self._kept.setdefault(concept_id, [])
        item = (-entry.rank, next(self._order), entry)
        if len(kept) < OPEN_GROUPS:
            heapq.heappush(kept, item)
        elif entry.rank < -kept[0][0]:
            heapq.heapreplace(kept, item)[2].shown = ()
        else:
            entry.shown = ()
            return
        for mention in entry.shown:     # kept: its snippets now, and not the passages' whole text
            mention.settle()

    def in_order(self, concept_id: str) -> list[PaperPassages]:
        return sorted(self.papers.get(concept_id, []), key=lambda p: p.rank)

    def passage_counts(self) -> Counter:
        """Concept id -> passages mentioning it, over every paper."""
        return Counter({cid: sum(p.passages for p in papers) for cid, papers in self.papers.items()})


def index_markdown() -> str:
    return "---\ntitle: Concepts\n---\n\n# Concepts\n\n\\concept_index\n"


def index_html(glossary: Glossary, counts: Counter, href: Callable[[str], str], map_svg: str) -> str:
    """A–Z of every concept with its short definition and how often the papers use it."""
    by_letter: dict[str, list[Concept]] = {}
    for c in glossary.sorted_by_term():
        letter = c.term.lstrip("'‘\"").upper()[:1] or "#"
        by_letter.setdefault(letter if letter.isalpha() else "#", []).append(c)
    letters = " ".join(f'<a href="#letter-{esc(k.lower())}">{esc(k)}</a>' for k in by_letter)
    sections = []
    for letter, concepts in by_letter.items():
        rows = "".join(
            f'<dt><a href="{esc(href(concept_src(c.id)))}">{esc(c.term)}</a>'
            f' <span class="concept-uses">{counts.get(c.id, 0)} passage{"s" * (counts.get(c.id, 0) != 1)}</span></dt>'
            f"<dd>{esc(c.definition)}</dd>" for c in concepts)
        sections.append(f'<h2 id="letter-{esc(letter.lower())}">{esc(letter)}</h2><dl class="concept-index">{rows}</dl>')
    used = sum(1 for cid in glossary.concepts if counts.get(cid, 0))
    uses = (" that the papers use" if used == len(glossary.concepts)
            else f"; the papers mention {used} of them")
    intro = (f"<p>{len(glossary.concepts)} concepts of activity theory and collaborative practice{uses}. "
             "Each page defines the concept and shows every passage that mentions it.</p>")
    nav = f'<nav class="concept-letters" aria-label="Concepts by letter">{letters}</nav>'
    return intro + nav + '<h2 id="concept-map">Concept map</h2>' + map_svg + "".join(sections)


def co_occurrence(paragraphs: list[set[str]]) -> Counter:
    """How many passages mention each pair of concepts together."""
    pairs: Counter = Counter()
    for ids in paragraphs:
        pairs.update(combinations(sorted(ids), 2))
    return pairs


def concept_map_svg(glossary: Glossary, counts: Counter, pairs: Counter, href: Callable[[str], str]) -> str:
    """A circular map of the most-used concepts; lines join concepts that share passages."""
    nodes = [cid for cid, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if cid in glossary.concepts][:MAP_NODES]
    if len(nodes) < 2:
        return "<p>The concept map appears once the papers mention at least two concepts.</p>"
    categories = sorted({glossary.concepts[c].category for c in nodes})
    nodes.sort(key=lambda c: (categories.index(glossary.concepts[c].category), glossary.concepts[c].term.casefold()))
    size, radius = 760, 250
    centre = size / 2
    pos = {c: (centre + radius * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
               centre + radius * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2)) for i, c in enumerate(nodes)}
    edges = [(a, b, w) for (a, b), w in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])) if a in pos and b in pos][:MAP_EDGES]
    top = max((w for _, _, w in edges), default=1)
    lines = "".join(f'<line x1="{pos[a][0]:.1f}" y1="{pos[a][1]:.1f}" x2="{pos[b][0]:.1f}" y2="{pos[b][1]:.1f}" '
                    f'stroke-width="{0.5 + 3.5 * w / top:.2f}"><title>{esc(glossary.concepts[a].term)} and '
                    f'{esc(glossary.concepts[b].term)}: {w} shared passage{"s" * (w != 1)}</title></line>'
                    for a, b, w in edges)
    biggest = max(counts[c] for c in nodes)
    layout = {c: _node_layout(pos[c], centre, counts[c], biggest) for c in nodes}
    dots = "".join(_node(glossary.concepts[c], pos[c], layout[c], counts[c], categories, href) for c in nodes)
    # The view box fits the circles and their labels (which stick out sideways), not the whole square.
    x0, y0, x1, y1 = _map_box([_node_box(pos[c], layout[c], glossary.concepts[c].term) for c in nodes])
    return (f'<figure class="concept-map"><svg viewBox="{x0:.0f} {y0:.0f} {x1 - x0:.0f} {y1 - y0:.0f}" role="group" '
            f'aria-labelledby="concept-map-title" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="concept-map-title">Concepts that the papers use together</title>'
            f'<g class="concept-map-edges">{lines}</g><g class="concept-map-nodes">{dots}</g></svg>'
            f"<figcaption>The {len(nodes)} most-mentioned concepts, grouped by category around the circle; "
            "a line joins two concepts mentioned in the same passage, thicker for more passages. "
            "Select a concept to open its page.</figcaption></figure>")


MAP_LABEL_PX = 11         # the labels' font size (docs/assets/site.css sets the same)
MAP_LABEL_EM = 0.62       # a label character's width in font sizes, generous for readers' sans-serif fonts


def _node_layout(xy: tuple[float, float], centre: float, count: int, biggest: int) -> tuple[float, float, float, str]:
    """A node's radius and its label's anchor point and alignment: (r, lx, ly, text-anchor)."""
    x, y = xy
    r = 4 + 8 * math.sqrt(count / biggest)
    dx, dy = x - centre, y - centre
    norm = math.hypot(dx, dy) or 1
    lx, ly = x + (r + 6) * dx / norm, y + (r + 6) * dy / norm
    return r, lx, ly, "start" if dx > 1 else "end" if dx < -1 else "middle"


def _node_box(xy: tuple[float, float], layout: tuple[float, float, float, str], term: str) -> tuple[float, ...]:
    """The estimated box (x0, y0, x1, y1) that a node's circle and label cover."""
    (x, y), (r, lx, ly, anchor) = xy, layout
    width = len(term) * MAP_LABEL_EM * MAP_LABEL_PX
    left = {"start": lx, "end": lx - width, "middle": lx - width / 2}[anchor]
    return (min(x - r, left), min(y - r, ly + 4 - MAP_LABEL_PX), max(x + r, left + width), max(y + r, ly + 4 + 3))


def _map_box(boxes: list[tuple[float, ...]], pad: float = 6) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes) - pad, min(b[1] for b in boxes) - pad,
            max(b[2] for b in boxes) + pad, max(b[3] for b in boxes) + pad)


def _node(concept: Concept, xy: tuple[float, float], layout: tuple[float, float, float, str], count: int,
          categories: list[str], href: Callable[[str], str]) -> str:
    x, y = xy
    r, lx, ly, anchor = layout
    colour = categories.index(concept.category) % 7
    return (f'<a href="{esc(href(concept_src(concept.id)))}"><circle class="category-{colour}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
            f"<title>{esc(concept.term)}: {count} passage{'s' * (count != 1)}</title></circle>"
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}">{esc(concept.term)}</text></a>')
