"""Limits on Markdown before conversion (hooks.limits): over-deep nesting and inputs on which
Python-Markdown crawls are refused with their line; what papers write passes and converts quickly.
Also: every regular expression in hooks/ runs in bounded time on adversarial 100 kB inputs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hooks import limits
from inprocess import Converter

ROOT = Path(__file__).resolve().parents[1]
N = 100_000


def prose(paragraphs: int) -> str:
    """Text like a paper's: headings, lists, citations, links, emphasis, footnotes, quotes."""
    one = ("Collaborative practice in schools, as *Alpha* argued [@alpha2001, p. 3], asks agencies to "
           "cross boundaries; @gamma1999 [p. 12] calls this knotworking. See [the guide](../guide.md) "
           "and the note.[^n] Services & schools <em>together</em> meet `weekly` (see [-@alpha2001]).")
    parts = []
    for i in range(paragraphs):
        parts.append(f"## Section {i}\n\n{one}\n\n- first point, {one[:80]}\n    - nested point\n\n> {one}")
    return "\n\n".join(parts) + "\n\n[^n]: A footnote.\n"


def test_a_paper_like_text_passes_every_limit() -> None:
    assert limits.check_markdown(prose(300)) == []


@pytest.mark.parametrize("depth", [limits.MAX_NESTING - 1])
def test_nesting_up_to_the_limit_passes_and_converts(depth: int) -> None:
    text = "\n".join("    " * i + f"- level {i}" for i in range(depth))
    assert limits.check_markdown(text) == []
    assert "level 0" in Converter()(text)


@pytest.mark.parametrize("text, line", [
    ("Intro.\n\n" + "\n".join("    " * i + f"- level {i}" for i in range(500)), 3 + limits.MAX_NESTING),
    ("Intro.\n\n" + "> " * 500 + "deep", 3),
    ("Intro.\n\n" + "\n".join(">" * i + " x" for i in range(1, 40)), 3 + limits.MAX_NESTING),
    ("Intro.\n\n" + "- " * 300 + "x", 3),
])
def test_over_deep_lists_and_quotes_are_refused_on_their_line(text: str, line: int) -> None:
    (excess,) = [e for e in limits.check_markdown(text) if "nested" in e.message]
    assert excess.line == line
    assert f"at most {limits.MAX_NESTING} levels" in excess.message


@pytest.mark.parametrize("name, text, words", [
    ("20,000 [", "[" * 20_000, "20,000 never closed"),
    ("5,000 [@", "[@" * 5_000, "never closed"),
    ("3,000 [@x", "[@x " * 3_000, "3,000 never closed"),
    ("nested brackets", "[" * 5_000 + "]" * 5_000, "nested far too deep"),
    ("5,000 @", "@" * 5_000, "5,000 '@'"),
    ("a long paragraph", "word " * 20_000, "100,000 characters"),
    ("links", "[a](b.md) " * 3_000, "markup characters"),
    ("ampersands", "a &" * 10_000, "markup characters"),
    ("underscores", "_a" * 10_000, "markup characters"),
    ("angle brackets", "<" * 30_000, "markup characters"),
])
def test_inputs_that_make_python_markdown_crawl_are_refused(name: str, text: str, words: str) -> None:
    found = limits.check_markdown("Opening words.\n\n" + text + "\n\nClosing words.")
    assert found and all(e.line == 3 for e in found), found
    assert any(words in e.message for e in found), found


def test_markup_spread_over_a_long_page_passes() -> None:
    """The budgets grow with the page: a long page of short cited paragraphs is fine."""
    text = "\n\n".join(f"Paragraph {i} cites [@alpha2001, p. {i}] and [a link](x.md)." for i in range(5_000))
    assert limits.check_markdown(text) == []


def test_runs_start_at_list_items_quotes_and_headings() -> None:
    text = "para\nstill para\n\n- item\n- item two\n  lazy\n# Head\n> quote"
    assert [(r.line, r.text) for r in limits.runs(text)] == [
        (1, "para\nstill para"), (4, "- item"), (5, "- item two\n  lazy"), (7, "# Head"), (8, "> quote")]


ADVERSARIAL = {
    "[": "[" * N, "[@": "[@" * (N // 2), "[@x ": "[@x " * (N // 4), "@": "@" * N, "@a ": "@a " * (N // 3),
    "[a](": "[a](" * (N // 4), "_a": "_a" * (N // 2), "<": "<" * N, "<a ": "<a " * (N // 3), "&": "&" * N,
    "`": "`" * N, "*": "*" * N, "\\": "\\" * N, "- ": "\n".join("- " * 10 for _ in range(N // 21)),
    "> ": ">" * N, "{: ": "{: " * (N // 3), "<!--": "<!--" * (N // 4), "spaces": " " * N, "lines": "\n" * N,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_the_check_is_linear_and_what_passes_converts_quickly(name: str) -> None:
    """100 kB of one markup pattern: checked in well under a second; either refused, or converted
    by the site's Markdown within a generous bound (the clean build converts ~1 MB/s)."""
    text = ADVERSARIAL[name]
    start = time.perf_counter()
    found = limits.check_markdown(text)
    assert time.perf_counter() - start < 1.0
    if not found:
        start = time.perf_counter()
        Converter()(text)
        assert time.perf_counter() - start < 5.0, name


# ---------------------------------------------------------------- every regular expression in hooks/

SCAN = r'''
import ast, importlib, json, pathlib, re, sys, time
root = pathlib.Path(sys.argv[1]); n = int(sys.argv[2])
FUNCS = {"sub", "subn", "match", "search", "findall", "finditer", "fullmatch", "split"}
ANCHORED = {"match", "fullmatch"}
FLAGS = {"S": re.S, "DOTALL": re.S, "M": re.M, "MULTILINE": re.M, "I": re.I, "IGNORECASE": re.I, "X": re.X,
         "VERBOSE": re.X, "A": re.A, "ASCII": re.A}
def flags(node):
    if isinstance(node, ast.Attribute) and node.attr in FLAGS: return FLAGS[node.attr]
    if isinstance(node, ast.BinOp): return flags(node.left) | flags(node.right)
    return 0
patterns = {}   # label -> (pattern, how it is used: "match" when only ever anchored, else "search")
for path in sorted((root / "hooks").glob("*.py")):
    name = "hooks." + path.stem
    source = path.read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FUNCS
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            f = next((flags(k.value) for k in node.keywords if k.arg == "flags"), 0)
            mode = "match" if node.func.attr in ANCHORED else "search"
            patterns[f"{name}:{node.lineno}"] = (re.compile(node.args[0].value, f), mode)
    for attr, value in vars(importlib.import_module(name)).items():
        if isinstance(value, re.Pattern):
            uses = set(re.findall(re.escape(attr) + r"\.(\w+)\(", source)) or {"search"}
            patterns.setdefault(f"{name}.{attr}", (value, "match" if uses <= ANCHORED else "search"))
from hooks import cite_parse
patterns["hooks.cite_parse.PATTERN"] = (re.compile(cite_parse.PATTERN, re.S), "search")   # as Python-Markdown uses it
skip = set(sys.argv[3:])
units = ["[", "]", "@", "[@", "[@x ", "@x ", "<", "<a ", "<a b=\"", "&", "&#", "\\\\", "-", "--", "<!--", "{", "{:",
         " ", "\t", "\n", "\n\n", "a", "a ", "1", "1-", ".", ",", ";", "\"", "'", "=", ":", "/", "//", "http://",
         "#", "*", "_", "`", "(", ")", "|", "%", "é", "x:", "a-", "a.", "- ", "> ", "---\n", "@x{", "{a}", "a=",
         "0.", "10.", "\u202e", "\x00"]
slowest = []
for label, (pattern, mode) in patterns.items():
    if label in skip:
        continue
    print("PATTERN", label, mode, flush=True)
    worst = (0.0, "")
    for unit in units:
        text = unit * (n // len(unit))
        if isinstance(pattern.pattern, bytes):
            text = text.encode("utf-8")
        start = time.perf_counter()
        if mode == "search":
            for m in pattern.finditer(text): pass
        pattern.match(text)
        pattern.fullmatch(text)
        worst = max(worst, (time.perf_counter() - start, unit))
    slowest.append((label, mode, round(worst[0], 3), worst[1]))
print("RESULT", json.dumps(slowest), flush=True)
'''


def _scan(*args: str) -> list:
    try:
        child = subprocess.run([sys.executable, "-c", SCAN, str(ROOT), *args], cwd=ROOT, capture_output=True,
                               text=True, timeout=600)
    except subprocess.TimeoutExpired as exc:
        stuck = (exc.stdout or b"").decode().strip().splitlines()[-1:]
        pytest.fail(f"a pattern did not finish on 100 kB: {stuck}")
    assert child.returncode == 0, child.stderr[-3000:]
    return json.loads(child.stdout.split("RESULT ", 1)[1])


@pytest.mark.slow   # some 45 s: every pattern over 100 kB of each unit
def test_every_regular_expression_in_hooks_is_fast_on_adversarial_input() -> None:
    """Each pattern of hooks/ (compiled at module level or written in a re.* call) over 100 kB
    of each of many repeated units, used as the code uses it (anchored, or searched through),
    in a child process so a catastrophic pattern cannot hang the suite: the slowest unit must
    take under 2 s (linear patterns take milliseconds)."""
    results = _scan(str(N))
    assert len(results) > 40, "the scan found too few patterns; is hooks/ where it looks?"
    slow = [r for r in results if r[2] > 2.0]
    assert not slow, f"patterns slow on 100 kB of one repeated unit (pattern, use, seconds, unit): {slow}"
