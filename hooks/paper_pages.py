"""How papers and volumes look: the paper header, the volume page and the home page list.

Pure functions from the model to HTML. ``link(src_uri)`` turns a page's source path
into a relative href for the page being rendered, so nothing here knows the engine.
"""

from __future__ import annotations

from typing import Callable

from hooks import orcid
from hooks.html_util import esc, paragraphs
from hooks.volumes import Corpus, Paper, Person, Volume

Link = Callable[[str], str]
ABSTRACT_SNIPPET = 300


def people_html(people: tuple[Person, ...], css: str) -> str:
    items = "".join(
        f'<li><span class="person-name">{esc(p.name)}</span>'
        + (f'<span class="person-affiliation">{esc(p.affiliation)}</span>' if p.affiliation else "")
        + orcid_html(p) + "</li>" for p in people)
    return f'<ul class="{css}">{items}</ul>'


def orcid_html(p: Person) -> str:
    """The person's ORCID record, linked by its full address as ORCID asks; built from the checked iD only."""
    if not p.orcid:
        return ""
    url = esc(orcid.url(p.orcid))
    return f'<a class="person-orcid" href="{url}">{url}</a>'


def names(people: tuple[Person, ...]) -> str:
    """'A', 'A and B', 'A, B and C' for running text."""
    n = [p.name for p in people]
    return n[0] if len(n) == 1 else ", ".join(n[:-1]) + " and " + n[-1] if n else ""


def volume_label(volume: Volume) -> str:
    """'Leading and Managing ...: ESRC Seminar 3 Proceedings'."""
    sub = volume.get("subtitle")
    return f"{volume.title}: {sub}" if sub else volume.title


def report_label(volume: Volume) -> str:
    """'Research Paper 16' from the report series 'Research Papers' and number 16."""
    if not volume.get("number"):
        return ""
    series = volume.get("report_series", "Research Papers")
    singular = series[:-1] if series.endswith("s") else series
    return f"{singular} {volume.get('number')}"


def series_line(volume: Volume) -> str:
    parts = [volume.get("institution"), report_label(volume), volume.date_text]
    return " · ".join(esc(p) for p in parts if p)


def paper_header_html(paper: Paper, volume: Volume, link: Link, references: bool = True) -> str:
    """Title, authors with affiliations, copyright and abstract, above the paper's body.

    ``references`` is False for a paper that cites nothing: it has no reference list to link to.
    """
    abstract = (f'<section class="paper-abstract" aria-labelledby="abstract"><h2 id="abstract">Abstract</h2>'
                f"{paragraphs(paper.abstract)}</section>") if paper.abstract else ""
    return (
        '<header class="paper-header">'
        f'<p class="paper-volume"><a href="{esc(link(volume.src_uri))}">{esc(volume_label(volume))}</a>'
        f'<br>{series_line(volume)}</p>'
        f"<h1>{esc(paper.title)}</h1>"
        f"{people_html(paper.authors, 'paper-authors')}"
        + (f'<p class="paper-copyright">{esc(paper.copyright)}</p>' if paper.copyright else "")
        + '<p class="paper-actions"><a href="#cite-this-paper">Cite this paper</a>'
        + (' · <a href="#references">References</a>' if references else "") + "</p>"
        "</header>" + abstract)


def snippet(text: str, limit: int = ABSTRACT_SNIPPET) -> str:
    """The start of an abstract, cut at a word."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def toc_html(volume: Volume, link: Link) -> str:
    """The volume's table of contents: title, authors and the start of each abstract."""
    items = []
    for paper in volume.papers:
        abstract = f'<p class="toc-abstract">{esc(snippet(paper.abstract))}</p>' if paper.abstract else ""
        items.append(
            f'<li class="toc-entry"><a class="toc-title" href="{esc(link(paper.src_uri))}">{esc(paper.title)}</a>'
            f'<p class="toc-authors">{esc(names(paper.authors))}</p>{abstract}</li>')
    return f'<ol class="volume-toc">{"".join(items)}</ol>'


def title_page_html(volume: Volume) -> str:
    """The printed title and copyright pages, as a definition list a reader can scan."""
    rows = [
        ("Series", volume.get("series")),
        ("Seminar", _seminar(volume)),
        ("Universities", ", ".join(str(u) for u in volume.meta.get("universities") or [])),
        ("Editor" if len(volume.editors) == 1 else "Editors",
         "; ".join(f"{e.name} ({e.role or 'Editor'}, {e.affiliation})" if e.affiliation else e.name
                   for e in volume.editors)),
        ("Published", volume.get("published_by") or volume.publisher),
        ("Printed", volume.get("printed_by")),
        ("Date", volume.date_text),
        ("ISBN", volume.get("isbn")),
        ("ISBN-13", volume.get("isbn13")),
    ]
    body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v)
    return f'<dl class="volume-facts">{body}</dl>'


def _seminar(volume: Volume) -> str:
    seminar = volume.meta.get("seminar")
    if not isinstance(seminar, dict):
        return ""
    number, held = seminar.get("number"), seminar.get("held")
    return ", ".join(str(x) for x in (f"Seminar {number}" if number else "", held) if x)


def copyrights_html(volume: Volume) -> str:
    lines = [f"<li>{esc(p.title)}: {esc(p.copyright)}</li>" for p in volume.papers if p.copyright]
    return f'<ul class="volume-copyrights">{"".join(lines)}</ul>' if lines else ""


def earlier_html(volume: Volume) -> str:
    earlier = [str(e) for e in volume.meta.get("earlier_proceedings") or []]
    return "".join(f"<li>{esc(e)}</li>" for e in earlier)


def volume_page_html(volume: Volume, link: Link, cite_html: str) -> str:
    """The volume page: title page, contents, copyright lines and how to cite it."""
    earlier = earlier_html(volume)
    return (
        '<header class="volume-header">'
        f'<p class="volume-series">{series_line(volume)}</p>'
        f"<h1>{esc(volume.title)}</h1>"
        + (f'<p class="volume-subtitle">{esc(volume.get("subtitle"))}</p>' if volume.get("subtitle") else "")
        + f'<p class="volume-editors">{esc(names(volume.editors))} (Editor{"s" if len(volume.editors) > 1 else ""})</p>'
        "</header>"
        '<h2 id="contents">Contents</h2>' + toc_html(volume, link)
        + '<h2 id="about-this-volume">About this volume</h2>' + title_page_html(volume)
        + (f'<h3 id="copyright">Copyright</h3>{copyrights_html(volume)}' if copyrights_html(volume) else "")
        + (f'<h3 id="earlier-proceedings">Earlier proceedings in the series</h3><ul>{earlier}</ul>' if earlier else "")
        + cite_html)


def home_volumes_html(corpus: Corpus, link: Link) -> str:
    """Every volume of the series, newest last, for the home page."""
    if not corpus.volumes:
        return "<p>No volumes have been published yet.</p>"
    items = []
    for v in corpus.volumes:
        papers = "".join(f'<li><a href="{esc(link(p.src_uri))}">{esc(p.title)}</a> — {esc(names(p.authors))}</li>'
                         for p in v.papers)
        items.append(
            f'<li class="home-volume"><a class="home-volume-title" href="{esc(link(v.src_uri))}">{esc(volume_label(v))}</a>'
            f'<p>{series_line(v)} · edited by {esc(names(v.editors))}</p><ul>{papers}</ul></li>')
    return f'<ul class="home-volumes">{"".join(items)}</ul>'
