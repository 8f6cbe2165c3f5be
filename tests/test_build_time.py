"""No input makes a build take more than five times the clean build of the same project: each
hostile probe is refused quickly, named, instead of crawling. Measured in CPU seconds of the
build process (os.wait4), which other work on the machine does not inflate as it does wall time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import build_env, prepare_project

FRONT = "---\ntitle: A probe\nauthors:\n  - name: Ann Tester\norder: 1\n---\n\n"
VOL = {"papers/test-vol/volume.yml": "title: A test volume\ndate: 2001-01\neditors:\n  - name: Ed Itor\npublisher: Test Press\n",
       "papers/test-vol/a.md": FRONT + "A clean paper with a paragraph.\n"}
X = "papers/test-vol/x.md"
BOMB = "".join(f"x{chr(98 + i)}: &x{chr(98 + i)} [" + ",".join([f"*x{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
PROBES = {
    "a list nested 500 levels": FRONT + "\n".join("    " * i + f"- level {i}" for i in range(500)),
    "a paragraph of 20,000 [": FRONT + "[" * 20_000,
    "5,000 @, 5,000 [@ and 3,000 [@x": FRONT + "@" * 5_000 + "\n\n" + "[@" * 5_000 + "\n\n" + "[@x " * 3_000,
    "a YAML alias bomb": FRONT.replace("---\n\n", "xa: &xa [a,a,a,a,a,a,a,a,a]\n" + BOMB + "keywords: *xi\n---\n\n") + "Body.",
    "2,000 empty headings": FRONT + "#\n" * 2_000,
}


def cpu_seconds(tmp_path: Path, files: dict) -> tuple[float, int, str]:
    """(CPU seconds, exit status, log) of a strict build of the project with ``files``."""
    project = prepare_project(tmp_path, files)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
               "-d", str(tmp_path / "site")]
    log = tmp_path / "log.txt"
    with log.open("wb") as out:
        child = subprocess.Popen(command, cwd=project, env=build_env(), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, child.returncode, log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> float:
    seconds, status, log = cpu_seconds(tmp_path_factory.mktemp("clean"), VOL)
    assert status == 0, log[-3000:]
    return seconds


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PROBES))
def test_a_hostile_page_is_refused_within_five_clean_builds(name: str, clean: float, tmp_path: Path) -> None:
    seconds, status, log = cpu_seconds(tmp_path, {**VOL, X: PROBES[name]})
    assert status != 0 and f"{X}:" in log and "Traceback" not in log, log[-3000:]
    assert seconds < 5 * clean, f"{name}: {seconds:.1f} s of CPU against {clean:.1f} s for the clean build"
