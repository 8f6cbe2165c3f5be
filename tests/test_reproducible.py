"""Two builds of the same sources give the same bytes, whatever the hash seed, clock zone or path.

A reader citing a page, a mirror checking for changes and an archive comparing releases
all rely on that. Both builds get the same SOURCE_DATE_EPOCH (the one date the site may
show) but a different PYTHONHASHSEED (set and dict-from-set order), time zone, locale,
project folder and output folder. Every file is compared, the sitemap, its gzip copy and
the search index included.
"""

from __future__ import annotations

import difflib
import gzip
import shutil
from pathlib import Path

import pytest

from sitebuild import SiteBuild, prepare_project, run_build

EPOCH = "1191196800"   # 2007-10-01, the volume's month of publication
VARIANTS = [
    {"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
    {"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland", "LC_ALL": "C"},
]


pytestmark = pytest.mark.slow      # two whole-site builds


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[SiteBuild, SiteBuild]:
    """One snapshot of the sources, copied to a second folder, each built once."""
    tmp = tmp_path_factory.mktemp("reproducible")
    first = prepare_project(tmp / "one")
    second = tmp / "two" / "elsewhere"
    shutil.copytree(first, second)
    builds = (run_build(first, tmp / "site-one", VARIANTS[0]), run_build(second, tmp / "site-two", VARIANTS[1]))
    for build in builds:
        assert build.returncode == 0, build.log[-3000:]
        assert "Traceback" not in build.log
    return builds


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def explain(name: str, one: bytes, two: bytes) -> str:
    """The first difference of a file, as a short unified diff (gzip files are opened first)."""
    if name.endswith(".gz"):
        inner_one, inner_two = gzip.decompress(one), gzip.decompress(two)
        if inner_one == inner_two:
            return f"{name}: same content, different gzip header: {one[:10].hex()} vs {two[:10].hex()}"
        one, two = inner_one, inner_two
    at = next((i for i, (a, b) in enumerate(zip(one, two)) if a != b), min(len(one), len(two)))
    a = one[max(0, at - 300):at + 300].decode("utf-8", "replace").splitlines()
    b = two[max(0, at - 300):at + 300].decode("utf-8", "replace").splitlines()
    diff = "\n".join(list(difflib.unified_diff(a, b, "first build", "second build", lineterm=""))[:40])
    return f"{name} differs first at byte {at}:\n{diff}"


def test_every_file_is_byte_identical(two_builds) -> None:
    one, two = (files(b.site_dir) for b in two_builds)
    assert sorted(one) == sorted(two), f"different files: {sorted(set(one) ^ set(two))}"
    differing = [name for name in one if one[name] != two[name]]
    assert not differing, f"{len(differing)} files differ, e.g. " + explain(differing[0], one[differing[0]], two[differing[0]])


def test_the_comparison_covers_what_changes_most_easily(two_builds) -> None:
    """The files that carry dates, hashes and generated order are there to compare."""
    names = files(two_builds[0].site_dir)
    for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "concepts/index.html",
                 "bibliography/index.html", "seminar-3/martin/index.html", "seminar-3/martin.bib"):
        assert name in names, name
    assert names["sitemap.xml.gz"][4:8] == int(EPOCH).to_bytes(4, "little"), "gzip mtime is not the source date"
