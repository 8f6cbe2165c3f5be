"""MkDocs hook: bring the volumes and papers of ``papers/`` into the site.

Thin glue over :mod:`hooks.volumes` (the model), :mod:`hooks.paper_pages` (how pages
look) and :mod:`hooks.cite_export` (how to cite them). Papers live outside ``docs/``;
they join the build as generated files, and the navigation follows each volume's order.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from hooks import cite_export, paper_pages, shared_nav, state
from hooks.html_util import relative_url
from hooks.plaintext import plain_text
from hooks.volumes import Paper, Volume, load_corpus

HOME_MARK = "<!-- volumes -->"
# The paper's own front matter is read by hooks.volumes; this empty one stops MkDocs from reading
# the body's first lines as MultiMarkdown metadata ("Background: ..." would silently vanish).
EMPTY_FRONT_MATTER = "---\n{}\n---\n"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    build = state.start(Path(config.config_file_path).resolve().parent, Path(config.docs_dir))
    build.corpus, problems = load_corpus(build.root / "papers", build.root)
    state.report(problems)
    for volume in build.corpus.volumes:
        build.volumes[volume.src_uri] = volume
        build.papers.update({p.src_uri: p for p in volume.papers})
        build.nocite.update({p.src_uri: p.nocite for p in volume.papers})
    config.nav = site_nav(config.nav, build.corpus.volumes)
    return config


def site_nav(nav: list | None, volumes: list[Volume]) -> list:
    """The configured navigation with each volume, the concepts and the library after Home."""
    nav = list(nav or [{"Home": "index.md"}])
    generated = [volume_nav(v) for v in volumes]
    generated += [{"Concepts": "concepts/index.md"}, {"Bibliography": "bibliography.md"}]
    return nav[:1] + generated + nav[1:]


def volume_nav(volume: Volume) -> dict:
    label = volume.get("subtitle") or volume.title
    pages = [{"About this volume": volume.src_uri}] + [{p.title: p.src_uri} for p in volume.papers]
    return {label: pages}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = state.current()
    for volume in build.corpus.volumes:
        _add(files, File.generated(config, volume.src_uri, content=""))
        _add(files, File.generated(config, _cite_file(volume.src_uri, "bib"),
                                   content=cite_export.volume_bibtex(volume, _abs(config, volume.src_uri))))
        _add(files, File.generated(config, _cite_file(volume.src_uri, "ris"),
                                   content=cite_export.volume_ris(volume, _abs(config, volume.src_uri))))
        for paper in volume.papers:
            _add(files, PaperFile(paper, config))
            _add(files, File.generated(config, _cite_file(paper.src_uri, "bib"),
                                       content=cite_export.paper_bibtex(paper, volume, _abs(config, paper.src_uri))))
            _add(files, File.generated(config, _cite_file(paper.src_uri, "ris"),
                                       content=cite_export.paper_ris(paper, volume, _abs(config, paper.src_uri))))
    build.urls.update({f.src_uri: f.url for f in files})
    return files


def _cite_file(src_uri: str, ext: str) -> str:
    """Where a page's citation download lives: seminar-3/martin.md -> seminar-3/martin.bib."""
    stem = src_uri[: -len("index.md")] + "volume" if src_uri.endswith("index.md") else src_uri[:-3]
    return f"{stem}.{ext}"


def _abs(config: MkDocsConfig, src_uri: str) -> str:
    """The page's public address when site_url is set (for citation managers)."""
    if not config.site_url:
        return ""
    url = src_uri[:-3].removesuffix("index") + ("" if src_uri.endswith("index.md") else "/")
    return config.site_url.rstrip("/") + "/" + url


def _add(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        state.log.warning(f"docs/{file.src_uri}: clashes with a page made from papers/; rename or remove it")
        files.remove(existing)
    files.append(file)


class PaperFile(File):
    """A paper's page in the site. Its Markdown is the body the model already holds, handed
    over when MkDocs reads it: a generated file would keep a second copy of every paper."""

    def __init__(self, paper: Paper, config: MkDocsConfig) -> None:
        super().__init__(paper.src_uri, src_dir=None, dest_dir=config.site_dir,
                         use_directory_urls=config.use_directory_urls)
        self.generated_by = "hooks/on_papers.py"
        self.paper = paper

    @property
    def content_string(self) -> str:
        return EMPTY_FRONT_MATTER + self.paper.body

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode()

    def is_modified(self) -> bool:
        return True


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = state.current()
    paper = build.papers.get(page.file.src_uri)
    volume = build.volumes.get(page.file.src_uri)
    if paper:
        page.meta.update(title=paper.title, description=paper_pages.snippet(plain_text(paper.abstract or _first_words(paper.body)), 200))
        volume = build.corpus.volume(paper.volume_id)
    elif volume:
        page.meta.update(title=paper_pages.volume_label(volume), description=volume.get("series"))
    if volume and volume.get("copyright"):
        page.meta["copyright"] = volume.get("copyright")   # the footer's line: see FOOTER_COPYRIGHT
    return markdown


def _first_words(body: str) -> str:
    return next((p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", ">", "-"))), "")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = state.current()
    src = page.file.src_uri
    link = lambda target: relative_url(build.url(target), page.url)  # noqa: E731
    if src in build.papers:
        paper = build.papers[src]
        volume = build.corpus.volume(paper.volume_id)
        header = paper_pages.paper_header_html(paper, volume, link, references='id="references"' in html)
        return header + html + paper_cite_box(paper, volume, link)
    if src in build.volumes:
        volume = build.volumes[src]
        box = cite_export.cite_box_html("Cite this volume", "cite-this-volume", cite_export.volume_reference_html(volume),
                                        link(_cite_file(src, "bib")), link(_cite_file(src, "ris")))
        return paper_pages.volume_page_html(volume, link, box)
    if HOME_MARK in html:
        return html.replace(HOME_MARK, paper_pages.home_volumes_html(build.corpus, link))
    return html


@event_priority(-200)  # every input is parsed and every file known, before any page is converted
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    state.settle()
    return nav


@event_priority(-200)  # after every hook has filled its pages, before any is rendered
def on_env(env, config: MkDocsConfig, files: Files):
    """Every page is converted and filled: what the build holds now lives until it ends.
    Each item of the navigation is rendered once for all the pages it looks the same on."""
    state.settle()
    _footer_copyright(env)
    shared_nav.install(env)
    return env


# The theme's partials/copyright.html, with a page's own line (a volume's, from volume.yml) in place of
# the site's. The page's line is escaped; the site's line is the theme's trusted HTML, as before.
FOOTER_COPYRIGHT = """<div class="md-copyright">
  {%- set own = page.meta.get("copyright") if page and page.meta else "" %}
  {%- if own %}
    <div class="md-copyright__highlight">{{ own | string | e }}</div>
  {%- elif config.copyright %}
    <div class="md-copyright__highlight">{{ config.copyright }}</div>
  {%- endif %}
  {%- if not config.extra.generator == false %}
    Made with
    <a href="https://squidfunk.github.io/mkdocs-material/" target="_blank" rel="noopener">Material for MkDocs</a>
  {%- endif %}
</div>
"""


def _footer_copyright(env) -> None:
    """Serve FOOTER_COPYRIGHT before the theme's own partial (before any template is loaded)."""
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"partials/copyright.html": FOOTER_COPYRIGHT}), env.loader])


def on_build_error(error: Exception) -> None:
    """A failed build hands the garbage collector back what it set aside (``mkdocs serve`` goes on)."""
    state.finish_pages()


@event_priority(100)  # before the search index is written and the site's links are checked
def on_post_build(config: MkDocsConfig) -> None:
    """Every page is written: the citations and mentions held for rendering can go."""
    state.finish_pages()



def paper_cite_box(paper: Paper, volume: Volume, link) -> str:
    return cite_export.cite_box_html("Cite this paper", "cite-this-paper", cite_export.paper_reference_html(paper, volume),
                                     link(_cite_file(paper.src_uri, "bib")), link(_cite_file(paper.src_uri, "ris")))
