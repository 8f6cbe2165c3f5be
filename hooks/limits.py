"""How deep, how long and how markup-heavy a page's Markdown may be before it is converted.

Python-Markdown has inputs on which it recurses until Python gives up (a list nested 500
levels deep stops the build with RecursionError) or works in quadratic time:

* its link pattern scans from every ``[`` to the matching ``]``, or to the end of the
  paragraph when there is none, one character at a time (20,000 ``[`` take a minute);
* every inline match (a link, ``&``, ``<``, ``_``, a citation) rebuilds the paragraph's
  text, so a paragraph's cost grows with its length times its markup characters.

Such pages are refused before conversion with a message that names the line. Both costs
are counted per *run*: the text Python-Markdown handles as one piece (a paragraph, a list
item, a heading), and the page may spend a budget proportional to its length. What papers
do (a few levels of lists, brackets that close within a sentence, a citation or link every
few lines) stays far inside every limit. Nothing here knows MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_NESTING = 20                # lists and block quotes inside one another
MAX_RUN_CHARS = 50_000          # one paragraph (or list item): text between blank lines
MAX_CITATIONS = 1_000           # '@' in one paragraph
# Characters the link pattern may scan, per character of the page, plus a little: prose
# with citations and links costs about a tenth of its length.
BRACKET_SCAN_PER_CHAR = 0.5
BRACKET_SCAN_SLACK = 20_000
# Markup characters times the length of their paragraph, per character of the page, plus a
# little: about 1 s of Python-Markdown's time per 10**9. Prose costs some 50 per character.
MARKUP_COST_PER_CHAR = 1_000
MARKUP_COST_SLACK = 10_000_000
MARKUP = re.compile(r"[\[\]<>&*_`!\\@{}]")     # what Python-Markdown's inline patterns start on
# Lines of a block (text between blank lines) times its length, per character of the page, plus a
# little: Python-Markdown's block parsers search the rest of a block again for each heading or
# list item in it. Prose costs some 10 per character.
BLOCK_COST_PER_CHAR = 200
BLOCK_COST_SLACK = 5_000_000
MAX_HEADINGS = 500              # per page: the table of contents makes each id unique by trying _1, _2, ...
MAX_FOOTNOTES = 300             # per page: each footnote is looked up in a list of all of them

# The containers a line opens: block-quote markers and list markers, with the spaces around them.
# Every repetition consumes a marker, so the match is linear in the line.
_CONTAINERS = re.compile(r"(?:[ \t]*+(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
_BRACKET = re.compile(r"\\.|[\[\]]", re.S)
_HEADING = re.compile(r"[ ]{0,3}#")
_FOOTNOTE = re.compile(r"[ ]{0,3}\[\^[^\]]*\]:")


@dataclass(frozen=True)
class Excess:
    """A limit the page's Markdown exceeds; ``line`` is 1-based within that Markdown."""

    line: int
    message: str


@dataclass(frozen=True)
class Run:
    """Text Python-Markdown treats as one piece, and the line it starts on."""

    line: int
    text: str


def runs(markdown: str) -> Iterator[Run]:
    """The page's paragraphs, list items, quotes and headings: a run ends at a blank line,
    and a new one starts at each line that opens a list item, a quote or a heading."""
    lines: list[str] = []
    first = 1
    for n, line in enumerate(markdown.split("\n"), 1):
        blank = not line.strip(" \t\r")
        if lines and (blank or _CONTAINERS.match(line) or _HEADING.match(line)):
            yield Run(first, "\n".join(lines))
            lines = []
        if not blank:
            if not lines:
                first = n
            lines.append(line)
    if lines:
        yield Run(first, "\n".join(lines))


def blocks(markdown: str) -> Iterator[Run]:
    """The page's blocks: text between blank lines."""
    lines: list[str] = []
    first = 1
    for n, line in enumerate(markdown.split("\n"), 1):
        if line.strip(" \t\r"):
            if not lines:
                first = n
            lines.append(line)
        elif lines:
            yield Run(first, "\n".join(lines))
            lines = []
    if lines:
        yield Run(first, "\n".join(lines))


def nesting(line: str) -> int:
    """How many lists and block quotes a line opens or continues: its markers, and its
    indentation in steps of four columns (Python-Markdown's tab width)."""
    m = _CONTAINERS.match(line)
    if not m:
        return 0
    prefix = m.group()
    return len(_MARKER.findall(prefix)) + len(_MARKER.sub("", prefix).expandtabs(4)) // 4


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


def markup_cost(text: str) -> tuple[int, int]:
    """(markup characters times the run's length, markup characters)."""
    count = len(MARKUP.findall(text))
    return count * len(text), count


def check_markdown(markdown: str) -> list[Excess]:
    """The limits ``markdown`` exceeds, at most one message per kind, each at the run to fix."""
    found: dict[str, Excess] = {}
    brackets = _Budget(BRACKET_SCAN_PER_CHAR * len(markdown) + BRACKET_SCAN_SLACK)
    markup = _Budget(MARKUP_COST_PER_CHAR * len(markdown) + MARKUP_COST_SLACK)
    for run in runs(markdown):
        if len(run.text) > MAX_RUN_CHARS and "size" not in found:
            found["size"] = Excess(run.line, f"a paragraph of {len(run.text):,} characters is longer than "
                                             f"{MAX_RUN_CHARS:,}, the most the build converts at once; "
                                             "separate its parts with blank lines")
        depth, line = max((nesting(text), run.line + n) for n, text in enumerate(run.text.split("\n")))
        if depth > MAX_NESTING and "nesting" not in found:
            found["nesting"] = Excess(line, f"lists or block quotes nested {depth} deep; the build converts "
                                            f"at most {MAX_NESTING} levels: flatten the list or quote")
        citations = run.text.count("@")
        if citations > MAX_CITATIONS and "citations" not in found:
            found["citations"] = Excess(run.line, f"a paragraph with {citations:,} '@' (citations) is more than "
                                                  f"the {MAX_CITATIONS:,} the build handles in one paragraph; "
                                                  "split the paragraph")
        brackets.spend(run, *bracket_scan(run.text))
        markup.spend(run, *markup_cost(run.text))
    found.update(_block_limits(markdown))
    if brackets.exceeded:
        run, unclosed = brackets.worst
        found["brackets"] = Excess(run.line, f"the '[' brackets of this paragraph would make the build crawl "
                                             f"({unclosed:,} never closed, or nested far too deep); close each "
                                             "'[' with ']' in the same paragraph, or write \\[ for a bracket "
                                             "meant as text")
    if markup.exceeded and "size" not in found:
        run, count = markup.worst
        found["markup"] = Excess(run.line, f"this paragraph holds {count:,} markup characters ([ ] < & * _ ` "
                                           f"and the like) in {len(run.text):,} characters, which would make "
                                           "the build crawl; split it into shorter paragraphs")
    return sorted(found.values(), key=lambda e: e.line)


def _block_limits(markdown: str) -> dict[str, Excess]:
    """Limits on blocks and headings: what Python-Markdown's block parsers repeat work on."""
    found: dict[str, Excess] = {}
    budget = _Budget(BLOCK_COST_PER_CHAR * len(markdown) + BLOCK_COST_SLACK)
    headings = footnotes = 0
    for block in blocks(markdown):
        lines = block.text.count("\n") + 1
        budget.spend(block, lines * len(block.text), lines)
        for n, line in enumerate(block.text.split("\n")):
            headings += bool(_HEADING.match(line))
            footnotes += bool(_FOOTNOTE.match(line))
            if headings > MAX_HEADINGS and "headings" not in found:
                found["headings"] = Excess(block.line + n, f"the page has more than {MAX_HEADINGS} headings, "
                                                           "the most the build numbers; split the page")
            if footnotes > MAX_FOOTNOTES and "footnotes" not in found:
                found["footnotes"] = Excess(block.line + n, f"the page has more than {MAX_FOOTNOTES} footnotes, "
                                                            "the most the build numbers; split the page")
    if budget.exceeded:
        block, lines = budget.worst
        found["block"] = Excess(block.line, f"this block of {lines:,} lines without a blank line between them "
                                            "would make the build crawl; separate its paragraphs, list items "
                                            "or headings with blank lines")
    return found


class _Budget:
    """A page's allowance of one kind of cost, and the run that spent the most of it."""

    def __init__(self, allowance: float) -> None:
        self.allowance = allowance
        self.spent = 0
        self.most = -1
        self.worst: tuple[Run, int] | None = None

    def spend(self, run: Run, cost: int, detail: int) -> None:
        self.spent += cost
        if cost > self.most:
            self.most, self.worst = cost, (run, detail)

    @property
    def exceeded(self) -> bool:
        return self.spent > self.allowance and self.worst is not None


REFUSED_PAGE = ("!!! warning \"This page is not shown\"\n\n"
                "    Its source exceeds a limit of the build; the build log says which and where.\n")
"""What a refused page shows instead of its Markdown (a preview without --strict still builds)."""
