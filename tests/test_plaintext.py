"""Descriptions are plain text: the editor's Markdown and markup are gone, the words stay."""

from __future__ import annotations

import pytest

from hooks.plaintext import plain_text


@pytest.mark.parametrize(("source", "text"), [
    ("*Service integration* in **schools**", "Service integration in schools"),
    ("A [link](https://example.org) and `code`", "A link and code"),
    ("Tom &amp; Jerry <b>bold</b>", "Tom & Jerry bold"),
    ("one\n\ntwo   three", "one two three"),
    ("", ""),
])
def test_markdown_becomes_plain_text(source: str, text: str) -> None:
    assert plain_text(source) == text
