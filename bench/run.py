"""Time the project's build against a plain mkdocs-material build of the same pages.

For each size the synthetic corpus (:mod:`bench.corpus`) is built two ways, each in its
own process:

- **plain**: the same Markdown pages (each paper's file with its front matter, copied into
  a ``docs/`` folder next to the project's own pages) with the project's theme, features,
  Markdown extensions and plugins, a nav listing the volumes and papers the same way,
  and no hooks;
- **full**: the project's ``mkdocs.yml`` with its hooks (by absolute path) and its
  ``docs/``, over the synthetic ``papers/``, ``bibliography.bib`` and ``glossary.yml``,
  with ``--strict``.

Runs are interleaved (plain then full, then full then plain, ...) so that both share the
machine's noise; the report gives medians. Each build's peak resident memory is the
child's own ``ru_maxrss``, read with :func:`os.wait4`.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from bench.corpus import SEED, Sizes, Stats, generate

ROOT = Path(__file__).resolve().parent.parent
BOUND_RATIO = 1.5          # full/plain wall time at 300 papers
BOUND_GROWTH = 1.1         # full build growth per 1x growth in papers (11x for 30 -> 300)
BOUND_MEMORY = 2.0         # full/plain peak RSS at 300 papers
REFERENCE_SIZE = 300


@dataclass
class Site:
    """One size of the corpus, ready to build both ways."""

    papers: int
    stats: Stats
    plain: Path            # mkdocs.yml of the plain build
    full: Path             # mkdocs.yml of the project's build


@dataclass
class Timing:
    seconds: float          # wall time
    rss_mb: float           # peak resident set size of the build process
    cpu: float = 0.0        # user + system CPU seconds of the build process


@dataclass
class Result:
    site: Site
    plain: list[Timing] = field(default_factory=list)
    full: list[Timing] = field(default_factory=list)

    @staticmethod
    def median(timings: list[Timing]) -> Timing:
        return Timing(statistics.median(t.seconds for t in timings), statistics.median(t.rss_mb for t in timings),
                      statistics.median(t.cpu for t in timings))


# --------------------------------------------------------------------------- preparing

def project_config() -> dict:
    """mkdocs.yml as MkDocs reads it: its tags (``!ENV``) resolved, so both builds get the same values."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as source:
        return yaml_load(source)


def full_config(folder: Path) -> Path:
    """The project's configuration, run from ``folder`` (which holds the synthetic sources)."""
    cfg = project_config()
    cfg["docs_dir"] = str(ROOT / "docs")
    cfg["hooks"] = [str(ROOT / h) for h in cfg.get("hooks") or []]
    if cfg.get("theme", {}).get("custom_dir"):
        cfg["theme"]["custom_dir"] = str(ROOT / cfg["theme"]["custom_dir"])
    cfg.pop("watch", None)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def plain_config(folder: Path, source: Path, stats: Stats) -> Path:
    """The same pages and engine configuration with no hooks: the baseline."""
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs)
    volumes_nav = []
    for volume_id, label, listed in stats.nav:
        target = docs / volume_id
        target.mkdir(parents=True)
        meta = yaml.safe_load((source / "papers" / volume_id / "volume.yml").read_text(encoding="utf-8"))
        (target / "index.md").write_text(f"---\ntitle: {label}\n---\n\n# {meta['title']}\n\n{meta['series']}\n",
                                         encoding="utf-8")
        for _, name in listed:
            shutil.copyfile(source / "papers" / volume_id / name, target / name)
        volumes_nav.append({label: [{"About this volume": f"{volume_id}/index.md"}]
                            + [{title: f"{volume_id}/{name}"} for title, name in listed]})
    cfg = project_config()
    cfg.pop("hooks", None)
    cfg.pop("watch", None)
    cfg.get("theme", {}).pop("custom_dir", None)     # the theme as it comes
    cfg["docs_dir"] = "docs"
    nav = cfg.get("nav") or [{"Home": "index.md"}]
    cfg["nav"] = nav[:1] + volumes_nav + nav[1:]
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def prepare(work: Path, papers: int, sizes: Sizes) -> Site:
    full_dir, plain_dir = work / f"full-{papers}", work / f"plain-{papers}"
    stats = generate(full_dir, Sizes(papers, sizes.entries, sizes.concepts, sizes.words, sizes.seed))
    plain_dir.mkdir(parents=True)
    return Site(papers, stats, plain_config(plain_dir, full_dir, stats), full_config(full_dir))


# --------------------------------------------------------------------------- building

class BuildFailed(RuntimeError):
    pass


def build(config: Path, strict: bool, profile: Path | None = None) -> Timing:
    """Build once in a child process; wall time and the child's peak RSS."""
    site = config.parent / "site"
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "mkdocs", "build", "-f", str(config), "-d", str(site)] + (["--strict"] if strict else [])
    log = config.parent / "build.log"
    with open(log, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=config.parent, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        raise BuildFailed(f"{config} failed (exit {child.returncode}):\n" + "\n".join(tail))
    # ru_maxrss is in KiB on Linux
    return Timing(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


# --------------------------------------------------------------------------- reporting

def _versions() -> str:
    found = []
    for name in ("mkdocs", "mkdocs-material", "Markdown"):
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return f"Python {platform.python_version()}, " + ", ".join(found) + f", {os.cpu_count()} CPUs"


def report(results: list[Result], runs: int) -> list[str]:
    """The report lines; the last one is the ratio at the reference size."""
    lines, missed = [], []
    by_size = {r.site.papers: r for r in results}
    for r in results:
        p, f = Result.median(r.plain), Result.median(r.full)
        s = r.site.stats
        lines.append(f"{r.site.papers:>5} papers ({s.volumes} volumes, {s.words:,} words, {s.citations:,} citations, "
                     f"{s.mentions:,} concept mentions)")
        lines.append(f"      plain {p.seconds:7.2f} s  (CPU {p.cpu:6.2f} s)  peak RSS {p.rss_mb:6.0f} MB   runs: "
                     + " ".join(f"{t.seconds:.2f}" for t in r.plain))
        lines.append(f"      full  {f.seconds:7.2f} s  (CPU {f.cpu:6.2f} s)  peak RSS {f.rss_mb:6.0f} MB   runs: "
                     + " ".join(f"{t.seconds:.2f}" for t in r.full))
        cpu = f" (CPU {f.cpu / p.cpu:.2f})" if p.cpu else ""
        lines.append(f"      ratio full/plain {f.seconds / p.seconds:.2f}{cpu}   memory full/plain {f.rss_mb / p.rss_mb:.2f}")
    sizes = sorted(by_size)
    reference = REFERENCE_SIZE if REFERENCE_SIZE in by_size else sizes[-1]
    small = 30 if 30 in by_size and reference > 30 else sizes[0]
    if small != reference:
        growth = Result.median(by_size[reference].full).seconds / Result.median(by_size[small].full).seconds
        bound = BOUND_GROWTH * reference / small
        lines.append(f"growth of the full build {small} -> {reference} papers: {growth:.2f}x "
                     f"(bound {bound:.0f}x for {reference / small:.0f}x the papers)")
        if growth > bound:
            missed.append(f"growth {growth:.2f}x > {bound:.0f}x")
    ref = by_size[reference]
    memory = Result.median(ref.full).rss_mb / Result.median(ref.plain).rss_mb
    ratio = Result.median(ref.full).seconds / Result.median(ref.plain).seconds
    lines.append(f"memory full/plain at {reference} papers: {memory:.2f}x (bound {BOUND_MEMORY:.0f}x)")
    if memory > BOUND_MEMORY:
        missed.append(f"memory full/plain {memory:.2f}x > {BOUND_MEMORY:.0f}x")
    if ratio > BOUND_RATIO:
        missed.append(f"ratio full/plain {ratio:.2f} > {BOUND_RATIO}")
    if reference != REFERENCE_SIZE:
        lines.append(f"note: the bounds are set for {REFERENCE_SIZE} papers; this run's largest size is {reference}")
    lines.append("bound missed: " + "; ".join(missed) if missed else
                 f"all bounds met (ratio <= {BOUND_RATIO}, growth <= {BOUND_GROWTH * 10:.0f}x per 10x papers, "
                 f"memory <= {BOUND_MEMORY:.0f}x)")
    lines.append(f"ratio full/plain at {reference} papers: {ratio:.2f}")
    return lines


def print_profile(path: Path, top: int) -> None:
    import pstats
    stats = pstats.Stats(str(path))
    stats.strip_dirs()
    for order in ("cumulative", "tottime"):
        print(f"\n--- top {top} by {order} ---", flush=True)
        stats.sort_stats(order).print_stats(top)


# --------------------------------------------------------------------------- entry point

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300], help="numbers of papers (default: 30 300)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind per size (default: 3)")
    parser.add_argument("--entries", type=int, default=Sizes.entries, help="works in the library (default: 1000)")
    parser.add_argument("--concepts", type=int, default=Sizes.concepts, help="glossary concepts (default: 200)")
    parser.add_argument("--words", type=int, default=Sizes.words, help="words per paper (default: 4000)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--profile", type=int, metavar="PAPERS",
                        help="instead of timing, profile one full build of this many papers with cProfile")
    parser.add_argument("--top", type=int, default=40, help="rows of the profile to print (default: 40)")
    args = parser.parse_args(argv)
    sizes = Sizes(entries=args.entries, concepts=args.concepts, words=args.words, seed=args.seed)

    work = args.keep or Path(tempfile.mkdtemp(prefix="proceedings-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.profile:
            site = prepare(work, args.profile, sizes)
            out = work / f"full-{args.profile}.prof"
            timing = build(site.full, strict=True, profile=out)
            print(f"full build of {args.profile} papers under cProfile: {timing.seconds:.2f} s; profile in {out}")
            print_profile(out, args.top)
            return 0
        print(f"corpus: {sizes.entries:,} works, {sizes.concepts} concepts, ~{sizes.words:,} words a paper, "
              f"seed {sizes.seed}; {args.runs} runs of each build, interleaved", flush=True)
        print(_versions(), flush=True)
        results = []
        for papers in args.sizes:
            started = time.perf_counter()
            results.append(Result(prepare(work, papers, sizes)))
            print(f"generated {papers} papers in {time.perf_counter() - started:.1f} s", flush=True)
        for run in range(args.runs):
            for r in results:
                kinds = ("plain", "full") if run % 2 == 0 else ("full", "plain")
                for kind in kinds:
                    config = r.site.plain if kind == "plain" else r.site.full
                    timing = build(config, strict=kind == "full")
                    getattr(r, kind).append(timing)
                    print(f"  run {run + 1}: {r.site.papers:>5} papers {kind:<5} {timing.seconds:7.2f} s "
                          f"(CPU {timing.cpu:6.2f} s) {timing.rss_mb:6.0f} MB", flush=True)
        print()
        for line in report(results, args.runs):
            print(line)
        return 0
    except BuildFailed as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
