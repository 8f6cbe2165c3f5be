"""The GitHub workflows, the local gate and the annotation script agree on what a change must pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from hooks import annotate
from tests.sitebuild import read_config

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The 'on:' mapping; YAML 1.1 reads the bare key on as True."""
    found = workflow.get("on", workflow.get(True))
    return {found: None} if isinstance(found, str) else dict.fromkeys(found) if isinstance(found, list) else found


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def make_targets(script: str) -> list[str]:
    """The make targets a script or workflow runs, in order."""
    return re.findall(r"^\s*make ([\w-]+)\s*(?:$|2>|\||&&|;)", script, re.M)


def test_every_workflow_parses_and_none_uses_pull_request_target() -> None:
    names = sorted(p.name for p in WORKFLOWS.glob("*.yml"))
    assert names == ["deploy.yml", "pr.yml"]
    for name in names:
        workflow = load(name)
        assert "pull_request_target" not in triggers(workflow), name
        code = [line.split("#", 1)[0] for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()]
        assert not any("pull_request_target" in line for line in code), name


def test_every_action_is_pinned_to_a_version() -> None:
    for name in ("pr.yml", "deploy.yml"):
        for step in steps(load(name)):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


def test_every_checkout_keeps_its_token_out_of_the_working_copy() -> None:
    """actions/checkout writes its token into .git/config unless told not to; a build that
    published a link to that file would publish the token."""
    checkouts = [(name, step) for name in sorted(p.name for p in WORKFLOWS.glob("*.yml"))
                 for step in steps(load(name)) if str(step.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts, "no workflow checks out the repository"
    for name, step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, name


def test_pr_workflow_runs_on_pull_requests_with_read_only_token() -> None:
    pr = load("pr.yml")
    assert list(triggers(pr)) == ["pull_request"]
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pr["jobs"].values())


def test_pr_workflow_uses_python_3_11_and_debian_chromium() -> None:
    job = load("pr.yml")["jobs"]["checks"]
    assert re.fullmatch(r"python:3\.11-[\w-]*bookworm", job["container"]["image"])
    (install,) = [s["run"] for s in steps(load("pr.yml")) if "apt-get install" in s.get("run", "")]
    assert re.search(r"\bchromium\b", install.split("apt-get install", 1)[1])
    assert job["env"]["CHROMIUM"] == "/usr/bin/chromium"


def test_pr_workflow_caches_the_venv_on_the_lock_file() -> None:
    (cache,) = [s for s in steps(load("pr.yml")) if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == ".venv"
    assert "hashFiles('requirements.lock')" in cache["with"]["key"]


def test_pr_workflow_runs_the_tests_and_the_strict_build() -> None:
    pr = load("pr.yml")
    assert make_targets(runs(pr)) == ["test", "build", "build-properdocs", "pdf"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    build_recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "mkdocs" in build_recipe.lower() and "--strict" in build_recipe
    second = makefile.split("\nbuild-properdocs:", 1)[1].split("\n\n", 1)[0]
    assert "-m properdocs build --strict" in second and "-m hooks.engine_compare site " in second


def test_pr_workflow_annotates_and_summarises_even_when_the_build_fails() -> None:
    pr = load("pr.yml")
    (build,) = [s for s in steps(pr) if make_targets(s.get("run", "")) == ["build"]]
    assert "tee build.log" in build["run"]
    (report,) = [s for s in steps(pr) if "hooks.annotate" in s.get("run", "")]
    assert report["if"] == "always()"
    assert "build.log" in report["run"] and "$GITHUB_STEP_SUMMARY" in report["run"]
    (tests,) = [s for s in steps(pr) if "make test" in s.get("run", "")]
    assert "--junitxml=test-results.xml" in tests["env"]["PYTEST_ADDOPTS"] and "test-results.xml" in report["run"]


def test_local_gate_is_the_same_as_the_pr_workflow() -> None:
    gate = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert make_targets(gate) == make_targets(runs(load("pr.yml"))) == ["test", "build", "build-properdocs", "pdf"]


def test_deploy_builds_main_and_publishes_with_the_pages_actions() -> None:
    deploy = load("deploy.yml")
    assert triggers(deploy)["push"] == {"branches": ["main"]}
    assert "pull_request" not in triggers(deploy)
    assert deploy["permissions"] == {"contents": "read"}
    build, job = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert make_targets("\n".join(s.get("run", "") for s in build["steps"])) == ["pdf"]
    (upload,) = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == "site"
    assert job["needs"] == "build"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in job["steps"]] == ["actions/deploy-pages"]
    (python,) = [s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    assert python["with"]["python-version"] == "3.11"


def test_pull_request_template_is_a_checklist_for_editors() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] ", text, re.M)
    assert len(boxes) >= 5
    for words in ("bibliography.bib", "glossary.yml", "volume.yml", "make serve", "make test", "make build"):
        assert words in text, words


# ---------------------------------------------------------------- annotations from a build log

LOG = """\
INFO    -  Cleaning site directory
WARNING -  papers/Seminar_5: a volume folder's name must be lower-case letters, digits and '-': rename it
\x1b[33mWARNING -  \x1b[0mpapers/seminar-3/typo.md:4: unknown field 'abstarct' in front matter; did you mean 'abstract'?
WARNING -  bibliography.bib:219: syntax error in entry 'bad1': a ',' is missing between field 'author' and field 'title'. The entry is skipped
WARNING -  Doc file 'seminar-3/martin.md' contains a link 'nowhere.md', but the target 'seminar-3/nowhere.md' is not found among documentation files.
WARNING -  papers/seminar-3/martin.md:9: broken link '../x/': it points to 'seminar-3/x/index.html', which 50% of pages lack
ERROR   -  Config value 'nav': something
  went wrong
INFO    -  glossary.yml: concepts no paper mentions yet: knotworking
Aborted with 6 warnings in strict mode!
"""


def test_parse_log_locates_each_problem() -> None:
    found = annotate.parse_log(LOG, ROOT)
    assert [(p.path, p.line) for p in found] == [
        ("papers/Seminar_5", None), ("papers/seminar-3/typo.md", 4), ("bibliography.bib", 219),
        ("papers/seminar-3/martin.md", None), ("papers/seminar-3/martin.md", 9), ("", None)]
    assert found[1].message == "unknown field 'abstarct' in front matter; did you mean 'abstract'?"
    assert found[-1].message == "Config value 'nav': something went wrong"


def test_annotation_escapes_the_workflow_command() -> None:
    problem = annotate.Problem("WARNING", "50% done\nnext", "papers/a,b.md", 9)
    assert annotate.annotation(problem) == "::error file=papers/a%2Cb.md,line=9,title=Site build::50%25 done%0Anext"
    assert annotate.annotation(annotate.Problem("ERROR", "x")) == "::error title=Site build::x"


def test_main_prints_annotations_and_appends_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log, summary = tmp_path / "build.log", tmp_path / "summary.md"
    log.write_text(LOG, encoding="utf-8")
    junit = tmp_path / "results.xml"
    junit.write_text('<testsuites><testsuite><testcase classname="tests.test_volumes" name="test_a"/>'
                     '<testcase classname="tests.test_volumes" name="test_b"><failure message="x"/></testcase>'
                     '<testcase classname="tests.test_volumes" name="test_c"><skipped/></testcase></testsuite></testsuites>',
                     encoding="utf-8")
    summary.write_text("earlier\n", encoding="utf-8")
    assert annotate.main([str(log), "--junit", str(junit), "--summary", str(summary)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "::error file=papers/seminar-3/typo.md,line=4,title=Site build::unknown field 'abstarct' in front matter; " \
           "did you mean 'abstract'?" in out
    assert "::error file=tests/test_volumes.py,title=Tests::test failed: tests.test_volumes::test_b" in out
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier\n## Tests: **1 failed**")
    assert "3 tests, 1 failed, 1 skipped." in text
    assert "## Site build: **6 problems**" in text
    assert "| `bibliography.bib` | 219 | syntax error in entry 'bad1'" in text


def test_clean_build_summary_says_it_passed(tmp_path: Path) -> None:
    log, summary = tmp_path / "build.log", tmp_path / "summary.md"
    log.write_text("INFO    -  Documentation built in 2.1 seconds\n", encoding="utf-8")
    annotate.main([str(log), "--summary", str(summary)])
    assert "## Site build: passed" in summary.read_text(encoding="utf-8")


def test_pdf_target_builds_strictly_with_the_printed_edition_dated_by_the_last_commit() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\npdf:", 1)[1].split("\n\n", 1)[0]
    assert "--strict" in recipe and "-f mkdocs.pdf.yml" in recipe and "-d site" in recipe
    assert "SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct" in recipe
    pdf_config = yaml.safe_load((ROOT / "mkdocs.pdf.yml").read_text(encoding="utf-8"))
    assert pdf_config == {"INHERIT": "mkdocs.yml", "extra": {"pdf": True}}
    assert "pdf" not in (read_config(ROOT / "mkdocs.yml").get("extra") or {})
