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
    assert ("citation_publication_date", "2007/10") in tags and ("citation_isbn", "978-1-903714-16-4") in tags
    assert names.count("citation_reference") == 2


def test_json_ld_is_a_scholarly_article_in_the_volume_and_cannot_close_its_script(volume) -> None:
    p = paper(volume, "martin")
    evil = Paper(**{**p.__dict__, "title": "</script><script>alert(1)</script>"})
    html = scholarly.json_ld(scholarly.paper_ld(evil, volume, "", ""))
    assert "</script><script>" not in html
    data = json.loads(re.search(r">(.*)</script>", html).group(1))
    assert data["@type"] == "ScholarlyArticle" and data["isPartOf"]["@type"] == "Book"
    assert data["author"][0]["affiliation"]["name"] == "School of Education, University of Sampleton"


def test_head_escapes_attribute_values() -> None:
    head = scholarly.head_html([("citation_title", '" onmouseover="x')], {}, "t", "d", "", "article")
    assert 'onmouseover="x' not in head and "&quot; onmouseover=&quot;x" in head


def test_house_names_for_editors_and_authors() -> None:
    people = (Person("Jane Leadbetter"), Person("Anne Edwards"))
    assert cite_export.house_names(people) == "Leadbetter, J. & Edwards, A."
    assert cite_export.house_names(people, initials_first=True) == "J. Leadbetter & A. Edwards"
