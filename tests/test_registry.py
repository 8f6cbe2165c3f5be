"""The hooks' order is code: every hook module is registered, the declared order holds, and MkDocs
runs the registry's handlers exactly as it ran the modules listed one by one."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml
from mkdocs.plugins import EVENTS, PluginCollection

from hooks import registry
from hooks.registry import HOOKS, Hook, order_violations

ROOT = Path(__file__).resolve().parents[1]


def _mkdocs_hooks() -> list[str]:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["hooks"]


def test_every_hook_module_is_registered_once():
    on_disk = sorted(p.stem for p in (ROOT / "hooks").glob("on_*.py"))
    assert sorted(h.name for h in HOOKS) == on_disk


def test_mkdocs_loads_only_the_registry():
    assert _mkdocs_hooks() == ["hooks/registry.py"]


def test_declared_order_is_kept():
    assert order_violations(HOOKS) == []
    names = [h.name for h in HOOKS]
    assert all(dep in names for h in HOOKS for dep in h.after)


@pytest.mark.parametrize("hooks, problem", [
    ((Hook("b", "", after=("a",)), Hook("a", "")), "b must come after a"),
    ((Hook("a", ""), Hook("a", "")), "a is listed twice"),
    ((Hook("a", "", after=("missing",)),), "a must come after missing"),
])
def test_order_violations_are_named(hooks, problem):
    assert problem in order_violations(hooks)


def _events(plugins: dict) -> dict[str, list]:
    collection = PluginCollection()
    for name, plugin in plugins.items():
        collection[name] = plugin
    return {event: list(collection.events[event]) for event in EVENTS}


def test_mkdocs_runs_the_handlers_as_it_ran_the_modules_one_by_one():
    modules = {h.name: importlib.import_module(f"hooks.{h.name}") for h in HOOKS}
    search = _Search()
    one_by_one = _events({"search": search, **modules})
    through_registry = _events({"search": search, "registry": registry})
    assert through_registry == one_by_one
    assert any(len(handlers) > 1 for handlers in one_by_one.values())


class _Search:
    """Stands for a plugin listed before the hooks, whose handlers keep the default priority."""

    def on_page_context(self, context, **kwargs):
        return context

    def on_post_build(self, **kwargs):
        return None


ENGINE_WORDS = ("import mkdocs", "from mkdocs", "present_anchor_ids", "md-nav", "root_render_func")


def test_only_the_hooks_and_the_named_engine_modules_know_the_engine():
    known = {h.name for h in HOOKS} | set(registry.ENGINE_MODULES)
    for path in sorted((ROOT / "hooks").glob("*.py")):
        if path.stem in known:
            continue
        text = path.read_text(encoding="utf-8")
        assert not [w for w in ENGINE_WORDS if w in text], path.name


def test_no_module_imports_a_private_name_of_a_library():
    import re
    for path in sorted((ROOT / "hooks").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*from (?!hooks\b)[\w.]+ import .*\b_[a-z]", text, re.M), path.name


def test_architecture_lists_the_modules_that_know_the_engine():
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for name in registry.ENGINE_MODULES:
        assert f"hooks/{name}.py" in architecture, name
