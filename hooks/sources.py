"""Which files the build may read: regular files inside the repository, nothing else.

A pull request can add a symbolic link (``docs/host.txt -> /etc/hostname``,
``docs/x -> ../../.git/config``) that a plain ``open()`` follows: the target would be
published, indexed for search, or printed into the log. Every reader of a source file
(papers, ``volume.yml``, ``bibliography.bib``, ``glossary.yml``, the files MkDocs collects
from ``docs/``) asks this module first. One rule, one wording, used everywhere.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from hooks.diagnostics import Diagnostic, error

# How large each kind of source may be. A real paper is some 30 kB; these leave room for
# a book-length paper and a library of thousands of works while keeping every build quick.
MAX_PAPER_BYTES = 1_000_000
MAX_YAML_BYTES = 200_000        # a volume.yml
MAX_LIBRARY_BYTES = 4_000_000   # bibliography.bib
MAX_GLOSSARY_BYTES = 2_000_000  # glossary.yml


class Refused(Exception):
    """A source file the build will not read; ``str()`` says why and what to do."""


def problem(path: Path, root: Path, folder: bool = False) -> str | None:
    """Why ``path`` (a file, or with ``folder`` a folder) may not be read as a source of the
    site under ``root``, or None.

    Checked without following links: every part of the path from ``root`` down must be a
    real folder or file, so neither a linked file nor a file in a linked folder passes.
    """
    parts = _parts_below(path, root)
    if parts is None:
        return "lies outside the repository; only files inside it are published"
    here = _base(path, root)
    for i, part in enumerate(parts):
        here = here / part
        try:
            mode = os.lstat(here).st_mode
        except OSError:
            return None     # missing or unreadable: opening it says so in the reader's own words
        last = i == len(parts) - 1
        if stat.S_ISLNK(mode):
            what = "is a symbolic link" if last else f"lies in '{Path(*parts[:i + 1]).as_posix()}', a symbolic link"
            return f"{what}; the site publishes only regular files of the repository: replace the link by a copy of the file"
        if (not last or folder) and not stat.S_ISDIR(mode):
            return "is not a folder" if last else "cannot be read (a part of its path is not a folder)"
        if last and not folder and not stat.S_ISREG(mode):
            return "is not a regular file (a folder, device or pipe); remove it"
    return None


def _base(path: Path, root: Path) -> Path:
    """``root`` as ``path`` spells it: resolved or not, whichever ``path`` starts with."""
    absolute = Path(os.path.abspath(path))
    return root if absolute.is_relative_to(os.path.abspath(root)) else root.resolve()


def _parts_below(path: Path, root: Path) -> tuple[str, ...] | None:
    """The names leading from ``root`` to ``path`` (no '..'), or None when it is not below it."""
    absolute = Path(os.path.abspath(path))
    for base in (Path(os.path.abspath(root)), root.resolve()):
        if absolute.is_relative_to(base):
            parts = absolute.relative_to(base).parts
            return parts if parts else None
    return None


def read_bytes(path: Path, root: Path, limit: int | None = None) -> bytes:
    """The bytes of a source file; raises :class:`Refused` (a link, outside, too large) or OSError.

    The file is opened without following a final link, so a link swapped in after the
    check is not read either.
    """
    why = problem(path, root)
    if why:
        raise Refused(why)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise Refused("is not a regular file (a folder, device or pipe); remove it")
        data = handle.read(limit + 1) if limit is not None else handle.read()
    if limit is not None and len(data) > limit:
        raise Refused(f"is larger than {_size(limit)}, the most the build reads from such a file; "
                      "split it or remove what does not belong in it")
    return data


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n / 1000:g} kB"


def links_under(folder: Path) -> Iterator[Path]:
    """Every symbolic link below ``folder``, without following any (a looping link is listed, not walked)."""
    for here, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(here, name)
            if path.is_symlink():
                yield path


def shown(path: Path, root: Path) -> str:
    """The path as editors see it: relative to the repository, with '/'."""
    parts = _parts_below(path, root)
    return Path(*parts).as_posix() if parts else path.as_posix()


def refused(path: Path, root: Path, folder: bool = False, name: str | None = None) -> Diagnostic | None:
    """The located error for a file (or folder) the build may not read, or None when it may;
    ``name`` is how editors know the file (relative to ``root`` by default)."""
    why = problem(path, root, folder)
    return error(name or shown(path, root), None, why) if why else None
