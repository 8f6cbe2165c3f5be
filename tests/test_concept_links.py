"""Precision of the concept links in the real papers, against a list judged by hand.

tests/data/concept_links.yml records every link of the texts it names, right or wrong.
Links in a recorded text must all be judged there (a new one is reported for judging);
papers the list does not name are not judged, so new papers never fail this test.
"""

from __future__ import annotations

import pytest

from concept_links import links, matches
from hooks import yamlsafe
from sitebuild import REAL, SiteBuild

pytestmark = pytest.mark.slow          # builds the real site
LIST = REAL / "tests" / "data" / "concept_links.yml"
PRECISION = 0.95


@pytest.fixture(scope="module")
def recorded() -> list[dict]:
    data, problems = yamlsafe.load(LIST.read_text(encoding="utf-8"))
    assert not problems and isinstance(data, list) and data, problems
    return [dict(entry) for entry in data]


@pytest.fixture(scope="module")
def judged(make_site, tmp_path_factory: pytest.TempPathFactory, recorded: list[dict]) -> list[tuple[dict, bool]]:
    """Each link now in a recorded paper, with its entry's judgement (unjudged links fail here)."""
    build: SiteBuild = make_site(tmp_path_factory.mktemp("real"), content=REAL)
    assert build.ok, build.log
    out, unjudged = [], []
    for paper in sorted({e["paper"] for e in recorded}):
        entries = [e for e in recorded if e["paper"] == paper]
        for link in links(build.page(f"{paper}/")):
            entry = next((e for e in entries if matches(e, link)), None)
            if entry is None:
                unjudged.append(f"{paper}: {link.concept}: {link.context}")
            else:
                out.append((entry, entry["right"] is True))
    assert not unjudged, "links to judge and add to tests/data/concept_links.yml:\n" + "\n".join(unjudged)
    return out


def test_concept_links_in_the_recorded_texts_are_at_least_95_percent_right(judged) -> None:
    wrong = [f"{e['paper']}: {e['concept']}: {e['context']}" for e, right in judged if not right]
    assert judged and 1 - len(wrong) / len(judged) >= PRECISION, "\n".join(wrong)


def test_no_concept_the_papers_discuss_loses_all_its_links(recorded, judged) -> None:
    discussed = {e["concept"] for e in recorded if e["right"] is True}
    linked = {e["concept"] for e, right in judged if right}
    assert discussed <= linked, sorted(discussed - linked)


def test_every_recorded_entry_names_its_link_in_its_context(recorded) -> None:
    for entry in recorded:
        assert f"[[{entry['words']}]]" in entry["context"] and isinstance(entry["right"], bool), entry


def test_a_paper_may_opt_out_of_concept_links_and_a_wrong_value_is_located(make_site, tmp_path) -> None:
    """'concept_links: false' keeps one paper unlinked; anything but true/false is an error on its line."""
    def opt_out(value: str):
        return lambda text: text.replace("\nkind: paper\n", f"\nkind: paper\nconcept_links: {value}\n", 1)

    martin = "papers/seminar-3/martin.md"
    plain = make_site(tmp_path / "plain")
    off = make_site(tmp_path / "off", files={martin: opt_out("false")})
    assert plain.ok and off.ok, off.log
    assert links(plain.page("seminar-3/martin/")) and not links(off.page("seminar-3/martin/"))
    assert links(off.page("seminar-3/warmington/")) == links(plain.page("seminar-3/warmington/"))
    bad = make_site(tmp_path / "bad", files={martin: opt_out("'no'")})
    assert not bad.ok
    assert "martin.md:10" in bad.log and "'concept_links' must be true or false" in bad.log, bad.log
