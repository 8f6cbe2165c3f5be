"""People's names in papers and volumes, split once, as BibTeX splits them.

Every name on the site has one model: :class:`hooks.bibtex.Person`, pybtex's split into
given names (``first``, ``middle``), particle (``prelast``), family name (``last``) and
``lineage``, whose ``surname`` and ``initials`` the house style already uses for the
bibliography. "René van der Veer" is René + "van der Veer"; a particle written with a
capital ("Ó Dálaigh") cannot be told from a middle name, so editors write such names as
``family`` and ``given``. The functions below give each form the exports need.
"""

from __future__ import annotations

import functools

import pybtex.database
import pybtex.errors

from hooks.bibtex import Person as Name

__all__ = ["Name", "parse", "from_parts", "given", "full", "inverted", "bibtex_form"]


def _words(text: str) -> str:
    return " ".join(str(text).split())


@functools.lru_cache(maxsize=4096)  # authors recur across papers and volumes
def parse(text: str) -> Name:
    """'René van der Veer' -> René / van der / Veer; 'Ó Dálaigh, Cathal' -> Cathal / Ó Dálaigh."""
    text = _words(text)
    try:
        with pybtex.errors.capture():  # "too many commas" is collected, not raised
            parsed = pybtex.database.Person(text)
    except Exception:  # an unbalanced brace: keep the name whole rather than fail
        return Name(last=text)
    return Name(" ".join(parsed.first_names), " ".join(parsed.middle_names), " ".join(parsed.prelast_names),
                " ".join(parsed.last_names), " ".join(parsed.lineage_names))


def from_parts(given_names: str, family: str) -> Name:
    """A name written apart: the family name (with any particle) is kept exactly as given."""
    return Name(first=_words(given_names), last=_words(family))


def given(name: Name) -> str:
    """'René', 'J. R. R.': every given name, as written."""
    return _words(f"{name.first} {name.middle}")


def full(name: Name) -> str:
    """'René van der Veer': the name as a reader says it, given names first."""
    return _words(f"{given(name)} {name.surname} {name.lineage}")


def inverted(name: Name) -> str:
    """'van der Veer, René' (RIS, Highwire); a lineage goes last: 'King, Martin, Jr'."""
    return ", ".join(part for part in (name.surname, given(name), name.lineage) if part)


def bibtex_form(name: Name) -> str:
    """'van der Veer, René'; BibTeX puts a lineage second: 'King, Jr, Martin'."""
    return ", ".join(part for part in (name.surname, name.lineage, given(name)) if part)
