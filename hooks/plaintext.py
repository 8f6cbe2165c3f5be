"""Plain text from an editor's Markdown: for descriptions, which readers and indexers show as is."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown

from hooks import limits


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(source: str) -> str:
    """The words of ``source`` with its Markdown and any markup gone, whitespace collapsed.

    Markdown the build would refuse to convert (see limits) is not converted here either: its
    page fails with a located message, and its description is the text with markup characters dropped.
    """
    if limits.check_markdown(source):
        return " ".join(limits.MARKUP.sub(" ", source).split())
    parser = _Text()
    parser.feed(markdown.markdown(source))
    parser.close()
    return " ".join("".join(parser.parts).split())
