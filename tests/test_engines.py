"""The site builds alike with MkDocs and ProperDocs: same pages, same links, same bytes beyond the
tag that names the engine."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hooks.engine_compare import compare
from sitebuild import prepare_project, run_build

PAGE = '<html><head><meta name="generator" content="{engine}"></head><body><a href="{href}">x</a></body></html>'


def _site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_only_the_generator_may_differ(tmp_path: Path) -> None:
    a = _site(tmp_path / "a", {"index.html": PAGE.format(engine="mkdocs-1.6.1", href="x/"), "s.js": "1"})
    b = _site(tmp_path / "b", {"index.html": PAGE.format(engine="ProperDocs 1.6.7", href="x/"), "s.js": "1"})
    assert compare(a, b) == []


@pytest.mark.parametrize("change, problem", [
    ({"index.html": PAGE.format(engine="e", href="y/")}, "index.html: the links differ"),
    ({"index.html": PAGE.format(engine="e", href="x/") + "<p>more</p>"}, "index.html: the content differs"),
    ({"s.js": "2"}, "s.js: the content differs"),
    ({"extra.html": ""}, "extra.html"),
])
def test_a_difference_is_named(tmp_path: Path, change: dict[str, str], problem: str) -> None:
    base = {"index.html": PAGE.format(engine="e", href="x/"), "s.js": "1"}
    a = _site(tmp_path / "a", base)
    b = _site(tmp_path / "b", {**base, **change})
    assert any(problem in p for p in compare(a, b)), compare(a, b)


@pytest.mark.slow
def test_mkdocs_and_properdocs_build_the_same_site(tmp_path: Path) -> None:
    project = prepare_project(tmp_path)
    mkdocs = run_build(project, tmp_path / "mkdocs-site")
    properdocs = run_build(project, tmp_path / "properdocs-site", launcher=(sys.executable, "-m", "properdocs"))
    assert mkdocs.returncode == 0, mkdocs.log
    assert properdocs.returncode == 0, properdocs.log
    assert "ProperDocs" in (properdocs.site_dir / "index.html").read_text(encoding="utf-8")
    assert compare(mkdocs.site_dir, properdocs.site_dir) == []
