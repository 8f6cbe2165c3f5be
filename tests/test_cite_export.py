"""'Cite this paper' and 'Cite this volume': reference, BibTeX, RIS, and head metadata."""

from __future__ import annotations

import json
import re

import pytest
from pybtex.database import parse_string

from hooks import cite_export, scholarly
from hooks.volumes import Paper, Person, load_corpus
from sitebuild import FIXTURE

@pytest.fixture(scope="module")
def volume():
    corpus, problems = load_corpus(FIXTURE / "papers", FIXTURE)
    assert not [p for p in problems if p.level == "error"]
    return corpus.volume("seminar-3")


def paper(volume, slug: str) -> Paper:
    return next(p for p in volume.papers if p.slug == slug)


def test_paper_reference_in_house_style(volume) -> None:
    html = cite_export.paper_reference_html(paper(volume, "martin"), volume)
    assert html == ("Martin, A. (2007) Research directions in leading and managing collaborative practice. "
                    "In J. Forbes (Ed.), <em>Leading and Managing Collaborative Practice: a test volume. "
                    "ESRC Seminar 3 Proceedings</em> (Research Paper 16). Aberdeen: School of Education, "
                    "University of Aberdeen.")


def test_volume_reference(volume) -> None:
    assert cite_export.volume_reference_html(volume).startswith("Forbes, J. (Ed.) (2007) <em>Leading and Managing")


def test_bibtex_parses_back_with_every_author(volume) -> None:
    text = cite_export.paper_bibtex(paper(volume, "warmington"), volume, "https://example.org/x/")
    entry = next(iter(parse_string(text, "bibtex").entries.values()))
    assert len(entry.persons["author"]) == 3 and entry.fields["isbn"] == "978-1-903714-16-4"
    assert entry.fields["url"] == "https://example.org/x/"


def test_bibtex_escapes_special_characters() -> None:
    assert cite_export.bibtex_escape("R&D {x} 50% #1 a_b") == r"R\&D \{x\} 50\% \#1 a\_b"


def test_ris_has_type_authors_and_end(volume) -> None:
    ris = cite_export.paper_ris(paper(volume, "warmington"), volume)
    assert ris.startswith("TY  - CHAP\r\n") and ris.count("AU  - ") == 3 and ris.endswith("ER  - \r\n")
    assert "SN  - 978-1-903714-16-4" in ris


def test_highwire_tags_for_a_paper(volume) -> None:
    p = paper(volume, "warmington")
    tags = scholarly.highwire_paper(p, volume, ["Ref one.", "Ref two."], "https://example.org/p/")
    names = [n for n, _ in tags]
    assert names.count("citation_author") == 3 and names.count("citation_author_institution") == 3
    assert ("citation_publication_date", volume.year) in tags and ("citation_isbn", "978-1-903714-16-4") in tags
    assert names.count("citation_reference") == 2


def test_json_ld_is_a_chapter_of_the_volume_and_cannot_close_its_script(volume) -> None:
    p = paper(volume, "martin")
    evil = Paper(**{**p.__dict__, "title": "</script><script>alert(1)</script>"})
    html = scholarly.json_ld(scholarly.paper_ld(evil, volume, "", ""))
    assert "</script><script>" not in html
    data = json.loads(re.search(r">(.*)</script>", html).group(1))
    assert data["@type"] == "Chapter" and data["isPartOf"]["@type"] == "Book"
    assert data["author"][0]["affiliation"]["name"] == "School of Education, University of Sampleton"


def test_head_escapes_attribute_values() -> None:
    head = scholarly.head_html([("citation_title", '" onmouseover="x')], {}, "t", "d", "", "article")
    assert 'onmouseover="x' not in head and "&quot; onmouseover=&quot;x" in head


def test_house_names_for_editors_and_authors() -> None:
    people = (Person("Jane Leadbetter"), Person("Anne Edwards"))
    assert cite_export.house_names(people) == "Leadbetter, J. & Edwards, A."
    assert cite_export.house_names(people, initials_first=True) == "J. Leadbetter & A. Edwards"


# ---------------------------------------------------------------- a volume and paper of the test's own

from hooks.volumes import parse_paper, parse_volume  # noqa: E402

OWN_VOLUME = """title: Tools of Collaboration
subtitle: ESRC Seminar 8 Proceedings
report_series: Research Papers
number: 21
date: 2009-03
editors:
  - family: Ó Dálaigh
    given: Cathal
publisher: School of Education, University of Aberdeen
place: Aberdeen
"""
OWN_PAPER = """---
title: Mediation at the boundary
authors:
  - name: René van der Veer
    affiliation: Universiteit Leiden
  - family: de la Cruz
    given: Anne-Marie
order: 1
pages: "5-12"
keywords: [boundary-crossing, mediation]
---

Body.
"""


@pytest.fixture(scope="module")
def own():
    volume, found = parse_volume(OWN_VOLUME, "papers/test-vol/volume.yml", "test-vol")
    paper, more = parse_paper(OWN_PAPER, "papers/test-vol/p.md", "test-vol", "p")
    assert found == more == []
    return paper, volume


def test_reference_has_particles_hyphenated_initials_and_pages(own) -> None:
    paper, volume = own
    assert cite_export.paper_reference_html(paper, volume) == (
        "van der Veer, R. &amp; de la Cruz, A.-M. (2009) Mediation at the boundary. In C. Ó Dálaigh (Ed.), "
        "<em>Tools of Collaboration. ESRC Seminar 8 Proceedings</em> (Research Paper 21), pp. 5-12. "
        "Aberdeen: School of Education, University of Aberdeen.")


def test_a_single_page_is_p() -> None:
    paper, _ = parse_paper(OWN_PAPER.replace('"5-12"', "7"), "p.md", "test-vol", "p")
    assert cite_export.house_pages(paper) == ", p. 7"


def test_bibtex_has_names_pages_and_keywords_that_read_back(own) -> None:
    paper, volume = own
    text = cite_export.paper_bibtex(paper, volume)
    assert "author = {van der Veer, René and de la Cruz, Anne-Marie}" in text
    assert "editor = {Ó Dálaigh, Cathal}" in text and "pages = {5--12}" in text
    entry = next(iter(parse_string(text, "bibtex").entries.values()))
    first = entry.persons["author"][0]
    assert (first.prelast_names, first.last_names, first.first_names) == (["van", "der"], ["Veer"], ["René"])
    assert entry.persons["editor"][0].last_names == ["Ó", "Dálaigh"]
    assert entry.fields["keywords"] == "boundary-crossing, mediation" and entry.key.startswith("vanderveer2009")


def test_ris_has_names_family_first_pages_and_keywords(own) -> None:
    paper, volume = own
    lines = cite_export.paper_ris(paper, volume).split("\r\n")
    assert [line for line in lines if line[:2] in ("AU", "A2", "SP", "EP", "KW")] == [
        "AU  - van der Veer, René", "AU  - de la Cruz, Anne-Marie", "A2  - Ó Dálaigh, Cathal",
        "SP  - 5", "EP  - 12", "KW  - boundary-crossing", "KW  - mediation"]


def test_highwire_has_names_family_first_pages_and_keywords(own) -> None:
    paper, volume = own
    tags = scholarly.highwire_paper(paper, volume, [], "")
    assert [v for n, v in tags if n == "citation_author"] == ["van der Veer, René", "de la Cruz, Anne-Marie"]
    assert ("citation_firstpage", "5") in tags and ("citation_lastpage", "12") in tags
    assert ("citation_keywords", "boundary-crossing; mediation") in tags and ("keywords", "boundary-crossing, mediation") in tags
    head = scholarly.head_html(tags, {}, "t", "d", "", "article")
    assert '<meta name="citation_author" content="van der Veer, René">' in head
    assert [v for n, v in scholarly.highwire_volume(volume, "") if n == "citation_editor"] == ["Ó Dálaigh, Cathal"]
    assert not [n for n, _ in scholarly.highwire_volume(volume, "") if n == "citation_author"]


def test_json_ld_splits_names_and_carries_pages_and_keywords(own) -> None:
    paper, volume = own
    data = scholarly.paper_ld(paper, volume, "", "")
    assert [(a["name"], a.get("givenName"), a["familyName"]) for a in data["author"]] == [
        ("René van der Veer", "René", "van der Veer"), ("Anne-Marie de la Cruz", "Anne-Marie", "de la Cruz")]
    assert data["isPartOf"]["editor"][0]["familyName"] == "Ó Dálaigh"
    assert (data["pageStart"], data["pageEnd"], data["keywords"]) == ("5", "12", ["boundary-crossing", "mediation"])


def test_without_pages_or_keywords_nothing_is_made_up(own) -> None:
    paper, volume = own
    bare = Paper(**{**paper.__dict__, "pages": "", "keywords": ()})
    tags = dict(scholarly.highwire_paper(bare, volume, [], ""))
    head = scholarly.head_html(list(tags.items()), {}, "t", "d", "", "article")
    assert "citation_firstpage" not in head and "keywords" not in head
    assert "pages" not in cite_export.paper_bibtex(bare, volume) and "SP  -" not in cite_export.paper_ris(bare, volume)
    assert "pp." not in cite_export.paper_reference_html(bare, volume)
    assert "pageStart" not in scholarly.paper_ld(bare, volume, "", "")
