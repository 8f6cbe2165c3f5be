"""ISBN check digits."""

import pytest

from hooks.isbn import isbn10_to_13, isbn10_valid, isbn13_valid, problem


@pytest.mark.parametrize("isbn, ok", [("1-903714-16-8", True), ("1-903714-16-7", False), ("0-306-40615-2", True),
                                      ("0-8044-2957-X", True), ("12345", False)])
def test_isbn10(isbn: str, ok: bool) -> None:
    assert isbn10_valid(isbn) is ok


@pytest.mark.parametrize("isbn, ok", [("978-1-903714-16-4", True), ("978-1-903714-16-5", False),
                                      ("979-10-90636-07-1", True), ("978-1-903714-16", False)])
def test_isbn13(isbn: str, ok: bool) -> None:
    assert isbn13_valid(isbn) is ok


def test_isbn10_to_13_matches_the_printed_pair() -> None:
    assert isbn10_to_13("1-903714-16-8") == "9781903714164"


@pytest.mark.parametrize("isbn, words", [("1-903714-16-7", "ISBN-10 check digit"), ("978-1-903714-16-5", "ISBN-13"),
                                         ("1234", "10 or 13 digits")])
def test_problem_says_why(isbn: str, words: str) -> None:
    assert words in (problem(isbn) or "")
    assert problem("1-903714-16-8") is None
