"""Machine-readable metadata for the <head> of paper and volume pages.

Highwire Press tags (what Google Scholar reads), schema.org JSON-LD and Open Graph,
all escaped; the JSON is written so that no '</script>' can close its element early.
"""

from __future__ import annotations

import json

from hooks import names, orcid
from hooks.cite_export import volume_title
from hooks.html_util import esc
from hooks.plaintext import plain_text
from hooks.paper_pages import snippet
from hooks.volumes import Paper, Person, Volume


def _meta(name: str, content: object, attr: str = "name") -> str:
    return f'<meta {attr}="{esc(name)}" content="{esc(content)}">' if content not in ("", None) else ""


def _volume_tags(volume: Volume) -> list[tuple[str, object]]:
    """The volume's fields, none of them a type tag: Zotero types a page by its last type tag
    (conference, report, journal), and every page here is a book or a chapter of one."""
    return [("citation_publisher", volume.publisher),
            ("citation_series_title", volume.get("report_series")),
            ("citation_isbn", volume.get("isbn13") or volume.get("isbn"))]


def _date(volume: Volume, year: object) -> object:
    """Scholar reads a full date or a year alone; a volume has a year and month, so the year."""
    return year or volume.year


def _authors(people: tuple[Person, ...], tag: str = "citation_author") -> list[tuple[str, object]]:
    """One citation_author per person, family name first ('van der Veer, René'): unambiguous to
    indexers, who cannot tell a particle from a middle name; each followed by its institution."""
    tags: list[tuple[str, object]] = []
    for p in people:
        tags.append((tag, names.inverted(p.parts)))
        if tag == "citation_author":   # Highwire has iD and institution tags for authors only
            tags += _orcid_tags(p)
            tags += [("citation_author_institution", p.affiliation)] if p.affiliation else []
    return tags


def _orcid_tags(p: Person) -> list[tuple[str, object]]:
    """citation_author_orcid right after its citation_author: the iD's address, built from the checked iD."""
    return [("citation_author_orcid", orcid.url(p.orcid))] if p.orcid else []


def highwire_paper(paper: Paper, volume: Volume, references: list[str], url: str) -> list[tuple[str, object]]:
    first, last = paper.page_range
    year = paper.year or volume.year
    tags = [("author", ", ".join(a.name for a in paper.authors)),
            ("citation_title", paper.title), *_authors(paper.authors),
            ("citation_publication_date", _date(volume, year)),
            ("citation_inbook_title", volume_title(volume)),
            *_volume_tags(volume), ("citation_language", "en"),
            ("citation_abstract_html_url", url), ("citation_firstpage", first), ("citation_lastpage", last),
            ("citation_keywords", "; ".join(paper.keywords)), ("keywords", ", ".join(paper.keywords))]
    tags += [("citation_reference", r) for r in references]
    return tags


def highwire_volume(volume: Volume, url: str) -> list[tuple[str, object]]:
    return [("citation_title", volume_title(volume)), *_authors(volume.editors, "citation_editor"),
            ("citation_publication_date", _date(volume, None)), *_volume_tags(volume), ("citation_language", "en")]


def _person(p: Person) -> dict:
    person: dict = {"@type": "Person", "name": p.name, "familyName": p.family}
    if p.given:
        person["givenName"] = p.given
    if p.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": p.affiliation}
    return _same_as(person, p)


def _same_as(person: dict, p: Person) -> dict:
    """schema.org's link from a Person to the same person elsewhere: the ORCID record."""
    if p.orcid:
        person["sameAs"] = orcid.url(p.orcid)
    return person


def volume_ld(volume: Volume, url: str) -> dict:
    book: dict = {"@type": "Book", "name": volume_title(volume), "editor": [_person(e) for e in volume.editors],
                  "datePublished": volume.date, "publisher": {"@type": "Organization", "name": volume.publisher},
                  "inLanguage": "en"}
    if volume.get("isbn13") or volume.get("isbn"):
        book["isbn"] = volume.get("isbn13") or volume.get("isbn")
    if volume.get("series"):
        book["isPartOf"] = {"@type": "CreativeWorkSeries", "name": volume.get("series")}
    if url:
        book.update({"url": url, "@id": url})
    return book


def paper_ld(paper: Paper, volume: Volume, url: str, volume_url: str) -> dict:
    article: dict = {"@context": "https://schema.org", "@type": "Chapter", "headline": paper.title,
                     "name": paper.title, "author": [_person(a) for a in paper.authors],
                     "datePublished": str(paper.year or volume.year or ""), "inLanguage": "en",
                     "isPartOf": volume_ld(volume, volume_url)}
    if paper.abstract:
        article["abstract"] = plain_text(paper.abstract)
    if paper.copyright:
        article["copyrightNotice"] = paper.copyright
    if paper.keywords:
        article["keywords"] = list(paper.keywords)
    first, last = paper.page_range
    article.update({k: v for k, v in (("pageStart", first), ("pageEnd", last)) if v})
    if url:
        article.update({"url": url, "@id": url})
    return article


def json_ld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>'


def open_graph(title: str, description: str, url: str, kind: str) -> list[str]:
    """Open Graph tags, the preview that link-sharing sites show; every page has them."""
    og = [("og:title", title), ("og:description", snippet(description, 300)), ("og:type", kind), ("og:url", url)]
    return [_meta(n, c, "property") for n, c in og]


def head_html(tags: list[tuple[str, object]], ld: dict, title: str, description: str, url: str, kind: str) -> str:
    return "\n".join(filter(None, [*(_meta(n, c) for n, c in tags), *open_graph(title, description, url, kind),
                                   json_ld(ld)])) + "\n"
