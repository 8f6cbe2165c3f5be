"""Concept pages, the index and the map, from a small glossary."""

from __future__ import annotations

from collections import Counter

import pytest

from hooks.concept_pages import (OPEN_GROUPS, PaperMentions, PassageIndex, co_occurrence, concept_map_svg,
                                 concept_markdown, concept_meta, index_html, passages_html)
from hooks.glossary import parse_glossary
from hooks.terms import Mention

GLOSSARY = """
- id: knotworking
  term: knotworking
  variants: [knotworking practices]
  category: Collaborative practice
  definition: Fleeting, rapidly pulsating collaboration between people who otherwise work apart.
  explanation: Knotworking <script>alert(1)</script> ties and unties. [@engestrom1999]
  sources: [engestrom1999]
  related: [boundary-crossing]
- id: boundary-crossing
  term: boundary-crossing
  category: Learning and change
  definition: Learning that happens when practitioners work across the boundaries of their activity systems.
  explanation: Crossing.
- id: zpd
  term: zone of proximal development
  variants: [ZPD]
  category: Learning and change
  definition: The space between what a learner can do alone and with others.
  explanation: Vygotsky.
"""


@pytest.fixture(scope="module")
def glossary():
    g, problems = parse_glossary(GLOSSARY, "glossary.yml")
    assert not [p for p in problems if p.level == "error"], problems
    return g


def test_concept_markdown_has_definition_sources_related_and_passages(glossary) -> None:
    md = concept_markdown(glossary.concepts["knotworking"], glossary)
    assert md.startswith("---\n") and "boost: 3" in md
    assert concept_meta(glossary.concepts["knotworking"])["title"] == "knotworking"
    assert "Fleeting, rapidly pulsating" in md
    assert "Also written: knotworking practices" in md
    assert "## Sources\n\n\\bibliography" in md
    assert "[boundary-crossing](boundary-crossing.md)" in md
    assert "\\concept_passages" in md


@pytest.mark.parametrize("fields, listed", [
    ("sources: [engestrom1999]\n  explanation: Plain.", True),
    ("explanation: Cites a work not in sources [@engestrom1999].", True),
    ("explanation: Cites nothing; mail editor@example.org.", False),
])
def test_a_concept_page_lists_its_sources_and_whatever_its_explanation_cites(fields: str, listed: bool) -> None:
    """The explanation's citations need a reference list to link to, with or without ``sources``."""
    g, _ = parse_glossary(f"- id: a\n  term: a\n  category: C\n  definition: d\n  {fields}\n", "glossary.yml")
    assert ("## Sources\n\n\\bibliography" in concept_markdown(g.concepts["a"], g)) is listed


def test_glossary_text_cannot_become_markup(glossary) -> None:
    md = concept_markdown(glossary.concepts["knotworking"], glossary)
    assert "<script>" not in md and "&lt;script&gt;" in md


def mention(anchor: str, count: int = 1) -> Mention:
    return Mention("knotworking", anchor, "the ", "knotworking", " of <b>teams</b>", count)


def test_passages_are_grouped_by_paper_with_counts_and_escaped() -> None:
    groups = [PaperMentions("Paper A", "A. Author", "../../v/a/", (mention("par-1", 2), mention("par-4"))),
              PaperMentions("Paper B", "B. Author", "../../v/b/", (mention("par-2"),))]
    html = passages_html(None, groups)
    assert "Mentioned in 3 passages of 2 papers" in html
    assert html.count("<li>") == 3 and html.count("(2 times)") == 1     # the count agrees with the snippets
    assert 'href="../../v/a/#par-4"' in html and "<mark>knotworking</mark>" in html
    assert "&lt;b&gt;teams" in html and "data-search-exclude" in html


def test_unused_concept_says_so() -> None:
    assert "No paper of the proceedings mentions this concept yet" in passages_html(None, [])


def test_many_papers_stay_readable() -> None:
    """Five papers show their passages; every further paper is one line linking to its first passage."""
    groups = [PaperMentions(f"P{i}", "X", f"p{i}/", (mention(f"par-{i + 1}"), mention("par-99"))) for i in range(300)]
    html = passages_html(None, groups)
    assert html.count('<details class="concept-paper" open>') == 5 and html.count("<details") == 5
    assert "Also in 295 more papers" in html and html.count('href="p299/#par-300"') == 1
    assert 'href="p299/#par-99"' not in html and 'href="p4/#par-99"' in html


def test_a_paper_with_many_passages_shows_some_and_links_the_rest() -> None:
    groups = [PaperMentions("P", "X", "p/", tuple(mention(f"par-{i}") for i in range(1, 41)))]
    html = passages_html(None, groups)
    assert html.count('<li><a href="p/#par-') == 25 and "and 15 more passages in this paper" in html
    assert 'href="p/#par-26">and 15 more' in html


def test_co_occurrence_counts_pairs_in_passages() -> None:
    pairs = co_occurrence([{"a", "b"}, {"a", "b", "c"}, {"c"}])
    assert pairs[("a", "b")] == 2 and pairs[("a", "c")] == 1 and ("c", "c") not in pairs


def test_map_links_every_node_and_needs_no_script(glossary) -> None:
    counts = Counter({"knotworking": 5, "boundary-crossing": 3, "zpd": 1})
    svg = concept_map_svg(glossary, counts, Counter({("boundary-crossing", "knotworking"): 2}), lambda s: s)
    assert svg.count("<a href=") == 3 and "<script" not in svg and svg.count("<line") == 1
    assert 'href="concepts/knotworking.md"' in svg


def test_index_is_a_to_z_with_definitions(glossary) -> None:
    html = index_html(glossary, Counter({"knotworking": 2}), lambda s: s, "<svg/>")
    assert html.index('id="letter-b"') < html.index('id="letter-k"') < html.index('id="letter-z"')
    assert "The space between what a learner can do alone" in html and "2 passages" in html
    assert "; the papers mention 1 of them." in html


def test_index_says_all_concepts_are_used_only_when_they_are(glossary) -> None:
    everyone = Counter({cid: 1 for cid in glossary.concepts})
    assert "that the papers use." in index_html(glossary, everyone, lambda s: s, "<svg/>")
    del everyone[next(iter(glossary.concepts))]
    html = index_html(glossary, everyone, lambda s: s, "<svg/>")
    assert "that the papers use" not in html
    assert f"the papers mention {len(glossary.concepts) - 1} of them" in html


def concept_mention(concept: str, anchor: str) -> Mention:
    return Mention(concept, anchor, "", concept, "", 1)


@pytest.mark.parametrize("arrival", ["reading order", "reversed", "shuffled"])
def test_passage_index_keeps_snippets_for_the_papers_a_page_shows(arrival: str) -> None:
    """Papers arrive in any order; snippets survive only for the best-placed papers of each concept."""
    papers = [f"v/p{i}.md" for i in range(12)]
    index = PassageIndex({src: rank for rank, src in enumerate(papers)})
    order = {"reading order": papers, "reversed": papers[::-1],
             "shuffled": [papers[i] for i in (7, 2, 11, 0, 5, 9, 1, 4, 10, 3, 8, 6)]}[arrival]
    for src in order:
        index.add(src, [concept_mention("k", "par-1"), concept_mention("k", "par-2"), concept_mention("z", "par-2")])
    found = index.in_order("k")
    assert [p.src for p in found] == papers
    assert [bool(p.shown) for p in found] == [True] * OPEN_GROUPS + [False] * (12 - OPEN_GROUPS)
    assert all(p.passages == 2 and p.total == 2 and p.first == "par-1" for p in found)
    assert index.passage_counts() == Counter({"k": 24, "z": 12})
    assert index.pairs[("k", "z")] == 12


def test_a_line_for_a_paper_without_snippets_still_counts_and_links() -> None:
    groups = [PaperMentions(f"P{i}", "X", f"p{i}/", (mention("par-1"),)) for i in range(OPEN_GROUPS)]
    groups.append(PaperMentions("Late", "Y", "late/", (), passages=3, total=4, first="par-7"))
    html = passages_html(None, groups)
    assert f"Mentioned in {OPEN_GROUPS + 3} passages of {OPEN_GROUPS + 1} papers" in html
    assert 'href="late/#par-7"' in html and '<span class="concept-paper-count">(3)</span>' in html
