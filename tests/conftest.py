"""Shared test fixtures: a network guard for the whole suite, and tiny sites built in tmp folders.

``make_site`` is :func:`sitebuild.build_site`: it copies the project's code (mkdocs.yml, docs/)
and the test project's content (tests/fixtures/proceedings/: papers/, bibliography.bib,
glossary.yml) into a temporary folder, applies per-test changes, runs ``mkdocs build --strict``
there in a subprocess and returns a :class:`sitebuild.SiteBuild`, which unpacks as
``(returncode, log, site_dir)``::

    def test_something(make_site, tmp_path):
        rc, log, site = make_site(tmp_path, files={"papers/seminar-3/x.md": PAPER})
        assert rc == 0, log

Options (see tests/sitebuild.py): ``files={path: str | bytes | None | callable}``,
``config={...}`` merged over mkdocs.yml, ``env={VAR: value | None}``, ``strict=False``,
``launcher=[python, "-c", ...]`` to run MkDocs behind a wrapper, ``timeout=seconds``,
``content=sitebuild.REAL`` for the real corpus (only for invariants every corpus keeps).
A test brings what it needs through ``files=`` (its own volume folder, bib entries and
glossary terms appended with a callable); every whole-site build is marked ``slow``.

Every test also runs behind :mod:`netguard`: a connection to anything but loopback
raises, and a test that tried one fails even if the code under test swallowed the error.
"""

from __future__ import annotations

from typing import Callable

import pytest

import netguard
from sitebuild import SiteBuild, build_site


# ---------------------------------------------------------------- network guard

GUARD = netguard.Guard().install()      # from import on, so collection is guarded too


def pytest_unconfigure(config: pytest.Config) -> None:
    GUARD.uninstall()


def _reached_out(before: int) -> None:
    """Fail the current phase when it tried the network, even if the code caught the refusal."""
    tried = GUARD.attempts[before:]
    if tried:
        pytest.fail("the test tried to use the network: " + "; ".join(f"{fn}({target})" for fn, target in tried)
                    + " (tests may only use loopback addresses)", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    before = len(GUARD.attempts)
    result = yield
    _reached_out(before)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    before = len(GUARD.attempts)
    result = yield
    _reached_out(before)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    before = len(GUARD.attempts)
    result = yield
    _reached_out(before)
    return result


@pytest.fixture(scope="session")
def network_guard() -> netguard.Guard:
    """The guard every test runs behind; ``.attempts`` lists what it refused."""
    return GUARD


# ---------------------------------------------------------------- the quick loop

BUILDS = frozenset({"make_site", "site_dir"})    # fixtures that build a whole site


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that builds a whole site ``slow``, so ``pytest -m "not slow"`` runs in seconds.

    A test is slow when it asks for a fixture that builds (directly or through its own
    fixtures) or drives the browser (tests/browser/ builds the sites it opens); tests that
    build by other means carry ``@pytest.mark.slow`` themselves.
    """
    for item in items:
        if BUILDS & set(getattr(item, "fixturenames", ())) or "/browser/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def make_site() -> Callable[..., SiteBuild]:
    """:func:`sitebuild.build_site`, as a fixture."""
    return build_site
