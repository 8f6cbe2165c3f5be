"""The Crossref deposit, built from the test project's volume, against Crossref's own schema."""

from __future__ import annotations

import dataclasses

import pytest
from lxml import etree

from crossref_xsd import errors
from hooks import crossref
from hooks.volumes import load_volume
from sitebuild import FIXTURE

CONFIG = crossref.Config(depositor="Depositing Office", email="doi@example.org", prefix="10.12345",
                         registrant="Testford University")
NS = {"c": crossref.NAMESPACE}
BASE = "https://example.org/sub/path/"
VALID_ORCID = "0000-0002-1825-0097"


@pytest.fixture(scope="module")
def volume():
    volume, found = load_volume(FIXTURE / "papers" / "seminar-3", FIXTURE)
    assert volume is not None, found
    return volume


def _deposit(volume) -> etree._Element:
    xml = crossref.deposit(volume, CONFIG, lambda src: BASE + src.removesuffix(".md") + "/", 1191196800)
    assert errors(xml) == []
    return etree.fromstring(xml)


def test_the_deposit_is_valid_against_crossrefs_schema(volume) -> None:
    root = _deposit(volume)
    assert root.find("c:body/c:book", NS).get("book_type") == "edited_book"
    assert len(root.findall("c:body/c:book/c:content_item", NS)) == len(volume.papers)


def test_every_doi_has_the_prefix_and_leads_to_its_page(volume) -> None:
    root = _deposit(volume)
    pairs = [(d.findtext("c:doi", namespaces=NS), d.findtext("c:resource", namespaces=NS))
             for d in root.iter(f"{{{crossref.NAMESPACE}}}doi_data")]
    assert len(pairs) == len(volume.papers) + 1
    assert len({doi for doi, _ in pairs}) == len(pairs)
    assert all(doi.startswith("10.12345/") and url.startswith(BASE) for doi, url in pairs)
    assert pairs[0][1] == BASE + volume.id + "/index/"


def test_editors_are_editors_and_authors_authors(volume) -> None:
    root = _deposit(volume)
    book_roles = {p.get("contributor_role") for p in root.iterfind("c:body/c:book/c:book_metadata//c:person_name", NS)}
    chapter_roles = {p.get("contributor_role") for p in root.iterfind("c:body/c:book/c:content_item//c:person_name", NS)}
    assert book_roles == {"editor"} and chapter_roles == {"author"}


def test_orcids_are_deposited_as_addresses_and_stay_valid(volume) -> None:
    paper = volume.papers[-1]
    author = dataclasses.replace(paper.authors[0], orcid=VALID_ORCID)
    with_orcid = dataclasses.replace(volume, papers=[*volume.papers[:-1], dataclasses.replace(paper, authors=(author,))])
    root = _deposit(with_orcid)
    assert [o.text for o in root.iter(f"{{{crossref.NAMESPACE}}}ORCID")] == [f"https://orcid.org/{VALID_ORCID}"]


def test_a_volume_without_isbn_still_validates(volume) -> None:
    meta = {k: v for k, v in volume.meta.items() if k not in ("isbn", "isbn13", "subtitle", "place")}
    root = _deposit(dataclasses.replace(volume, meta=meta))
    assert root.find("c:body/c:book/c:book_metadata/c:noisbn", NS) is not None


def test_text_is_escaped_and_unprintable_characters_dropped(volume) -> None:
    paper = dataclasses.replace(volume.papers[0], title='A <b>bold</b> & "quoted" \x01title')
    root = _deposit(dataclasses.replace(volume, papers=[paper]))
    assert root.find("c:body/c:book/c:content_item/c:titles/c:title", NS).text == 'A <b>bold</b> & "quoted" title'


@pytest.mark.parametrize("extra, site_url, words", [
    ({"crossref": {"depositor": "D", "email": "a@b.org", "prefix": "10.12345"}}, "https://x.org/", "'registrant'"),
    ({"crossref": {**dataclasses.asdict(CONFIG), "prefix": "12345"}}, "https://x.org/", "not a DOI prefix"),
    ({"crossref": {**dataclasses.asdict(CONFIG), "email": "nobody"}}, "https://x.org/", "not an email"),
    ({"crossref": dataclasses.asdict(CONFIG)}, "", "set site_url"),
    ({"crossref": {**dataclasses.asdict(CONFIG), "prefx": "1"}}, "https://x.org/", "unknown setting 'prefx'"),
    ({"crossref": "yes"}, "https://x.org/", "must be a mapping"),
])
def test_a_bad_configuration_writes_no_deposit_and_says_why(extra, site_url, words) -> None:
    config, found = crossref.read_config(extra, site_url)
    assert config is None
    assert any(words in d.message and d.level == "warning" and d.path == "mkdocs.yml" for d in found), found


def test_no_configuration_means_no_deposit_and_no_message() -> None:
    assert crossref.read_config({}, "https://x.org/") == (None, [])
    assert crossref.read_config({"crossref": dataclasses.asdict(CONFIG)}, "https://x.org/") == (CONFIG, [])
