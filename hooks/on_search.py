"""MkDocs hook: the search plugin reads only what it indexes.

The search plugin parses every page's HTML. Long generated blocks that it skips anyway
(reference lists, concept passages, the library) are held back by the hooks that make
them (:func:`hooks.deferred.hold_block`); the citation and concept links of a paper,
whose words it keeps but whose tags and titles it reads in vain, are reduced to their
words (:func:`hooks.deferred.search_view`). Right after the plugin has read a page, the
page gets its whole content back, before the theme renders it: the written page and
the search index are exactly what they would be without this.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.pages import Page

from hooks import deferred, state


@event_priority(100)   # before the search plugin reads the page
def _before_search(context, page: Page, config: MkDocsConfig, nav):
    page.content = deferred.hold_page(state.current().held, page.file.src_uri, page.content)
    return context


@event_priority(-100)  # after the search plugin has read the page, before the theme renders it
def _after_search(context, page: Page, config: MkDocsConfig, nav):
    page.content = deferred.release(state.current().held, page.file.src_uri, page.content)
    return context


on_page_context = CombinedEvent(_before_search, _after_search)
