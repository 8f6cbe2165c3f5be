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
from markdown.util import AtomicString

from hooks import cite_parse
from hooks.bibtex import Entry, Library
from hooks.cite_format import HouseStyle, letters
from hooks.cite_parse import Citation, CiteItem

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


class CitationRenderer:
    """Turns parsed citations into link elements in the house style."""

    def __init__(self, library: Library, style: HouseStyle) -> None:
        self.library = library
        self.style = style
        self._authors: dict[tuple[str, bool], str] = {}   # (key as written, narrative) -> names

    def element(self, citation: Citation, page: PageCitations) -> etree.Element:
        span = etree.Element("span", {"class": "citation"})
        if citation.narrative:
            self._narrative(span, citation, page)
        else:
            _text(span, "(")
            self._parenthetical(span, citation.items, page)
            _text(span, ")")
        return span

    def _link(self, parent: etree.Element, item: CiteItem, page: PageCitations, label: str) -> None:
        entry = self.library.get(item.key)
        if entry is None:
            page.unknown.append(item.key)
            _text(parent, f"@{item.key}")
            return
        folded = entry.key.casefold()
        a = etree.SubElement(parent, "a", {
            "class": "citation-link", "href": f"#ref-{anchor_key(folded)}",
            "id": page.add_use(folded)})   # its tooltip comes from the reference list (docs/assets/citations.js)
        _label(a, label)

    def _author(self, item: CiteItem, narrative: bool) -> str:
        """The in-text names of a work, formatted once per build and form."""
        names = self._authors.get((item.key, narrative))
        if names is None:
            entry = self.library.get(item.key)
            names = self._authors[item.key, narrative] = self.style.authors_plain(entry, narrative) if entry else ""
        return names

    def _year(self, item: CiteItem) -> str:
        entry = self.library.get(item.key)
        return self.style.year(entry) if entry else ""

    def _parenthetical(self, span: etree.Element, items: tuple[CiteItem, ...], page: PageCitations) -> None:
        previous_author = None
        for i, item in enumerate(items):
            author = self._author(item, narrative=False)
            same = author and author == previous_author and not item.prefix and not item.suppress_author
            if i:
                _text(span, ", " if same else "; ")
            if item.prefix:
                _text(span, item.prefix + " ")
            if item.suppress_author or same or not author:
                label = self._year(item)
            else:
                label = f"{author}, {self._year(item)}"
            self._link(span, item, page, label + (f", {item.locator}" if item.locator else ""))
            previous_author = author

    def _narrative(self, span: etree.Element, citation: Citation, page: PageCitations) -> None:
        first, *more = citation.items
        author = self._author(first, narrative=True) or f"@{first.key}"
        locator = f", {first.locator}" if first.locator else ""
        if not more:
            self._link(span, first, page, f"{author} ({self._year(first)}{locator})")
            return
        _text(span, AtomicString(f"{author} ("))
        self._link(span, first, page, self._year(first) + locator)
        _text(span, ", ")
        self._parenthetical(span, tuple(more), page)
        _text(span, ")")


def _text(parent: etree.Element, text: str) -> None:
    """Append text after the last child (or inside an empty parent)."""
    if len(parent):
        parent[-1].tail = _joined(parent[-1].tail, text)
    else:
        parent.text = _joined(parent.text, text)


# Words, digits and a citation's own punctuation: no inline pattern acts on such text.
_PLAIN = re.compile(r"(?:[^\W_]|[ .,;()])*")


def _joined(old: str | None, new: str) -> str:
    """old + new, still atomic when either part is: names from the library are text, never Markdown.

    Plain text ("(", "; ", "; see ") is atomic too, so that Markdown's later inline patterns
    do not search every scrap of a citation in vain; a prefix with markup stays Markdown.
    """
    text = (old or "") + new
    atomic = isinstance(old, AtomicString) or isinstance(new, AtomicString) or _PLAIN.fullmatch(text)
    return AtomicString(text) if atomic else text


def _label(a: etree.Element, label: str) -> None:
    """Write a citation label, setting 'et al.' in italics as the house style asks.

    The label holds names and years from bibliography.bib; as AtomicString, Markdown's
    later inline patterns (raw HTML among them) never read markup into it.
    """
    head, sep, tail = label.partition("et al.")
    a.text = AtomicString(head)
    if sep:
        em = etree.SubElement(a, "em")
        em.text = AtomicString(sep)
        em.tail = AtomicString(tail)


class _CitationPattern(InlineProcessor):
    def __init__(self, extension: "CitationExtension", md: Markdown) -> None:
        super().__init__(cite_parse.PATTERN, md)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        page = self.extension.page
        citation = cite_parse.from_match(m) if page is not None else None
        if citation is None:
            return None, None, None
        element = self.extension.renderer.element(citation, page)
        return element, m.start(0), m.start(0) + len(citation.source)


class CitationExtension(Extension):
    """Registers the citation pattern; one instance serves every page of a build."""

    def __init__(self, renderer: CitationRenderer) -> None:
        super().__init__()
        self.renderer = renderer
        self.page: PageCitations | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        # After 'backtick' (190) and 'escape' (180), before 'link' (160).
        md.inlinePatterns.register(_CitationPattern(self, md), "citation", 175)
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
