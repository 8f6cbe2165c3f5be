"""What markup a page may carry: nothing that runs script or embeds another site.

Papers are Markdown, and Markdown lets raw HTML through untouched, so one pasted
``<iframe>`` or ``onclick=`` would run in every reader's browser under the proceedings'
name. Two checks share the rules here:

* :func:`check_markdown` reads an editor's Markdown (raw tags, link addresses,
  ``{: attr=value }`` lists), skipping code, and returns findings with the line to fix.
* :func:`neutralise_html` reads finished HTML, whatever produced it (Markdown links,
  glossary text, bibliography fields), and escapes every offending tag into visible
  text, so that even a build that does not stop on warnings never publishes live
  script and never drops a reader's words.

The theme adds two ways in that plain HTML does not have: it shows every ``title``
attribute of the content as a tooltip by reading the title *as HTML*, and it finds its
own elements by id, class and ``data-md-*`` attribute (its settings are the first
``#__config`` of the page). So a title is always made plain text escaped once more for
that second reading, content may not use the theme's names (:data:`RESERVED_PREFIXES`),
and ``style`` attributes, which can lay a link over the whole page or load images from
elsewhere, are refused outside the site's own pages.

Nothing here knows MkDocs; :mod:`hooks.on_safety` connects it to the build.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

REFUSED_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form",
    # Read as raw text by browsers but as markup by HTML parsers (or the other way round), so
    # markup hidden in them could be missed by a check and still run: never allowed.
    "style", "noscript", "noembed", "noframes", "xmp", "plaintext", "textarea", "template",
    # SVG/MathML: animation that sets attributes, and the points where HTML parsing resumes.
    "set", "animate", "animatemotion", "animatetransform", "handler", "listener",
    "foreignobject", "desc", "annotation-xml",
})
"""Elements that run code, embed another document, send readers' input elsewhere, redirect the
page or its links, or that browsers parse differently from the checks."""

FOREIGN = frozenset({"svg", "math"})
"""Inside these, <title> is an ordinary element; outside, browsers read it as raw text."""

URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "action", "formaction", "poster", "background",
                            "data", "srcset", "cite", "ping", "lowsrc", "dynsrc", "codebase",
                            "to", "from", "values"})
"""Attributes whose value a browser may load or navigate to (``to``/``values``: SVG animation)."""

RESERVED_PREFIXES = ("__", "md-")
"""How the theme's own ids and classes begin (``#__config``, ``.md-header``): content may not use them."""
THEME_ATTRIBUTE = "data-md-"
"""The theme mounts its components on elements with these attributes (``data-md-component``)."""
NAME_ATTRIBUTES = frozenset({"id", "name", "for"})
"""Attributes whose value names an element the theme may look up."""

SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "mocha"})
SAFE_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif|bmp)[;,]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\t\n\r]")          # browsers delete these anywhere in a URL
_EDGES = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f" \
         "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x20"


@dataclass(frozen=True)
class Finding:
    """One refused construct: where it is (1-based line in the text checked) and what it is."""

    line: int
    kind: str      # "element" | "attribute" | "url" | "markup" | "style" | "reserved" | "title"
    name: str      # the element, the attribute, or the attribute holding the URL
    detail: str = ""   # the refused scheme ("javascript:"), the reserved name, or the markup in a title

    def message(self, where: str) -> str:
        """The editor's message: what is wrong, why it matters, what to do."""
        if self.kind == "element":
            return (f"raw HTML <{self.name}> is not allowed in {where}: it could run code or load another site "
                    "in readers' browsers; remove it (write the text in Markdown, and link to a video or "
                    "document instead of embedding it)")
        if self.kind == "attribute":
            return (f"raw HTML attribute {self.name}= is not allowed in {where}: event handlers run script "
                    "in readers' browsers; remove the attribute")
        if self.kind == "style":
            return (f"a style= attribute is not allowed in {where}: a style can lay a link over the whole page "
                    "or load images from other sites; remove it (the site's stylesheet styles every page)")
        if self.kind == "reserved":
            return (f"the {self.name} '{self.detail}' is not allowed in {where}: ids, names and classes starting "
                    "with '__' or 'md-', and data-md- attributes, belong to the site's theme, which content could "
                    "otherwise take over; rename it (e.g. without the leading '__' or 'md-') or remove it")
        if self.kind == "title":
            return (f"the title '{self.detail}' holds markup, which is not allowed in {where}: a title is shown as "
                    "plain text in a tooltip; remove the tags from the title")
        if self.kind == "url":
            return (f"a {self.detail} address in {self.name} is not allowed in {where}: it runs script when a "
                    "reader follows it; link to an http(s) address or a page of this site instead")
        return (f"the markup '{self.name}' is not allowed in {where}: browsers read it differently from "
                "the site's checks, which could hide script; remove it or write it as text")


# ---------------------------------------------------------------- addresses and attributes


def url_problem(value: str | None) -> str | None:
    """The refused scheme of an address ('javascript:', 'data:text/html'), or None when safe.

    Normalised the way browsers read it: entities decoded, tabs and newlines removed,
    control characters and spaces trimmed, case ignored.
    """
    if not value:
        return None
    text = _INVISIBLE.sub("", html.unescape(value)).strip(_EDGES).lower()
    m = _SCHEME.match(text)
    if not m:
        return None
    scheme = m.group(1)
    if scheme in SCRIPT_SCHEMES:
        return f"{scheme}:"
    media = re.match(r"data:[ \x0c]*([a-z0-9.+\-]+/[a-z0-9.+\-]*)", text) if scheme == "data" else None
    if media and not SAFE_DATA.match(text):      # data:,text and data:;base64,... are plain text: harmless
        return f"data:{media.group(1)}"
    return None


def attribute_problems(name: str, value: str | None, line: int) -> list[Finding]:
    """Findings for one attribute: an event handler, or an address with a refused scheme."""
    name = name.lower()
    if name.startswith("on"):
        return [Finding(line, "attribute", name)]
    if name in URL_ATTRIBUTES:
        candidates = [part.strip().split(" ")[0] for part in (value or "").split(",")] if name == "srcset" else [value]
        for candidate in candidates:
            scheme = url_problem(candidate)
            if scheme:
                return [Finding(line, "url", f"{name}=", scheme)]
    return []


_MARKUP = re.compile(r"<[a-zA-Z/!?]")
"""What a browser would read as a tag: a title holding it is not plain text."""
_SECOND_READING = re.compile(r"[&<>]")
"""Characters of a title the theme's tooltip would read as markup (the title is set as innerHTML)."""


def reserved(value: str) -> bool:
    """Whether an id, name or class is one the theme uses for its own elements."""
    return value.strip().lower().startswith(RESERVED_PREFIXES)


def own_id(value: str) -> str:
    """An id made from an editor's words (a heading's anchor) that is not one of the theme's names."""
    return f"section-{value}" if reserved(value) else value


def theme_problems(name: str, value: str | None, line: int, styles: bool) -> list[Finding]:
    """Findings for one attribute that reaches into the theme: a style (unless ``styles``), one of the
    theme's names or data-md- attributes, or markup in a title. ``value`` is decoded, as a browser reads it."""
    name = name.lower()
    if name == "style":
        return [] if styles else [Finding(line, "style", "style")]
    if name.startswith(THEME_ATTRIBUTE):
        return [Finding(line, "reserved", "attribute", name)]
    if name in NAME_ATTRIBUTES and value and reserved(value):
        return [Finding(line, "reserved", name, value.strip())]
    if name == "class" and value:
        return [Finding(line, "reserved", "class", c) for c in value.split() if reserved(c)]
    if name == "title" and value and _MARKUP.search(value):
        return [Finding(line, "title", "title", _shorten(value))]
    return []


def _shorten(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


def police_attributes(attrs: list[tuple[str, str | None]], line: int,
                      styles: bool) -> tuple[list[tuple[str, str | None]] | None, list[Finding]]:
    """A tag's attributes (values decoded) as finished content may carry them, or None when unchanged.

    Styles (unless ``styles``), the theme's names and data-md- attributes are dropped and
    reported; a title is made plain text for the tooltip's reading of it as HTML, silently:
    the text a reader sees stays the same.
    """
    kept: list[tuple[str, str | None]] = []
    found: list[Finding] = []
    changed = False
    for name, value in attrs:
        problems = [f for f in theme_problems(name, value, line, styles) if f.kind != "title"]
        if problems:
            found += problems
            changed = True
            if name.lower() != "class":
                continue
            value = " ".join(c for c in (value or "").split() if not reserved(c))
            if not value:
                continue
        elif name.lower() == "title" and value and _SECOND_READING.search(value):
            value, changed = html.escape(value, quote=False), True
        kept.append((name, value))
    return (kept if changed else None), found


def start_tag(tag: str, attrs: list[tuple[str, str | None]], closed: bool = False) -> str:
    """A start tag written from decoded attribute values, every value escaped."""
    parts = "".join(f" {n}" if v is None else f' {n}="{html.escape(v, quote=True)}"' for n, v in attrs)
    return f"<{tag}{parts}{' /' if closed else ''}>"


# ---------------------------------------------------------------- Markdown source

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}+|~{3,}+)[^\n]*+\n.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_INDENTED = re.compile(r"(?:\A|\n[ \t]*\n)((?:(?: {4}|\t)[^\n]*(?:\n|\Z)|[ \t]*\n)+)")
# A run of backticks not preceded by '\' or '`'; the pattern starts with the backtick itself
# (the look-behind after it) so that the regex engine can skip ahead to each one.
_CODE_SPAN = re.compile(r"(`(?<![\\`]`)`*)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--(?:-?>|.*?(?:--!?>|\Z))", re.S)   # as browsers end comments: <!--> and --!> too
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")   # no '<': linear time
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:[ \t]|$)", re.M)
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*)\}")
# One item of an attribute list: '#id', '.class', or 'key', 'key=value', 'key="value"', "key='value'".
_LIST_ITEM = re.compile(r"""([#.])([^\s{}]+)|([^\s"'=#.{}][^\s"'={}]*)(?:=("[^"]*"|'[^']*'|[^\s{}]*))?""")
# The title of a Markdown link or image, and of a link definition: "...", '...' or (...).
_TITLE = r"""("[^"\n]*"|'[^'\n]*'|\([^()\n]*\))"""
_LINK_TITLE = re.compile(r"\]\(\s*(?:<[^>\n]*>|[^)\s]+)[ \t]+" + _TITLE + r"[ \t]*\)")
_REFERENCE_TITLE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+(?:[ \t]+|[ \t]*\n[ \t]*)" + _TITLE + r"[ \t]*$", re.M)


def _blank(match: re.Match[str]) -> str:
    """The matched text with everything but line breaks turned into spaces (lines stay put)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(text: str) -> str:
    """``text`` with code blocks, code spans and HTML comments blanked out, same length and lines.

    Markdown shows code literally, so ``<script>`` there is an example, not markup.
    Indented blocks count as code only after a blank line; inside a list such lines are
    prose, but any markup they hold is still caught by :func:`neutralise_html`.
    """
    # Each pattern runs only where its opening can occur: most papers have no code at all.
    if "```" in text or "~~~" in text:
        text = _FENCE.sub(_blank, text)
    if "    " in text or "\t" in text:
        text = _INDENTED.sub(_blank, text)
    if "`" in text:
        text = _CODE_SPAN.sub(lambda m: _blank(m) if "\n\n" not in m.group(0) else m.group(0), text)
    return _COMMENT.sub(_blank, text) if "<!--" in text else text


class _Lines:
    """Position -> 1-based line by binary search, so that a page of many tags stays linear."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def check_markdown(markdown: str, styles: bool = False) -> list[Finding]:
    """Every refused construct in an editor's Markdown, in reading order, with its line.

    ``styles``: whether style attributes are allowed (the site's own pages, not papers or the glossary).
    """
    text = mask_code(markdown)
    line = _Lines(text)
    found: list[Finding] = []
    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        if name in REFUSED_ELEMENTS:
            if not m.group(1):
                found.append(Finding(line(m.start()), "element", name))
            continue
        for attr in _ATTR.finditer(m.group(3)):
            where, value = line(m.start(3) + attr.start()), _unquote(attr.group(2))
            found += attribute_problems(attr.group(1), value, where) + theme_problems(attr.group(1), _decoded(value),
                                                                                      where, styles)
    for pattern, what in ((_LINK, "a Markdown link"), (_REFERENCE, "a link definition")):
        for m in pattern.finditer(text):
            scheme = url_problem(m.group(1))
            if scheme:
                found.append(Finding(line(m.start(1)), "url", what, scheme))
    for pattern in (_LINK_TITLE, _REFERENCE_TITLE):
        for m in pattern.finditer(text):
            found += theme_problems("title", _decoded(m.group(1)[1:-1]), line(m.start(1)), styles)
    for m in _ATTR_LIST.finditer(text):
        found += _list_problems(m.group(1), line(m.start(1)), styles)
    return sorted(found, key=lambda f: f.line)


def _list_problems(items: str, line: int, styles: bool) -> list[Finding]:
    """Findings for one ``{: ... }`` attribute list: ``#id`` and ``.class`` are an id and a class."""
    found: list[Finding] = []
    for item in _LIST_ITEM.finditer(items):
        if item.group(1):
            name, value = ("id" if item.group(1) == "#" else "class"), item.group(2)
        else:
            name, value = item.group(3), _unquote(item.group(4))
            if value is not None or name.lower().startswith("on"):
                found += attribute_problems(name, value, line)
        found += theme_problems(name, _decoded(value), line, styles)
    return found


def _decoded(value: str | None) -> str | None:
    """An attribute value as the browser reads it: character references decoded."""
    return html.unescape(value) if value and "&" in value else value


def _unquote(value: str | None) -> str | None:
    if value and value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1:
        return value[1:-1]
    return value


# ---------------------------------------------------------------- finished HTML

_ODD_MARKUP = re.compile(r"<!(?!--)|</(?![A-Za-z])|<\?")
"""CDATA, doctypes, '</ ' and '<?': browsers end these at the first '>', parsers may not."""


def _canonical_comments(text: str) -> tuple[str, list[Finding]]:
    """Comments rewritten so that any parser ends them where a browser does; odd markup escaped.

    ``<!-->x`` is a complete comment to a browser but opens one to Python's parser, which
    would then overlook a tag that runs; the same for ``--!>`` and ``<![CDATA[...>``.
    """
    found: list[Finding] = []
    line = _Lines(text)

    def comment(m: re.Match[str]) -> str:
        whole = m.group(0)
        short, bang = whole in ("<!-->", "<!--->"), whole.endswith("--!>")
        if not short and not bang:
            return whole             # ends at '-->' for every reader, or unfinished (escaped later)
        found.append(Finding(line(m.start()), "markup", whole[:12]))
        return "<!--" + (whole[4:-4].replace("--", "- -") if bang else "") + "-->"

    text = _COMMENT.sub(comment, text)
    line = _Lines(text)
    for m in _ODD_MARKUP.finditer(text):
        found.append(Finding(line(m.start()), "markup", _shown(text, m.start())))
    return _ODD_MARKUP.sub(lambda m: "&lt;" + m.group(0)[1:], text), found


def _shown(text: str, start: int) -> str:
    """A short quote of odd markup for a message: up to its first '>' or a dozen characters."""
    quote = text[start:start + 12]
    return quote[:quote.index(">") + 1] if ">" in quote else quote


Span = tuple[int, int, "Finding | None", "str | None"]
"""(start, end, what to report or None, the tag that replaces the text or None to escape it)."""


class _Scanner(HTMLParser):
    """Collects the character spans of offending tags (and raw-text contents) in finished HTML,
    and the start tags whose attributes must change (:func:`police_attributes`)."""

    def __init__(self, text: str, styles: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.styles = styles
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.spans: list[Span] = []
        self.found: list[Finding] = []    # reported, the tag kept with other attributes
        self.foreign = 0

    def _here(self) -> tuple[int, int]:
        line, column = self.getpos()
        return line, self.starts[line - 1] + column

    def _refused(self, tag: str) -> bool:
        return tag in REFUSED_ELEMENTS or (tag == "title" and not self.foreign)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, start = self._here()
        raw = self.get_starttag_text() or ""
        problems = [Finding(line, "element", tag)] if self._refused(tag) else []
        for name, value in attrs:
            problems += attribute_problems(name, value, line)
        if problems:
            self.spans.append((start, start + len(raw), problems[0], None))
        else:
            policed, found = police_attributes(attrs, line, self.styles)
            if policed is not None:
                self.spans.append((start, start + len(raw), None, start_tag(tag, policed, raw.endswith("/>"))))
                self.found += found
        if tag in FOREIGN and not raw.endswith("/>"):
            self.foreign += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)      # '<svg/>' opens nothing: handle_starttag sees the '/>'

    def handle_endtag(self, tag: str) -> None:
        if tag in FOREIGN and self.foreign:
            self.foreign -= 1
        if self._refused(tag):
            line, start = self._here()
            end = self.text.find(">", start)
            self.spans.append((start, len(self.text) if end < 0 else end + 1, None, None))  # its opening tag is reported

    def handle_data(self, data: str) -> None:
        if self.cdata_elem:        # inside <script>/<style>: the parser did not read it as markup
            _, start = self._here()
            self.spans.append((start, start + len(data), None, None))


_SPACE = "[ \t\n\r\f]"
# One attribute of a simple tag: a name, then an optional double-quoted value holding no '<' or '>'.
_ATTRIBUTE = rf'{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?'
# Searched from where a run of white space starts (the look-behind), so a long run is read once.
_ATTRIBUTE_PARTS = re.compile(rf'(?<!{_SPACE}){_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"<>]*)")?')
_NOT_SIMPLE = re.compile(rf"<(?!/?[a-zA-Z][a-zA-Z0-9-]*(?:{_ATTRIBUTE})*+{_SPACE}*/?>)")   # a '<' of anything else
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")
_WATCHED = REFUSED_ELEMENTS | FOREIGN | {"title"}


def _any_case(name: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in name)


# A start tag up to its first event handler or address with a scheme (or an '&' that may spell one).
# It walks the tag attribute by attribute from its '<', so a value is never read as attributes:
# title=" b=" x:y href="javascript:..." holds a title, a bare x:y and an href.
_HANDLER_OR_ADDRESS = re.compile(
    rf'<[a-zA-Z][a-zA-Z0-9-]*(?:{_ATTRIBUTE})*?{_SPACE}+'
    rf'(?:(?P<handler>[oO][nN])|(?:{"|".join(_any_case(n) for n in sorted(URL_ATTRIBUTES))})="[^"<>]*[:&])')


def plainly_safe(text: str) -> bool:
    """True when ``text`` provably holds nothing :func:`neutralise_html` would escape.

    That is so when every '<' opens a simple tag (a name, then attributes with double-quoted
    values holding no '<' or '>'), where any parser and any browser see the same tags, and
    no tag is refused (or <title>, <svg>, <math>), has an ``on*`` attribute, or holds a
    refused address. Generated pages are all like this, so the full HTML parser only reads
    pages with something unusual in them: it costs far more than these few searches, which
    build no list of the page's tags.
    """
    if _NOT_SIMPLE.search(text):
        return False
    if any(name.lower() in _WATCHED for name in set(_TAG_NAME.findall(text))):
        return False
    return not any(m.group("handler") or _refused_address(text, m.start())
                   for m in _HANDLER_OR_ADDRESS.finditer(text))


def _refused_address(text: str, start: int) -> bool:
    """Whether the simple tag at ``start`` has an address attribute with a refused scheme."""
    name_end = _TAG_NAME.match(text, start).end()
    attributes = text[name_end:text.index(">", name_end)]
    return any(name.lower() in URL_ATTRIBUTES and attribute_problems(name, html.unescape(value), 0)
               for name, value in _ATTRIBUTE_PARTS.findall(attributes))


# A simple start tag with an attribute the policy may change: a title holding '&' (so, decoded,
# maybe '<' or '&'), a style, a data-md- attribute, or an id, name or class of the theme's.
_POLICED_ATTRIBUTE = (rf'{_SPACE}+(?:{_any_case("title")}="[^"]*&|{_any_case("style")}=|{_any_case("data-md-")}'
                      rf'|(?:{_any_case("id")}|{_any_case("name")}|{_any_case("for")})="{_SPACE}*(?:__|{_any_case("md-")})'
                      rf'|{_any_case("class")}="(?:[^"]*{_SPACE})?(?:__|{_any_case("md-")}))')
_POLICED_TAG = re.compile(rf'<([a-zA-Z][a-zA-Z0-9-]*)((?:{_ATTRIBUTE})*?{_POLICED_ATTRIBUTE}[^>]*)>')


def _police_simple(text: str, styles: bool) -> tuple[str, list[Finding]]:
    """:func:`police_attributes` over a text of simple tags only (see :func:`plainly_safe`)."""
    if not _POLICED_TAG.search(text):
        return text, []
    found: list[Finding] = []
    line = _Lines(text)

    def tag(m: re.Match[str]) -> str:
        body = m.group(2)
        closed = body.rstrip().endswith("/")
        attrs = [(a.group(1), None if a.group(2) is None else html.unescape(a.group(2)))
                 for a in _ATTRIBUTE_PARTS.finditer(body.rstrip().removesuffix("/"))]
        policed, problems = police_attributes(attrs, line(m.start()), styles)
        found.extend(problems)
        return m.group(0) if policed is None else start_tag(m.group(1), policed, closed)

    return _POLICED_TAG.sub(tag, text), found


def neutralise_html(text: str, styles: bool = False) -> tuple[str, list[Finding]]:
    """``text`` with every offending tag escaped into visible text, and what was found.

    Only the tags change (and the contents of <script>/<style>, which become text): words
    around and inside them stay, so nothing a reader should see is lost, and a refused
    ``<script>`` shows as text instead of running. Attributes that reach into the theme
    are dropped, and titles made plain text (:func:`police_attributes`); ``styles``
    allows style attributes.
    """
    return _police_simple(text, styles) if plainly_safe(text) else neutralise_fully(text, styles)


def neutralise_fully(text: str, styles: bool = False) -> tuple[str, list[Finding]]:
    """:func:`neutralise_html` with every tag read by the HTML parser, whatever the text."""
    prepared, found = _canonical_comments(text)
    scanner = _Scanner(prepared, styles)
    scanner.feed(prepared)
    rest = scanner.rawdata                            # what the parser is still waiting to finish
    if rest.startswith("<") or (rest and scanner.cdata_elem):
        start = len(prepared) - len(rest)             # an unfinished tag the page around it could finish,
        finding = None if scanner.cdata_elem else Finding(_line(prepared, start), "markup", _shown(prepared, start))
        scanner.spans.append((start, len(prepared), finding, None))   # or an unclosed <script>'s contents
    # No close(): it would re-read an unfinished tag one character at a time (quadratic), and
    # whatever it would still report is already escaped above.
    found += [f for _, _, f, _ in scanner.spans if f is not None] + scanner.found
    if not scanner.spans and not found:
        return text, []
    out, cursor = [], 0
    for start, end, _, replacement in sorted(scanner.spans, key=lambda s: s[0]):
        if start < cursor:
            continue
        out += [prepared[cursor:start], html.escape(prepared[start:end], quote=False) if replacement is None
                else replacement]
        cursor = end
    out.append(prepared[cursor:])
    return "".join(out), sorted(found, key=lambda f: f.line)
