"""Safe YAML loading that remembers line numbers and refuses duplicate keys.

PyYAML's ``safe_load`` silently keeps the last of two equal keys and forgets where
each value stood; editors need both facts to fix a file. Mappings load as
:class:`LineDict` and sequences as :class:`LineList`, which carry 1-based lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, SequenceNode


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str


class _Lines:
    """A safe loader's constructor that builds LineDict/LineList and records duplicate keys."""

    def __init__(self, stream: str, line_offset: int = 0) -> None:
        super().__init__(stream)
        self.line_offset = line_offset
        self.problems: list[YamlProblem] = []

    def _line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def _value(self, node: yaml.Node) -> Any:
        """A value, or None with a located problem where PyYAML's constructor gives up
        (2001-02-30, !!int abc): those raise plain exceptions, not YAMLError."""
        try:
            return self.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError) as exc:
            self.problems.append(YamlProblem(
                self._line(node), f"invalid YAML value: {exc}; put it in quotes if it is meant as text"))
            return None

    def construct_line_mapping(self, node: MappingNode) -> LineDict:
        result = LineDict()
        result.line = self._line(node)
        result.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                self.problems.append(YamlProblem(self._line(key_node), "a key must be plain text"))
                continue
            if key in result:
                first = result.key_lines[key]
                self.problems.append(YamlProblem(
                    self._line(key_node),
                    f"key '{key}' is given twice (first on line {first}); keep one of them"))
                continue
            result[key] = self._value(value_node)
            result.key_lines[key] = self._line(key_node)
        return result

    def construct_line_sequence(self, node: SequenceNode) -> LineList:
        result = LineList(self._value(child) for child in node.value)
        result.line = self._line(node)
        result.item_lines = [self._line(child) for child in node.value]
        return result


class _LineLoader(_Lines, yaml.SafeLoader):
    """The pure-Python loader: its syntax errors point where an editor should look."""


class _FastLineLoader(_Lines, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser where PyYAML has it: the same documents, several times faster."""


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Lines.construct_line_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Lines.construct_line_sequence)


def load(text: str, line_offset: int = 0) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document safely; syntax errors come back as problems, not exceptions.

    ``line_offset`` is added to every line, for YAML embedded in a larger file. Valid
    documents are read by libyaml; a document with a syntax error is read again by the
    pure-Python parser, whose messages say where the mistake is, not where it was noticed.
    """
    alias = _first_alias(text, line_offset)
    if alias is not None:
        return None, [alias]
    fast = _FastLineLoader(text, line_offset)
    try:
        data = fast.get_single_data()
    except Exception:   # every error is reported below, located by the slower parser
        pass
    else:
        return data, fast.problems
    finally:
        fast.dispose()
    return _load_slowly(text, line_offset)


TAB_MESSAGE = "invalid YAML: a TAB indents this line; indent with spaces (two per level), as the lines around it"


def _tab_indented(text: str, index: int, reason: str) -> bool:
    """True when the line of a syntax error starts with a TAB, which YAML never accepts as indentation."""
    lines = text.split("\n")
    line = lines[index] if 0 <= index < len(lines) else ""
    return "\t" in line[: len(line) - len(line.lstrip(" \t"))] or "'\\t'" in reason


ALIAS_MESSAGE = ("YAML aliases ('*name', which repeat an '&name' anchor) are not read here, as a few of them "
                 "can stand for millions of values; write the value out in full")


def _first_alias(text: str, line_offset: int) -> YamlProblem | None:
    """The first alias of the document, found in its events before anything is built from them.

    Anchors and aliases let a few lines stand for an exponentially large value (a "billion
    laughs"); the files editors write never need them. A document with a syntax error passes
    here and is reported by the loader.
    """
    if "*" not in text:
        return None
    parser = _FAST_PARSER(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent):
                return YamlProblem(event.start_mark.line + 1 + line_offset, ALIAS_MESSAGE)
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return None


_FAST_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_slowly(text: str, line_offset: int) -> tuple[Any, list[YamlProblem]]:
    loader = None
    try:
        loader = _LineLoader(text, line_offset)
        data = loader.get_single_data()
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        line = text[: exc.position].count("\n") + 1 + line_offset
        return None, [YamlProblem(line, f"invalid YAML: the character U+{code:04X} is not allowed; delete it")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        reason = exc.problem or exc.context or "invalid YAML"
        if mark and _tab_indented(text, mark.line, reason):
            return None, [YamlProblem(line, TAB_MESSAGE)]
        return None, [YamlProblem(line, f"invalid YAML: {reason}")]
    except yaml.YAMLError as exc:
        return None, [YamlProblem(line_offset + 1, f"invalid YAML: {exc}")]
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # PyYAML's constructors raise plain exceptions for values like 2001-02-30 or !!bool maybe.
        return None, [YamlProblem(line_offset + 1, f"invalid YAML value: {exc}")]
    finally:
        if loader is not None:
            loader.dispose()
    return data, loader.problems
