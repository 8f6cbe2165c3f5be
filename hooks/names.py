"""People's names in papers and volumes, split once, as BibTeX splits them.

Every name on the site has one model, :class:`Name`: pybtex's split into
given names (``first``, ``middle``), particle (``prelast``), family name (``last``) and
``lineage``, whose ``surname`` and ``initials`` the house style already uses for the
bibliography. "René van der Veer" is René + "van der Veer"; a particle written with a
capital ("Ó Dálaigh") cannot be told from a middle name, so editors write such names as
``family`` and ``given``. The functions below give each form the exports need.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import pybtex.database
import pybtex.errors

__all__ = ["Name", "split", "parse", "from_parts", "given", "full", "inverted", "bibtex_form"]


@dataclass(frozen=True)
class Name:
    """One name of an author or editor list, as plain text (LaTeX already decoded)."""

    first: str = ""
    middle: str = ""
    prelast: str = ""
    last: str = ""
    lineage: str = ""
    corporate: bool = False

    @property
    def initials(self) -> str:
        """Initials as the printed volume writes them: "U.J.", "J.-P.", no spaces."""
        if self.corporate:
            return ""
        return "".join(_initials(token) for token in f"{self.first} {self.middle}".split())

    @property
    def surname(self) -> str:
        """The name a reader looks up: "van der Veer", or a corporate name whole."""
        return " ".join(part for part in (self.prelast, self.last) if part)

    @property
    def others(self) -> bool:
        """True for BibTeX's ``and others``, which stands for authors left out."""
        return not self.corporate and self.last == "others" and not self.first


def _initials(token: str) -> str:
    """"Yrjö" -> "Y."; "J.V." -> "J.V."; "Jean-Paul" -> "J.-P."."""
    parts = []
    for hyphen_part in token.split("-"):
        letters = [seg for seg in hyphen_part.split(".") if any(ch.isalnum() for ch in seg)]
        parts.append("".join(next(ch for ch in seg if ch.isalnum()) + "." for seg in letters))
    return "-".join(part for part in parts if part)


def _same(text: str) -> str:
    return text


@functools.lru_cache(maxsize=4096)  # Name is immutable; authors recur across entries, papers and volumes
def split(text: str, decode: Callable[[str], str] = _same) -> Name:
    """pybtex's split of one name; ``decode`` turns each part into plain text (LaTeX in a .bib).
    A name with too many commas is split as pybtex splits it: the caller reports it."""
    with pybtex.errors.capture():
        parsed = pybtex.database.Person(text)

    def join(parts: list[str]) -> str:
        return decode(" ".join(parts))

    return Name(join(parsed.first_names), join(parsed.middle_names), join(parsed.prelast_names),
                join(parsed.last_names), join(parsed.lineage_names))


def _words(text: str) -> str:
    return " ".join(str(text).split())


def parse(text: str) -> Name:
    """'René van der Veer' -> René / van der / Veer; 'Ó Dálaigh, Cathal' -> Cathal / Ó Dálaigh."""
    text = _words(text)
    try:
        return split(text)
    except Exception:  # an unbalanced brace: keep the name whole rather than fail
        return Name(last=text)


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
