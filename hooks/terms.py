"""Where concept mentions are found and linked.

:class:`TermMatcher` finds glossary terms in plain text by word lookup (a dict keyed
by the first word, longest form first), which stays fast with hundreds of terms where
one alternation of every term would not. :class:`ConceptLinker` is a Python-Markdown
tree processor: it gives paragraphs stable anchors, links the first mention of each
concept in a section, and records every mention for the concept pages. It never
changes the reader's words and never looks inside headings, links, code or citations.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

WORD = re.compile(r"\w+")
GAP = re.compile(r"[\s\-\u2010\u2011'\u2018\u2019]*\Z")   # what may stand between the words of a term
SKIP_TAGS = {"a", "code", "pre", "kbd", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "sup", "svg"}
SECTION_TAGS = {"h1", "h2", "h3"}
PASSAGE_TAGS = {"p", "li", "dd", "td", "th", "figcaption"}
SNIPPET_CONTEXT = 70


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    concept_id: str


class TermMatcher:
    """Finds surface forms of concepts in text, case-insensitively, longest first."""

    def __init__(self, forms: dict[str, str]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for form, concept_id in forms.items():
            words = tuple(w.casefold() for w in WORD.findall(form))
            if words:
                self._by_first.setdefault(words[0], []).append((words, concept_id))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping mentions, leftmost then longest."""
        # Most words begin no form: pick out those that do in one quick pass, look closer there.
        folded = [w.casefold() for w in WORD.findall(text)]
        by_first = self._by_first
        starts = [i for i, w in enumerate(folded) if w in by_first]
        if not starts:
            return []
        words = list(WORD.finditer(text))
        found: list[Match] = []
        free = 0
        for i in starts:
            if i < free:
                continue
            hit = self._match_at(text, words, folded, i)
            if hit:
                found.append(hit[0])
                free = i + hit[1]
        return found

    def _match_at(self, text: str, words: list[re.Match[str]], folded: list[str],
                  i: int) -> tuple[Match, int] | None:
        if _joined_before(text, words[i].start()):
            return None
        for form, concept_id in self._by_first[folded[i]]:
            n = len(form)
            if i + n > len(words) or not self._fits(text, words, folded, i, form):
                continue
            end = words[i + n - 1].end()
            if not _joined_after(text, end):
                return Match(words[i].start(), end, concept_id), n
        return None

    @staticmethod
    def _fits(text: str, words: list[re.Match[str]], folded: list[str], i: int, form: tuple[str, ...]) -> bool:
        for k in range(1, len(form)):
            if folded[i + k] != form[k] or not GAP.match(text, words[i + k - 1].end(), words[i + k].start()):
                return False
        return True


def _joined_before(text: str, start: int) -> bool:
    """True inside a hyphenated compound: 'object' in 'inter-object' is not a mention."""
    return start >= 2 and text[start - 1] in "-\u2010\u2011" and text[start - 2].isalnum()


def _joined_after(text: str, end: int) -> bool:
    return end + 1 < len(text) and text[end] in "-\u2010\u2011" and text[end + 1].isalnum()


@dataclass(frozen=True, slots=True)
class Mention:
    """One passage that mentions a concept, as a keyword-in-context snippet."""

    concept_id: str
    anchor: str
    before: str
    term: str
    after: str
    count: int


@dataclass
class PageTerms:
    """What one page mentions: every passage of every concept, in reading order."""

    mentions: list[Mention] = field(default_factory=list)
    linked: set[str] = field(default_factory=set)


def snippet(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Keyword in context: some words either side of text[start:end]."""
    before = " ".join(text[max(0, start - SNIPPET_CONTEXT):start].split(" ")[1:]) if start > SNIPPET_CONTEXT else text[:start]
    after_raw = text[end:end + SNIPPET_CONTEXT]
    after = after_raw if end + SNIPPET_CONTEXT >= len(text) else after_raw.rsplit(" ", 1)[0]
    return (("… " if start > SNIPPET_CONTEXT else "") + " ".join(before.split()) + (" " if before[-1:].isspace() else ""),
            text[start:end],
            ("" if not after[:1].isspace() else " ") + " ".join(after.split()) + (" …" if end + SNIPPET_CONTEXT < len(text) else ""))


class ConceptLinker(Treeprocessor):
    """Links concept mentions and anchors passages on the pages it is switched on for."""

    def __init__(self, md: Markdown, extension: "ConceptExtension") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        ext = self.extension
        if ext.page is None or ext.href is None:
            return
        self._passages = 0
        self._walk(root, ext.page, ext.href, ext.definitions)

    def _walk(self, parent: etree.Element, page: PageTerms, href: Callable[[str], str],
              definitions: dict[str, str]) -> None:
        for child in list(parent):
            if child.tag in SECTION_TAGS:
                page.linked.clear()
            if child.tag in SKIP_TAGS or "citation" in child.get("class", ""):
                continue
            if child.tag in PASSAGE_TAGS and not any(c.tag in ("p", "ul", "ol") for c in child):
                self._passage(child, page, href, definitions)
            else:
                self._walk(child, page, href, definitions)

    def _passage(self, element: etree.Element, page: PageTerms, href: Callable[[str], str],
                 definitions: dict[str, str]) -> None:
        self._passages += 1
        anchor = element.get("id") or f"par-{self._passages}"
        counts: dict[str, list[Match]] = {}
        parents = {child: parent for parent in element.iter() for child in parent}
        # One pass of the matcher over the passage's whole text serves both the snippets and,
        # wherever that is exact, the links; otherwise each slot is matched on its own.
        try:
            whole, slots = self._read(element)
        except _Irregular:
            whole, slots = PLACEHOLDER.sub("", "".join(element.itertext())), None
        in_whole = self.extension.matcher.find(whole)
        per_slot = _slot_matches(whole, slots, in_whole) if slots is not None else None
        if per_slot is None:
            self._raw_depth = 0
            per_slot = [((node, attr), self._find_outside_raw_html(getattr(node, attr)))
                        for node, attr in list(_text_slots(element))]
        for (node, attr), matches in per_slot:
            for m in matches:
                counts.setdefault(m.concept_id, []).append(m)
            if matches:
                self._link_slot(node, attr, matches, page, href, definitions, parents)
        if counts:
            element.set("id", anchor)
            firsts: dict[str, Match] = {}
            for m in in_whole:
                firsts.setdefault(m.concept_id, m)
            for concept_id, matches in counts.items():
                page.mentions.append(self._mention(whole, firsts.get(concept_id), concept_id, matches, anchor))
        elif element.tag == "p":
            element.set("id", anchor)

    def _read(self, element: etree.Element) -> tuple[str, list[Slot]]:
        """The passage's text as readers see it (without raw-HTML placeholders), and its slots,
        each with the segments of its text that may be linked and where they stand in that text."""
        parts: list[str] = []
        slots: list[Slot] = []
        pos, depth = 0, 0
        for text, key in _pieces(element, True):
            if key is None:
                clean = PLACEHOLDER.sub("", text) if STX in text else text
                parts.append(clean)
                pos += len(clean)
                continue
            segments: list[tuple[int, int, int]] = []     # (start, end) in the slot's text, start in the passage's
            cursor = 0
            for placeholder in PLACEHOLDER.finditer(text) if STX in text else ():
                if not depth and cursor < placeholder.start():
                    segments.append((cursor, placeholder.start(), pos))
                parts.append(text[cursor:placeholder.start()])
                pos += placeholder.start() - cursor
                depth = max(0, depth + _raw_tag_delta(self.md, int(placeholder.group(1))))
                cursor = placeholder.end()
            if not depth and cursor < len(text):
                segments.append((cursor, len(text), pos))
            parts.append(text[cursor:])
            pos += len(text) - cursor
            slots.append((key, text, segments))
        whole = "".join(parts)
        if whole != PLACEHOLDER.sub("", "".join(element.itertext())):   # not expected; stay exact
            raise _Irregular
        return whole, slots

    def _find_outside_raw_html(self, text: str) -> list[Match]:
        """Matches in ``text`` that are not inside inline raw HTML such as ``<a>…</a>``.

        Python-Markdown stashes each raw tag as a placeholder and leaves the text between
        them in the tree, so the linker must itself know when it is inside a raw link."""
        if STX not in text:
            return [] if self._raw_depth else self.extension.matcher.find(text)
        found, cursor = [], 0
        for placeholder in PLACEHOLDER.finditer(text):
            found += self._segment(text, cursor, placeholder.start())
            self._raw_depth = max(0, self._raw_depth + _raw_tag_delta(self.md, int(placeholder.group(1))))
            cursor = placeholder.end()
        return found + self._segment(text, cursor, len(text))

    def _segment(self, text: str, start: int, end: int) -> list[Match]:
        if self._raw_depth or start >= end:
            return []
        return [Match(m.start + start, m.end + start, m.concept_id)
                for m in self.extension.matcher.find(text[start:end])]

    @staticmethod
    def _mention(whole: str, first: Match | None, concept_id: str, matches: list[Match], anchor: str) -> Mention:
        """The passage as a snippet around ``first``, the concept's first match in ``whole``."""
        if first is None:
            return Mention(concept_id, anchor, "", "", whole[:2 * SNIPPET_CONTEXT], len(matches))
        return Mention(concept_id, anchor, *snippet(whole, first.start, first.end), len(matches))

    def _link_slot(self, node: etree.Element, attr: str, matches: list[Match], page: PageTerms,
                   href: Callable[[str], str], definitions: dict[str, str],
                   parents: dict[etree.Element, etree.Element]) -> None:
        """Split one text slot around the first mentions of concepts not yet linked here."""
        text = getattr(node, attr)
        to_link = []
        for m in matches:
            if m.concept_id not in page.linked:
                page.linked.add(m.concept_id)
                to_link.append(m)
        if not to_link:
            return
        links, cursor = [], 0
        for m in to_link:
            a = etree.Element("a", {"class": "concept-link", "href": href(m.concept_id),
                                    "title": definitions.get(m.concept_id, "")})
            a.text = text[m.start:m.end]
            links.append((text[cursor:m.start], a))
            cursor = m.end
        _splice(node, attr, links, text[cursor:], parents)


STX, ETX = "\x02", "\x03"
PLACEHOLDER = re.compile(STX + r"wzxhzdk:(\d+)" + ETX)
RAW_OPEN = re.compile(r"<(a|code|kbd|script|style|abbr|h[1-6])\b", re.I)
RAW_CLOSE = re.compile(r"</(a|code|kbd|script|style|abbr|h[1-6])\s*>", re.I)


def _raw_tag_delta(md: Markdown, index: int) -> int:
    """+1 when a stashed raw tag opens an element the linker must not enter, -1 when it closes one."""
    blocks = md.htmlStash.rawHtmlBlocks
    raw = str(blocks[index]) if 0 <= index < len(blocks) else ""
    return len(RAW_OPEN.findall(raw)) - len(RAW_CLOSE.findall(raw))


Slot = tuple[tuple[etree.Element, str], str, list[tuple[int, int, int]]]


def _pieces(element: etree.Element, linkable: bool):
    """(text, (node, 'text'|'tail') or None) in the order of ``element.itertext()``; the pair
    names the text when it is one of :func:`_text_slots`, None when it is skipped text."""
    if not isinstance(element.tag, str) and element.tag is not None:
        if linkable and element.text:           # a comment: itertext skips what _text_slots reads
            raise _Irregular
        return
    if element.text:
        yield element.text, (element, "text") if linkable else None
    for child in element:
        yield from _pieces(child, linkable and child.tag not in SKIP_TAGS and "citation" not in child.get("class", ""))
        if child.tail:
            yield child.tail, (child, "tail") if linkable else None


class _Irregular(Exception):
    pass


def _slot_matches(whole: str, slots: list[Slot], found: list[Match]) -> list | None:
    """Each slot's matches read off ``found``, the matches in the passage's whole text; None
    where that could differ from matching each linkable segment on its own: a match or a word
    running across a segment's edge, or a hyphen at an edge (a compound in the whole text)."""
    starts: list[int] = []
    ends: list[int] = []
    owners: list[tuple[int, int, int]] = []            # (slot index, start in slot text, start in whole)
    for index, (_, _, segments) in enumerate(slots):
        for seg_start, seg_end, at in segments:
            a, b = at, at + seg_end - seg_start
            if _edge(whole, a) or _edge(whole, b) or _joined_before(whole, a) or _joined_before(whole, a + 1) \
                    or _joined_after(whole, b - 1) or _joined_after(whole, b):
                return None
            starts.append(a)
            ends.append(b)
            owners.append((index, seg_start, at))
    per_slot: list[list[Match]] = [[] for _ in slots]
    for m in found:
        k = bisect.bisect_right(starts, m.start) - 1
        if k >= 0 and m.start < ends[k]:
            if m.end > ends[k]:
                return None
            index, seg_start, at = owners[k]
            per_slot[index].append(Match(m.start - at + seg_start, m.end - at + seg_start, m.concept_id))
        elif k + 1 < len(starts) and m.end > starts[k + 1]:
            return None
    return [(key, matches) for (key, _, _), matches in zip(slots, per_slot)]


def _edge(text: str, pos: int) -> bool:
    """True when ``pos`` falls inside a word of ``text`` (word characters on both sides)."""
    return 0 < pos < len(text) and bool(WORD.match(text, pos - 1, pos)) and bool(WORD.match(text, pos, pos + 1))


def _text_slots(element: etree.Element):
    """(node, 'text'|'tail') pairs holding readable text inside ``element``, skipping links and code."""
    if element.text:
        yield element, "text"
    for child in element:
        if child.tag not in SKIP_TAGS and "citation" not in child.get("class", ""):
            yield from _text_slots(child)
        if child.tail:
            yield child, "tail"


def _splice(node: etree.Element, attr: str, links: list[tuple[str, etree.Element]], rest: str,
            parents: dict[etree.Element, etree.Element]) -> None:
    """Replace node.text or node.tail with text + links, keeping every character."""
    if attr == "text":
        parent, index = node, 0
    else:
        parent = parents[node]
        index = list(parent).index(node) + 1
    setattr(node, attr, links[0][0])
    for offset, (_, a) in enumerate(links):
        parent.insert(index + offset, a)
    for k, (_, a) in enumerate(links):
        a.tail = links[k + 1][0] if k + 1 < len(links) else rest


class ConceptExtension(Extension):
    """Registers the linker; one instance serves every page of a build and is switched
    on per page with :meth:`begin_page`."""

    def __init__(self, forms: dict[str, str], definitions: dict[str, str]) -> None:
        super().__init__()
        self.matcher = TermMatcher(forms)
        self.definitions = definitions
        self.page: PageTerms | None = None
        self.href: Callable[[str], str] | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        # After 'inline' (20), so citations are already links; before 'attr_list' (8) and 'toc' (5).
        md.treeprocessors.register(ConceptLinker(md, self), "concepts", 15)

    def begin_page(self, href: Callable[[str], str] | None) -> None:
        self.page = PageTerms() if href else None
        self.href = href

    def end_page(self) -> PageTerms | None:
        page, self.page, self.href = self.page, None, None
        return page
