"""The guide's worked examples: printed from their own BibTeX by the house style."""

from __future__ import annotations

import pathlib
import re

import pytest

from hooks.bibtex import parse_library
from hooks.cite_examples import MARKER, example_html, fill
from hooks.cite_format import HouseStyle

GUIDE = pathlib.Path(__file__).resolve().parents[1] / "docs" / "editors"

TWO_WORKS = """\
@book{smith2001z, author = {Smith, Jo}, title = {Zebras}, publisher = {P}, address = {L}, year = {2001}}
@book{smith2001a, author = {Smith, Jo}, title = {The apes}, publisher = {P}, address = {L}, year = {2001}}
"""


def page(bib: str, between: str = "\n") -> str:
    return f"# Guide\n\nText.\n\n```bibtex\n{bib}```\n{between}{MARKER}\n\nAfter.\n"


def test_the_marker_is_replaced_by_the_printed_form_and_the_bibtex_stays() -> None:
    filled, problems = fill(page(TWO_WORKS), "docs/editors/x.md")
    assert problems == [] and MARKER not in filled
    assert filled.count("```bibtex\n") == 1 and "title = {Zebras}" in filled
    library, _ = parse_library(TWO_WORKS)
    style = HouseStyle(library)
    printed = filled[filled.index('<div class="citation-example"'):]
    for entry in library:
        assert style.reference_html(entry) in printed
    assert printed.index("(2001a) <em>The apes</em>") < printed.index("(2001b) <em>Zebras</em>")
    assert "<code>[@smith2001a]</code> reads (Smith, 2001a)" in printed
    assert "<code>@smith2001z</code> in a sentence reads Smith (2001b)" in printed
    assert "citation-link" not in printed and "href" not in printed
    assert "\n\n" not in printed[:printed.index("</div>")], "a blank line would end the raw HTML block"


def test_a_particle_example_shows_the_capital_at_a_sentence_start() -> None:
    html, problems = example_html("@book{v, author = {von Humboldt, W.}, title = {T}, publisher = {P}, year = {1836}}")
    assert problems == []
    assert "in a sentence reads von Humboldt (1836), and at the start of a sentence Von Humboldt (1836)" in html


def test_the_marker_may_follow_the_block_directly() -> None:
    filled, problems = fill(page(TWO_WORKS, between=""), "x.md")
    assert problems == [] and 'class="citation-example"' in filled


def test_a_stray_marker_is_a_located_warning() -> None:
    text = page(TWO_WORKS) + f"\nLater text.\n\n{MARKER}\n"
    filled, (problem,) = fill(text, "docs/editors/x.md", first_line=1)
    assert (problem.path, problem.line, problem.level) == ("docs/editors/x.md", text.count("\n"), "warning")
    assert "fenced bibtex block" in problem.message
    assert filled.count('class="citation-example"') == 1


def test_an_example_the_house_style_rejects_is_a_located_warning() -> None:
    text = page("@book{fine, author = {A, B}, title = {T}, publisher = {P}, year = 2001}\n\n@book{x, title = {No author}}\n")
    _, problems = fill(text, "docs/editors/x.md", first_line=10)
    assert {p.line for p in problems} == {10 + text[:text.index("@book{x")].count("\n")}
    assert all("not printable" in p.message and "'x'" in p.message for p in problems)
    assert any("no publisher" in p.message for p in problems)


def test_an_escaped_example_cannot_inject_markup() -> None:
    html, _ = example_html("@book{x, author = {Smith, J.}, title = {<script>alert(1)</script>}, publisher = {P}, year = 2001}")
    assert "<script>" not in html and "&lt;script&gt;" in html


# --------------------------------------------------------------------------- the guide itself


def _guide_examples() -> dict[str, list[str]]:
    """Guide page -> the BibTeX of each of its printed examples."""
    found = {}
    for path in sorted(GUIDE.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        found[path.name] = re.findall(r"^```bibtex\n(.*?)^```\n\n?" + re.escape(MARKER), text, re.M | re.S)
    return found


def test_every_guide_example_prints_without_a_problem() -> None:
    for name in sorted(p.name for p in GUIDE.glob("*.md")):
        text = (GUIDE / name).read_text(encoding="utf-8")
        filled, problems = fill(text, name)
        assert problems == [], problems
        assert not re.search(r"^" + re.escape(MARKER), filled, re.M)


@pytest.mark.parametrize("wanted", [
    pytest.param(lambda e: e.type == "article" and e.get("doi"), id="article with a DOI"),
    pytest.param(lambda e: e.type == "book" and e.editors and not e.authors, id="edited book"),
    pytest.param(lambda e: e.type == "incollection" and e.get("pages"), id="chapter with pages"),
    pytest.param(lambda e: e.type == "report" and e.authors[0].corporate and e.get("shortauthor"),
                 id="corporate report with a short form"),
    pytest.param(lambda e: e.type == "report" and e.authors[0].corporate and not e.get("shortauthor"),
                 id="corporate report without a short form"),
    pytest.param(lambda e: e.type == "book" and e.get("volume") and e.get("series") and e.get("note"),
                 id="book volume in a series, with a note"),
    pytest.param(lambda e: any(p.prelast for p in e.authors), id="a name with a particle"),
])
def test_the_guide_prints_an_example_of(wanted) -> None:
    entries = [entry for blocks in _guide_examples().values() for bib in blocks for entry in parse_library(bib)[0]]
    assert any(wanted(entry) for entry in entries)


def test_the_guide_prints_an_example_of_year_letters() -> None:
    blocks = [bib for found in _guide_examples().values() for bib in found]
    assert any(re.search(r"\(\d{4}a\)", example_html(bib)[0]) and re.search(r"\(\d{4}b\)", example_html(bib)[0])
               for bib in blocks)
