"""What the code knows of mkdocs-material's markup: one of the modules that know the engine and theme.

The theme's site navigation repeats on every page; the link check reads it once per site
rather than once per page, and finds it by the element the theme opens it with.
"""

from __future__ import annotations

PRIMARY_NAV = b'<nav class="md-nav md-nav--primary"'   # partials/nav.html of mkdocs-material 9
