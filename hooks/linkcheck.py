"""Internal links of a built site: every href and src must reach a file, every #fragment an id.

MkDocs validates the links it writes from Markdown, but not links in raw HTML, links the
hooks generate, or anchors on other pages reached through directory URLs. This module
checks the finished ``site/`` as a reader's browser would see it. Each page is read once;
its ids and links come out of one pass over its tags, each read attribute by attribute as
a browser does (text inside a value, such as an escaped title, is never taken for a link),
so a site of hundreds of pages is checked in well under a second. Nothing here knows
MkDocs: the caller passes a map from built page to the file an editor must open.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from hooks.diagnostics import Diagnostic, warning
from hooks.material_theme import PRIMARY_NAV

# Pages are read as UTF-8 bytes: only the few values kept are decoded, and a byte pattern
# scans half the memory of a decoded page. HTML's own syntax is ASCII.
# Where comments, scripts and styles begin; their bodies hold no links. No re.I: it makes the
# scan ten times slower, so the case-insensitive letters are spelt out.
_SKIP_START = re.compile(rb"<(?:!--|[sS][cC][rR][iI][pP][tT]\b|[sS][tT][yY][lL][eE]\b)")
# A start tag read as browsers tokenise it: the name, then attribute after attribute, each a name
# and, after '=', a quoted or bare value; a quoted value may hold '>', and a value is never read
# as attributes (title="x src=y" holds no src). Possessive: a tag that never closes fails at
# once instead of trying every way of splitting its text (exponential in its length). A '<' outside
# quotes ends the attempt (browsers would read it as part of a name or bare value, which no real
# page writes), so text of '<a<a<a...' that never closes is not read again from each '<'.
_NAME = rb"[^\s/><][^\s/>=<]*+"
_VALUE = rb"""(?:"[^"]*+"|'[^']*+'|[^\s><]++)"""
_TAG = re.compile(rb"<[a-zA-Z][^\s/><]*+(?:[\s/]*+" + _NAME + rb"(?:\s*+=\s*+" + _VALUE + rb")?)*+[\s/]*+>")
# One attribute of a tag matched by _TAG, from its tag name on: name, and the value when given.
# It starts only where a run of separators starts (the look-behind), so a long run without a name
# after it is read once, not once from each of its characters.
_ATTR = re.compile(rb"(?<![\s/])[\s/]*+(" + _NAME + rb")(?:\s*+=\s*+(" + _VALUE + rb"))?")
_TAG_NAME = re.compile(rb"<[a-zA-Z][^\s/>]*+")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
LINK_ATTRIBUTES = frozenset({b"href", b"src", b"xlink:href"})
_READ = LINK_ATTRIBUTES | {b"id", b"name"}
IMPLICIT_FRAGMENTS = frozenset({"top"})  # browsers scroll to the top for #top without any id
MAX_TAGS_REMEMBERED = 20_000   # the navigation's tags recur on every page; most others do not
MAX_PAGES_PER_PROBLEM = 3  # a broken link in the navigation repeats on every page: say it once


@dataclass
class Page:
    """What one built page offers (its ids) and asks for (its links), from one pass."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)     # in order of first appearance


@dataclass(frozen=True)
class Problem:
    """One internal link that leads nowhere, on one built page (site-relative path)."""

    page: str
    href: str
    reason: str
    key: tuple[str, str]  # what is missing, to group the same break across pages


def scan_html(text: str | bytes, seen: dict[bytes, tuple[tuple[bool, str], ...] | None] | None = None) -> Page:
    """The ids (and a-names) a page declares and every href/src it holds, in order.

    ``seen`` remembers what each distinct tag holds: pages of a site repeat the same
    navigation, so most tags have been read on an earlier page.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    page = Page()
    seen = {} if seen is None else seen
    if len(seen) > MAX_TAGS_REMEMBERED:
        seen.clear()
    for start, end in _scanned(data):
        for tag in _TAG.findall(data, start, end):
            if tag not in seen:
                seen[tag] = _read_tag(tag)
            for is_id, value in seen[tag] or ():
                if is_id:
                    page.ids.add(value)
                else:
                    page.links.append(value)
    page.links = list(dict.fromkeys(page.links))     # each link once: pages repeat theirs
    return page


def _read_tag(tag: bytes) -> tuple[tuple[bool, str], ...] | None:
    """(True, id) and (False, link) for what one tag declares and asks for, in order."""
    if b"=" not in tag:
        return None
    found = []
    for name, raw in _ATTR.findall(tag, _TAG_NAME.match(tag).end(), len(tag) - 1):
        name = name.lower()
        if name not in _READ or not raw:
            continue
        value = (raw[1:-1] if raw[:1] in (b'"', b"'") else raw).decode("utf-8", "replace")
        if "&" in value:
            value = html.unescape(value)
        if name == b"id" or (name == b"name" and tag[1:2] in (b"a", b"A") and tag[2:3].isspace()):
            found.append((True, value))
        elif name in LINK_ATTRIBUTES:
            found.append((False, value.strip()))
    return tuple(found) or None


def _scanned(data: bytes) -> list[tuple[int, int]]:
    """The stretches of the page the check reads (start, end), without copying it: all but
    the theme's site navigation, comments and the bodies of scripts and styles."""
    nav = _primary_nav(data)
    outside_nav = [(0, nav[0][0]), (nav[0][1], len(data))] if nav else [(0, len(data))]
    ranges, pos = [], 0
    for first, last in outside_nav:
        pos = max(pos, first)          # a comment could run on past the navigation
        for start, end in _skipped(data, pos, last):
            if start > pos:
                ranges.append((pos, start))
            pos = max(pos, end)
        if last > pos:
            ranges.append((pos, last))
    return ranges


def _primary_nav(data: bytes) -> list[tuple[int, int]]:
    """Where the theme's site navigation stands, which repeats on every page.

    MkDocs renders it from its own navigation, whose every entry it has checked against
    the pages it builds; a site of a few hundred pages would otherwise spend most of the
    check re-reading that same list on every page. The contents sidebar, the header,
    the footer and the page itself are all still checked.
    """
    start = data.find(PRIMARY_NAV)
    if start < 0:
        return []
    depth, pos = 0, start
    while True:
        opening, closing = data.find(b"<nav", pos), data.find(b"</nav>", pos)
        if closing < 0:
            return []
        if 0 <= opening < closing:
            depth, pos = depth + 1, opening + 4
            continue
        depth, pos = depth - 1, closing + 6
        if depth == 0:
            return [(start, pos)]


def _skipped(data: bytes, first: int, last: int) -> list[tuple[int, int]]:
    """Comments and the bodies of script and style elements that begin in data[first:last]
    (the opening tag of a script is kept for its src), in order. bytes.find does the
    scanning: it is far faster than a regular expression with lazy quantifiers."""
    found, pos = [], first
    while m := _SKIP_START.search(data, pos, last):
        if m.group() == b"<!--":
            end = data.find(b"-->", m.end())
            pos = len(data) if end < 0 else end + 3
            found.append((m.start(), pos))
            continue
        close = data.find(b">", m.end())
        if close < 0:
            found.append((m.start(), len(data)))
            break
        name = m.group()[1:]
        end = data.lower().find(b"</" + name.lower(), close) if name[:1].isupper() else data.find(b"</" + name, close)
        pos = len(data) if end < 0 else end
        found.append((close + 1, pos))
    return found


def site_files(site_dir: Path) -> set[str]:
    """Every file of the built site as a site-relative POSIX path, listed in one walk."""
    found = set()
    for folder, _, names in os.walk(site_dir):
        rel = Path(folder).relative_to(site_dir).as_posix()
        prefix = "" if rel == "." else rel + "/"
        found.update(prefix + name for name in names)
    return found


def resolve(href: str, page: str, base_path: str = "/") -> tuple[str, str] | None:
    """(site-relative target path, fragment) for an internal link on ``page``, or None to skip.

    Root-relative links are taken relative to ``base_path`` (the path of site_url), so a
    site published under /proceedings/ is checked as it will be served. A path that climbs
    out of the site comes back starting with '../'.
    """
    return _resolve(href, page, page.rpartition("/")[0], base_path)


def _resolve(href: str, page: str, folder: str, base_path: str) -> tuple[str, str] | None:
    """:func:`resolve` with the page's folder worked out once per page; called for every link."""
    if not href or href == "#" or (":" in href and _SCHEME.match(href)) or href.startswith("//"):
        return None
    path, _, fragment = href.partition("#")
    if "?" in path:
        path = path.split("?", 1)[0]
    path, fragment = (unquote(path) if "%" in path else path), (unquote(fragment) if "%" in fragment else fragment)
    if not path:
        return page, fragment
    if path[0] == "/":
        base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        if not (path + "/").startswith(base):
            return "../" + path.lstrip("/"), fragment
        joined = path[len(base):]
    else:
        joined = f"{folder}/{path}" if folder else path
    target = posixpath.normpath(joined) if joined else "."
    if target == ".":
        return "index.html", fragment
    return (target + "/index.html" if path[-1] == "/" else target), fragment


def _target_file(target: str, files: set[str]) -> str | None:
    """The file a target path is served from: itself, or its folder's index.html."""
    if target in files:
        return target
    index = target.rstrip("/") + "/index.html"
    return index if index in files else None


def check_pages(pages: Mapping[str, Page], files: set[str], base_path: str = "/") -> list[Problem]:
    """Every internal link of ``pages`` whose file or fragment is missing.

    Same-page fragments (most links: citations, back-links, contents) skip path
    resolution, a link repeated on a page is checked once, and a target that many pages
    link to (the navigation's) is judged once for them all.
    """
    problems = []
    verdicts: dict[tuple[str, str], tuple[str, str] | None] = {}
    for name, page in pages.items():
        folder = name.rpartition("/")[0]
        for href in dict.fromkeys(page.links):
            if href[:1] == "#" and len(href) > 1 and "?" not in href:
                fragment = unquote(href[1:])
                if fragment in page.ids or fragment in IMPLICIT_FRAGMENTS:
                    continue
                resolved: tuple[str, str] | None = (name, fragment)
            else:
                resolved = _resolve(href, name, folder, base_path)
            if resolved is None:
                continue
            if resolved not in verdicts:
                verdicts[resolved] = _verdict(resolved[0], resolved[1], pages, files)
            verdict = verdicts[resolved]
            if verdict:
                problems.append(_problem(name, href, *resolved, verdict))
    return problems


def _verdict(target: str, fragment: str, pages: Mapping[str, Page], files: set[str]) -> tuple[str, str] | None:
    """What is missing when a link to ``target#fragment`` leads nowhere: ("outside", ""),
    ("file", ""), or ("anchor", the page that lacks the id); None when it arrives."""
    if target.startswith("../") or target == "..":
        return "outside", ""
    found = _target_file(target, files)
    if found is None:
        return "file", ""
    if fragment and found in pages and fragment not in pages[found].ids and fragment not in IMPLICIT_FRAGMENTS:
        return "anchor", found
    return None


def _problem(name: str, href: str, target: str, fragment: str, verdict: tuple[str, str]) -> Problem:
    kind, found = verdict
    if kind == "outside":
        return Problem(name, href, "points outside the site", ("outside", target))
    if kind == "file":
        return Problem(name, href, f"points to '{target}', which the built site does not have", ("file", target))
    where = "this page" if found == name else f"page '{found}'"
    return Problem(name, href, f"points to the anchor '#{fragment}', which {where} does not have",
                   ("anchor", f"{found}#{fragment}"))


def scan_site(site_dir: Path) -> tuple[dict[str, Page], set[str]]:
    """Every .html page of the site, each read and scanned once, and the list of all files."""
    files = site_files(site_dir)
    pages = {}
    seen: dict[bytes, tuple[tuple[bool, str], ...] | None] = {}
    for name in sorted(f for f in files if f.endswith(".html")):
        pages[name] = scan_html((site_dir / name).read_bytes(), seen)
    return pages, files


def check_site(site_dir: Path, sources: Mapping[str, tuple[str, int]] | None = None,
               root: Path | None = None, base_path: str = "/") -> list[Diagnostic]:
    """Located warnings for every broken internal link of a built site.

    ``sources`` maps a built page (``seminar-3/martin/index.html``) to the editor's file
    and its first body line; with ``root`` the line of the link in that file is found.
    """
    pages, files = scan_site(site_dir)
    return diagnostics(check_pages(pages, files, base_path), sources or {}, root)


def diagnostics(problems: Iterable[Problem], sources: Mapping[str, tuple[str, int]],
                root: Path | None) -> list[Diagnostic]:
    """One warning per source page and break; a break on many pages is reported once."""
    groups: dict[tuple[tuple[str, str], str], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.key, p.href), []).append(p)
    found = []
    texts: dict[str, str | None] = {}
    for group in groups.values():
        shown = group if len(group) <= MAX_PAGES_PER_PROBLEM else group[:1]
        for p in shown:
            path, line = sources.get(p.page, (f"site/{p.page}", None))
            line = _line_of(p.href, path, line, root, texts)
            more = f" (the same link is on {len(group) - 1} other pages)" if len(shown) < len(group) else ""
            found.append(warning(path, line, _message(p, path) + more))
    return sorted(found, key=lambda d: (d.path, d.line or 0, d.message))


def _message(p: Problem, path: str) -> str:
    page = "/" + p.page.removesuffix("index.html")
    made = "" if path.endswith(".md") or path.startswith("site/") else f" on page {page}"
    fix = ("link to a heading or element id that exists on the target page"
           if p.key[0] == "anchor" else "fix the address or add the missing page")
    return f"broken link '{p.href}'{made}: it {p.reason}; {fix}"


def _line_of(href: str, path: str, line: int | None, root: Path | None,
             texts: dict[str, str | None]) -> int | None:
    """The first line of the source file that holds the link, else the given line.

    MkDocs rewrites Markdown links (``martin.md#x`` becomes ``../martin/#x``), so after the
    link as written the fragment and then the last path segment are looked for.
    """
    if root is None or not path.endswith(".md"):
        return line
    if path not in texts:
        try:
            texts[path] = (root / path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            texts[path] = None
    text = texts[path]
    if not text:
        return line
    base, _, fragment = href.partition("#")
    segment = base.rstrip("/").rsplit("/", 1)[-1]
    for needle in (href, f"#{fragment}" if fragment else "", segment if segment not in ("", ".", "..") else ""):
        at = text.find(needle) if needle else -1
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return line
