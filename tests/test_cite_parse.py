"""Where a citation is parsed: Pandoc's syntax, and what is not a citation."""

from __future__ import annotations

import pytest

from hooks.cite_parse import CiteItem, cited_keys, find_citations, is_citable, lines_citing, parse_group


@pytest.mark.parametrize("text, items, narrative", [
    ("[@engestrom2001]", [CiteItem("engestrom2001")], False),
    ("[@engestrom2001, p. 137]", [CiteItem("engestrom2001", locator="p. 137")], False),
    ("[see @engestrom2007, pp. 33-35]", [CiteItem("engestrom2007", "see", "pp. 33-35")], False),
    ("[@daniels2004; @edwards2005]", [CiteItem("daniels2004"), CiteItem("edwards2005")], False),
    ("[-@glisson1998]", [CiteItem("glisson1998", suppress_author=True)], False),
    ("as @kerosuo2003 argue", [CiteItem("kerosuo2003")], True),
    ("@engestrom1987 [-@engestrom2001]",
     [CiteItem("engestrom1987"), CiteItem("engestrom2001", suppress_author=True)], True),
    ("@engestrom2001 [p. 140] says", [CiteItem("engestrom2001", locator="p. 140")], True),
    ("[@doe:2020.a-b_c]", [CiteItem("doe:2020.a-b_c")], False),
    ("(@smith2000)", [CiteItem("smith2000")], True),
])
def test_citation_forms(text: str, items: list[CiteItem], narrative: bool) -> None:
    [citation] = find_citations(text)
    assert list(citation.items) == items
    assert citation.narrative is narrative


@pytest.mark.parametrize("text", [
    "write to jennifer.boyd@abdn.ac.uk today",
    "see https://example.org/@someone",
    "a [link](https://example.org/@x) here",
    "no citation at all",
    "user@host",
    "mailto:user@host.org",
])
def test_not_citations(text: str) -> None:
    assert find_citations(text) == []


def test_a_trailing_full_stop_is_not_part_of_the_key() -> None:
    [citation] = find_citations("as shown by @engestrom2001.")
    assert citation.keys == ("engestrom2001",)


def test_an_unbalanced_bracket_still_finds_the_narrative_citation() -> None:
    [citation] = find_citations("[see @engestrom2001")
    assert citation.keys == ("engestrom2001",) and citation.narrative


def test_a_group_with_a_part_without_key_is_not_a_citation_group() -> None:
    assert parse_group("see above; @engestrom2001") is None


def test_lines_citing_locates_a_key() -> None:
    markdown = "Intro.\n\nText [@a, p. 1] and\nmore @b here.\n"
    assert lines_citing(markdown, "b") == [4]
    assert lines_citing(markdown, "a") == [3]
    assert lines_citing(markdown, "c") == []


@pytest.mark.parametrize("before, opens", [
    ("", True), ("  ", True), ("It was 1991. ", True), ("Why? ", True), ("No! ", True),
    ("(as shown.) ", True), ('So it ended." ', True), ("Done. (", True), ("Done. *", True), ("Done. \u201c", True),
    ("as argued by ", False), ("in 1991, ", False), ("as follows: ", False), ("1991.", False),
    ("e.g. ", False), ("see, cf. ", False), ("p. ", False), ("pp. ", False), ("L.S. ", False), ("Smith et al. ", False),
    ("\x02klzzwxh:0001\x03 ", False),
])
def test_a_narrative_citation_opens_a_sentence_after_a_sentence_end_only(before: str, opens: bool) -> None:
    from hooks.cite_parse import opens_sentence
    assert opens_sentence(before) is opens


@pytest.mark.parametrize(("key", "citable"), [
    ("smith2001", True), ("van-der-veer:1991.a", True), ("a_b", True), ("x", True),
    ("smith/2001", False), ("a+b", False), ("good.", False), ("-a", False), ("", False), ("a b", False),
])
def test_a_key_is_citable_when_the_citation_syntax_reads_all_of_it(key: str, citable: bool) -> None:
    assert is_citable(key) is citable
    cited = cited_keys(f"[@{key}]")
    assert (cited == [key]) is citable


def test_cited_keys_are_each_given_once_in_order() -> None:
    text = "As @b2001 argued [@a1999; @b2001, p. 4], but not me@example.org or [see -@c2002]."
    assert cited_keys(text) == ["b2001", "a1999", "c2002"]
