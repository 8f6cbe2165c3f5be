"""ORCID iDs: a mistyped iD credits a paper to someone else, so its check digit is verified.

An iD is written bare (``0000-0002-1825-0097``) or as its address
(``https://orcid.org/0000-0002-1825-0097``); the model keeps the bare form, and every
link is built from it by :func:`url`, never from what the editor typed.
"""

from __future__ import annotations

import re

SHAPE = re.compile(r"(?:https?://(?:www\.)?orcid\.org/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])/?", re.I)


def check_digit(base: str) -> str:
    """The ISO 7064 11,2 check character of the first 15 digits."""
    total = 0
    for c in base:
        total = (total + int(c)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def canonical(value: str) -> str | None:
    """'0000-0002-1825-0097' for any accepted spelling of a valid iD, else None."""
    m = SHAPE.fullmatch(value.strip())
    if not m:
        return None
    digits = "".join(m.groups()).upper()
    if check_digit(digits[:15]) != digits[15]:
        return None
    return "-".join(digits[i:i + 4] for i in range(0, 16, 4))


def problem(value: str) -> str | None:
    """Why ``value`` is not an ORCID iD, or None when it is one."""
    if not SHAPE.fullmatch(value.strip()):
        return "an ORCID iD is 16 digits in groups of four, e.g. 0000-0002-1825-0097"
    return None if canonical(value) else "its check digit is wrong"


def url(orcid: str) -> str:
    """The iD's public address, from the canonical form only."""
    return f"https://orcid.org/{orcid}"
