"""The concept links of a built paper page, as text a reader sees around them.

Shared by tests/test_concept_links.py and by whoever records tests/data/concept_links.yml
(``python tests/concept_links.py SITE_DIR``), so the list and the check read links one way.
"""

from __future__ import annotations

import html as html_lib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

CONTEXT = 24          # characters of text either side of a link kept as its context
_LINK = re.compile(r'<a class="concept-link" href="(?:[^"]*/)?([a-z0-9][a-z0-9-]*)/?"[^>]*>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Link:
    concept: str
    words: str
    before: str
    after: str

    @property
    def context(self) -> str:
        return f"{self.before}[[{self.words}]]{self.after}"


def links(page_html: str) -> list[Link]:
    """Every concept link in the page's article, with the plain text either side of it."""
    start, end = page_html.find("<article"), page_html.find("</article>")
    body = page_html[start:end] if start >= 0 and end > start else page_html
    parts, spans, at = [], [], 0
    cursor = 0
    for m in _LINK.finditer(body):
        for piece, concept in ((_plain(body[cursor:m.start()]), None), (_plain(m.group(2)), m.group(1))):
            if concept is not None:
                spans.append((at, at + len(piece), concept))
            parts.append(piece)
            at += len(piece)
        cursor = m.end()
    parts.append(_plain(body[cursor:]))
    text = "".join(parts)
    found = []
    for start, end, concept in spans:
        found.append(Link(concept, text[start:end], _squash(text[:start])[-CONTEXT:],
                          _squash(text[end:end + 3 * CONTEXT])[:CONTEXT]))
    return found


def _plain(html: str) -> str:
    return html_lib.unescape(_TAG.sub(" ", html))


def _squash(text: str) -> str:
    return " ".join(text.split()) and (" " if text[:1].isspace() else "") + " ".join(text.split()) + \
        (" " if text[-1:].isspace() else "")


def matches(recorded: dict, link: Link) -> bool:
    """A recorded entry judges a link when concept and words agree and its context is around it."""
    if recorded["concept"] != link.concept or recorded["words"] != link.words:
        return False
    before, _, after = recorded["context"].partition(f"[[{link.words}]]")
    # Spaces aside (tags read as spaces); the shorter of the two contexts must agree with the longer.
    seen_before, said_before = _bare(link.before), _bare(before)
    seen_after, said_after = _bare(link.after), _bare(after)
    return ((seen_before.endswith(said_before) or said_before.endswith(seen_before))
            and (seen_after.startswith(said_after) or said_after.startswith(seen_after)))


def _bare(text: str) -> str:
    return "".join(text.split())


if __name__ == "__main__":      # print a draft list for a built site, to be judged by hand
    site = Path(sys.argv[1])
    for paper in sys.argv[2:]:
        for link in links((site / paper / "index.html").read_text(encoding="utf-8")):
            print(f"- paper: {paper}\n  concept: {link.concept}\n  words: {link.words!r}\n"
                  f"  context: {link.context.strip()!r}\n  right: true")
