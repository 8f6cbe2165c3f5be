"""The navigation's top-level items rendered once and shared: the pages must not change.

A site of a few sections, an index page in each, pages at several depths and pages
outside the navigation is built twice with mkdocs-material, with and without sharing;
every file must come out byte for byte the same, and sharing must really have happened.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.theme import Theme

from hooks import shared_nav
from hooks.shared_nav import SharedItems, first_segments, folder_of
from sitebuild import tree_digest

SECTIONS = ("vol-1", "vol-2", "vol-3")
HOOK = """
from hooks import shared_nav

def on_env(env, config, files):
    assert shared_nav.install(env)
    return env
"""


def _site(root: Path, shared: bool) -> Path:
    docs = root / "docs"
    nav: list = [{"Home": "index.md"}]
    (docs / "about").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Home\n\nWelcome.\n")
    (docs / "about" / "outside.md").write_text("# Outside the navigation\n\nNot listed.\n")
    (docs / "loose.md").write_text("# Loose\n\nAt the top, not listed.\n")
    for s in SECTIONS:
        (docs / s / "deep").mkdir(parents=True, exist_ok=True)
        (docs / s / "index.md").write_text(f"# About {s}\n\nText.\n")
        pages = [{"About this volume": f"{s}/index.md"}]
        for p in ("a", "b"):
            (docs / s / f"{p}.md").write_text(f"# Paper {p}\n\n## Part one\n\nText.\n\n## Part two\n\nMore.\n")
            pages.append({f"Paper {p}": f"{s}/{p}.md"})
        (docs / s / "deep" / "c.md").write_text("# Deeper\n\nText.\n")
        pages.append({"Deeper": f"{s}/deep/c.md"})
        pages.append({"Elsewhere": "https://example.org/elsewhere"})
        nav.append({s: pages})
    (docs / "vol-2" / "unlisted.md").write_text("# In a volume's folder, not listed\n\nText.\n")
    nav.append({"About": [{"Outside": "about/outside.md"}]})
    config = {
        "site_name": "Shared navigation",
        "docs_dir": str(docs),
        "site_dir": str(root / ("site-shared" if shared else "site-plain")),
        "theme": {"name": "material", "features": ["navigation.sections", "navigation.indexes"]},
        "markdown_extensions": [{"toc": {"permalink": True}}],
        "nav": nav,
        "validation": {"omitted_files": "ignore"},
    }
    if shared:
        (root / "share_hook.py").write_text(HOOK)
        config["hooks"] = [str(root / "share_hook.py")]
    import yaml
    path = root / ("shared.yml" if shared else "plain.yml")
    path.write_text(yaml.safe_dump(config))
    return path


def test_pages_are_the_same_with_the_navigation_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renders: list[str] = []
    call = SharedItems.__call__

    def counted(self, render, item, path, page):
        counting = lambda *a: renders.append(path) or render(*a)  # noqa: E731
        return call(self, counting, item, path, page)

    monkeypatch.setattr(SharedItems, "__call__", counted)
    for shared in (False, True):
        build(load_config(str(_site(tmp_path, shared))))
    plain, shared_site = tree_digest(tmp_path / "site-plain"), tree_digest(tmp_path / "site-shared")
    assert plain == shared_site
    pages = [p for p in plain if p.endswith(".html") and p != "404.html"]
    assert len(pages) == 1 + 3 * 4 + 3
    top_level_items = 1 + len(SECTIONS) + 1
    assert 0 < len(renders) < len(pages) * top_level_items / 2     # most items came from the cache


def test_the_theme_has_the_call_that_is_shared() -> None:
    env = Theme(name="material").get_env()
    assert shared_nav.install(env)
    assert shared_nav.install(env)    # once per environment


def test_folder_is_found_as_mkdocs_resolves_relative_links() -> None:
    assert folder_of("seminar-3/martin/") == (2, "seminar-3")
    assert folder_of("") == (0, None)
    assert folder_of("seminar-3/martin.html") == (1, "seminar-3")
    assert folder_of("index.html") == (0, None)


def _item(*urls: str, active: bool = False) -> SimpleNamespace:
    children = [SimpleNamespace(url=u, children=None, active=False) for u in urls]
    return SimpleNamespace(children=children, active=active, title="Section")


def test_an_item_is_shared_by_pages_at_one_depth_outside_its_folder() -> None:
    shared = SharedItems()
    volume = _item("vol-2/", "vol-2/a/", "https://example.org/x")
    key = shared.key(volume, "__nav_3", SimpleNamespace(url="vol-1/a/"))
    assert key is not None
    assert shared.key(volume, "__nav_3", SimpleNamespace(url="vol-3/b/")) == key
    assert shared.key(volume, "__nav_3", SimpleNamespace(url="concepts/x/")) == key
    assert shared.key(volume, "__nav_3", SimpleNamespace(url="vol-1/")) not in (None, key)   # one level up
    assert shared.key(volume, "__nav_3", SimpleNamespace(url="")) not in (None, key)


def test_an_item_is_rendered_afresh_where_it_could_differ() -> None:
    shared = SharedItems()
    assert shared.key(_item("vol-2/a/", active=True), "__nav_2", SimpleNamespace(url="vol-2/a/")) is None
    # a page in the item's folder reaches its pages by shorter links, even when not listed
    assert shared.key(_item("vol-2/a/"), "__nav_2", SimpleNamespace(url="vol-2/unlisted/")) is None
    assert shared.key(_item("../up/"), "__nav_2", SimpleNamespace(url="vol-1/a/")) is None
    assert shared.key(_item("vol-2/a/"), "__nav_2", None) is None


def test_first_segments_skip_absolute_urls() -> None:
    assert first_segments(_item("vol-2/", "vol-2/a/", "/abs/", "https://example.org/")) == {"vol-2"}
    assert first_segments(_item("", "x.html")) == {"x.html"}
