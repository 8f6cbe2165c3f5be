"""MkDocs hook: no page carries markup that runs script, whichever file it came from.

The rules live in :mod:`hooks.html_policy`; this module applies them at three points:

* ``on_page_markdown``: an editor's Markdown is checked before conversion, so the
  warning names the exact file and line (``papers/seminar-3/x.md:12: raw HTML <script>
  is not allowed in papers: ...``); warnings fail ``--strict`` builds.
* ``on_env`` (last): titles and descriptions, which the theme prints into ``<title>``,
  the navigation and ``<meta content="...">`` without escaping, are made plain text.
* ``on_post_page`` (last): the finished page content, with every citation, concept
  passage and library entry filled in, is scanned once more; anything that slipped
  through is escaped into visible text (or, for attributes that reach into the theme,
  dropped) and reported, and every title is made plain text for the theme's tooltips,
  so that even a non-strict preview never runs it.

Style attributes are allowed only in the site's own pages (``docs/``).

Registered right after ``on_papers`` in :mod:`hooks.registry`, which starts each build.
"""

from __future__ import annotations

from typing import Callable, Iterable

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from hooks import html_policy, state
from hooks.diagnostics import Diagnostic, warning

_reported: set[str] = set()            # pages whose Markdown was already reported this build
_nav: list[Navigation] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Forget the last build's pages: ``mkdocs serve`` rebuilds in the same process."""
    _reported.clear()
    _nav.clear()
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Report refused markup on the editor's own line, before Markdown hides where it came from."""
    findings = html_policy.check_markdown(markdown, styles=_styles_allowed(page))
    if findings:
        _reported.add(page.file.src_uri)
        path, line_of = state.locate(page, markdown)
        state.report(_unique([warning(path, line_of(f.line), f.message(_where(path))) for f in findings]))
    return markdown


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Keep the navigation: its section titles are made plain text in ``on_env``."""
    _nav[:] = [nav]
    return nav


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A heading whose anchor, made from its words (``## MD-5``), would be one of the theme's
    names gets another, in the page and its table of contents alike."""
    renamed = _rename_anchors(page.toc)
    for old, new in renamed.items():
        html = html.replace(f' id="{old}"', f' id="{new}"').replace(f'href="#{old}"', f'href="#{new}"')
    return html


def _rename_anchors(items: Iterable[AnchorLink]) -> dict[str, str]:
    """Old -> new id of every heading in ``items`` (and below) renamed by :func:`html_policy.own_id`."""
    renamed: dict[str, str] = {}
    for item in items:
        new = html_policy.own_id(item.id)
        if new != item.id:
            renamed[item.id], item.id = new, new
        renamed.update(_rename_anchors(item.children))
    return renamed


@event_priority(-100)  # after every other hook has set titles and descriptions
def on_env(env, config: MkDocsConfig, files: Files):
    """Titles and descriptions as text: the theme prints them as HTML, in <title> and attributes."""
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        if isinstance(vars(page).get("title"), str):      # a title given in the navigation
            page.title = shown_title(page.title)
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = as_text(page.meta[key])
    for nav in _nav:
        _plain_titles(nav.items)
    return env


def _plain_titles(items: list) -> None:
    for item in items:
        if isinstance(item, Section):
            item.title = shown_title(item.title)
            _plain_titles(item.children)
        elif not isinstance(item, Page) and isinstance(getattr(item, "title", None), str):
            item.title = shown_title(item.title)


def as_text(value: str) -> str:
    """A title the theme prints unescaped, with the characters that could open markup escaped.

    Only < > and " change, so text that is already escaped (``&amp;``) stays as it is.
    """
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def shown_title(value: str) -> Markup:
    """:func:`as_text`, marked as escaped: templates that escape a title themselves (the footer's
    ``aria-label="... {{ title | e }}"``) then leave it as it is instead of escaping it twice."""
    return value if isinstance(value, Markup) else Markup(as_text(value))


@event_priority(-100)  # after every hook that adds to the page (head metadata included)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Escape whatever could still run in the finished content; report it unless already reported."""
    start, end = _content_span(output, page.content or "")
    if start == end:
        return output
    content = output[start:end]
    cleaned, findings = html_policy.neutralise_html(content, styles=_styles_allowed(page))
    if findings and page.file.src_uri not in _reported:
        markdown = page.markdown or ""
        path, line_of = state.locate(page, markdown)
        state.report(_unique([warning(path, _find_line(markdown, f, line_of), f.message(_where(path)))
                              for f in findings]))
    return output if cleaned is content else output[:start] + cleaned + output[end:]


def _content_span(output: str, content: str) -> tuple[int, int]:
    """Where the page's own content sits in the rendered page (the theme around it is trusted)."""
    begin = max(0, output.find("<article"))
    start = output.find(content, begin) if content else -1
    if start >= 0:
        return start, start + len(content)
    begin = output.find(">", begin) + 1 if begin else 0      # inside the article: its own tag is the theme's
    finish = output.rfind("</article>")
    return (begin, finish) if 0 < begin < finish else (0, 0)


# ---------------------------------------------------------------- locating the editor's file


def _find_line(markdown: str, finding: html_policy.Finding, line_of: Callable[[int], int | None]) -> int | None:
    """Best guess at the source line of something found in the HTML: where its name first appears."""
    needle = {"element": f"<{finding.name}", "url": finding.detail, "reserved": finding.detail,
              "style": "style"}.get(finding.kind, finding.name).lower()
    for n, text in enumerate(markdown.splitlines(), 1):
        if needle in text.lower():
            return line_of(n)
    return line_of(1)


def _styles_allowed(page: Page) -> bool:
    """Style attributes are the site's own pages' to use: never a paper's, the glossary's or the bibliography's."""
    return _where(state.page_origin(page)[0]) == "the site's pages"


def _where(path: str) -> str:
    """How messages name the kind of file: 'papers', 'the glossary', ..."""
    if path.startswith("papers/"):
        return "volume files" if path.endswith(".yml") else "papers"
    return {"glossary.yml": "the glossary", "bibliography.bib": "the bibliography"}.get(path, "the site's pages")


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(diagnostics))
