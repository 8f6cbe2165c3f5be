"""Where a build's time goes, with far less overhead than cProfile.

Runs one build in this process with a few timers wrapped around MkDocs' event dispatch
(per event and per hook or plugin), Python-Markdown's conversion, the hooks' Markdown
extensions and Jinja's page rendering, and prints CPU seconds per phase. Timers nest:
the Markdown extensions are part of "markdown: convert", and every event is outside it.

Run as ``python -m bench.phases CONFIG`` (one build of the given mkdocs.yml), or through
``python -m bench --phases PAPERS``.
"""

from __future__ import annotations

import functools
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

TOTALS: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def _timed(label: str, func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            _add(label, time.process_time() - start)
    return wrapper


def kind(page) -> str:
    """Which sort of page a timer ran for, to tell generated pages from papers."""
    src = getattr(getattr(page, "file", None), "src_uri", "")
    if not src:
        return ""
    if src.startswith("concepts/"):
        return " [concept pages]"
    if src.count("/") == 1 and not src.startswith(("editors/", "assets/")):
        return " [papers and volumes]"
    return " [other pages]"


MEMORY: dict[str, float] = {}     # event label -> largest resident size right after it (MB)


def _memory(label: str) -> None:
    try:
        with open("/proc/self/statm") as f:     # Linux; elsewhere only the peak is shown
            rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return
    MEMORY[label] = max(MEMORY.get(label, 0.0), rss)


def _add(label: str, seconds: float) -> None:
    TOTALS[label] += seconds
    CALLS[label] += 1


def _instrument() -> None:
    import jinja2
    from mkdocs import plugins
    from mkdocs.structure import pages

    def run_event(self, name, item=None, **kwargs):
        pass_item = item is not None
        where = kind(kwargs.get("page"))
        for method in self.events[name]:
            origin = self._current_plugin = self._event_origins.get(method, "<unknown>")
            start = time.process_time()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            label = f"event {name}: {Path(origin).name if '/' in origin else origin}"
            _add(label + where, time.process_time() - start)
            _memory(label)
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    def render_markdown(self, config, files, _render=pages.Page.render):
        start = time.process_time()
        try:
            return _render(self, config, files)
        finally:
            _add(f"markdown: convert{kind(self)}", time.process_time() - start)

    def render_template(self, *args, _render=jinja2.Template.render, **kwargs):
        start = time.process_time()
        try:
            return _render(self, *args, **kwargs)
        finally:
            context = args[0] if args and isinstance(args[0], dict) else kwargs
            _add(f"theme: render template{kind(context.get('page'))}", time.process_time() - start)

    plugins.PluginCollection.run_event = run_event
    pages.Page.render = render_markdown
    jinja2.Template.render = render_template
    try:
        from hooks import cite_link, terms
    except ImportError:
        return
    terms.ConceptLinker.run = _timed("  markdown: concept linker (hooks/terms.py)", terms.ConceptLinker.run)
    cite_link._CitationPattern.handleMatch = _timed("  markdown: citation pattern (hooks/cite_link.py)",
                                                    cite_link._CitationPattern.handleMatch)


def profile_build(config: Path, site: Path) -> float:
    """Build once in this process with the timers on; return the total CPU seconds."""
    _instrument()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.process_time()
    cfg = load_config(str(config), site_dir=str(site))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return time.process_time() - start


def print_memory() -> None:
    """Resident size after each event, in build order, and the peak of the whole build."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size {peak:.0f} MB; resident size after each event (largest over its calls):")
    for label, mb in MEMORY.items():
        print(f"  {mb:7.0f} MB  {label}")


def print_phases(total: float) -> None:
    print(f"CPU {total:.2f} s in all; phases over 0.5% of it:")
    for label, seconds in sorted(TOTALS.items(), key=lambda kv: -kv[1]):
        if seconds >= total / 200:
            print(f"  {seconds:7.2f} s {100 * seconds / total:5.1f}%  {label} ({CALLS[label]} calls)")


if __name__ == "__main__":
    config = Path(sys.argv[1]).resolve()
    used = profile_build(config, config.parent / "site")
    print_phases(used)
    print_memory()
