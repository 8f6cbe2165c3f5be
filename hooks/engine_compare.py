"""The site as two engines build it (MkDocs and ProperDocs): the same pages, links and bytes.

The one expected difference is the ``generator`` meta tag, which names the engine; it is left
out of the comparison (:data:`EXPECTED`). Run after two builds::

    python -m hooks.engine_compare site site-properdocs
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

# What may differ: the tag naming the engine and its version, e.g. "mkdocs-1.6.1, mkdocs-material-9.8.2".
EXPECTED = re.compile(rb'<meta name="generator" content="[^"]*">')


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value for name, value in attrs if name in ("href", "src") and value is not None]


def links_of(html: str) -> list[str]:
    """Every href and src of a page, in order: what a reader can follow or the page loads."""
    parser = _Links()
    parser.feed(html)
    return parser.links


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def compare(first: Path, second: Path) -> list[str]:
    """Each difference between two builds of one project, beyond :data:`EXPECTED`; empty when alike."""
    files_a, files_b = _files(first), _files(second)
    problems = [f"only in {first}: {name}" for name in sorted(files_a - files_b)]
    problems += [f"only in {second}: {name}" for name in sorted(files_b - files_a)]
    for name in sorted(files_a & files_b):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a == b:
            continue
        if name.endswith(".html") and links_of(a.decode("utf-8", "replace")) != links_of(b.decode("utf-8", "replace")):
            problems.append(f"{name}: the links differ")
        elif EXPECTED.sub(b"", a) != EXPECTED.sub(b"", b):
            problems.append(f"{name}: the content differs")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m hooks.engine_compare SITE OTHER_SITE", file=sys.stderr)
        return 2
    problems = compare(Path(argv[0]), Path(argv[1]))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} difference(s) between {argv[0]} and {argv[1]}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
