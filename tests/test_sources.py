"""Which files the build may read (hooks.sources): regular files inside the repository only.
A symbolic link, or a file in a linked folder, is refused by name and never read, so neither
its content nor its target's reaches the site or the log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hooks import sources
from hooks.bibtex import load_library
from hooks.glossary import load_glossary
from hooks.volumes import load_corpus

SECRET = "SECRET-TARGET-CONTENT"
VOLUME = "title: T\ndate: 2007-10\neditors:\n  - name: Ed Itor\npublisher: P\n"
PAPER = "---\ntitle: A paper\nauthors:\n  - name: Ann Tester\n---\n\nBody.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository folder, and an outside file holding a secret."""
    (tmp_path / "outside.txt").write_text(SECRET, encoding="utf-8")
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    return root


def test_a_regular_file_inside_may_be_read(repo: Path) -> None:
    (repo / "docs" / "a.md").write_text("x", encoding="utf-8")
    assert sources.problem(repo / "docs" / "a.md", repo) is None
    assert sources.read_bytes(repo / "docs" / "a.md", repo) == b"x"


@pytest.mark.parametrize("target", ["../../outside.txt", "a.md", "/etc/hostname", "missing.md"])
def test_a_symbolic_link_is_refused_wherever_it_points(repo: Path, target: str) -> None:
    (repo / "docs" / "a.md").write_text("x", encoding="utf-8")
    os.symlink(target, repo / "docs" / "link.md")
    assert "is a symbolic link" in sources.problem(repo / "docs" / "link.md", repo)
    with pytest.raises(sources.Refused):
        sources.read_bytes(repo / "docs" / "link.md", repo)


def test_a_file_in_a_linked_folder_is_refused(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.md").write_text(SECRET, encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", repo / "docs" / "sub")
    why = sources.problem(repo / "docs" / "sub" / "x.md", repo)
    assert "lies in 'docs/sub', a symbolic link" in why


def test_a_path_outside_the_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    assert "outside the repository" in sources.problem(tmp_path / "outside.txt", repo)
    assert "outside the repository" in sources.problem(repo / "docs" / ".." / ".." / "outside.txt", repo)


def test_a_folder_is_not_a_file_and_a_file_not_a_folder(repo: Path) -> None:
    (repo / "docs" / "a.md").write_text("x", encoding="utf-8")
    assert "not a regular file" in sources.problem(repo / "docs", repo)
    assert sources.problem(repo / "docs", repo, folder=True) is None
    assert "not a folder" in sources.problem(repo / "docs" / "a.md", repo, folder=True)


def test_a_file_over_its_limit_is_refused_without_reading_it_all(repo: Path) -> None:
    (repo / "docs" / "big.md").write_bytes(b"x" * 5000)
    with pytest.raises(sources.Refused, match="larger than 1 kB"):
        sources.read_bytes(repo / "docs" / "big.md", repo, limit=1000)
    assert len(sources.read_bytes(repo / "docs" / "big.md", repo, limit=5000)) == 5000


def test_links_under_lists_a_looping_link_without_walking_it(repo: Path) -> None:
    os.symlink(".", repo / "docs" / "loop")
    os.symlink(".", repo / "docs" / "loop2")
    assert [p.name for p in sources.links_under(repo / "docs")] == ["loop", "loop2"]


def test_papers_volume_files_and_folders_that_are_links_are_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(PAPER.replace("Body.", SECRET), encoding="utf-8")
    vol = repo / "papers" / "vol-1"
    vol.mkdir(parents=True)
    (vol / "volume.yml").write_text(VOLUME, encoding="utf-8")
    (vol / "good.md").write_text(PAPER, encoding="utf-8")
    os.symlink(outside, vol / "x.md")
    (tmp_path / "other-vol").mkdir()
    (tmp_path / "other-vol" / "volume.yml").write_text(VOLUME, encoding="utf-8")
    os.symlink(tmp_path / "other-vol", repo / "papers" / "vol-2")
    (repo / "papers" / "vol-3").mkdir()
    os.symlink(vol / "volume.yml", repo / "papers" / "vol-3" / "volume.yml")
    corpus, found = load_corpus(repo / "papers", repo)
    assert [v.id for v in corpus.volumes] == ["vol-1"]
    assert [p.slug for p in corpus.volume("vol-1").papers] == ["good"]
    refused = {d.path: d.message for d in found if "symbolic link" in d.message}
    assert set(refused) == {"papers/vol-1/x.md", "papers/vol-2", "papers/vol-3/volume.yml"}
    assert all(d.level == "error" for d in found if "symbolic link" in d.message)
    assert SECRET not in repr(found) and SECRET not in repr(corpus)


def test_stray_papers_and_hidden_folders_are_reported_not_skipped_silently(repo: Path) -> None:
    (repo / "papers" / "_drafts").mkdir(parents=True)
    (repo / "papers" / ".hidden").mkdir()
    (repo / "papers" / "stray.md").write_text(PAPER, encoding="utf-8")
    _, found = load_corpus(repo / "papers", repo)
    by_path = {d.path: d for d in found}
    assert by_path["papers/stray.md"].level == "warning" and "papers/<volume>/" in by_path["papers/stray.md"].message
    assert by_path["papers/_drafts"].level == "info" and "is not published" in by_path["papers/_drafts"].message
    assert by_path["papers/.hidden"].level == "info"


def test_a_linked_bibliography_or_glossary_is_refused_and_its_target_never_shown(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "outside.txt"
    target.write_text(f"@misc{{{SECRET}, title = {{{SECRET}}}\n- id: {SECRET}\n", encoding="utf-8")
    os.symlink(target, repo / "bibliography.bib")
    os.symlink(target, repo / "glossary.yml")
    library, found = load_library(repo / "bibliography.bib", "bibliography.bib", repo)
    glossary, more = load_glossary(repo / "glossary.yml", "glossary.yml", None, repo)
    assert len(library) == 0 and glossary.concepts == {}
    assert [(d.path, d.level) for d in found + more] == [("bibliography.bib", "error"), ("glossary.yml", "error")]
    assert all("symbolic link" in d.message for d in found + more)
    assert SECRET not in repr(found + more)


def test_a_nul_byte_in_the_bibliography_is_refused_on_its_line(tmp_path: Path) -> None:
    (tmp_path / "bibliography.bib").write_bytes(b"@misc{a2001,\n  title = {A\x00B},\n  year = {2001},\n}\n")
    library, (problem,) = load_library(tmp_path / "bibliography.bib", "bibliography.bib")
    assert len(library) == 0
    assert (problem.level, problem.line) == ("error", 2) and "NUL byte" in problem.message
