"""What the search plugin reads: generated blocks held back, and a lean view of each page.

The reference lists, the passages of a concept page and the library's entries are long
and carry ``data-search-exclude``: the search index never holds their text, but the
search plugin's HTML parser still reads every tag of them, which costs more than
making them. So a hook that makes such a block puts an HTML comment in its place
(:func:`hold_block`), named with a random token that a paper's own comments cannot
guess; the parser ignores comments; and once the page is indexed
(``on_page_context``, after the search plugin) :func:`release` puts the block back,
before the theme renders the page. Likewise the plugin reads a :func:`search_view` of the
page, in which the hooks' citation and concept links are reduced to their words
(:func:`hold_page`). The written page and the search index come out exactly as if the
plugin had read the whole page.
"""

from __future__ import annotations

import re
import secrets

from hooks.cite_link import CITATION_CLASS, CITATION_LINK_CLASS
from hooks.terms import CONCEPT_LINK_CLASS

Store = dict[str, dict[str, str]]   # src_uri -> placeholder -> held HTML
WHOLE_PAGE = ""                      # the placeholder under which a page's whole content is kept


def hold_block(store: Store, src: str, html: str, start_tag: str) -> str:
    """``html`` with the element opened by ``start_tag`` held back, when that element runs to
    the end of ``html`` and is excluded from search; otherwise ``html`` unchanged."""
    i = html.find(start_tag)
    if i < 0 or "data-search-exclude" not in start_tag or not _one_element(html[i:], start_tag):
        return html
    marks = store.setdefault(src, {})
    mark = f"<!-- held for after search indexing: {secrets.token_hex(8)} -->"   # a paper cannot forge it
    marks[mark] = html[i:]
    return html[:i] + mark


def hold_page(store: Store, src: str, content: str | None) -> str | None:
    """The page's :func:`search_view`, its whole content kept for :func:`release`."""
    # The search plugin strips data-search-* attributes from what it read; the whole content
    # must come back the same, so a page with such attributes is read as it is.
    view = search_view(content) if content and not _SEARCH_ATTRIBUTE.search(content) else content
    if view is not content:
        store.setdefault(src, {})[WHOLE_PAGE] = content
    return view


def release(store: Store, src: str, content: str | None) -> str | None:
    """The page content as readers get it: whole again, with every block held for ``src`` in place."""
    marks = store.pop(src, {})
    content = marks.pop(WHOLE_PAGE, content)
    for mark, html in marks.items():
        content = content.replace(mark, html, 1)
    return content


def _one_element(html: str, start_tag: str) -> bool:
    """True when ``html`` is exactly one element: the one ``start_tag`` opens, closed at the end."""
    m = re.match(r"<([a-zA-Z][a-zA-Z0-9]*)", start_tag)
    if not m or not html.startswith(start_tag):
        return False
    depth = 0
    for tag in re.finditer(rf"<(/?){m.group(1)}[\s>]", html):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html.find(">", tag.end() - 1) == len(html) - 1
    return False


# Citation and concept links (and the span around a citation) as the hooks write them. The
# search plugin keeps only their text, but reading their tags and long title attributes costs
# it more than all the rest of a paper; without them it indexes exactly the same words.
_LINK_CLASSES = "|".join(re.escape(c) for c in (CITATION_LINK_CLASS, CONCEPT_LINK_CLASS))
_OWN_LINK = re.compile(rf'<a class="(?:{_LINK_CLASSES})"[^<>]*+>((?:[^<]++|</?em>)*+)</a>')
_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="')   # what the search plugin strips after reading
_CITATION_SPAN = re.compile(rf'<span class="{re.escape(CITATION_CLASS)}">((?:[^<]++|</?em>)*+)</span>')


def search_view(content: str) -> str:
    """The page as the search plugin needs to read it: the hooks' inline links reduced to their text."""
    if f'class="{CITATION_CLASS}' not in content and f'class="{CONCEPT_LINK_CLASS}"' not in content:
        return content
    return _CITATION_SPAN.sub(r"\1", _OWN_LINK.sub(r"\1", content))
