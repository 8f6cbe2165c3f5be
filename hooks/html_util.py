"""Small HTML helpers shared by the renderers: escaping and safe links."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from urllib.parse import urlsplit


def esc(value: object) -> str:
    """Escape text for HTML content and attribute values alike."""
    return html.escape(str(value), quote=True)


# An "&" that does not start a character reference; Python-Markdown's serializer leaves those alone.
_BARE_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)


def markdown_text(text: str) -> str:
    """Text escaped as Python-Markdown writes a text node: ``&``, ``<``, ``>``, keeping references
    such as ``&amp;`` a writer typed, so that HTML a Markdown extension emits matches its own."""
    return _BARE_AMP.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def markdown_attribute(text: str) -> str:
    """An attribute value escaped as Python-Markdown writes one in HTML output: text plus ``"``."""
    return markdown_text(text).replace('"', "&quot;")


def safe_url(url: str) -> str | None:
    """The URL when it is an absolute http(s) URL that may become a live link, else None."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc and not re.search(r"[\s<>\"']", url):
        return url
    return None


def relative_url(target: str, base: str) -> str:
    """A link from the page at site URL ``base`` to site URL ``target`` (both root-relative)."""
    target_path, _, fragment = target.partition("#")
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    rel = _relpath(target_path, base_dir)
    if rel == ".":
        rel = "./"
    elif target_path == "" or target_path.endswith("/"):
        rel += "/"
    return rel + (f"#{fragment}" if fragment else "")


def _relpath(target_path: str, base_dir: str) -> str:
    """``posixpath.relpath`` of the two as root-relative paths: for the site's own clean paths by
    comparing segments (every link of every page comes here), for any other by relpath itself."""
    target, base = [s for s in target_path.split("/") if s], [s for s in base_dir.split("/") if s]
    if "." in target or ".." in target or "." in base or ".." in base:
        return posixpath.relpath("/" + target_path, "/" + base_dir)
    common = common_segments(target, base)
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def common_segments(a: Sequence[str], b: Sequence[str]) -> int:
    """How many leading path segments ``a`` and ``b`` share: all a relative link depends on."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def paragraphs(text: str) -> str:
    """Plain text with blank-line paragraphs as escaped <p> elements."""
    return "".join(f"<p>{esc(' '.join(p.split()))}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())
