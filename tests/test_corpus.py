"""The real papers, bibliography.bib and glossary.yml: only what every valid corpus keeps.

Editors add volumes, papers, works and concepts by pull request; nothing here counts them,
lists their keys or names their titles, so a valid addition never fails these tests. What
the site does with content is tested on the test project (test_site.py and the others).
"""

from __future__ import annotations

import functools
import re

import pytest

from hooks.bibtex import load_library
from hooks.cite_format import HouseStyle
from hooks.diagnostics import failed
from hooks.glossary import load_glossary
from hooks.volumes import load_corpus
from sitebuild import REAL, SiteBuild, ids_of

LIBRARY, LIBRARY_PROBLEMS = load_library(REAL / "bibliography.bib", "bibliography.bib")
CORPUS, CORPUS_PROBLEMS = load_corpus(REAL / "papers", REAL)


def problems(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics if d.level != "info"]


# ---------------------------------------------------------------- the inputs, in-process


def test_the_library_loads_without_error_or_warning() -> None:
    assert problems(LIBRARY_PROBLEMS) == []


def test_every_work_formats_in_the_house_style() -> None:
    style = HouseStyle(LIBRARY)
    for entry in LIBRARY:
        html_out = style.reference_html(entry)
        assert f"({style.year(entry)})" in html_out and html_out.endswith("."), html_out
        assert "\\" not in html_out and "{" not in html_out, html_out
        assert style.authors_in_text(entry, narrative=True), entry.key


def test_the_glossary_loads_without_error_or_warning() -> None:
    _, diagnostics = load_glossary(REAL / "glossary.yml", "glossary.yml", lambda k: LIBRARY.get(k) is not None)
    assert not failed(diagnostics), "\n".join(map(str, diagnostics))


def test_the_papers_load_without_error_or_warning() -> None:
    assert problems(CORPUS_PROBLEMS) == []


# ---------------------------------------------------------------- the built site


def article(html: str) -> str:
    return html[html.index("<article"): html.index("</article>")]


@pytest.fixture(scope="module")
def real(make_site, tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    build = make_site(tmp_path_factory.mktemp("real"), content=REAL)
    assert build.ok, build.log
    return build


def test_the_strict_build_prints_no_warning_and_no_traceback(real: SiteBuild) -> None:
    assert not re.search(r"^(WARNING|ERROR)\b", real.log, re.M), real.log
    assert "Traceback" not in real.log


def paper_pages(real: SiteBuild) -> list[tuple[object, str]]:
    return [(paper, article(real.page(f"{paper.volume_id}/{paper.slug}/"))) for paper in CORPUS.papers()]


def test_every_citation_and_reference_of_every_paper_links_both_ways(real: SiteBuild) -> None:
    for paper, body in paper_pages(real):
        ids = ids_of(body)
        missing = [t for t in re.findall(r'href="#([^"]+)"', body) if t not in ids]
        assert not missing, (paper.src_uri, missing)
        for key in re.findall(r'<li class="reference" id="ref-([^"]+)">', body):
            item = body[body.index(f'id="ref-{key}"'):]
            item = item[:item.index("</li>")]
            assert 'class="backlink"' in item or key in paper.nocite, (paper.src_uri, key)


def test_no_paper_shows_a_raw_citation_key(real: SiteBuild) -> None:
    keys = "|".join(re.escape(entry.key) for entry in LIBRARY)
    for paper, body in paper_pages(real):
        text = re.sub(r"<[^>]+>", "", body)
        assert "[@" not in text and not re.search(rf"(?<![\w.])@(?:{keys})\b", text, re.I), paper.src_uri


@pytest.fixture(scope="module")
def ids_on(real: SiteBuild):
    """The ids of a built page, each page parsed once."""
    return functools.cache(lambda url: ids_of(real.page(url)))


def test_the_library_lists_every_work_and_its_citing_passages_exist(real: SiteBuild, ids_on) -> None:
    html = article(real.page("bibliography/"))
    assert sorted(re.findall(r'<li class="library-entry" id="ref-([^"]+)"', html)) == sorted(e.key for e in LIBRARY)
    for volume, slug, anchor in re.findall(r'href="\.\./([^/"]+)/([^/"]+)/#([^"]+)"', html):
        assert anchor in ids_on(f"{volume}/{slug}/"), (volume, slug, anchor)


def test_every_concept_has_a_page_whose_passages_exist(real: SiteBuild, ids_on) -> None:
    glossary, _ = load_glossary(REAL / "glossary.yml", "glossary.yml")
    pages = {p.name for p in (real.site_dir / "concepts").iterdir() if p.is_dir()}
    assert pages == set(glossary.concepts)
    for concept in pages:
        for volume, slug, anchor in re.findall(r'href="\.\./\.\./([^/"]+)/([^/"]+)/#([^"]+)"',
                                               article(real.page(f"concepts/{concept}/"))):
            assert anchor in ids_on(f"{volume}/{slug}/"), (concept, volume, slug, anchor)
