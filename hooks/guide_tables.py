"""Reference tables of the editors' guide, made from the schemas the checks enforce.

The guide's pages hold markers such as ``<!-- fields: paper -->``; the build replaces each
with a Markdown table generated here from :data:`hooks.volumes.PAPER_SCHEMA` and friends,
so the guide can never describe a field the checks do not know, or miss one they do.
Markers are read only in the site's own pages under ``docs/``, never in papers or other
generated pages, so a paper cannot pull a table into itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from hooks.bibtex import ONLINE_ALIASES, REQUIRED_FIELDS
from hooks.diagnostics import Diagnostic, warning
from hooks.schema import TYPE_NAMES, Field
from hooks.volumes import AUTHOR_SCHEMA, PAPER_SCHEMA, VOLUME_SCHEMA

MARKER = re.compile(r"^<!--\s*(fields|bibtex):\s*([\w-]+)\s*-->[ \t]*$", re.M)
SCHEMAS: dict[str, tuple[Field, ...]] = {"paper": PAPER_SCHEMA, "author": AUTHOR_SCHEMA, "volume": VOLUME_SCHEMA}


def _cell(text: str) -> str:
    """Table-safe text: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _example(f: Field) -> str:
    """The field as a YAML line an editor can copy: ``title: ...``."""
    if f.example is None:
        return ""
    dumped = yaml.safe_dump({f.name: f.example}, default_flow_style=True, allow_unicode=True,
                            sort_keys=False, width=10_000).strip()
    return f"`{_cell(dumped[1:-1])}`"


def field_table(schema: tuple[Field, ...]) -> str:
    """A Markdown table of a schema: field, required, kind of value, meaning, example."""
    rows = ["| Field | Required | Value | What it is | Example |", "| --- | --- | --- | --- | --- |"]
    for f in schema:
        rows.append(f"| `{f.name}` | {'**yes**' if f.required else 'no'} | {TYPE_NAMES.get(f.kind, f.kind.__name__)} "
                    f"| {_cell(f.help)} | {_example(f)} |")
    return "\n".join(rows)


def _need(need: str | tuple[str, ...]) -> str:
    if isinstance(need, str):
        return f"`{need}`"
    if "pubstate" in need:
        return "`year` (or `date`, or `pubstate = {inpress}` when not yet published)"
    return " or ".join(f"`{n}`" for n in need)


def bibtex_table() -> str:
    """A Markdown table of the entry types the house style prints and the fields each needs."""
    rows = ["| Entry type | Fields it must have |", "| --- | --- |"]
    aliases = sorted(ONLINE_ALIASES - {"online"})
    for kind, needs in REQUIRED_FIELDS.items():
        if kind in aliases:
            continue
        same = f" (also written {', '.join(f'`@{a}`' for a in aliases)})" if kind == "online" else ""
        note = "; with a `url` it is a web page and needs what `@online` needs" if kind == "misc" else ""
        rows.append(f"| `@{kind}`{same} | {', '.join(_need(n) for n in needs)}{note} |")
    return "\n".join(rows)


TABLES: dict[tuple[str, str], Callable[[], str]] = {
    **{("fields", name): (lambda s=schema: field_table(s)) for name, schema in SCHEMAS.items()},
    ("bibtex", "types"): bibtex_table,
}


def fill(markdown: str, path: str) -> tuple[str, list[Diagnostic]]:
    """The page with every marker replaced by its table; unknown markers are warnings."""
    problems: list[Diagnostic] = []

    def table(m: re.Match[str]) -> str:
        make = TABLES.get((m.group(1), m.group(2)))
        if make is None:
            line = markdown.count("\n", 0, m.start()) + 1
            known = ", ".join(f"<!-- {a}: {b} -->" for a, b in TABLES)
            problems.append(warning(path, line, f"unknown table marker '{m.group(0).strip()}': use one of {known}"))
            return m.group(0)
        return "\n" + make() + "\n"

    return MARKER.sub(table, markdown), problems
