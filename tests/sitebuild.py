"""Tiny sites built in temporary folders: the project's code with test content, built by MkDocs.

:func:`build_site` copies the project's own pages and configuration (mkdocs.yml, docs/) from
this repository and the content (papers/, bibliography.bib, glossary.yml) from the test
project ``tests/fixtures/proceedings/`` into ``tmp_path/project``, applies per-test changes,
runs ``mkdocs build`` (``--strict`` unless told otherwise) in a subprocess and returns a
:class:`SiteBuild`::

    build = build_site(tmp_path, files={"papers/seminar-3/x.md": PAPER})
    rc, log, site = build              # or build.returncode, build.log, build.site_dir
    assert rc == 0, log
    html = build.page("seminar-3/x/")

``files`` maps a path relative to the project root to new content: ``str`` (written as
UTF-8), ``bytes`` (written as is), ``None`` (the file or folder is deleted) or a callable
that receives the current text ('' when absent) and returns the new text. ``config`` is
merged over mkdocs.yml through MkDocs' own ``INHERIT`` (mappings merge, lists and scalars
replace); hook paths in it may be relative to the repository root. The hooks always run
from this repository, so a test exercises the code under test, not a copy of it.

:func:`prepare_project` and :func:`run_build` are the two halves, for tests that build one
copy twice. ``SiteBuild.changed`` lists source files the build created, changed or deleted
(it must be empty: a build never writes to its inputs). Tests reach this module through
the ``make_site`` fixture of conftest.py, or import it (``from sitebuild import ...``).

The test project is small and its content belongs to the tests, so a test may rely on it
(volume ``seminar-3`` with papers ``introduction``, ``martin`` and ``warmington``; keys such
as ``engestrom2001``; concepts such as ``knotworking``) and keeps passing whatever editors add
to the real papers. ``content=REAL`` builds the real corpus instead: only for tests of what
every valid corpus must satisfy (tests/test_corpus.py), never for counts, keys or titles.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence, Union

import yaml

ROOT = Path(__file__).resolve().parent.parent
CODE = ("mkdocs.yml", "docs", "overrides")                  # taken from the repository
CONTENT = ("papers", "bibliography.bib", "glossary.yml")    # taken from ``content``
FIXTURE = ROOT / "tests" / "fixtures" / "proceedings"      # the test project's content
REAL = ROOT                                                 # the real corpus
BASE_CONFIG = "mkdocs.base.yml"       # the project's mkdocs.yml, copied; the test's config inherits it
BUILD_TIMEOUT = 300

FileChange = Union[str, bytes, None, Callable[[str], str]]


@dataclass
class SiteBuild:
    """The outcome of one build; unpacks as ``(returncode, log, site_dir)``."""

    returncode: int
    log: str
    site_dir: Path
    project: Path
    changed: list[str] = field(default_factory=list)   # source files the build created, changed or deleted

    def __iter__(self) -> Iterator[object]:
        return iter((self.returncode, self.log, self.site_dir))

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def page(self, url: str) -> str:
        """The HTML of the page at site URL ``url`` ('seminar-3/martin/' or 'index.html')."""
        path = self.site_dir / url
        return (path / "index.html" if url.endswith("/") or not url else path).read_text(encoding="utf-8")

    def files(self, *suffixes: str) -> list[Path]:
        """Every built file, sorted, optionally only those ending in one of ``suffixes``."""
        return sorted(p for p in self.site_dir.rglob("*") if p.is_file() and (not suffixes or p.name.endswith(suffixes)))


def tree_digest(folder: Path, skip: Sequence[str] = ()) -> dict[str, str]:
    """relative path -> sha256 of every file under ``folder``, except under ``skip`` folders."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and "__pycache__" not in path.parts and not rel.startswith(tuple(f"{s}/" for s in skip)):
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def read_config(path: Path) -> dict:
    """mkdocs.yml as data, tolerating MkDocs' own tags (!ENV, !!python/name) it may use."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}


def _hook_path(hook: str) -> str:
    return hook if os.path.isabs(hook) else str(ROOT / hook)


def _child_config(base: dict, overrides: Mapping | None) -> dict:
    """The test's mkdocs.yml: inherit the project's, run this repository's hooks, add overrides."""
    overrides = dict(overrides or {})
    hooks = overrides.pop("hooks", base.get("hooks") or [])
    return {"INHERIT": BASE_CONFIG, **overrides, "hooks": [_hook_path(h) for h in hooks], "watch": []}


def prepare_project(tmp_path: Path, files: Mapping[str, FileChange] | None = None,
                    config: Mapping | None = None, content: Path = FIXTURE) -> Path:
    """Copy the project's code and ``content``'s papers into ``tmp_path/project``, apply the changes."""
    project = tmp_path / "project"
    project.mkdir(parents=True)
    for name, origin in [*((n, ROOT) for n in CODE), *((n, content) for n in CONTENT)]:
        source = origin / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, project / name)
    os.replace(project / "mkdocs.yml", project / BASE_CONFIG)
    child = _child_config(read_config(project / BASE_CONFIG), config)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(child, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for rel, change in (files or {}).items():
        _apply(project / rel, change)
    return project


def _apply(path: Path, change: FileChange) -> None:
    if change is None:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        return
    if callable(change):
        change = change(path.read_text(encoding="utf-8") if path.is_file() else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(change, bytes):
        path.write_bytes(change)
    else:
        path.write_text(change, encoding="utf-8", newline="")


def build_env(extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The environment of a build subprocess; a value of None removes the variable."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    for name, value in (extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_build(project: Path, site_dir: Path, env: Mapping[str, str | None] | None = None,
              launcher: Sequence[str] | None = None, strict: bool = True,
              timeout: float = BUILD_TIMEOUT) -> SiteBuild:
    """``mkdocs build`` of a prepared project in a subprocess; the log is stdout and stderr together."""
    command = [*(launcher or (sys.executable, "-m", "mkdocs")), "build", "--clean",
               "-f", str(project / "mkdocs.yml"), "-d", str(site_dir), *(["--strict"] if strict else [])]
    before = tree_digest(project)
    done = subprocess.run(command, cwd=project, env=build_env(env), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout)
    after = tree_digest(project, skip=[os.path.relpath(site_dir, project)] if site_dir.is_relative_to(project) else [])
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return SiteBuild(done.returncode, done.stdout.decode("utf-8", "replace"), site_dir, project, changed)


def build_site(tmp_path: Path, files: Mapping[str, FileChange] | None = None, config: Mapping | None = None,
               env: Mapping[str, str | None] | None = None, launcher: Sequence[str] | None = None,
               strict: bool = True, timeout: float = BUILD_TIMEOUT, content: Path = FIXTURE) -> SiteBuild:
    """Copy the project into ``tmp_path``, apply ``files`` and ``config``, build into ``tmp_path/site``.

    ``launcher`` replaces ``python -m mkdocs`` (e.g. a ``python -c`` wrapper that patches
    something first); ``env`` adds or (with None) removes environment variables; ``content``
    is the folder the papers, library and glossary come from (the test project, or ``REAL``).
    """
    project = prepare_project(tmp_path, files, config, content)
    return run_build(project, tmp_path / "site", env, launcher, strict, timeout)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(v for k, v in attrs if k == "id" and v)


def ids_of(html: str) -> set[str]:
    """Every id a page declares: where its fragment links may land."""
    parser = _Ids()
    parser.feed(html)
    return parser.ids
