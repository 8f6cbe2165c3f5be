"""What the hooks tell MkDocs about a page beyond its Markdown: one of the modules that know the engine.

MkDocs 1.6 checks fragment links (``validation: anchors``) against the ids it saw in the
Markdown tree, kept on the page as ``present_anchor_ids``: an attribute it does not document.
Ids a hook writes into the HTML afterwards (citations, reference lists, passage anchors) are
added here, and only here, so that an engine that names it otherwise changes one module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def declare_anchors(page: Any, anchors: Iterable[str]) -> None:
    """Tell MkDocs' anchor validation about ids a hook wrote outside Python-Markdown's tree."""
    page.present_anchor_ids = (page.present_anchor_ids or set()).union(anchors)
