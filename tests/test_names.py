"""hooks/names.py: one split of people's names for every citation format."""

from __future__ import annotations

import pytest

from hooks import names


@pytest.mark.parametrize("text, full, inverted, bibtex", [
    ("René van der Veer", "René van der Veer", "van der Veer, René", "van der Veer, René"),
    ("van der Veer, René", "René van der Veer", "van der Veer, René", "van der Veer, René"),
    ("Ó Dálaigh, Cathal", "Cathal Ó Dálaigh", "Ó Dálaigh, Cathal", "Ó Dálaigh, Cathal"),
    ("King, Jr, Martin Luther", "Martin Luther King Jr", "King, Martin Luther, Jr", "King, Jr, Martin Luther"),
    ("  Yrjö   Engeström ", "Yrjö Engeström", "Engeström, Yrjö", "Engeström, Yrjö"),
    ("Plato", "Plato", "Plato", "Plato"),
])
def test_each_form_of_a_name(text: str, full: str, inverted: str, bibtex: str) -> None:
    name = names.parse(text)
    assert (names.full(name), names.inverted(name), names.bibtex_form(name)) == (full, inverted, bibtex)


def test_a_name_written_apart_keeps_its_family_name_whole() -> None:
    name = names.from_parts(" Anne-Marie ", "de  la Cruz")
    assert (names.given(name), name.surname, name.initials) == ("Anne-Marie", "de la Cruz", "A.-M.")
    assert names.parse(names.bibtex_form(name)).surname == "de la Cruz"   # BibTeX reads it back the same


@pytest.mark.parametrize("text", ["a, b, c, d", "{unbalanced", "}", "", ",", "Jo{hn Smith"])
def test_odd_names_never_raise(text: str) -> None:
    name = names.parse(text)
    assert isinstance(names.full(name), str) and isinstance(names.inverted(name), str)


@pytest.mark.parametrize("written", ["van der Veer, René", "René van der Veer", "King, Jr, Martin", "Engeström, Y."])
def test_a_bibliography_name_and_a_paper_name_are_one_model(written: str) -> None:
    from hooks.bibtex import parse_library
    library, _ = parse_library(f"@book{{k2001, author = {{{written}}}, title = {{T}}, publisher = {{P}}, year = 2001}}",
                               "bibliography.bib")
    (author,) = library.get("k2001").authors
    assert type(author) is names.Name
    assert author == names.parse(written)
