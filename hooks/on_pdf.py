"""MkDocs hook: the printed edition, when ``extra: pdf: true`` (``make pdf``, mkdocs.pdf.yml).

Once every page is written, each volume is laid out by :mod:`hooks.pdf` from the written paper
pages; then the paper and volume pages get their PDF link, the paper's pages in the volume PDF
and (when site_url is set) ``citation_pdf_url``. Without ``extra: pdf`` nothing here runs, and no
page links a PDF that is not there.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from hooks import pdf, state
from hooks.html_util import esc, relative_url
from hooks.volumes import Paper, Volume

VOLUME_FILE = "volume.pdf"


def _on(config: MkDocsConfig) -> bool:
    return bool((config.extra or {}).get("pdf"))


def _written(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def _folder(volume: Volume) -> str:
    return volume.src_uri.rsplit("/", 1)[0]


@event_priority(50)  # after the pages are written, before on_checks checks the site's links
def on_post_build(config: MkDocsConfig) -> None:
    if not _on(config):
        return
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        state.log.warning("mkdocs.yml: extra: pdf is on but WeasyPrint is not installed; "
                          "install requirements.lock (make pdf) or turn extra: pdf off")
        return
    build = state.current()
    site = Path(config.site_dir)
    for volume in build.corpus.volumes:
        parts = [pdf.Part(p, p.slug, pdf.print_article(_written(site, build.url(p.src_uri)).read_text("utf-8"), p.slug))
                 for p in volume.papers]
        printed = pdf.render(volume, parts, site.as_uri() + "/", site / _folder(volume), VOLUME_FILE,
                             lambda paper: f"{paper.slug}.pdf", os.environ.get("SOURCE_DATE_EPOCH"),
                             config.theme.get("language") or "en")
        _link_volume(config, site, build.url(volume.src_uri), f"{_folder(volume)}/{VOLUME_FILE}")
        for paper in volume.papers:
            _link_paper(config, site, build.url(paper.src_uri), f"{_folder(volume)}/{paper.slug}.pdf",
                        f"{_folder(volume)}/{VOLUME_FILE}", printed.pages[paper.src_uri])


def _head(config: MkDocsConfig, pdf_url: str) -> str:
    """citation_pdf_url must be absolute: without site_url there is none."""
    if not config.site_url:
        return ""
    return f'<meta name="citation_pdf_url" content="{esc(config.site_url.rstrip("/") + "/" + pdf_url)}">\n'


def _patch(path: Path, head: str, before_downloads: str, download: str) -> None:
    """Add to a written page: tags in <head>, a line before the cite box's downloads, a PDF download."""
    html = path.read_text("utf-8")
    html = html.replace("</head>", head + "</head>", 1)
    mark = html.rfind('<p class="cite-this-downloads">Download: ')
    if mark >= 0:
        at = mark + len('<p class="cite-this-downloads">Download: ')
        html = html[:mark] + before_downloads + html[mark:at] + download + html[at:]
    path.write_text(html, "utf-8")


def _link_volume(config: MkDocsConfig, site: Path, page_url: str, pdf_url: str) -> None:
    href = esc(relative_url(pdf_url, page_url))
    _patch(_written(site, page_url), _head(config, pdf_url), "", f'<a href="{href}" download>PDF</a> · ')


def _link_paper(config: MkDocsConfig, site: Path, page_url: str, pdf_url: str, volume_pdf: str,
                pages: tuple[int, int]) -> None:
    first, last = pages
    span = f"pp. {first}–{last}" if last > first else f"p. {first}"
    line = (f'<p class="cite-this-pages">In the volume\'s PDF: <a href="{esc(relative_url(volume_pdf, page_url))}">'
            f'{span}</a>.</p>')
    href = esc(relative_url(pdf_url, page_url))
    _patch(_written(site, page_url), _head(config, pdf_url), line, f'<a href="{href}" download>PDF</a> · ')
