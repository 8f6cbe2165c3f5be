"""ISBN check digits: a mistyped ISBN on a volume page is a citation that cannot be found."""

from __future__ import annotations

import re


def digits(isbn: str) -> str:
    """The ISBN without hyphens or spaces, upper-cased (X is a check digit)."""
    return re.sub(r"[\s-]", "", isbn).upper()


def isbn10_valid(isbn: str) -> bool:
    d = digits(isbn)
    if not re.fullmatch(r"\d{9}[\dX]", d):
        return False
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(d))
    return total % 11 == 0


def isbn13_valid(isbn: str) -> bool:
    d = digits(isbn)
    if not re.fullmatch(r"97[89]\d{10}", d):
        return False
    total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(d))
    return total % 10 == 0


def isbn10_to_13(isbn: str) -> str:
    """The ISBN-13 (digits only) of a valid ISBN-10."""
    core = "978" + digits(isbn)[:9]
    check = (10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(core)) % 10) % 10
    return core + str(check)


def problem(isbn: str) -> str | None:
    """Why ``isbn`` is not a valid ISBN-10 or ISBN-13, or None when it is."""
    d = digits(isbn)
    if len(d) == 10:
        return None if isbn10_valid(d) else "its ISBN-10 check digit is wrong"
    if len(d) == 13:
        return None if isbn13_valid(d) else "its ISBN-13 check digit is wrong"
    return f"an ISBN has 10 or 13 digits, this one has {len(d)}"
