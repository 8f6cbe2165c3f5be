"""Where concept mentions are found and linked.

:class:`TermMatcher` finds glossary terms in plain text by word lookup (a dict keyed
by the first word, longest form first), which stays fast with hundreds of terms where
one alternation of every term would not. :class:`ConceptLinker` is a Python-Markdown
postprocessor: it reads the converted page once (:func:`read_layout`), gives paragraphs
stable anchors, links the first mention of each concept in a section, and records every
mention for the concept pages. It never changes the reader's words and never looks inside
headings, links, code or citations.
"""

from __future__ import annotations

import bisect
import html as html_lib
import re
from dataclasses import dataclass, field
from itertools import accumulate, chain
from typing import Callable

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from hooks.html_util import markdown_attribute

WORD = re.compile(r"\w+")
_WORDS_AND_GAPS = re.compile(r"(\w+)")
GAP = re.compile(r"[\s\-\u2010\u2011'\u2018\u2019]*")   # what may stand between the words of a term
SKIP_TAGS = {"a", "code", "pre", "kbd", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "sup", "svg"}
SECTION_TAGS = {"h1", "h2", "h3"}
PASSAGE_TAGS = {"p", "li", "dd", "td", "th", "figcaption"}
SNIPPET_CONTEXT = 70
CONCEPT_LINK_CLASS = "concept-link"      # hooks.deferred and the CSS read it
_TOC_START = '<div class="toc">'         # the table of contents Python-Markdown's toc extension makes


@dataclass(slots=True)
class Match:
    start: int
    end: int
    concept_id: str


Form = tuple[tuple[str, ...], str]      # a surface form's case-folded words, and its concept


@dataclass(slots=True)
class _FormsFrom:
    """The forms that begin with one word: by their second word, and those of one word only."""

    by_second: dict[str, list[Form]] = field(default_factory=dict)   # longest first
    alone: list[Form] = field(default_factory=list)


class TermMatcher:
    """Finds surface forms of concepts in text, case-insensitively, longest first."""

    def __init__(self, forms: dict[str, str]) -> None:
        self._by_first: dict[str, _FormsFrom] = {}
        ordered: list[Form] = []
        for form, concept_id in forms.items():
            words = tuple(w.casefold() for w in WORD.findall(form))
            if words:
                ordered.append((words, concept_id))
        for words, concept_id in sorted(ordered, key=lambda f: -len(f[0])):   # stable: ties keep their order
            first = self._by_first.setdefault(words[0], _FormsFrom())
            if len(words) > 1:
                first.by_second.setdefault(words[1], []).append((words, concept_id))
            else:
                first.alone.append((words, concept_id))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping mentions, leftmost then longest."""
        # Words and the gaps between them in one split: tokens[2i + 1] is word i, tokens[2i] the gap
        # before it. Most words begin no form: pick out those that do, and look closer only there.
        tokens = _WORDS_AND_GAPS.split(text)
        folded = list(map(str.casefold, tokens[1::2]))
        by_first = self._by_first
        starts = [i for i, w in enumerate(folded) if w in by_first]
        if not starts:
            return []
        ends = list(accumulate(map(len, tokens)))      # ends[k]: where token k ends in text
        found: list[Match] = []
        free = 0
        for i in starts:
            if i < free:
                continue
            hit = self._match_at(text, tokens, ends, folded, i)
            if hit:
                found.append(hit[0])
                free = i + hit[1]
        return found

    def _match_at(self, text: str, tokens: list[str], ends: list[int], folded: list[str],
                  i: int) -> tuple[Match, int] | None:
        start = ends[2 * i]
        if _joined_before(text, start):
            return None
        forms = self._by_first[folded[i]]
        longer = forms.by_second.get(folded[i + 1], ()) if i + 1 < len(folded) else ()
        for form, concept_id in chain(longer, forms.alone):     # longest first: every longer form has 2+ words
            n = len(form)
            if n > 1 and (i + n > len(folded) or not self._fits(tokens, folded, i, form)):
                continue
            end = ends[2 * (i + n) - 1]
            if not _joined_after(text, end):
                return Match(start, end, concept_id), n
        return None

    @staticmethod
    def _fits(tokens: list[str], folded: list[str], i: int, form: tuple[str, ...]) -> bool:
        for k in range(1, len(form)):
            if folded[i + k] != form[k] or not GAP.fullmatch(tokens[2 * (i + k)]):
                return False
        return True


def _joined_before(text: str, start: int) -> bool:
    """True inside a hyphenated compound: 'object' in 'inter-object' is not a mention."""
    return start >= 2 and text[start - 1] in "-\u2010\u2011" and text[start - 2].isalnum()


def _joined_after(text: str, end: int) -> bool:
    return end + 1 < len(text) and text[end] in "-\u2010\u2011" and text[end + 1].isalnum()


class Mention:
    """One passage that mentions a concept, as a keyword-in-context snippet.

    Found in a paper (:meth:`in_passage`), it keeps the passage's text and makes its snippet
    when first read: a concept page shows the passages of a few papers only, so most
    mentions are counted and never shown.
    """

    __slots__ = ("concept_id", "anchor", "count", "_snippet", "_passage")

    def __init__(self, concept_id: str, anchor: str, before: str, term: str, after: str, count: int) -> None:
        self.concept_id, self.anchor, self.count = concept_id, anchor, count
        self._snippet: tuple[str, str, str] | None = (before, term, after)
        self._passage: tuple[str, int, int] | None = None

    @classmethod
    def in_passage(cls, concept_id: str, anchor: str, text: str, start: int, end: int, count: int) -> "Mention":
        """The mention of text[start:end] in a passage, its snippet made when first read."""
        mention = cls.__new__(cls)
        mention.concept_id, mention.anchor, mention.count = concept_id, anchor, count
        mention._snippet, mention._passage = None, (text, start, end)
        return mention

    def settle(self) -> "Mention":
        """Make the snippet now and let go of the passage's text."""
        if self._snippet is None:
            self._snippet = snippet(*self._passage)
            self._passage = None
        return self

    @property
    def before(self) -> str:
        return self.settle()._snippet[0]

    @property
    def term(self) -> str:
        return self.settle()._snippet[1]

    @property
    def after(self) -> str:
        return self.settle()._snippet[2]

    def _key(self) -> tuple:
        return self.concept_id, self.anchor, self.before, self.term, self.after, self.count

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mention) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return "Mention({})".format(", ".join(map(repr, self._key())))


@dataclass
class PageTerms:
    """What one page mentions: every passage of every concept, in reading order."""

    mentions: list[Mention] = field(default_factory=list)
    linked: set[str] = field(default_factory=set)
    anchors: list[str] = field(default_factory=list)     # passage ids the linker added


def snippet(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Keyword in context: some words either side of text[start:end]."""
    before = " ".join(text[max(0, start - SNIPPET_CONTEXT):start].split(" ")[1:]) if start > SNIPPET_CONTEXT else text[:start]
    after_raw = text[end:end + SNIPPET_CONTEXT]
    after = after_raw if end + SNIPPET_CONTEXT >= len(text) else after_raw.rsplit(" ", 1)[0]
    return (("… " if start > SNIPPET_CONTEXT else "") + " ".join(before.split()) + (" " if before[-1:].isspace() else ""),
            text[start:end],
            ("" if not after[:1].isspace() else " ") + " ".join(after.split()) + (" …" if end + SNIPPET_CONTEXT < len(text) else ""))


class ConceptLinker(Postprocessor):
    """Links concept mentions and anchors passages on the pages it is switched on for.

    It reads the page's finished HTML once, after every other processor: the links it adds
    are final (nothing after it walks them) and raw HTML is already in place, so that
    links and code written as HTML are skipped like any other."""

    def __init__(self, md: Markdown, extension: "ConceptExtension") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        ext = self.extension
        if ext.page is None or ext.href is None or "<" not in text or text.startswith(_TOC_START):
            return text      # toc runs each heading's text and its table of contents through every postprocessor
        layout = read_layout(text)
        edits: list[tuple[int, int, str]] = []
        number = 0
        for item in layout.items:
            if isinstance(item, int):                      # a section heading
                ext.page.linked.clear()
                continue
            number += 1
            edits += self._passage(text, item, layout.texts, number, ext.page)
        return _apply(text, edits)

    def _passage(self, html: str, passage: "Passage", texts: list["TextRun"], number: int,
                 page: PageTerms) -> list[tuple[int, int, str]]:
        """Edits for one passage: its anchor, and links to the concepts it first mentions."""
        ext = self.extension
        anchor = passage.id or f"par-{number}"
        whole, pieces = _passage_text(html, texts[passage.first_text:passage.end_text])
        found = ext.drop_excluded(whole, ext.matcher.find(whole))
        counted: dict[str, list[Match]] = {}
        firsts: dict[str, Match] = {}
        edits: list[tuple[int, int, str]] = []
        starts = [p.at for p in pieces]
        for m in found:
            firsts.setdefault(m.concept_id, m)
            piece = _piece_holding(pieces, starts, m)
            if piece is None:
                continue
            counted.setdefault(m.concept_id, []).append(m)
            if piece.literal and m.concept_id not in page.linked:
                page.linked.add(m.concept_id)
                start = piece.html_start + m.start - piece.at
                end = start + m.end - m.start
                edits.append((start, end, f'<a class="{CONCEPT_LINK_CLASS}" href="{markdown_attribute(ext.href(m.concept_id))}" '
                                          f'data-definition="{ext.definitions.get(m.concept_id, "")}">{html[start:end]}</a>'))
        if (counted or passage.tag == "p") and not passage.id:
            edits.append((passage.tag_end, passage.tag_end, f' id="{anchor}"'))
            page.anchors.append(anchor)
        for concept_id, matches in counted.items():
            page.mentions.append(_mention(whole, firsts[concept_id], concept_id, matches, anchor))
        return edits


def _mention(whole: str, first: Match, concept_id: str, matches: list[Match], anchor: str) -> Mention:
    """The passage as a snippet around ``first``, the concept's first match in ``whole``."""
    return Mention.in_passage(concept_id, anchor, whole, first.start, first.end, len(matches))


TextRun = tuple[int, int, bool]   # text between two tags: start, end, and whether it may be linked


@dataclass(slots=True)
class Passage:
    """A paragraph-like element (p, li, td, ...) holding no paragraphs or lists of its own."""

    tag: str
    tag_end: int            # where its start tag's '>' stands (an id goes just before it)
    id: str | None
    first_text: int         # its text runs are layout.texts[first_text:end_text]
    end_text: int = 0
    whole: bool = True      # False once a paragraph or list turns up as a direct child
    inner: list["Passage"] = field(default_factory=list)


@dataclass
class Layout:
    """A page's text runs, and its passages and section headings in reading order."""

    texts: list[TextRun] = field(default_factory=list)   # tuples: no object per run to allocate
    items: list["Passage | int"] = field(default_factory=list)   # int: a section heading's position


# Runs of attribute text are taken whole and never given back (one step per run, not per character);
# an unclosed comment or tag runs to the end, as in browsers, so many of them cost one pass, not one each.
_TOKEN = re.compile(r"""<!--.*?(?:-->|\Z)|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)(?:>|\Z)""", re.S)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
             "source", "track", "wbr"}
RAW_TEXT_TAGS = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style")}   # -> its end tag
BLOCK_CHILDREN = {"p", "ul", "ol"}      # a passage-like element holding one of these is not a passage


def read_layout(html: str) -> Layout:
    """One pass over the page's tags: which text may be linked, where passages and sections are.

    A passage inside another one counts only when the outer one turns out not to be a
    passage (a list item holding paragraphs); headings, links, code and citations are
    read as text but never linked, and hold no passages.
    """
    layout = Layout()
    stack: list[tuple[str, bool, Passage | None]] = []   # open elements: name, skipped, passage
    skipped = 0
    pos = 0
    while (m := _TOKEN.search(html, pos)) is not None:
        if m.start() > pos:
            layout.texts.append((pos, m.start(), not skipped))
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name is None:                                  # a comment
            continue
        name = name.lower()
        if closing:
            skipped = _close(stack, name, skipped, layout)
            continue
        if name in RAW_TEXT_TAGS:                         # its text is not markup: skip to its end
            end = RAW_TEXT_TAGS[name].search(html, pos)
            stop = end.start() if end else len(html)
            layout.texts.append((pos, stop, False))
            pos = end.end() if end else len(html)
            continue
        if name in VOID_TAGS or attrs.endswith("/"):
            continue
        skip = name in SKIP_TAGS or (not skipped and "citation" in attrs and "citation" in _attribute(_CLASS, attrs))
        if name in SECTION_TAGS and not skipped and not _inside_passage(stack):
            layout.items.append(m.start())
        if name in BLOCK_CHILDREN and stack and stack[-1][2] is not None:
            stack[-1][2].whole = False
        passage = None
        if name in PASSAGE_TAGS and not skipped and not skip:
            passage = Passage(name, m.end() - 1, _attribute(_ID, attrs) or None if "id" in attrs else None,
                              len(layout.texts))
        stack.append((name, skip, passage))
        skipped += skip
    if pos < len(html):
        layout.texts.append((pos, len(html), not skipped))
    while stack:                                          # unclosed elements end with the page
        skipped = _close(stack, stack[-1][0], skipped, layout)
    layout.items.sort(key=lambda item: item if isinstance(item, int) else item.tag_end)
    return layout


def _inside_passage(stack: list[tuple[str, bool, Passage | None]]) -> bool:
    return any(p is not None and p.whole for _, _, p in stack)


def _close(stack: list[tuple[str, bool, Passage | None]], name: str, skipped: int, layout: Layout) -> int:
    """Pop up to the open element ``name`` closes (a stray end tag closes nothing)."""
    if not stack or (stack[-1][0] != name and not any(open_name == name for open_name, _, _ in stack)):
        return skipped
    while stack:
        open_name, skip, passage = stack.pop()
        skipped -= skip
        if passage is not None:
            passage.end_text = len(layout.texts)
            found = [passage] if passage.whole else passage.inner
            outer = next((p for _, _, p in reversed(stack) if p is not None), None)
            if outer is not None:
                outer.inner += found
            else:
                layout.items += found
        if open_name == name:
            break
    return skipped


def _attribute(pattern: re.Pattern[str], attrs: str) -> str:
    m = pattern.search(attrs) if "=" in attrs else None
    return html_lib.unescape(next(g for g in m.groups() if g is not None)) if m else ""


@dataclass(slots=True)
class Piece:
    """A stretch of a passage's text: at ``at`` in the text readers see, at ``html_start`` in the page."""

    at: int
    end: int
    html_start: int
    linkable: bool
    literal: bool            # the same characters in the page (no character reference)


_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?")


def _passage_text(html: str, runs: list[TextRun]) -> tuple[str, list[Piece]]:
    """The passage's text as readers see it (character references read), and its pieces."""
    parts: list[str] = []
    pieces: list[Piece] = []
    at = 0
    for run_start, run_end, linkable in runs:
        raw = html[run_start:run_end]
        if "&" not in raw:
            parts.append(raw)
            pieces.append(Piece(at, at + len(raw), run_start, linkable, True))
            at += len(raw)
            continue
        cursor = 0
        for ref in _REFERENCE.finditer(raw):
            for chunk, literal, offset in ((raw[cursor:ref.start()], True, cursor),
                                           (html_lib.unescape(ref.group()), False, ref.start())):
                if chunk:
                    parts.append(chunk)
                    pieces.append(Piece(at, at + len(chunk), run_start + offset, linkable, literal))
                    at += len(chunk)
            cursor = ref.end()
        rest = raw[cursor:]
        if rest:
            parts.append(rest)
            pieces.append(Piece(at, at + len(rest), run_start + cursor, linkable, True))
            at += len(rest)
    return "".join(parts), pieces


def _piece_holding(pieces: list[Piece], starts: list[int], m: Match) -> Piece | None:
    """The piece a match lies in, when it may be counted: every character of it linkable.

    A match across pieces (a term set partly in italics, or spelt with a character
    reference) counts as a mention but is not linked: the piece returned for it is not
    literal. Only a match within one literal piece becomes a link."""
    k = bisect.bisect_right(starts, m.start) - 1
    first = pieces[k]
    if m.end <= first.end:
        return first if first.linkable else None
    j = k
    while j < len(pieces) and pieces[j].at < m.end:
        if not pieces[j].linkable:
            return None
        j += 1
    return Piece(first.at, m.end, first.html_start, True, False)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, replacement) made; edits do not overlap."""
    if not edits:
        return text
    out: list[str] = []
    cursor = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[cursor:start])
        out.append(replacement)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


class ConceptExtension(Extension):
    """Registers the linker; one instance serves every page of a build and is switched
    on per page with :meth:`begin_page`."""

    def __init__(self, forms: dict[str, str], definitions: dict[str, str],
                 excludes: dict[str, tuple[str, ...]] | None = None) -> None:
        super().__init__()
        self.matcher = TermMatcher(forms)
        # Exclude phrases (a project's name, a title, another sense): found like forms, each keyed by its
        # number, since two concepts may guard the same phrase.
        phrases: dict[str, set[str]] = {}
        for concept_id, listed in (excludes or {}).items():
            for phrase in listed:
                phrases.setdefault(" ".join(WORD.findall(phrase.casefold())), set()).add(concept_id)
        self._guarded = [ids for ids in phrases.values()]
        self.excluder = TermMatcher({phrase: str(k) for k, phrase in enumerate(phrases)})
        # The preview's text, escaped once. Not a title: the theme would show a title as HTML;
        # docs/assets/previews.js reads this attribute as text.
        self.definitions = {cid: markdown_attribute(text) for cid, text in definitions.items()}
        self.page: PageTerms | None = None
        self.href: Callable[[str], str] | None = None

    def drop_excluded(self, text: str, found: list[Match]) -> list[Match]:
        """``found`` without the mentions standing inside an exclude phrase of their own concept."""
        if not self.excluder or not found:
            return found
        spans = [(x.start, x.end, self._guarded[int(x.concept_id)]) for x in self.excluder.find(text)]
        return [m for m in found
                if not any(a <= m.start and m.end <= b and m.concept_id in ids for a, b, ids in spans)]

    def extendMarkdown(self, md: Markdown) -> None:
        # Last: after raw HTML (30), footnotes (25) and '&' (20) are in place.
        md.postprocessors.register(ConceptLinker(md, self), "concepts", 10)

    def begin_page(self, href: Callable[[str], str] | None) -> None:
        """Switch linking on for the next page; ``href`` gives a concept's final address from it."""
        self.page = PageTerms() if href else None
        self.href = href

    def end_page(self) -> PageTerms | None:
        page, self.page, self.href = self.page, None, None
        return page
