"""ORCID iDs: the ISO 7064 11,2 check digit, the accepted spellings, and the model's one form."""

import pytest

from hooks import orcid
from hooks.volumes import parse_paper

VALID = "0000-0002-1825-0097"


@pytest.mark.parametrize("written", [VALID, f"https://orcid.org/{VALID}", f"http://orcid.org/{VALID}",
                                     f"https://orcid.org/{VALID}/", "0000000218250097", f" {VALID} "])
def test_each_accepted_spelling_gives_the_one_canonical_form(written: str) -> None:
    assert orcid.canonical(written) == VALID
    assert orcid.problem(written) is None


def test_an_x_check_digit_is_accepted_in_either_case() -> None:
    assert orcid.canonical("0000-0002-1694-233x") == "0000-0002-1694-233X"


@pytest.mark.parametrize("written, why", [("0000-0002-1825-0098", "check digit"), ("0000-0002-1825-009", "16 digits"),
                                          ("https://example.org/0000-0002-1825-0097", "16 digits"),
                                          ("javascript:alert(1)", "16 digits")])
def test_a_bad_id_is_refused_with_the_reason(written: str, why: str) -> None:
    assert orcid.canonical(written) is None
    assert why in (orcid.problem(written) or "")


def test_every_single_digit_slip_is_caught() -> None:
    """What the check digit is for: one mistyped digit never yields another valid iD."""
    digits = VALID.replace("-", "")
    for i in range(15):
        for d in "0123456789":
            if d != digits[i]:
                assert orcid.canonical(digits[:i] + d + digits[i + 1:]) is None


def test_the_address_is_built_from_the_checked_id() -> None:
    assert orcid.url(VALID) == f"https://orcid.org/{VALID}"


def _paper(orcid_line: str) -> str:
    return f"---\ntitle: T\nauthors:\n  - name: Ada Martin\n    {orcid_line}\norder: 1\n---\n\nText.\n"


def test_front_matter_keeps_the_canonical_id() -> None:
    paper, found = parse_paper(_paper(f"orcid: https://orcid.org/{VALID}"), "papers/v/x.md", "v", "x")
    assert not found
    assert paper.authors[0].orcid == VALID


def test_a_bad_id_in_front_matter_is_a_warning_at_its_line_and_is_dropped() -> None:
    paper, found = parse_paper(_paper("orcid: 0000-0002-1825-0098"), "papers/v/x.md", "v", "x")
    assert [(d.level, d.line) for d in found] == [("warning", 5)]
    assert "check digit" in found[0].message and "orcid: 0000-" in found[0].message
    assert paper is not None and paper.authors[0].orcid == ""
