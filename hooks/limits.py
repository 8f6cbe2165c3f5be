"""How deep, how long and how bracket-heavy a page's Markdown may be before it is converted.

Python-Markdown has inputs on which it recurses until Python gives up (a list nested 500
levels deep stops the build with RecursionError) or works in quadratic time: its link
pattern scans from every ``[`` to the matching ``]``, or to the end of the paragraph when
there is none, so a paragraph of 20,000 ``[`` takes a minute. Such pages are refused
before conversion with a message that names the line; what a real paper does (a few
levels of lists, brackets that close within a sentence) stays far inside every limit.
Nothing here knows MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_NESTING = 20                # lists and block quotes inside one another
MAX_PARAGRAPH_CHARS = 100_000   # one block of lines between blank lines
MAX_CITATIONS = 1_000           # '@' in one paragraph: each citation costs a pass over the paragraph
# The link pattern's scanning, in characters, that a page may cost: twice its length and a
# little more. Prose with citations and links costs a fraction of its length.
BRACKET_SCAN_PER_CHAR = 2
BRACKET_SCAN_SLACK = 50_000

# The containers a line opens: block-quote markers and list markers, with the spaces around them.
# Every repetition consumes a marker, so the match is linear in the line.
_CONTAINERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
_BRACKET = re.compile(r"\\.|[\[\]]", re.S)


@dataclass(frozen=True)
class Excess:
    """A limit the page's Markdown exceeds; ``line`` is 1-based within that Markdown."""

    line: int
    message: str


@dataclass(frozen=True)
class Block:
    """A run of lines between blank lines, and the line it starts on."""

    line: int
    text: str


def blocks(markdown: str) -> Iterator[Block]:
    """The page's paragraphs (and lists, quotes, tables): runs of lines between blank lines."""
    lines: list[str] = []
    first = 1
    for n, line in enumerate(markdown.split("\n"), 1):
        if line.strip(" \t\r"):
            if not lines:
                first = n
            lines.append(line)
        elif lines:
            yield Block(first, "\n".join(lines))
            lines = []
    if lines:
        yield Block(first, "\n".join(lines))


def nesting(line: str) -> int:
    """How many lists and block quotes a line opens or continues: its markers, and its
    indentation in steps of four columns (Python-Markdown's tab width)."""
    m = _CONTAINERS.match(line)
    if not m:
        return 0
    prefix = m.group()
    markers = len(_MARKER.findall(prefix))
    return markers + len(_MARKER.sub("", prefix).expandtabs(4)) // 4


def bracket_scan(text: str) -> tuple[int, int]:
    """(characters the link pattern scans in ``text``, '[' never closed).

    Each ``[`` costs the distance to its ``]``, or to the end when it has none.
    """
    open_at: list[int] = []
    cost = 0
    for m in _BRACKET.finditer(text):
        if m.group() == "[":
            open_at.append(m.start())
        elif m.group() == "]" and open_at:
            cost += m.start() - open_at.pop()
    cost += sum(len(text) - at for at in open_at)
    return cost, len(open_at)


def check_markdown(markdown: str) -> list[Excess]:
    """The limits ``markdown`` exceeds, at most one per kind, each located at its first block."""
    found: dict[str, Excess] = {}
    budget = BRACKET_SCAN_PER_CHAR * len(markdown) + BRACKET_SCAN_SLACK
    spent, worst = 0, None
    for block in blocks(markdown):
        if len(block.text) > MAX_PARAGRAPH_CHARS and "size" not in found:
            found["size"] = Excess(block.line, f"a paragraph of {len(block.text):,} characters is longer than "
                                               f"{MAX_PARAGRAPH_CHARS:,}, the most the build converts at once; "
                                               "separate its parts with blank lines")
        if "nesting" not in found:
            deep = _too_deep(block)
            if deep:
                found["nesting"] = deep
        citations = block.text.count("@")
        if citations > MAX_CITATIONS and "citations" not in found:
            found["citations"] = Excess(block.line, f"a paragraph with {citations:,} '@' (citations) is more "
                                                    f"than the {MAX_CITATIONS:,} the build handles in one "
                                                    "paragraph; split the paragraph")
        cost, unclosed = bracket_scan(block.text)
        spent += cost
        if worst is None or cost > worst[0]:
            worst = (cost, unclosed, block.line)
    if spent > budget and worst is not None:
        cost, unclosed, line = worst
        found["brackets"] = Excess(line, f"the '[' brackets of this paragraph would make the build crawl "
                                         f"({unclosed:,} never closed, or nested far too deep); close each '[' "
                                         "with ']' on the same paragraph, or write \\[ for a bracket meant as text")
    return sorted(found.values(), key=lambda e: e.line)


def _too_deep(block: Block) -> Excess | None:
    for n, line in enumerate(block.text.split("\n")):
        depth = nesting(line)
        if depth > MAX_NESTING:
            return Excess(block.line + n, f"lists or block quotes nested {depth} deep; the build converts at "
                                          f"most {MAX_NESTING} levels: flatten the list or quote")
    return None


REFUSED_PAGE = ("!!! warning \"This page is not shown\"\n\n"
                "    Its source exceeds a limit of the build; the build log says which and where.\n")
"""What a refused page shows instead of its Markdown (a preview without --strict still builds)."""
