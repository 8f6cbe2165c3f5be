"""The concept glossary: load and check ``glossary.yml`` without knowing MkDocs.

The glossary feeds hover definitions and links across every paper, so a slip in it
(a variant shared by two concepts, a related id that does not exist) would surface
as a wrong link far from its cause. Every check therefore reports the file, the line
and what the editor should do, and nothing here raises for any input: a broken
glossary must give a readable diagnostic, never a traceback in the middle of a build.
"""

from __future__ import annotations

import difflib
import pathlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hooks import cite_parse, lookalike, sources, yamlsafe
from hooks.diagnostics import Diagnostic, error, info, warning

KeyCheck = Callable[[str], bool]

TEXT_FIELDS = ("id", "term", "category", "definition", "explanation")
REQUIRED = ("id", "term", "category", "definition")
LIST_FIELDS = ("variants", "sources", "related", "exclude")
FIELDS = ("id", "term", "variants", "category", "definition", "explanation", "sources", "related", "exclude")
MAX_DEFINITION = 280
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# Pandoc citation keys: [@key], [@a; @b, p. 3] or @key in running text, never an e-mail.
_DEFAULT_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass(frozen=True)
class Concept:
    """One checked glossary entry; frozen because pages share it during a build."""

    id: str
    term: str
    variants: tuple[str, ...]
    category: str
    definition: str
    explanation: str
    sources: tuple[str, ...]
    related: tuple[str, ...]
    line: int
    exclude: tuple[str, ...] = ()    # phrases (names, titles, other senses) inside which no form links

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Every string the site links to this concept: the term first, then variants."""
        return (self.term, *self.variants)


@dataclass
class Glossary:
    """The concepts that passed their checks, by id in file order."""

    path: str
    concepts: dict[str, Concept] = field(default_factory=dict)

    def by_category(self) -> dict[str, list[Concept]]:
        """Categories in the order editors first used them, each alphabetised by term.

        File order lets editors decide how the glossary page is organised; within a
        category readers look terms up alphabetically.
        """
        groups: dict[str, list[Concept]] = {}
        for concept in self.concepts.values():
            groups.setdefault(concept.category, []).append(concept)
        return {name: sorted(items, key=_term_order) for name, items in groups.items()}

    def sorted_by_term(self) -> list[Concept]:
        """All concepts A-Z, ignoring case, accents and opening quotes ('inter'-regnum under I)."""
        return sorted(self.concepts.values(), key=_term_order)


def _term_order(concept: Concept) -> tuple[str, str]:
    """Sort key that files quoted or accented terms where a reader would look for them."""
    plain = unicodedata.normalize("NFKD", concept.term)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"[^0-9a-z]+", " ", plain).strip()  # hyphens and quotes sort as spaces
    return (plain or concept.term.casefold(), concept.id)


@dataclass
class _Entry:
    """One list item as read, with the lines needed to point editors at its parts."""

    line: int
    raw: dict
    text: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    usable: bool = True
    duplicate: bool = False

    @property
    def label(self) -> str:
        """How messages name the entry: by id when it has a valid id of its own."""
        ident, term = self.text.get("id"), self.text.get("term")
        if ident and not self.duplicate:
            return f"concept '{ident}'"
        return f"the entry on line {self.line}" + (f" ('{_short(term)}')" if term else "")

    def line_of(self, key: str) -> int:
        """Line of a field, or of the entry when the field is absent."""
        return self.raw.line_of(key) if hasattr(self.raw, "line_of") else self.line


class _Report:
    """Collects diagnostics for one file so check functions stay one-liners to call."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []

    def error(self, line: int | None, message: str) -> None:
        self.items.append(error(self.path, line, message))

    def warning(self, line: int | None, message: str) -> None:
        self.items.append(warning(self.path, line, message))

    def info(self, line: int | None, message: str) -> None:
        self.items.append(info(self.path, line, message))

    def sorted(self) -> list[Diagnostic]:
        """File order, so editors can fix problems top to bottom."""
        return sorted(self.items, key=lambda d: d.line or 0)


# ---------------------------------------------------------------- public API


def load_glossary(path: pathlib.Path, display_path: str, known_key: KeyCheck | None = None,
                  root: pathlib.Path | None = None) -> tuple[Glossary, list[Diagnostic]]:
    """Read and check a glossary file; unreadable or non-UTF-8 files become diagnostics.

    The file must be a regular file inside ``root`` (its own folder by default), never a link
    (:mod:`hooks.sources`).
    """
    path = pathlib.Path(path)
    try:
        data = sources.read_bytes(path, root or path.parent, sources.MAX_GLOSSARY_BYTES)
    except sources.Refused as exc:
        return Glossary(display_path), [error(display_path, None, str(exc))]
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Glossary(display_path), [error(display_path, None,
                                              f"cannot read the glossary ({reason}); "
                                              "check that the file exists and is readable")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return Glossary(display_path), [error(display_path, line,
                                              f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} "
                                              "on this line); save it with UTF-8 encoding")]
    return parse_glossary(text, display_path, known_key)


EMPTY = ("the glossary holds no concepts, so every concept page and every concept link disappears "
         "from the site; restore the concepts, or add a YAML list of entries starting with '- id: ...'")


def parse_glossary(text: str, path: str,
                   known_key: KeyCheck | None = None) -> tuple[Glossary, list[Diagnostic]]:
    """Check glossary YAML text and return the usable concepts with every problem found.

    ``known_key`` answers whether a bibliography key exists; without it sources are
    not checked (e.g. when the bibliography itself failed to load).
    """
    glossary, report = Glossary(path), _Report(path)
    if not text.strip():
        report.warning(1, EMPTY)
        return glossary, report.items
    data = _load_yaml(text, report)
    if data is None:
        if not report.items:
            report.warning(1, EMPTY)
        return glossary, report.sorted()
    if not isinstance(data, list):
        report.error(getattr(data, "line", 1) or 1,
                     f"the glossary must be a YAML list of concepts, but the file holds "
                     f"{_describe(data)}; start each concept with '- id: ...'")
        return glossary, report.sorted()
    if not data:
        report.warning(getattr(data, "line", 1) or 1, EMPTY)
    entries = [e for e in (_read_entry(data, i, report) for i in range(len(data))) if e]
    _cross_check(entries, report, known_key)
    glossary.concepts = _build(entries, known_key)
    return glossary, report.sorted()


# ---------------------------------------------------------------- YAML


def _load_yaml(text: str, report: _Report) -> Any:
    """yamlsafe.load, plus the failures it lets escape, turned into located errors.

    PyYAML raises plain ValueError/KeyError/TypeError for values such as
    ``2001-02-30`` or ``!!bool maybe``, ReaderError for control characters and
    RecursionError for absurd nesting; an editor needs a line, not a traceback.
    """
    try:
        data, problems = yamlsafe.load(text)
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        report.error(line, f"the file contains a character YAML does not allow (U+{char:04X}); "
                           "delete it or replace it with a space")
        return None
    except RecursionError:
        report.error(1, "the YAML is nested too deeply to read; a glossary needs only a "
                        "list of flat entries")
        return None
    except Exception as exc:  # PyYAML constructors leak plain exceptions; see docstring
        report.error(_bad_value_line(text), f"invalid YAML value ({exc}); put the value in "
                                            "quotes or remove its '!!' tag")
        return None
    for problem in problems:
        report.error(problem.line, _advise(problem.message))
    return data


def _advise(message: str) -> str:
    """Add the remedy to yamlsafe's syntax messages, which only say what is wrong."""
    if message.startswith("invalid YAML"):
        return (f"{message}; check indentation and quoting on this line or the one before "
                "(quote text that contains ': ' or starts with a quote)")
    return message


def _bad_value_line(text: str) -> int:
    """Find the line of the value PyYAML failed to construct, by constructing each alone."""
    try:
        loader = yaml.SafeLoader(text)
        root = loader.get_single_node()
        loader.dispose()
    except Exception:  # we are already reporting a failure; the first line will do
        return 1
    for node in _walk(root):
        if isinstance(node, ScalarNode) or node.tag not in _DEFAULT_TAGS:
            try:
                SafeConstructor().construct_object(node, deep=True)
            except Exception:
                return node.start_mark.line + 1
    return 1


def _walk(root: Node | None) -> Iterable[Node]:
    """All nodes of a composed document, iteratively, without following aliases twice."""
    stack, seen = ([root] if root is not None else []), set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))


def _describe(value: Any) -> str:
    """Name a YAML value's type in the words an editor would use."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()}; YAML reads yes/no/on/off this way)"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ('{_short(value)}')"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    return f"a {type(value).__name__} value ({_short(str(value))})"


def _short(value: Any, limit: int = 40) -> str:
    """Quote user text in messages without letting a long value swamp the message."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


# ---------------------------------------------------------------- one entry


def _read_entry(data: list, index: int, report: _Report) -> _Entry | None:
    """Check one list item on its own; cross-entry checks come later."""
    item = data[index]
    line = data.line_of(index) if hasattr(data, "line_of") else 1
    if not isinstance(item, dict):
        report.error(line, f"entry {index + 1} is {_describe(item)}, not a concept; write it as "
                           "'- id: ...' followed by indented fields term, category, definition")
        return None
    entry = _Entry(line=line, raw=item)
    _read_text(entry, "id", report)
    _check_id(entry, report)  # first, so that later messages name the entry consistently
    _check_fields(entry, report)
    for name in TEXT_FIELDS[1:]:
        _read_text(entry, name, report)
    for name in LIST_FIELDS:
        entry.lists[name] = _read_list(entry, name, report)
    _check_definition(entry, report)
    return entry


def _check_fields(entry: _Entry, report: _Report) -> None:
    """Warn about fields the site ignores, which are usually misspelt known fields."""
    for key in entry.raw:
        if key not in FIELDS:
            hint = _suggest(str(key), FIELDS)
            report.warning(entry.line_of(key),
                           f"{entry.label}: unknown field '{_short(key)}'{hint}; the glossary reads "
                           f"only {', '.join(FIELDS)}, so rename or remove it")


def _read_text(entry: _Entry, name: str, report: _Report) -> None:
    """Read a text field, whitespace-normalised except Markdown explanations."""
    where, value = entry.line_of(name), entry.raw.get(name)
    required = name in REQUIRED
    if name not in entry.raw:
        entry.usable &= not required
        if required:
            report.error(entry.line, f"{entry.label} has no '{name}'; add '{name}: ...' to it")
        else:
            report.info(entry.line, f"{entry.label} has no explanation; add a few paragraphs "
                                    "for the glossary page (recommended)")
        return
    if value is not None and not isinstance(value, str):
        entry.usable &= not required
        report.error(where, f"{entry.label}: '{name}' must be text, but it is {_describe(value)}; "
                            "put the value in quotes")
        return
    clean = (value or "").strip() if name == "explanation" else " ".join((value or "").split())
    if not clean:
        entry.usable &= not required
        if required:
            report.error(where, f"{entry.label}: '{name}' is empty; fill it in")
        else:
            report.info(where, f"{entry.label}: '{name}' is empty; write a few paragraphs "
                               "for the glossary page or remove the field")
        return
    entry.text[name] = clean


def _read_list(entry: _Entry, name: str, report: _Report) -> list[tuple[str, int]]:
    """Read a list of text items with their lines; null or absent means empty."""
    value = entry.raw.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        example = f"[{_short(value)}]" if isinstance(value, str) else "[first, second]"
        report.error(entry.line_of(name), f"{entry.label}: '{name}' must be a list, but it is "
                                          f"{_describe(value)}; write {name}: {example}")
        return []
    items = []
    for i, item in enumerate(value):
        line = value.line_of(i) if hasattr(value, "line_of") else entry.line_of(name)
        text = " ".join(item.split()) if isinstance(item, str) else None
        if text:
            items.append((text, line))
        elif text is None:
            report.error(line, f"{entry.label}: item {i + 1} of '{name}' must be text, but it is "
                               f"{_describe(item)}; put it in quotes or remove it")
        else:
            report.error(line, f"{entry.label}: item {i + 1} of '{name}' is empty; remove it")
    return items


def _check_id(entry: _Entry, report: _Report) -> None:
    """Ids become URL anchors, so they must be stable lowercase slugs."""
    ident = entry.text.get("id")
    if ident is None or ID_PATTERN.match(ident):
        return
    del entry.text["id"]
    entry.usable = False
    slug = re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")
    advice = f"use '{slug}'" if slug else "use lowercase letters, digits and hyphens"
    report.error(entry.line_of("id"),
                 f"{entry.label}: id '{_short(ident)}' may contain only lowercase letters, digits "
                 f"and hyphens, and must start with a letter or digit; {advice}")


def _check_definition(entry: _Entry, report: _Report) -> None:
    """Definitions are hover text: long ones are cut off or cover the page."""
    definition = entry.text.get("definition", "")
    if len(definition) > MAX_DEFINITION:
        report.error(entry.line_of("definition"),
                     f"{entry.label}: the definition has {len(definition)} characters; shorten it "
                     f"to at most {MAX_DEFINITION} (it is shown on hover) and move detail into "
                     "'explanation'")


# ---------------------------------------------------------------- across entries


def _cross_check(entries: list[_Entry], report: _Report, known_key: KeyCheck | None) -> None:
    """Checks that need the whole file: uniqueness, references, bibliography keys."""
    _check_duplicate_ids(entries, report)
    _check_surface_forms(entries, report)
    _check_categories(entries, report)
    ids = {e.text["id"] for e in entries if "id" in e.text}
    for entry in entries:
        _check_related(entry, ids, report)
        _check_exclude(entry, report)
        if known_key is not None:
            _check_sources(entry, known_key, report)


def _check_duplicate_ids(entries: list[_Entry], report: _Report) -> None:
    """A second concept with the same id would silently replace the first."""
    first: dict[str, _Entry] = {}
    for entry in entries:
        ident = entry.text.get("id")
        if ident is None:
            continue
        if ident in first:
            other = first[ident]
            entry.usable, entry.duplicate = False, True
            report.error(entry.line_of("id"),
                         f"id '{ident}' of concept '{entry.text.get('term', '?')}' is already used "
                         f"by concept '{other.text.get('term', '?')}' (line {other.line_of('id')}); "
                         "give one of them a different id")
        else:
            first[ident] = entry


def _surface_forms(entry: _Entry) -> list[tuple[str, str, int]]:
    """(form, 'term'|'variant', line) for an entry, term first."""
    forms = [(entry.text["term"], "term", entry.line_of("term"))] if "term" in entry.text else []
    return forms + [(text, "variant", line) for text, line in entry.lists.get("variants", [])]


def _match_key(form: str) -> tuple[str, ...]:
    """The words of a form, as the site's matcher (hooks.terms) compares them.

    The matcher looks words up case-insensitively and lets spaces, hyphens and quotes
    stand between them, so 'boundary-crossing' and "boundary crossing" are the same
    form to it; uniqueness must be judged the same way or collisions slip through.
    """
    return tuple(re.findall(r"\w+", form.casefold()))


def _check_surface_forms(entries: list[_Entry], report: _Report) -> None:
    """Each surface form may link to one concept only, compared as the matcher compares."""
    seen: dict[tuple[str, ...], tuple[_Entry, str, str, int]] = {}
    for entry in entries:
        for form, kind, line in _surface_forms(entry):
            key = _match_key(form)
            deceptive = lookalike.problem(form)
            if deceptive:
                report.warning(line, f"{entry.label}: {kind} '{lookalike.visible(_short(form))}' {deceptive}")
            if not key:
                report.warning(line, f"{entry.label}: {kind} '{_short(form)}' has no letters or "
                                     "digits, so it can never be found in a text; remove it")
            elif key not in seen:
                seen[key] = (entry, form, kind, line)
            else:
                _report_repeat(entry, form, kind, line, seen[key], report)


def _report_repeat(entry: _Entry, form: str, kind: str, line: int,
                   first: tuple[_Entry, str, str, int], report: _Report) -> None:
    """Across concepts a shared form is ambiguous; within one only a literal repeat is noise.

    Spellings of one concept that differ only in hyphens or quotes ('knowing who' trails,
    knowing who trails) document how papers write it and do no harm, so they pass.
    """
    other, other_form, other_kind, other_line = first
    if other is not entry:
        article = "the" if other_kind == "term" else "a"
        same = "" if other_form.casefold() == form.casefold() else f" ('{_short(other_form)}')"
        report.error(line, f"{entry.label}: {kind} '{_short(form)}' is already {article} "
                           f"{other_kind}{same} of {other.label} (line {other_line}); a text can "
                           "link to only one concept, so remove it from one of them")
    elif " ".join(form.casefold().split()) == " ".join(other_form.casefold().split()):
        report.warning(line, f"{entry.label}: '{_short(form)}' is given twice (first as "
                             f"{other_kind} on line {other_line}); remove the repeat")


def _check_categories(entries: list[_Entry], report: _Report) -> None:
    """Categories differing only in case would split one group into two on the page."""
    first: dict[str, tuple[str, int]] = {}
    for entry in entries:
        name = entry.text.get("category")
        if name is None:
            continue
        spelled, line = first.setdefault(name.casefold(), (name, entry.line_of("category")))
        if spelled != name:
            report.warning(entry.line_of("category"),
                           f"{entry.label}: category '{name}' differs only in case from "
                           f"'{spelled}' (line {line}); spell it the same way so they group together")


def _check_exclude(entry: _Entry, report: _Report) -> None:
    """An exclude phrase guards the concept's forms inside it; one holding none of them does nothing."""
    forms = [_match_key(form) for form, _, _ in _surface_forms(entry)]
    for phrase, line in entry.lists.get("exclude", []):
        words = _match_key(phrase)
        if not any(_holds(words, form) for form in forms if form):
            report.warning(line, f"{entry.label}: the exclude phrase '{_short(phrase)}' contains neither "
                                 "the term nor a variant, so it keeps nothing from linking; write the whole "
                                 "phrase around the form (a title, a name, another sense) or remove it")


def _holds(words: tuple[str, ...], form: tuple[str, ...]) -> bool:
    n = len(form)
    return any(words[i:i + n] == form for i in range(len(words) - n + 1))


def _check_related(entry: _Entry, ids: set[str], report: _Report) -> None:
    """Related ids become links; a missing target would be a broken link."""
    own, seen = entry.text.get("id"), set()
    for ref, line in entry.lists.get("related", []):
        if ref == own:
            report.warning(line, f"{entry.label} lists itself as related; remove '{ref}'")
        elif ref in seen:
            report.warning(line, f"{entry.label}: related id '{ref}' is given twice; remove the repeat")
        elif ref not in ids:
            report.error(line, f"{entry.label}: related id '{_short(ref)}' does not exist"
                               f"{_suggest(ref, ids)}; use the id of a concept in this file")
        seen.add(ref)


def _key_known(known_key: KeyCheck, key: str) -> bool:
    """Bibliography keys are case-insensitive: accept the key as written or lowercased."""
    return known_key(key) or known_key(key.lower())


def _check_sources(entry: _Entry, known_key: KeyCheck, report: _Report) -> None:
    """Sources and [@key] citations must exist in the bibliography, or citations break."""
    seen: set[str] = set()
    for key, line in entry.lists.get("sources", []):
        if key.lower() in seen:
            report.warning(line, f"{entry.label}: source '{key}' is given twice; remove the repeat")
        elif not _key_known(known_key, key):
            report.error(line, f"{entry.label}: source '{_short(key)}' is not in the bibliography; "
                               "correct the key or add the work to bibliography.bib")
        seen.add(key.lower())
    for key in cite_parse.cited_keys(entry.text.get("explanation", "")):
        if not _key_known(known_key, key):
            report.error(entry.line_of("explanation"),
                         f"{entry.label}: the explanation cites '@{_short(key)}', which is not in "
                         "the bibliography; correct the key or add the work to bibliography.bib")


# ---------------------------------------------------------------- building


def _build(entries: list[_Entry], known_key: KeyCheck | None) -> dict[str, Concept]:
    """Concepts for entries whose required fields are sound, keeping only safe references."""
    ids = {e.text["id"] for e in entries if e.usable}
    concepts: dict[str, Concept] = {}
    for entry in entries:
        if entry.usable:
            concepts[entry.text["id"]] = _concept(entry, ids, known_key)
    return concepts


def _concept(entry: _Entry, ids: set[str], known_key: KeyCheck | None) -> Concept:
    """Freeze one entry, dropping repeats, dangling related ids and unknown sources."""
    text = entry.text
    own = text["id"]
    term = text["term"].casefold()
    variants = [v for v, _ in entry.lists["variants"] if v.casefold() != term]
    related = [r for r, _ in entry.lists["related"] if r in ids and r != own]
    sources = [s for s, _ in entry.lists["sources"] if known_key is None or _key_known(known_key, s)]
    return Concept(id=own, term=text["term"], variants=_unique(variants), category=text["category"],
                   definition=text["definition"], explanation=text.get("explanation", ""),
                   sources=_unique(sources), related=_unique(related), line=entry.line,
                   exclude=_unique([x for x, _ in entry.lists["exclude"]]))


def _unique(items: list[str]) -> tuple[str, ...]:
    """Drop case-insensitive repeats, keeping the first spelling and the order."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return tuple(seen.values())
