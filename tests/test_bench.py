"""The build benchmark's synthetic corpus, at a tiny size: real formats, real density, builds.

The benchmark is only worth its numbers if the corpus is what editors write: files the
project's own loaders accept without a complaint, every paragraph citing and mentioning
concepts, and a site that builds both ways. The report's last line is read by scripts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import run
from bench.corpus import Sizes, generate
from hooks import cite_parse
from hooks.bibtex import load_library
from hooks.glossary import load_glossary
from hooks.terms import TermMatcher
from hooks.volumes import load_corpus

TINY = Sizes(papers=3, entries=40, concepts=12, words=400)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    generate(root, TINY)
    return root


def _problems(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics if d.level != "info"]


def test_corpus_loads_without_a_problem(corpus: Path) -> None:
    volumes, found = load_corpus(corpus / "papers", corpus)
    assert not _problems(found)
    assert len(volumes.papers()) == TINY.papers
    library, found = load_library(corpus / "bibliography.bib", "bibliography.bib")
    assert not _problems(found)
    assert len(library) == TINY.entries
    assert {e.type for e in library} <= {"article", "book", "incollection", "unpublished", "report", "thesis", "online"}
    glossary, found = load_glossary(corpus / "glossary.yml", "glossary.yml", lambda key: library.get(key) is not None)
    assert not _problems(found)
    assert len(glossary.concepts) == TINY.concepts
    assert any(c.variants for c in glossary.concepts.values())
    assert all(c.sources and c.related and c.definition for c in glossary.concepts.values())


def test_every_paragraph_cites_a_work_and_mentions_two_concepts(corpus: Path) -> None:
    volumes, _ = load_corpus(corpus / "papers", corpus)
    library, _ = load_library(corpus / "bibliography.bib", "bibliography.bib")
    glossary, _ = load_glossary(corpus / "glossary.yml", "glossary.yml")
    matcher = TermMatcher({form: c.id for c in glossary.concepts.values() for form in c.surface_forms})
    for paper in volumes.papers():
        blocks = [b for b in paper.body.split("\n\n") if b.strip() and not b.startswith("#")]
        assert blocks
        for block in blocks:
            citations = cite_parse.find_citations(block)
            assert citations, block
            assert all(library.get(key) for c in citations for key in c.keys)
            assert len({m.concept_id for m in matcher.find(block)}) >= 2, block
        assert 0.9 * TINY.words <= len(paper.body.split()) <= 1.5 * TINY.words


def test_citation_forms_are_mixed(corpus: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((corpus / "papers").rglob("*.md")))
    assert re.search(r"\[@[\w.:-]+\]", text)                    # [@k]
    assert re.search(r"\[@[\w.:-]+, pp?\. \d+", text)           # [@k, p. 12]
    assert re.search(r"\[\w.*?@[\w.:-]+; @", text)              # [see @a; @b]
    assert re.search(r"(?<![\w\[-])@[\w.:-]+ \[-@", text)       # @k [-@j]
    assert re.search(r"(?<![\w\[-])@[\w.:-]+ [a-z]", text)      # narrative @k


def test_the_same_seed_gives_the_same_corpus(tmp_path: Path, corpus: Path) -> None:
    generate(tmp_path, TINY)
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        assert (tmp_path / path.relative_to(corpus)).read_bytes() == path.read_bytes(), path


@pytest.mark.slow
def test_a_tiny_corpus_builds_both_ways(tmp_path: Path) -> None:
    site = run.prepare(tmp_path, TINY.papers, TINY)
    full = run.build(site.full, strict=True)       # raises BuildFailed with the log's tail
    plain = run.build(site.plain, strict=False)
    assert full.seconds > 0 and full.rss_mb > 0 and plain.rss_mb > 0
    built = site.full.parent / "site"
    paper = next(built.glob("seminar-01/p01-*/index.html")).read_text(encoding="utf-8")
    assert 'class="citation-link"' in paper and 'class="concept-link"' in paper
    assert (built / "concepts" / "index.html").is_file() and (built / "bibliography" / "index.html").is_file()


def _result(papers: int, plain: float, full: float, plain_mb: float = 100, full_mb: float = 150) -> run.Result:
    stats = run.Stats(papers=papers, volumes=1)
    r = run.Result(run.Site(papers, stats, Path("plain.yml"), Path("full.yml")))
    r.plain = [run.Timing(plain, plain_mb, plain), run.Timing(plain * 1.1, plain_mb, plain)]
    r.full = [run.Timing(full, full_mb, full), run.Timing(full * 1.1, full_mb, full)]
    return r


def test_report_ends_with_the_ratio_at_300_papers() -> None:
    lines = run.report([_result(30, 2.0, 2.5), _result(300, 20.0, 26.0)], runs=2)
    assert lines[-1] == "ratio full/plain at 300 papers: 1.30"
    assert not any("bound missed" in line for line in lines)


def test_report_says_which_bound_is_missed() -> None:
    lines = run.report([_result(30, 2.0, 2.0), _result(300, 20.0, 40.0, 100, 250)], runs=2)
    missed = next(line for line in lines if line.startswith("bound missed"))
    assert "ratio full/plain 2.00 > 1.5" in missed and "growth" in missed and "memory" in missed
    assert lines[-1] == "ratio full/plain at 300 papers: 2.00"
