"""Declared schemas for editors' metadata (paper front matter, volume files).

A schema is a tuple of :class:`Field`; :func:`check` returns located diagnostics for
missing, mistyped and unknown fields. The editors' guide documents the same tables.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from hooks.diagnostics import Diagnostic, error, warning
from hooks.yamlsafe import LineDict

TYPE_NAMES = {str: "text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true or false"}


@dataclass(frozen=True)
class Field:
    name: str
    kind: type
    required: bool
    help: str
    example: Any = None


def _type_ok(value: Any, kind: type) -> bool:
    if kind is str:  # YAML reads 2007 as a number and 2007-10-05 as a date: both are text as written
        return isinstance(value, (str, int, float, datetime.date)) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value
    return value is None


def check(data: LineDict, schema: tuple[Field, ...], path: str, what: str) -> list[Diagnostic]:
    """Diagnostics for ``data`` against ``schema``; ``what`` names the thing ("front matter")."""
    found: list[Diagnostic] = []
    known = {f.name: f for f in schema}
    for f in schema:
        if f.name not in data or _empty(data[f.name]):
            if f.required:
                found.append(error(path, data.line, f"{what} has no '{f.name}': add it ({f.help})"))
            continue
        if not _type_ok(data[f.name], f.kind):
            found.append(error(path, data.line_of(f.name),
                               f"'{f.name}' must be {TYPE_NAMES.get(f.kind, f.kind.__name__)} ({f.help})"))
    for name in data:
        if name not in known:
            close = difflib.get_close_matches(str(name), list(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(known)}"
            found.append(warning(path, data.line_of(name), f"unknown field '{name}' in {what}{hint}"))
    return found


def text(value: Any) -> str:
    """A scalar as stripped text ('' for None)."""
    return "" if value is None else str(value).strip()
