"""hooks/state.py: one rule maps a page of the site to the file (and line) an editor opens."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from hooks import state
from hooks.volumes import load_corpus

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "proceedings"


@pytest.fixture()
def build() -> state.Build:
    build = state.start(FIXTURE, FIXTURE / "site-docs")
    build.corpus, _ = load_corpus(FIXTURE / "papers", FIXTURE)
    for volume in build.corpus.volumes:
        build.volumes[volume.src_uri] = volume
        build.papers.update({p.src_uri: p for p in volume.papers})
    build.origins["concepts/knotworking.md"] = ("glossary.yml", 7)
    return build


def test_each_kind_of_page_names_its_editors_file(build: state.Build) -> None:
    paper = next(iter(build.papers.values()))
    volume = next(iter(build.volumes.values()))
    assert build.origin(paper.src_uri) == (paper.path, paper.body_line)
    assert paper.path.startswith("papers/") and paper.path.endswith(".md")
    assert build.origin(volume.src_uri) == (volume.path, None)
    assert volume.path.endswith("/volume.yml")
    assert build.origin("concepts/knotworking.md") == ("glossary.yml", 7)
    assert build.origin("concepts/index.md") == ("glossary.yml", None)
    assert build.origin("bibliography.md") == ("bibliography.bib", None)
    assert build.origin("editors/index.md") == ("site-docs/editors/index.md", 1)


def test_a_page_and_its_source_uri_agree(build: state.Build) -> None:
    for src in [*build.papers, *build.volumes, "concepts/index.md", "bibliography.md", "index.md"]:
        page = SimpleNamespace(file=SimpleNamespace(src_uri=src))
        assert state.page_origin(page) == build.origin(src)


def test_only_whole_generated_pages_are_made_by_hooks(build: state.Build) -> None:
    assert build.made_by_hooks("concepts/index.md") and build.made_by_hooks("bibliography.md")
    assert not any(build.made_by_hooks(src) for src in [*build.papers, *build.volumes, "concepts/knotworking.md"])


@pytest.mark.parametrize("src_uri, expected", [
    ("seminar-3/martin.md", "papers/seminar-3/martin.md"),
    ("seminar-3/index.md", "papers/seminar-3/volume.yml"),
    ("bibliography.md", "bibliography.bib"),
    ("concepts/knotworking.md", "glossary.yml"),
    ("concepts/index.md", "glossary.yml"),
    ("editors/index.md", "docs/editors/index.md"),
    ("index.md", "docs/index.md"),
    ("nowhere.md", None),
])
def test_without_a_build_the_layout_names_the_file(src_uri: str, expected: str | None) -> None:
    from hooks.origins import source_file
    existing = {"papers/seminar-3/martin.md", "papers/seminar-3/volume.yml", "docs/editors/index.md", "docs/index.md"}
    assert source_file(src_uri, existing.__contains__) == expected


def test_annotations_name_the_file_of_a_page() -> None:
    from hooks.annotate import source_of_page
    root = Path(__file__).resolve().parent.parent
    assert source_of_page("editors/index.md", root) == "docs/editors/index.md"
    assert source_of_page("bibliography.md", root) == "bibliography.bib"
    assert source_of_page("nowhere.md", root) == ""
