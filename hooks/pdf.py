"""The printed edition: one PDF of a volume and one of each of its papers, from the site's own HTML.

The paper pages MkDocs has written are the source: their article is taken whole, made fit for
paper (concept links become plain text, footnotes become page footnotes, links between pages
become text, ids are made unique per paper) and laid out once per volume by WeasyPrint with
``print.css``. Each paper's PDF is a copy of its pages of the volume, so its page numbers are the
volume's and the volume is laid out only once. Nothing here knows MkDocs.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from hooks.html_util import esc
from hooks.paper_pages import names, report_label, title_page_html
from hooks.volumes import Paper, Volume

PRINT_CSS = Path(__file__).with_name("print.css")
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*)</article>', re.S)
CONCEPT_LINK = re.compile(r'<a class="concept-link"[^>]*>(.*?)</a>', re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
# Each match starts where a run of spaces starts (the look-behind) and takes the run whole
# (possessive), so a long run is scanned once, not once from each of its characters.
BACKLINKS = re.compile(r'(?<!\s)\s*+(?:<span class="backlinks">.*?</span>|<a class="(?:backlink|footnote-backref)"[^<>]*>.*?</a>)', re.S)
ACTIONS = re.compile(r'<p class="(?:paper-actions|cite-this-downloads)">.*?</p>', re.S)
FOOTNOTE_REF = re.compile(r'<sup id="fnref\d*:([^"]+)"><a class="footnote-ref" href="#fn:[^"]+">[^<]*</a></sup>')
FOOTNOTES = re.compile(r'<div class="footnote">.*?</ol>\s*</div>', re.S)
FOOTNOTE_ITEM = re.compile(r'<li id="fn:([^"]+)">(.*?)</li>', re.S)
# Attributes are read up to the next '<' or '>' only, so an unclosed tag costs its own length.
PAGE_LINK = re.compile(r'<a\s[^<>]*?\bhref="(?!#|https?://|mailto:)[^"<>]*"[^<>]*>(.*?)</a>', re.S)
ID_ATTR = re.compile(r'\b(id|href)="#?([^"]*)"')
PARAGRAPH_TAGS = re.compile(r"</?p>")


@dataclass(frozen=True)
class Part:
    """One paper of the printed volume: its anchor, its print-ready HTML and its metadata."""

    paper: Paper
    anchor: str
    html: str


@dataclass
class Printed:
    """A volume laid out: the first and last page (1-based) of each paper, by src_uri."""

    pages: dict[str, tuple[int, int]] = field(default_factory=dict)
    page_count: int = 0


def print_article(page_html: str, anchor: str) -> str:
    """The article of a written paper page, made fit for paper and with ids unique to ``anchor``."""
    found = ARTICLE.search(page_html)
    html = found.group(1) if found else ""
    html = CONCEPT_LINK.sub(r"\1", html)
    html = HEADERLINK.sub("", html)
    html = ACTIONS.sub("", html)
    html = BACKLINKS.sub("", html)
    html = _footnotes_in_place(html)
    html = PAGE_LINK.sub(r"\1", html)
    return ID_ATTR.sub(lambda m: _prefixed(m, anchor), html)


def _prefixed(m: re.Match, anchor: str) -> str:
    attr, value = m.group(1), m.group(2)
    if attr == "href" and not m.group(0).startswith('href="#'):
        return m.group(0)
    return f'{attr}="{"#" if attr == "href" else ""}{anchor}-{value}"'


def _footnotes_in_place(html: str) -> str:
    """Python-Markdown's footnotes (a list at the end) as spans where they are called, which
    print.css floats to the foot of the page."""
    block = FOOTNOTES.search(html)
    if not block:
        return html
    notes = {k: PARAGRAPH_TAGS.sub("", BACKLINKS.sub("", v)).strip() for k, v in FOOTNOTE_ITEM.findall(block.group(0))}
    html = html[: block.start()] + html[block.end():]
    return FOOTNOTE_REF.sub(lambda m: f'<span class="footnote">{notes.get(m.group(1), "")}</span>', html)


def volume_html(volume: Volume, parts: list[Part], lang: str = "en") -> str:
    """The whole volume as one HTML document: title page, copyright page, contents, papers."""
    contents = "".join(
        f'<li><a href="#{esc(p.anchor)}"><span class="toc-title">{esc(p.paper.title)}</span>'
        f'<span class="toc-authors">{esc(names(p.paper.authors))}</span></a></li>' for p in parts)
    papers = "".join(
        f'<section class="paper" id="{esc(p.anchor)}" data-title="{esc(p.paper.title)}" '
        f'data-authors="{esc(names(p.paper.authors))}">{p.html}</section>' for p in parts)
    return (f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8"><title>{esc(volume.title)}</title>'
            f'</head><body>{title_page(volume)}{copyright_page(volume)}'
            f'<nav class="contents"><h2>Contents</h2><ol>{contents}</ol></nav>{papers}</body></html>')


def title_page(volume: Volume) -> str:
    universities = " · ".join(esc(u) for u in volume.meta.get("universities") or [])
    subtitle = f'<p class="subtitle">{esc(volume.get("subtitle"))}</p>' if volume.get("subtitle") else ""
    editors = f'{esc(names(volume.editors))} (Editor{"s" if len(volume.editors) > 1 else ""})'
    return (f'<section class="title-page"><p class="series">{esc(volume.get("series"))}</p>'
            f'<h1 class="volume-title">{esc(volume.title)}</h1>{subtitle}<p class="editors">{editors}</p>'
            f'<p class="universities">{universities}</p>'
            f'<p class="imprint">{esc(volume.get("institution") or volume.publisher)}<br>{esc(report_label(volume))}'
            f'<br>{esc(volume.date_text)}</p></section>')


def copyright_page(volume: Volume) -> str:
    line = f'<p class="copyright-line">{esc(volume.get("copyright"))}</p>' if volume.get("copyright") else ""
    return f'<section class="copyright-page">{title_page_html(volume)}{line}</section>'


def pdf_metadata(title: str, people: str, subject: str, keywords: tuple[str, ...] | list[str]) -> dict:
    return {"title": title, "authors": [people] if people else [], "description": subject, "keywords": list(keywords)}


def source_date(epoch: str | None) -> str | None:
    """SOURCE_DATE_EPOCH as the PDF's dates, so that two builds of one commit give the same bytes."""
    if not epoch or not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(volume: Volume, parts: list[Part], base_url: str, out_dir: Path, volume_file: str,
           paper_file, epoch: str | None, lang: str = "en") -> Printed:
    """Lay the volume out once; write it and each paper's pages as PDFs. Returns the page ranges.
    ``lang`` is the language hyphenation follows."""
    import weasyprint  # imported only when PDFs are built: the ordinary build never loads it

    html = weasyprint.HTML(string=volume_html(volume, parts, lang), base_url=base_url)
    document = html.render(stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))])
    printed = Printed(page_count=len(document.pages))
    starts = [next((i for i, page in enumerate(document.pages) if p.anchor in page.anchors), 0) for p in parts]
    ends = [s - 1 for s in starts[1:]] + [len(document.pages) - 1]
    when = source_date(epoch)
    options = {"pdf_tags": True, "pdf_identifier": b"proceedings", "uncompressed_pdf": False}
    _set_metadata(document, pdf_metadata(volume.title, names(volume.editors), volume.get("series"),
                                         sorted({k for p in parts for k in p.paper.keywords})), when)
    out_dir.mkdir(parents=True, exist_ok=True)
    document.write_pdf(out_dir / volume_file, **options)
    for part, first, last in zip(parts, starts, ends):
        printed.pages[part.paper.src_uri] = (first + 1, last + 1)
        copy = document.copy(document.pages[first:last + 1])
        _set_metadata(copy, pdf_metadata(part.paper.title, names(part.paper.authors), volume.title,
                                         part.paper.keywords), when)
        copy.write_pdf(out_dir / paper_file(part.paper), **options)
    return printed


def _set_metadata(document, meta: dict, when: str | None) -> None:
    document.metadata.title = meta["title"]
    document.metadata.authors = meta["authors"]
    document.metadata.description = meta["description"]
    document.metadata.keywords = meta["keywords"]
    document.metadata.generator = "WeasyPrint"
    document.metadata.created = when
    document.metadata.modified = when
