"""The navigation's items rendered once and shared: the pages must not change.

A site of a few sections, an index page in each, pages at several depths and pages
outside the navigation is built twice with mkdocs-material, with and without sharing;
every file must come out byte for byte the same, and sharing must really have happened.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.theme import Theme

from hooks import shared_nav
from hooks.shared_nav import ITEM_CALLS, SharedItems, folder_of, links_of
from sitebuild import tree_digest

SECTIONS = ("vol-1", "vol-2", "vol-3")
PAPERS = ("a", "b", "c", "d", "e", "f")
HOOK = """
from hooks import shared_nav

def on_env(env, config, files):
    assert len(shared_nav.install(env)) == 2
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
        for p in PAPERS:
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
    path = root / ("shared.yml" if shared else "plain.yml")
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.mark.slow
def test_pages_are_the_same_with_the_navigation_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renders: list[str] = []
    call = SharedItems.__call__

    def counted(self, page, render, item, path, *args):
        counting = lambda *a: renders.append(path) or render(*a)  # noqa: E731
        return call(self, page, counting, item, path, *args)

    monkeypatch.setattr(SharedItems, "__call__", counted)
    for shared in (False, True):
        build(load_config(str(_site(tmp_path, shared))))
    plain, shared_site = tree_digest(tmp_path / "site-plain"), tree_digest(tmp_path / "site-shared")
    assert plain == shared_site
    pages = [p for p in plain if p.endswith(".html") and p != "404.html"]
    assert len(pages) == 3 + len(SECTIONS) * (len(PAPERS) + 2) + 1     # one unlisted page in a volume
    items = 1 + len(SECTIONS) * (1 + len(PAPERS) + 2) + 2     # Home; sections, their papers, page and link; About
    assert 0 < len(renders) < len(pages) * items / 3     # the theme alone renders every item on every page
    # a paper: on its own page, on the 404 page (no page to share from), and once per shape of
    # folder (depth, segments shared with it) among the other pages: 7 shapes in this site
    assert renders.count("__nav_2_2") == 1 + 1 + 7


def test_the_theme_has_the_calls_that_are_shared() -> None:
    env = Theme(name="material").get_env()
    assert shared_nav.install(env) == list(ITEM_CALLS)
    render = env.get_template("partials/nav-item.html").root_render_func
    assert shared_nav.install(env) == list(ITEM_CALLS)    # once per environment
    assert env.get_template("partials/nav-item.html").root_render_func is render


def test_folder_is_found_as_mkdocs_resolves_relative_links() -> None:
    assert folder_of("seminar-3/martin/") == ("seminar-3", "martin")
    assert folder_of("") == ()
    assert folder_of("seminar-3/martin.html") == ("seminar-3",)
    assert folder_of("index.html") == ()


def _item(*urls: str, active: bool = False) -> SimpleNamespace:
    children = [SimpleNamespace(url=u, children=None, active=False) for u in urls]
    return SimpleNamespace(children=children, active=active, title="Section")


def _key(shared: SharedItems, item: SimpleNamespace, url: str | None) -> tuple | None:
    return shared.key(item, "__nav_3", None if url is None else SimpleNamespace(url=url))


def test_a_section_is_shared_by_pages_at_one_depth_outside_its_folder() -> None:
    shared = SharedItems()
    volume = _item("vol-2/", "vol-2/a/", "https://example.org/x")
    key = _key(shared, volume, "vol-1/a/")
    assert key is not None
    assert _key(shared, volume, "vol-3/b/") == key
    assert _key(shared, volume, "concepts/x/") == key
    assert _key(shared, volume, "vol-1/") not in (None, key)   # one level up
    assert _key(shared, volume, "") not in (None, key)


def test_a_neighbour_is_shared_by_the_pages_of_its_folder() -> None:
    shared = SharedItems()
    paper = _item("vol-2/b/")
    key = _key(shared, paper, "vol-2/a/")
    assert key is not None and _key(shared, paper, "vol-2/c/") == key
    assert _key(shared, paper, "vol-1/a/") != key       # from another volume: '../../vol-2/b/'
    assert _key(shared, paper, "vol-2/b/deeper/") != key   # inside it: '../'


def test_an_item_is_rendered_afresh_where_it_could_differ() -> None:
    shared = SharedItems()
    assert _key(shared, _item("vol-2/a/", active=True), "vol-2/b/") is None
    assert _key(shared, _item("../up/"), "vol-1/a/") is None
    assert _key(shared, _item("vol-2/a/"), None) is None


def test_links_skip_absolute_urls_and_share_a_prefix() -> None:
    links = links_of(_item("vol-2/", "vol-2/a/", "/abs/", "https://example.org/", "#top"))
    assert links is not None and links.prefix == ("vol-2",)
    assert links.targets == (("vol-2",), ("vol-2", "a"))
    assert links_of(_item("", "x.html")).prefix == ()
