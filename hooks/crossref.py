"""A Crossref deposit file for a volume: the book (edited) and a chapter per paper.

The registration agency needs what the site already holds: titles, people (with their
ORCID iDs), dates, ISBN, publisher and each page's address. DOIs are the configured
prefix, '/', and a suffix made from the volume folder and the paper file; nothing is
invented when the project has no ``extra: crossref`` in mkdocs.yml. Schema: Crossref 5.3.1.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from hooks import orcid
from hooks.diagnostics import Diagnostic, warning
from hooks.volumes import Paper, Person, Volume

VERSION = "5.3.1"
NAMESPACE = f"http://www.crossref.org/schema/{VERSION}"
SCHEMA_LOCATION = f"{NAMESPACE} https://www.crossref.org/schemas/crossref{VERSION}.xsd"
CONFIG_FILE = "mkdocs.yml"
FIELDS = {"depositor": "the name of the organisation that sends the deposit",
          "email": "the address Crossref writes to about the deposit",
          "prefix": "the DOI prefix Crossref assigned, e.g. 10.12345",
          "registrant": "the organisation that owns the DOIs, usually the publisher"}
PREFIX = re.compile(r"10\.\d{4,9}\Z")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry


@dataclass(frozen=True)
class Config:
    depositor: str
    email: str
    prefix: str
    registrant: str


def read_config(extra: Mapping, site_url: str | None) -> tuple[Config | None, list[Diagnostic]]:
    """The deposit settings of ``extra: crossref``, or None (with why) when there is to be no deposit."""
    raw = extra.get("crossref") if isinstance(extra, Mapping) else None
    if raw is None:
        return None, []
    if not isinstance(raw, Mapping):
        return None, [warning(CONFIG_FILE, None, "extra.crossref must be a mapping with "
                              f"{', '.join(FIELDS)}: see the editors' guide, 'Adding a volume'")]
    values = {k: str(raw.get(k) or "").strip() for k in FIELDS}
    found = [warning(CONFIG_FILE, None, f"extra.crossref has no '{k}': add it ({why}), or remove extra.crossref")
             for k, why in FIELDS.items() if not values[k]]
    found += [warning(CONFIG_FILE, None, f"unknown setting '{k}' in extra.crossref; known: {', '.join(FIELDS)}")
              for k in raw if k not in FIELDS]
    if values["prefix"] and not PREFIX.match(values["prefix"]):
        found.append(warning(CONFIG_FILE, None, f"extra.crossref prefix '{values['prefix']}' is not a DOI "
                             "prefix: write the one Crossref assigned, e.g. 'prefix: \"10.12345\"'"))
    if values["email"] and not EMAIL.match(values["email"]):
        found.append(warning(CONFIG_FILE, None, f"extra.crossref email '{values['email']}' is not an email address"))
    if not site_url:
        found.append(warning(CONFIG_FILE, None, "extra.crossref is set but site_url is not: a DOI must lead to "
                             "the page's public address; set site_url"))
    return (None if found else Config(**values)), found


def doi(config: Config, volume: Volume, paper: Paper | None = None) -> str:
    """'10.12345/seminar-3' for a volume, '10.12345/seminar-3.martin' for a paper: stable while files keep their names."""
    return f"{config.prefix}/{volume.id}" + (f".{paper.slug}" if paper else "")


def _text(parent: ET.Element, tag: str, value: object, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs)
    node.text = NOT_XML.sub("", str(value))
    return node


def _contributors(parent: ET.Element, people: tuple[Person, ...], role: str) -> None:
    if not people:
        return
    box = ET.SubElement(parent, "contributors")
    for i, person in enumerate(people):
        node = ET.SubElement(box, "person_name", {"sequence": "additional" if i else "first", "contributor_role": role})
        if person.given:
            _text(node, "given_name", person.given)
        _text(node, "surname", person.family or person.name)
        if person.affiliation:
            _text(ET.SubElement(ET.SubElement(node, "affiliations"), "institution"), "institution_name", person.affiliation)
        if person.orcid:
            _text(node, "ORCID", orcid.url(person.orcid))


def _date(parent: ET.Element, year: object, month: str = "") -> None:
    node = ET.SubElement(parent, "publication_date", {"media_type": "online"})
    if month:
        _text(node, "month", month)
    _text(node, "year", year)


def _doi_data(parent: ET.Element, value: str, url: str) -> None:
    node = ET.SubElement(parent, "doi_data")
    _text(node, "doi", value)
    _text(node, "resource", url)


def _book_metadata(book: ET.Element, volume: Volume, config: Config, url: str) -> None:
    meta = ET.SubElement(book, "book_metadata", {"language": "en"})
    _contributors(meta, volume.editors, "editor")
    titles = ET.SubElement(meta, "titles")
    _text(titles, "title", volume.title)
    if volume.get("subtitle"):
        _text(titles, "subtitle", volume.get("subtitle"))
    _date(meta, volume.year, volume.date[5:7])
    isbn = str(volume.get("isbn13") or volume.get("isbn") or "")
    if isbn:
        _text(meta, "isbn", isbn, media_type="print")
    else:
        ET.SubElement(meta, "noisbn", {"reason": "archive_volume"})
    publisher = ET.SubElement(meta, "publisher")
    _text(publisher, "publisher_name", volume.publisher)
    if volume.get("place"):
        _text(publisher, "publisher_place", volume.get("place"))
    _doi_data(meta, doi(config, volume), url)


def _chapter(book: ET.Element, paper: Paper, volume: Volume, config: Config, url: str) -> None:
    item = ET.SubElement(book, "content_item", {"component_type": "chapter", "publication_type": "full_text",
                                                 "language": "en"})
    _contributors(item, paper.authors, "author")
    _text(ET.SubElement(item, "titles"), "title", paper.title)
    year = paper.year or volume.year
    _date(item, year, volume.date[5:7] if str(year) == str(volume.year) else "")
    first, last = paper.page_range
    if first:
        pages = ET.SubElement(item, "pages")
        _text(pages, "first_page", first)
        if last:
            _text(pages, "last_page", last)
    _doi_data(item, doi(config, volume, paper), url)


def deposit(volume: Volume, config: Config, url_of: Callable[[str], str], timestamp: int) -> bytes:
    """The deposit XML of ``volume``; ``url_of`` maps a page's src_uri to its public address,
    ``timestamp`` (seconds) orders deposits: Crossref keeps the one with the highest."""
    stamp = str(timestamp)
    root = ET.Element("doi_batch", {"xmlns": NAMESPACE, "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                                    "xsi:schemaLocation": SCHEMA_LOCATION, "version": VERSION})
    head = ET.SubElement(root, "head")
    _text(head, "doi_batch_id", f"{volume.id}-{stamp}")
    _text(head, "timestamp", stamp)
    depositor = ET.SubElement(head, "depositor")
    _text(depositor, "depositor_name", config.depositor)
    _text(depositor, "email_address", config.email)
    _text(head, "registrant", config.registrant)
    book = ET.SubElement(ET.SubElement(root, "body"), "book", {"book_type": "edited_book"})
    _book_metadata(book, volume, config, url_of(volume.src_uri))
    for paper in volume.papers:
        _chapter(book, paper, volume, config, url_of(paper.src_uri))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
