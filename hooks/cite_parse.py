"""Where a citation is parsed: Pandoc's citation syntax, as mkdocs-bibtex also reads it.

``[@key]``, ``[@key, p. 137]``, ``[see @key, pp. 33-35]``, ``[@a; @b]``, narrative
``@key`` (optionally followed by ``[p. 4]`` or ``[-@other]``) and year-only ``[-@key]``.
E-mail addresses and URLs are not citations: ``@`` must not follow a word character.
Code and ``\\@`` are left alone by the Markdown extension in :mod:`hooks.cite_link`,
which runs after Python-Markdown's code-span and escape patterns.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# The one grammar of a citation key: the .bib check and the glossary's sources use it too.
KEY = r"\w(?:[\w:.\-]*\w)?"
_KEY_RE = re.compile(KEY)
# A bracketed group holding at least one @key; not a Markdown link, image or reference definition.
_BRACKET = r"\[(?P<group>[^\[\]]*?@" + KEY + r"[^\[\]]*)\](?![(\[:])"
# A narrative @key: not inside a word, an address or a URL; an optional [locator] or [-@key] follows.
# The '@' comes first and the look-behind checks the character before it: a pattern that starts
# with a literal lets the regex engine skip to each '[' or '@', some fifty times faster on prose
# than trying a look-behind at every position (Python-Markdown scans each paragraph once per match).
_NARRATIVE = (r"@(?<![\w@\\/:.&#=?+~%\-]@)(?P<key>" + KEY + r")"
              r"(?:[ \t](?:\[(?P<after>[^\[\]@]*|[^\[\]]*@" + KEY + r"[^\[\]]*)\](?![(\[:])))?")
PATTERN = _BRACKET + "|" + _NARRATIVE
_ITEM = re.compile(r"\A(?P<prefix>.*?)(?P<minus>-)?@(?P<key>" + KEY + r")(?P<rest>.*)\Z", re.S)
_ANY_KEY = re.compile(r"(?<![\w@\\/:.&#=?+~%\-])-?@(" + KEY + r")")


@dataclass(frozen=True)
class CiteItem:
    """One cited work with what the author wrote around it."""

    key: str
    prefix: str = ""
    locator: str = ""
    suppress_author: bool = False


@dataclass(frozen=True)
class Citation:
    """A whole citation as written: parenthetical ``[...]`` or narrative ``@key``."""

    items: tuple[CiteItem, ...]
    narrative: bool
    source: str

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)


def parse_group(group: str) -> tuple[CiteItem, ...] | None:
    """The items of a bracketed group, or None when a part holds no key (not a citation)."""
    items = []
    for part in group.split(";"):
        m = _ITEM.match(part.strip())
        if not m:
            return None
        rest = m.group("rest").strip()
        rest = rest[1:].strip() if rest.startswith(",") else rest
        items.append(CiteItem(m.group("key"), " ".join(m.group("prefix").split()), " ".join(rest.split()),
                              bool(m.group("minus"))))
    return tuple(items)


def from_match(m: re.Match[str]) -> Citation | None:
    """The citation a match of :data:`PATTERN` stands for."""
    return _citation(m.group(0), m.group("group"), m.group("key"), m.group("after"))


@functools.lru_cache(maxsize=1024)
def _citation(source: str, group: str | None, key: str | None, after: str | None) -> Citation | None:
    """Parsed once for the citations a build repeats most ("[@engestrom2001]"); a small cache, as
    a paper's rarer citations are not worth the memory of keeping."""
    if group is not None:
        items = parse_group(group)
        return Citation(items, False, source) if items else None
    first = CiteItem(key)
    if after is None:
        return Citation((first,), True, source)
    if "@" not in after:
        return Citation((CiteItem(first.key, locator=" ".join(after.split())),), True, source)
    more = parse_group(after)
    if more is None:
        return Citation((first,), True, source[: 1 + len(key)])   # "@" and the key only
    return Citation((first, *more), True, source)


# What may stand between a sentence's end and its first word: closing and opening quotes,
# brackets and emphasis marks. Abbreviations that end in a full stop do not end a sentence.
_SENTENCE_START = re.compile(r"(?:\A|[.!?][\"'\u201d\u2019)\]*_]*\s)[\s\"'\u201c\u2018(\[*_]*\Z")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|cf|viz|vs|al|p|pp|ch|no|vol|ed|eds)|\b[A-Z])\.[\"'\u201d\u2019)\]*_]*\s*\Z",
                           re.I)


def opens_sentence(before: str) -> bool:
    """True when text that ends in ``before`` starts a sentence: the start of a block, or after
    . ? or ! ("... in 1991. @vanderveer1991 argued"); not after "e.g.", "cf." or an initial."""
    return bool(_SENTENCE_START.search(before)) and not _ABBREVIATION.search(before)


def find_citations(text: str) -> list[Citation]:
    """Every citation in a plain string (no Markdown handling); for checks and tests."""
    found = []
    for m in re.finditer(PATTERN, text):
        citation = from_match(m)
        if citation:
            found.append(citation)
    return found


def is_citable(key: str) -> bool:
    """True when ``[@key]`` cites the whole of ``key``: ``smith/2001`` would cite ``smith``."""
    return _KEY_RE.fullmatch(key) is not None


def cited_keys(text: str) -> list[str]:
    """The keys ``text`` cites, each once, in the order first cited."""
    return list(dict.fromkeys(key for citation in find_citations(text) for key in citation.keys))


def lines_citing(markdown: str, key: str) -> list[int]:
    """1-based lines of ``markdown`` on which ``@key`` is written; used to locate errors."""
    return [n for n, line in enumerate(markdown.splitlines(), 1)
            if any(m.group(1) == key for m in _ANY_KEY.finditer(line))]
