"""Where a citation is linked: citations become links to the page's reference list,
and each reference links back to every place it is cited.

:class:`CitationExtension` is a Python-Markdown extension. Its inline pattern runs after
code spans and backslash escapes (so code and ``\\@`` stay untouched) and before links.
The host calls :meth:`CitationExtension.begin_page` before a page is converted and
:meth:`CitationExtension.end_page` after, and gets the page's :class:`PageCitations`.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from hooks import cite_parse
from hooks.bibtex import Entry, Library
from hooks.cite_format import HouseStyle, letters
from hooks.cite_parse import Citation, CiteItem
from hooks.html_util import markdown_attribute, markdown_text

CITATION_CLASS = "citation"              # the span around a citation (hooks.deferred and the CSS read these)
CITATION_LINK_CLASS = "citation-link"    # each link in it
BIBLIOGRAPHY_MARK = re.compile(r"<p[^>]*>\\bibliography</p>")
FULL_BIBLIOGRAPHY_MARK = "<p>\\full_bibliography</p>"


@functools.lru_cache(maxsize=4096)
def anchor_key(key: str) -> str:
    """A key as it appears in ids: case-folded, since BibTeX keys are case-insensitive."""
    return re.sub(r"[^\w:.\-]", "-", key.casefold())


@dataclass
class PageCitations:
    """What one page cites, in order, with the anchor of each citing link."""

    uses: dict[str, list[str]] = field(default_factory=dict)   # entry key (folded) -> citation anchors
    unknown: list[str] = field(default_factory=list)             # keys as written

    def add_use(self, key: str) -> str:
        anchors = self.uses.setdefault(key, [])
        anchors.append(f"cite-{anchor_key(key)}-{len(anchors) + 1}")
        return anchors[-1]

    def in_reading_order(self, html: str) -> str:
        """The page's HTML with each work's citations numbered as a reader meets them.

        Python-Markdown converts a paragraph's text before the lists and tables beside it, so
        the numbers given during conversion may not follow the page; the ids (and the
        back-link letters "a b c", which follow :attr:`uses`) are renumbered here, once per page.
        """
        if all(len(anchors) < 2 for anchors in self.uses.values()):
            return html
        owner = {anchor: key for key, anchors in self.uses.items() for anchor in anchors}
        renamed: dict[str, str] = {}
        ordered: dict[str, list[str]] = {key: [] for key in self.uses}

        def renumber(m: re.Match[str]) -> str:
            old = m.group(2)
            if old not in renamed and old in owner:
                anchors = ordered[owner[old]]
                anchors.append(f"cite-{anchor_key(owner[old])}-{len(anchors) + 1}")
                renamed[old] = anchors[-1]
            return f'{m.group(1)}{renamed.get(old, old)}"'

        html = _CITATION_ID.sub(renumber, html)
        for key, anchors in self.uses.items():   # a use the HTML lost keeps a number after the others
            for _ in [a for a in anchors if a not in renamed]:
                ordered[key].append(f"cite-{anchor_key(key)}-{len(ordered[key]) + 1}")
        self.uses = ordered
        return html


_CITATION_ID = re.compile(r'(<a class="' + CITATION_LINK_CLASS + r'" href="#ref-[^"]*" id=")(cite-[^"]*)"')
Fragment = tuple[str, bool]   # (text, True: Markdown the editor wrote / False: HTML made here)


@dataclass(frozen=True, slots=True)
class _Work:
    """What every citation of one key needs, worked out once per build."""

    entry: Entry | None
    folded: str = ""
    year: str = ""
    names: str = ""              # in-text names, parenthetical form
    narrative_names: str = ""
    opening_names: str = ""      # narrative, at the start of a sentence ("Van der Veer")
    link_open: str = ""          # a citing link up to its id, which differs per use


class CitationRenderer:
    """Turns parsed citations into link markup in the house style."""

    def __init__(self, library: Library, style: HouseStyle, linked: bool = True) -> None:
        self.library = library
        self.style = style
        self.linked = linked   # False: the citation's words only, as the guide's examples show them
        self._works: dict[str, _Work] = {}   # key as written -> its work

    def fragments(self, citation: Citation, page: PageCitations, opens_sentence: bool = False) -> list[Fragment]:
        """The citation's inside, in order: HTML made here, and prefixes as the editor wrote them.
        ``opens_sentence``: a narrative citation starts a sentence, so a particle takes a capital."""
        out: list[Fragment] = []
        if citation.narrative:
            self._narrative(out, citation, page, opens_sentence)
        else:
            out.append(("(", False))
            self._parenthetical(out, citation.items, page)
            out.append((")", False))
        return out

    def _work(self, key: str) -> _Work:
        work = self._works.get(key)
        if work is None:
            work = self._works[key] = self._make_work(key)
        return work

    def _make_work(self, key: str) -> _Work:
        entry = self.library.get(key)
        if entry is None:
            return _Work(None)
        folded = entry.key.casefold()
        # Its preview comes from the reference list (docs/assets/previews.js).
        link_open = f'<a class="{CITATION_LINK_CLASS}" href="#ref-{markdown_attribute(anchor_key(folded))}" id="'
        return _Work(entry, folded, self.style.year(entry), self.style.authors_plain(entry, narrative=False),
                     self.style.authors_plain(entry, narrative=True), self.style.authors_opening(entry), link_open)

    def _link(self, out: list[Fragment], item: CiteItem, work: _Work, page: PageCitations, label: str) -> None:
        if work.entry is None:
            page.unknown.append(item.key)
            out.append((markdown_text(f"@{item.key}"), False))
            return
        if not self.linked:
            out.append((_label(label), False))
            return
        # An id is 'cite-', a key made of word characters, ':', '.' and '-', and a number: nothing to escape.
        out.append((f'{work.link_open}{page.add_use(work.folded)}">{_label(label)}</a>', False))

    def _parenthetical(self, out: list[Fragment], items: tuple[CiteItem, ...], page: PageCitations) -> None:
        previous_author = None
        for i, item in enumerate(items):
            work = self._work(item.key)
            author = work.names
            same = author and author == previous_author and not item.prefix and not item.suppress_author
            if i:
                out.append((", " if same else "; ", False))
            if item.prefix:
                out.append((item.prefix + " ", True))
            if item.suppress_author or same or not author:
                label = work.year
            else:
                label = f"{author}, {work.year}"
            self._link(out, item, work, page, label + (f", {item.locator}" if item.locator else ""))
            previous_author = author

    def _narrative(self, out: list[Fragment], citation: Citation, page: PageCitations, opens_sentence: bool) -> None:
        first, *more = citation.items
        work = self._work(first.key)
        author = (work.opening_names if opens_sentence else work.narrative_names) or f"@{first.key}"
        locator = f", {first.locator}" if first.locator else ""
        if not more:
            self._link(out, first, work, page, f"{author} ({work.year}{locator})")
            return
        out.append((markdown_text(f"{author} ("), False))
        self._link(out, first, work, page, work.year + locator)
        out.append((", ", False))
        self._parenthetical(out, tuple(more), page)
        out.append((")", False))


# Words, digits and a citation's own punctuation: no inline pattern acts on such text.
_PLAIN = re.compile(r"(?:[^\W_]|[ .,;()])*")


@functools.lru_cache(maxsize=1024)
def _label(label: str) -> str:
    """A citation label as HTML, with 'et al.' in italics as the house style asks.

    The label holds names and years from bibliography.bib: always text, never markup.
    """
    head, sep, tail = label.partition("et al.")
    return markdown_text(head) + (f"<em>{sep}</em>{markdown_text(tail)}" if sep else "")


class _CitationPattern(InlineProcessor):
    def __init__(self, extension: "CitationExtension", md: Markdown) -> None:
        super().__init__(cite_parse.PATTERN, md)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        """The citation as finished HTML in Python-Markdown's stash, which nothing after this
        pattern reads again; only a prefix with Markdown in it ('*cf.*') is left to Markdown."""
        page = self.extension.page
        citation = cite_parse.from_match(m) if page is not None else None
        if citation is None:
            return None, None, None
        end = m.start(0) + len(citation.source)
        opening = citation.narrative and cite_parse.opens_sentence(data[:m.start(0)])
        fragments = self.extension.renderer.fragments(citation, page, opening)
        stash = self.md.htmlStash.store
        if all(not markdown or _PLAIN.fullmatch(text) for text, markdown in fragments):
            inside = "".join(markdown_text(text) if markdown else text for text, markdown in fragments)
            return stash(f'<span class="{CITATION_CLASS}">{inside}</span>'), m.start(0), end
        span = etree.Element("span", {"class": CITATION_CLASS})
        span.text = "".join(text if markdown else stash(text) for text, markdown in fragments)
        return span, m.start(0), end


class _FootnotesFirst(Treeprocessor):
    """Footnotes before the reference list, as in the printed volume (Notes, then References).

    The footnotes extension appends its list at the end of the page, which puts the notes
    under the "References" heading; when they fall after ``\\bibliography``, they are moved
    before it, and before the heading right above it (the list's own, "References").
    An editor who places ``///Footnotes Go Here///`` before the list keeps that place.
    """

    def run(self, root: etree.Element) -> None:
        children = list(root)
        mark = next((i for i, el in enumerate(children) if is_bibliography_mark(el)), None)
        notes = next((i for i, el in enumerate(children) if el.tag == "div" and el.get("class") == "footnote"), None)
        if mark is None or notes is None or notes < mark:
            return
        start = mark - 1 if mark and children[mark - 1].tag in _HEADINGS else mark
        root.remove(children[notes])
        root.insert(start, children[notes])


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def is_bibliography_mark(element: etree.Element) -> bool:
    """A paragraph holding ``\\bibliography`` alone, before inline processing."""
    return element.tag == "p" and not len(element) and (element.text or "").strip() == "\\bibliography"


class _ReadingOrder(Postprocessor):
    """Citation ids and back-links numbered in reading order, once the page's HTML is whole."""

    def __init__(self, extension: "CitationExtension", md: Markdown) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        page = self.extension.page
        return page.in_reading_order(text) if page is not None else text


class CitationExtension(Extension):
    """Registers the citation pattern; one instance serves every page of a build."""

    def __init__(self, renderer: CitationRenderer) -> None:
        super().__init__()
        self.renderer = renderer
        self.page: PageCitations | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        # After 'backtick' (190) and 'escape' (180), before 'link' (160).
        md.inlinePatterns.register(_CitationPattern(self, md), "citation", 175)
        # After the footnotes extension has added its list (50), before inline patterns (20).
        md.treeprocessors.register(_FootnotesFirst(md), "citation-footnotes-first", 45)
        # After the stashed HTML is back in the page (raw_html, 30).
        md.postprocessors.register(_ReadingOrder(self, md), "citation-reading-order", 10)
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")  # so that '\@' shows a plain '@', not a citation

    def begin_page(self) -> PageCitations:
        self.page = PageCitations()
        return self.page

    def end_page(self) -> PageCitations:
        page, self.page = self.page or PageCitations(), None
        return page


def backlinks_html(anchors: list[str], base: str = "") -> str:
    """'↩' for one citation, '↩ a b c' for several, as footnotes do."""
    if not anchors:
        return ""
    if len(anchors) == 1:
        return (f' <a class="backlink" href="{base}#{anchors[0]}" '
                f'aria-label="Back to the citation">&#8617;</a>')
    links = " ".join(
        f'<a class="backlink" href="{base}#{a}" aria-label="Back to citation {i + 1}">{letters(i)}</a>'
        for i, a in enumerate(anchors))
    return f' <span class="backlinks">&#8617; {links}</span>'


def reference_list_html(keys: list[str], uses: dict[str, list[str]], library: Library, style: HouseStyle) -> str:
    """The page's references, alphabetical, each with links back to its citations."""
    entries = sorted((e for e in (library.get(k) for k in keys) if e), key=style.sort_key)
    if not entries:
        return '<p class="references-empty">This page cites no works.</p>'
    items = "".join(
        f'<li class="reference" id="ref-{html.escape(anchor_key(e.key))}">{style.reference_html(e)}'
        f'{backlinks_html(uses.get(e.key.casefold(), []))}</li>\n' for e in entries)
    return f'<ul class="references" data-search-exclude>\n{items}</ul>'
