"""Internal links of a built site: every href and src must reach a file, every #fragment an id.

MkDocs validates the links it writes from Markdown, but not links in raw HTML, links the
hooks generate, or anchors on other pages reached through directory URLs. This module
checks the finished ``site/`` as a reader's browser would see it. Each page is read once;
its ids and links come out of one regular-expression pass over its tags, so a site of
hundreds of pages is checked in well under a second. Nothing here knows MkDocs: the
caller passes a map from built page to the file an editor must open.
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

# Comments and the bodies of script/style hold no links; the opening tag of a script is kept for its src.
_SKIP = re.compile(r"<!--.*?-->|(<script\b[^>]*>).*?</script\s*>|(<style\b[^>]*>).*?</style\s*>", re.S | re.I)
# A start tag with its attributes; quoted values may contain '>'.
_TAG = re.compile(r"""<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
LINK_ATTRIBUTES = frozenset({"href", "src", "xlink:href"})
IMPLICIT_FRAGMENTS = frozenset({"top"})  # browsers scroll to the top for #top without any id
MAX_PAGES_PER_PROBLEM = 3  # a broken link in the navigation repeats on every page: say it once


@dataclass
class Page:
    """What one built page offers (its ids) and asks for (its links), from one pass."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """One internal link that leads nowhere, on one built page (site-relative path)."""

    page: str
    href: str
    reason: str
    key: tuple[str, str]  # what is missing, to group the same break across pages


def scan_html(text: str) -> Page:
    """The ids (and a-names) a page declares and every href/src it holds, in order."""
    page = Page()
    text = _SKIP.sub(lambda m: m.group(1) or m.group(2) or "", text)
    for tag in _TAG.finditer(text):
        attrs = tag.group(2)
        if not attrs or "=" not in attrs:
            continue
        for m in _ATTR.finditer(attrs):
            name = m.group(1).lower()
            value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
            if value is None:
                continue
            if name == "id" or (name == "name" and tag.group(1).lower() == "a"):
                page.ids.add(html.unescape(value))
            elif name in LINK_ATTRIBUTES:
                page.links.append(html.unescape(value).strip())
    return page


def is_external(href: str) -> bool:
    """True for links that leave the site: any scheme (http, mailto, tel, data, ...) or //host."""
    return bool(_SCHEME.match(href)) or href.startswith("//")


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
    if not href or href == "#" or is_external(href):
        return None
    path, _, fragment = href.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return page, unquote(fragment)
    if path.startswith("/"):
        base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        if not (path + "/").startswith(base):
            return "../" + path.lstrip("/"), unquote(fragment)
        joined = path[len(base):]
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(joined) if joined else "."
    if path.endswith("/") or target == ".":
        target = "index.html" if target == "." else target + "/index.html"
    return target, unquote(fragment)


def _target_file(target: str, files: set[str]) -> str | None:
    """The file a target path is served from: itself, or its folder's index.html."""
    if target in files:
        return target
    index = target.rstrip("/") + "/index.html"
    return index if index in files else None


def check_pages(pages: Mapping[str, Page], files: set[str], base_path: str = "/") -> list[Problem]:
    """Every internal link of ``pages`` whose file or fragment is missing."""
    problems = []
    for name, page in pages.items():
        for href in page.links:
            resolved = resolve(href, name, base_path)
            if resolved is None:
                continue
            target, fragment = resolved
            problem = _problem(name, href, target, fragment, pages, files)
            if problem:
                problems.append(problem)
    return problems


def _problem(name: str, href: str, target: str, fragment: str,
             pages: Mapping[str, Page], files: set[str]) -> Problem | None:
    if target.startswith("../") or target == "..":
        return Problem(name, href, "points outside the site", ("outside", target))
    found = _target_file(target, files)
    if found is None:
        return Problem(name, href, f"points to '{target}', which the built site does not have",
                       ("file", target))
    if fragment and found in pages and fragment not in pages[found].ids and fragment not in IMPLICIT_FRAGMENTS:
        where = "this page" if found == name else f"page '{found}'"
        return Problem(name, href, f"points to the anchor '#{fragment}', which {where} does not have",
                       ("anchor", f"{found}#{fragment}"))
    return None


def scan_site(site_dir: Path) -> tuple[dict[str, Page], set[str]]:
    """Every .html page of the site, each read and scanned once, and the list of all files."""
    files = site_files(site_dir)
    pages = {}
    for name in sorted(f for f in files if f.endswith(".html")):
        text = (site_dir / name).read_text(encoding="utf-8", errors="replace")
        pages[name] = scan_html(text)
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
