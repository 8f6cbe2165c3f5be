"""hooks/html_util.py: the escaping of HTML that Markdown extensions emit matches Python-Markdown's own."""

from __future__ import annotations

import pytest
from markdown import serializers

from hooks.html_util import markdown_attribute, markdown_text

SAMPLES = ["plain", "a & b", "&amp; kept", "&#38; &#x26; &copy;", "<b>", 'say "x"', "& &;", "x &unknown y", ""]


@pytest.mark.parametrize("text", SAMPLES)
def test_text_is_escaped_as_python_markdown_escapes_it(text: str) -> None:
    # Compared with the serializer's own (private) function so that a change of Markdown shows here.
    assert markdown_text(text) == serializers._escape_cdata(text)
    assert markdown_attribute(text) == serializers._escape_attrib_html(text)


@pytest.mark.parametrize("text, expected", [
    ('<img src=x onerror="y">', "&lt;img src=x onerror=&quot;y&quot;&gt;"),
    ("Smith & Jones &amp; co", "Smith &amp; Jones &amp; co"),
])
def test_an_attribute_cannot_be_left(text: str, expected: str) -> None:
    assert markdown_attribute(text) == expected
