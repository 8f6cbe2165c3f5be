"""Turn a build log (and test results) into GitHub annotations and a job summary.

``python -m hooks.annotate build.log [--junit test-results.xml]`` prints one
``::error file=…,line=…::…`` workflow command per build warning, so that the pull
request shows each problem on the line of the paper, ``volume.yml``, ``bibliography.bib``
or ``glossary.yml`` that causes it, and appends a Markdown summary to the file named by
``$GITHUB_STEP_SUMMARY``. Standard library only: it runs before the virtualenv exists.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from hooks import origins

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ENTRY = re.compile(r"^(?P<level>WARNING|ERROR|CRITICAL)\s+-\s+(?P<text>.*)$")
_LOCATED = re.compile(r"^(?P<path>[\w./\-]+?\.(?:md|yml|yaml|bib|html|py)|papers/[\w.\-]+|site/[\w./\-]+)"
                      r"(?::(?P<line>\d+))?: (?P<message>.+)$")
_DOC_FILE = re.compile(r"^Doc file '(?P<src>[^']+)'")


@dataclass(frozen=True)
class Problem:
    """One located problem of the build, as the log printed it."""

    level: str
    message: str
    path: str = ""
    line: int | None = None


def parse_log(text: str, root: Path = Path(".")) -> list[Problem]:
    """Every warning and error of a MkDocs log; continuation lines join their message."""
    problems: list[Problem] = []
    for raw in _ANSI.sub("", text).splitlines():
        m = _ENTRY.match(raw.rstrip())
        if m:
            problems.append(_problem(m.group("level"), m.group("text").strip(), root))
        elif problems and raw.startswith((" ", "\t")) and raw.strip() and not raw.lstrip().startswith("│"):
            last = problems[-1]
            problems[-1] = Problem(last.level, f"{last.message} {raw.strip()}", last.path, last.line)
    return problems


def _problem(level: str, text: str, root: Path) -> Problem:
    located = _LOCATED.match(text)
    if located:
        line = int(located.group("line")) if located.group("line") else None
        return Problem(level, located.group("message"), located.group("path"), line)
    doc = _DOC_FILE.match(text)
    return Problem(level, text, source_of_page(doc.group("src"), root) if doc else "")


def source_of_page(src_uri: str, root: Path) -> str:
    """MkDocs names pages by their place in the site (``seminar-3/x.md``); editors need the file."""
    return origins.source_file(src_uri, lambda name: (root / name).is_file()) or ""


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, title: str = "Site build") -> str:
    """The workflow command that shows ``problem`` on its file and line in the pull request."""
    props = [f"file={_escape_property(problem.path)}"] if problem.path else []
    if problem.path and problem.line:
        props.append(f"line={problem.line}")
    props.append(f"title={_escape_property(title)}")
    return f"::error {','.join(props)}::{_escape_data(problem.message)}"


@dataclass(frozen=True)
class TestReport:
    total: int = 0
    failed: tuple[str, ...] = ()
    skipped: int = 0


def read_junit(path: Path) -> TestReport | None:
    """Counts and failing test ids from pytest's --junitxml file; None when there is none."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return None
    cases = list(root.iter("testcase"))
    failed = tuple(f"{c.get('classname', '')}::{c.get('name', '')}" for c in cases
                   if c.find("failure") is not None or c.find("error") is not None)
    return TestReport(len(cases), failed, sum(1 for c in cases if c.find("skipped") is not None))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(problems: list[Problem], tests: TestReport | None) -> str:
    """The job summary: test counts, then each build problem with its file and line."""
    lines = []
    if tests is not None:
        verdict = "passed" if not tests.failed else f"**{len(tests.failed)} failed**"
        lines += [f"## Tests: {verdict}", "",
                  f"{tests.total} tests, {len(tests.failed)} failed, {tests.skipped} skipped.", ""]
        lines += [f"- `{name}`" for name in tests.failed] + ([""] if tests.failed else [])
    if not problems:
        lines += ["## Site build: passed", "", "The strict build reported no problems."]
        return "\n".join(lines) + "\n"
    lines += [f"## Site build: **{len(problems)} problem{'s' if len(problems) != 1 else ''}**", "",
              "Each message names the file to open and says what to do; the editors' guide explains "
              "every message (*Messages and how to fix them*).", "",
              "| File | Line | Problem |", "| --- | --- | --- |"]
    lines += [f"| `{_cell(p.path) or '—'}` | {p.line or ''} | {_cell(p.message)} |" for p in problems]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.annotate", description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path, help="the output of `make build`")
    parser.add_argument("--junit", type=Path, help="pytest's --junitxml file, for the test summary")
    parser.add_argument("--summary", type=Path, default=None,
                        help="file to append the Markdown summary to (default: $GITHUB_STEP_SUMMARY)")
    args = parser.parse_args(argv)
    text = args.log.read_text(encoding="utf-8", errors="replace") if args.log.is_file() else ""
    problems = parse_log(text)
    for problem in problems:
        print(annotation(problem))
    tests = read_junit(args.junit) if args.junit else None
    for name in tests.failed if tests else ():
        print(annotation(Problem("ERROR", f"test failed: {name}", _test_file(name)), "Tests"))
    target = args.summary or (Path(os.environ["GITHUB_STEP_SUMMARY"]) if os.environ.get("GITHUB_STEP_SUMMARY") else None)
    report = summary(problems, tests)
    if target:
        with target.open("a", encoding="utf-8") as out:
            out.write(report)
    else:
        print(report)
    return 0  # reporting only: the build and test steps themselves fail the job


def _test_file(test_id: str) -> str:
    """tests.test_volumes::test_x -> tests/test_volumes.py (pytest's classname is dotted)."""
    parts = test_id.split("::", 1)[0].split(".")
    for end in range(len(parts), 0, -1):
        candidate = "/".join(parts[:end]) + ".py"
        if Path(candidate).is_file():
            return candidate
    return ""


if __name__ == "__main__":
    sys.exit(main())
