"""Located messages for editors: every problem names a file, a line and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in an input file, phrased for the editor who must fix it."""

    path: str
    line: int | None
    message: str
    level: Level = "error"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def error(path: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(path, line, message, "error")


def warning(path: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(path, line, message, "warning")


def info(path: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(path, line, message, "info")


def failed(diagnostics: list[Diagnostic]) -> bool:
    """True when any diagnostic must stop a strict build."""
    return any(d.level != "info" for d in diagnostics)
