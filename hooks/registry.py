"""MkDocs hook: the one entry of mkdocs.yml's ``hooks:``; runs the project's hooks in a declared order.

Every ``hooks/on_*.py`` module is listed once in :data:`HOOKS`, with what it is for and which
hooks it must run after. For each MkDocs event this module offers one combined handler made of
the listed modules' handlers in the order of :data:`HOOKS`. MkDocs sorts handlers by
``@event_priority`` and keeps registration order among equal priorities, so a hook's priority
still places it against the search plugin and the theme exactly as when each module was its own
entry in mkdocs.yml: the site is the same, and the order is now code that a test checks.

Adding a hook module ``hooks/on_x.py`` is one line in :data:`HOOKS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from mkdocs.plugins import EVENTS, CombinedEvent


@dataclass(frozen=True)
class Hook:
    """One hook module: its name under ``hooks/``, its role and the hooks it must run after."""

    name: str
    role: str
    after: tuple[str, ...] = ()


HOOKS: tuple[Hook, ...] = (
    Hook("on_papers", "brings volumes and papers into the site; starts each build's state"),
    Hook("on_inputs", "reads only the repository's own files; refuses Markdown that would crawl"),
    Hook("on_safety", "refuses markup that runs script", after=("on_papers",)),
    Hook("on_citations", "links citations; reference lists and the library page",
         after=("on_papers", "on_safety")),
    Hook("on_concepts", "links concept mentions; the concept pages", after=("on_papers", "on_citations")),
    Hook("on_metadata", "the head's scholarly metadata", after=("on_papers",)),
    Hook("on_crossref", "each volume's Crossref deposit, when extra.crossref is set", after=("on_papers",)),
    Hook("on_pdf", "the printed edition, only with extra: pdf; its pages' PDF links before the link check",
         after=("on_papers", "on_metadata")),
    Hook("on_search", "what the search plugin reads; held blocks come back after it",
         after=("on_citations", "on_concepts")),
    Hook("on_checks", "checks the finished site", after=("on_papers", "on_search", "on_pdf")),
)

# The modules besides the hooks above that know MkDocs, the theme or the engine's internals;
# every other module is plain Python that tests call directly (ARCHITECTURE.md lists these too).
ENGINE_MODULES: tuple[str, ...] = (
    "registry",        # this module: MkDocs' plugin events
    "mkdocs_page",     # ids declared to MkDocs' anchor validation (an undocumented page attribute)
    "material_theme",  # the theme's markup that the link check recognises
    "shared_nav",      # the theme's navigation templates, recompiled through Jinja2
    "html_policy",     # the theme's own id and class prefixes, which content may not take
)


def order_violations(hooks: Iterable[Hook]) -> list[str]:
    """Why the declared order is wrong: a hook listed before one it must run after, or twice."""
    seen: set[str] = set()
    problems = []
    for hook in hooks:
        if hook.name in seen:
            problems.append(f"{hook.name} is listed twice")
        problems += [f"{hook.name} must come after {dep}" for dep in hook.after if dep not in seen]
        seen.add(hook.name)
    return problems


def _load(hooks: Iterable[Hook]) -> list[ModuleType]:
    return [importlib.import_module(f"hooks.{hook.name}") for hook in hooks]


def _handlers(module: ModuleType, event: str) -> tuple[Callable, ...]:
    """A module's handlers of one event; a combined handler counts as its parts."""
    handler = getattr(module, f"on_{event}", None)
    if handler is None:
        return ()
    return tuple(handler.methods) if isinstance(handler, CombinedEvent) else (handler,)


def combined_events(modules: Iterable[ModuleType]) -> dict[str, CombinedEvent]:
    """Each event's handlers of ``modules``, in the modules' order, as one handler per event."""
    modules = list(modules)
    combined = {}
    for event in EVENTS:
        handlers = tuple(h for module in modules for h in _handlers(module, event))
        if handlers:
            combined[f"on_{event}"] = CombinedEvent(*handlers)
    return combined


globals().update(combined_events(_load(HOOKS)))
