"""Parse and check the shared BibTeX library once per build.

Both papers cite from ONE ``bibliography.bib``. Editors are not BibTeX experts, so every
problem comes back as a located :class:`~hooks.diagnostics.Diagnostic` that says what is
wrong and what to type instead, and nothing here ever raises on a bad file.

pybtex stops at (or silently skips past) the first syntax error, and an unclosed brace
swallows every entry after it. So the file is first cut into entries by a brace-aware
pre-scan that also stops an entry at the next line starting with ``@type{``; each entry is
then parsed on its own by pybtex's low-level parser. One bad entry hides nothing else, and
every syntax error is reported with its own line.
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import functools
import pathlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.bibtex.utils import split_name_list, split_tex_string
from pybtex.database.input.bibtex import LowLevelParser, month_names
from pybtex.scanner import PrematureEOF, PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from hooks import cite_parse, lookalike, names, sources
from hooks.diagnostics import Diagnostic, error, info, warning
from hooks.names import Name as Person  # the one model of a name; cite_format reads it from here

# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Entry:
    """One work of the library; ``fields`` are plain text, ``raw`` the LaTeX as written."""

    key: str
    type: str
    fields: Mapping[str, str]
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    line: int = 0
    raw: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    field_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, name: str, default: str = "") -> str:
        """A field's plain text; field names are case-insensitive in BibTeX."""
        return self.fields.get(name.lower(), default)

    def line_of(self, name: str) -> int:
        """The line of a field, or of the entry when the field is absent."""
        return self.field_lines.get(name.lower(), self.line)

    def __hash__(self) -> int:  # mappings are unhashable; key and line identify an entry
        return hash((self.key, self.type, self.line))


@dataclass
class Library:
    """All loaded entries of one .bib file, keyed case-insensitively like BibTeX."""

    path: str
    entries: dict[str, Entry] = field(default_factory=dict)
    broken: dict[str, int] = field(default_factory=dict)
    """Keys (casefolded) of entries skipped for a syntax error -> their line, so a citation
    of such a key can say "fix the entry" rather than "unknown key"."""
    source: bytes = b""
    """The file as read, for readers to download; empty when the build refused to read it."""

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key.casefold())

    def suggest(self, key: str) -> str | None:
        """The closest existing key, for a "did you mean" hint; None when nothing is close."""
        close = difflib.get_close_matches(key.casefold(), list(self.entries), n=1, cutoff=0.7)
        return self.entries[close[0]].key if close else None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.casefold() in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())


# --------------------------------------------------------------------------- rules

_YEAR = ("year", "date", "pubstate")
REQUIRED_FIELDS: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "article": ("author", "title", "journal", _YEAR),
    "book": (("author", "editor"), "title", "publisher", _YEAR),
    "inbook": (("author", "editor"), "title", "publisher", _YEAR),
    "incollection": ("author", "title", "booktitle", "publisher", _YEAR),
    "inproceedings": ("author", "title", "booktitle", _YEAR),
    "conference": ("author", "title", "booktitle", _YEAR),
    "collection": ("editor", "title", "publisher", _YEAR),
    "proceedings": ("title", _YEAR),
    "unpublished": ("author", "title", ("note", "howpublished"), _YEAR),
    "report": ("author", "title", "institution", _YEAR),
    "techreport": ("author", "title", "institution", _YEAR),
    "phdthesis": ("author", "title", ("school", "institution"), _YEAR),
    "mastersthesis": ("author", "title", ("school", "institution"), _YEAR),
    "thesis": ("author", "title", ("school", "institution"), _YEAR),
    "online": ("title", "url", ("author", "editor", "organization")),
    "misc": ("title",),
    "manual": ("title",),
    "booklet": ("title",),
}
"""Fields each entry type needs to be printed in the house style; a tuple means "one of".
A year may be replaced by ``pubstate = {inpress}``. ``@misc`` with a ``url`` is a web page
and needs what ``@online`` needs."""

ONLINE_ALIASES = frozenset({"online", "electronic", "www", "webpage"})
for _alias in ONLINE_ALIASES - {"online"}:
    REQUIRED_FIELDS[_alias] = REQUIRED_FIELDS["online"]

VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "urlraw"})
"""Fields that are addresses, not prose: ``~`` and ``%`` in a URL must survive."""

PERSON_FIELDS = ("author", "editor")
_MISSING_HINTS = {
    "year": "add year = {2007}, or pubstate = {inpress} for a work not yet published",
    "author": "add author = {Surname, First and Surname, First}",
    "editor": "add editor = {Surname, First}",
}


def required_fields(entry: Entry) -> tuple[str | tuple[str, ...], ...]:
    """The fields ``entry`` needs; a @misc with a url is checked as a web page."""
    if entry.type == "misc" and entry.get("url"):
        return REQUIRED_FIELDS["online"]
    return REQUIRED_FIELDS.get(entry.type, ())


# --------------------------------------------------------------------------- LaTeX -> text

_FORMAT_COMMAND = re.compile(
    r"\\(?:emph|textit|textbf|textsc|textsl|textrm|textsf|texttt|textup|textmd|textnormal"
    r"|mbox|hbox|text|url|textsuperscript|textsubscript|enquote|mkbibquote|NoCaseChange)\s*(?=\{)"
)
_FONT_SWITCH = re.compile(
    r"\\(?:em|it|bf|sc|sl|rm|sf|tt|itshape|bfseries|scshape|upshape|normalfont)(?![A-Za-z])\s*"
)
_SYMBOLS = {
    "textquoteright": "'", "textquoteleft": "'", "textquotedblleft": "\u201c",
    "textquotedblright": "\u201d", "textendash": "\u2013", "textemdash": "\u2014",
    "textellipsis": "\u2026", "ldots": "\u2026", "dots": "\u2026", "textampersand": "&",
}
_SYMBOL = re.compile(r"\\(" + "|".join(_SYMBOLS) + r")(?![A-Za-z])\s*(\{\})?")
_NEEDS_CODEC = re.compile(r"[\\~`]|--|''")
_LEFTOVER_COMMAND = re.compile(r"\\[A-Za-z]+\s*")
_LEFTOVER_ESCAPE = re.compile(r"\\(.)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_NOT_WORD = re.compile(r"[^\w\s]|_")


@functools.lru_cache(maxsize=8192)  # names and journals repeat across entries
def decode_latex(value: str) -> str:
    """Plain text of a BibTeX value: accents decoded, braces and formatting commands gone.

    Only for display; the raw value stays on :attr:`Entry.raw`. Never raises.
    """
    text = _BARE_PERCENT.sub(r"\\%", value)  # a bare % would be a LaTeX comment
    text = _FONT_SWITCH.sub("", _FORMAT_COMMAND.sub("", text))
    text = _SYMBOL.sub(lambda m: _SYMBOLS[m.group(1)], text)
    if _NEEDS_CODEC.search(text):
        try:
            text = codecs.decode(text, "ulatex")
        except Exception:  # latexcodec rejects some stray backslashes; clean up below
            pass
    text = _LEFTOVER_ESCAPE.sub(r"\1", _LEFTOVER_COMMAND.sub("", text)).replace("\\", "")
    text = _CONTROL.sub("", text.replace("{", "").replace("}", "").replace("\xa0", " "))
    return " ".join(text.split())


def _verbatim(value: str) -> str:
    """An address as written, minus TeX escapes (``\\_``) and any ``\\url{...}`` wrapper."""
    text = re.sub(r"^\s*\\url\s*\{(.*)\}\s*$", r"\1", value, flags=re.S)
    text = re.sub(r"\\([_%&#$~])", r"\1", text)
    return _CONTROL.sub("", "".join(text.split()))


def fold(text: str) -> str:
    """Accent- and case-insensitive form for sorting and comparing ("Engeström" -> "engestrom")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_FOLD_LETTERS)
    return " ".join(_NOT_WORD.sub("", text).split())


_FOLD_LETTERS = str.maketrans(  # letters NFKD does not split into base + accent
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th", "ð": "d"}
)


# --------------------------------------------------------------------------- addresses

_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.I)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(doi: str) -> str:
    """A DOI without its resolver prefix ("https://doi.org/10.1/x" -> "10.1/x")."""
    return _DOI_PREFIX.sub("", doi).strip()


def is_doi(doi: str) -> bool:
    """True when ``doi`` (normalised) has the shape 10.NNNN/suffix and may become a link."""
    return bool(_DOI.match(normalise_doi(doi)))


def is_http_url(url: str) -> bool:
    """True only for absolute http(s) addresses: the only ones the site turns into links."""
    text = url.strip()
    if not text or re.search(r"[\s\x00-\x1f\x7f\\\"<>`]", text):  # not valid in a URL anyway
        return False
    scheme, _, rest = text.partition("://")
    return scheme.lower() in ("http", "https") and bool(rest) and rest[0] not in "/?#"


# --------------------------------------------------------------------------- pre-scan


@dataclass
class _Chunk:
    """The source of one ``@...`` block, cut out before pybtex sees it."""

    start: int
    end: int
    line: int
    type: str
    key: str
    closed: bool
    open_line: int = 0
    open_field: str = ""


class _Lines:
    """Position -> 1-based line, by binary search over line starts."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)


_NAME = r"[A-Za-z_][^\s{}()\",=#%'@]*"
_HEAD = re.compile(r"@\s*(" + _NAME + r")\s*([{(])\s*([^\s,{}()]*)")
_NEXT_ENTRY = re.compile(r"[ \t]*@[ \t]*" + _NAME + r"[ \t]*[{(]")
_SPECIAL = re.compile(r"[{}()\"\n]")
_FIELD_START = re.compile(r"[ \t]*[A-Za-z][\w.:-]*[ \t]*=")
_FIELD_REACH = 300   # how far back from an unclosed value its field's name is looked for: one short search each
_FIELD_BEFORE = re.compile(r"(?<![\w.:-])([A-Za-z][\w.:-]*+)\s*+=\s*(?:[^=]*#\s*)?$")


def _scan(text: str, lines: _Lines) -> tuple[list[_Chunk], list[tuple[int, str]]]:
    """Cut the file into entries and report the text that stands outside any entry."""
    chunks: list[_Chunk] = []
    stray: list[list] = []  # [first line, last line, first text]
    pos, end = 0, len(text)
    while pos < end:
        if text[pos].isspace():
            pos += 1
        elif text[pos] == "%":
            pos = _end_of_line(text, pos)
        elif text[pos] == "@" and (head := _HEAD.match(text, pos)):
            chunks.append(_read_entry(text, head, lines))
            pos = chunks[-1].end
        else:
            eol = _end_of_line(text, pos)
            _add_stray(stray, lines(pos), text[pos:eol].strip(), chunks)
            pos = eol
    return chunks, [(first, _stray_message(first, last, snippet)) for first, last, snippet in stray]


def _end_of_line(text: str, pos: int) -> int:
    eol = text.find("\n", pos)
    return len(text) if eol < 0 else eol


def _add_stray(stray: list[list], line: int, snippet: str, chunks: list[_Chunk]) -> None:
    """Merge consecutive stray lines into one report, unless an entry came between."""
    after_entry = chunks and stray and chunks[-1].line > stray[-1][1]
    if stray and stray[-1][1] == line - 1 and not after_entry:
        stray[-1][1] = line
    else:
        stray.append([line, line, snippet])


def _stray_message(first: int, last: int, snippet: str) -> str:
    shown = snippet if len(snippet) <= 40 else snippet[:37] + "..."
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    if shown.startswith("@"):
        return (f"syntax error: '{shown}' on {where} starts an entry but no '{{' follows the "
                "type; write @type{key, field = {value}, ...}")
    return (f"syntax error: text outside any entry on {where}: '{shown}'. BibTeX ignores it. "
            "If it belongs to the entry above, a '}' closes that entry too early; "
            "if it is a remark, begin the line with %")


def _read_entry(text: str, head: re.Match, lines: _Lines) -> _Chunk:
    """Find where the entry opened by ``head`` closes, or that it never does."""
    closer = "}" if head.group(2) == "{" else ")"
    chunk = _Chunk(head.start(), len(text), lines(head.start()), head.group(1), head.group(3), False)
    stack: list[int] = []
    quote = suspect = -1  # suspect: a value brace still open when a line starts "name ="
    for m in _SPECIAL.finditer(text, head.end(2)):
        ch, pos = m.group(), m.start()
        if ch == "\n" and _NEXT_ENTRY.match(text, pos + 1):
            return _unclosed(text, chunk, stack or [suspect], quote, pos + 1, lines)
        if ch == "\n" and stack and suspect < 0 and _FIELD_START.match(text, pos + 1):
            suspect = stack[0]
        elif ch == '"' and not stack:
            quote = -1 if quote >= 0 else pos
        elif ch == "{":
            stack.append(pos)
        elif ch == "}" and stack:
            stack.pop()
        elif ch == closer and not stack and quote < 0:
            chunk.end, chunk.closed = pos + 1, True
            return chunk
    return _unclosed(text, chunk, stack or [suspect], quote, len(text), lines)


def _unclosed(text: str, chunk: _Chunk, stack: list[int], quote: int, stop: int, lines: _Lines) -> _Chunk:
    """Record where the unclosed brace or quote opened, and the field it belongs to."""
    opened = stack[0] if stack[0] >= 0 else quote
    chunk.end = stop
    chunk.open_line = lines(opened) if opened >= 0 else chunk.line
    if opened >= 0:
        before = _FIELD_BEFORE.search(text, max(chunk.start, opened - _FIELD_REACH), opened)
        chunk.open_field = before.group(1).lower() if before else ""
    return chunk


def _unclosed_message(chunk: _Chunk, stop_line: int | None) -> str:
    where = f"before line {stop_line}" if stop_line else "before the end of the file"
    name = f"entry '{chunk.key}'" if chunk.key else f"the @{chunk.type} entry"
    if chunk.open_field:
        return (f"syntax error in {name}: the value of field '{chunk.open_field}' opened on line "
                f"{chunk.open_line} is never closed; add the missing '}}' or '\"' {where}. "
                "The entry is skipped until then")
    if chunk.open_line != chunk.line:
        return (f"syntax error in {name}: a brace or quote opened on line {chunk.open_line} is "
                f"never closed; close it {where}. The entry is skipped until then")
    return (f"syntax error in {name}: the entry is never closed; add '}}' after its last field, "
            f"{where}. The entry is skipped until then")


# --------------------------------------------------------------------------- per-entry parse


@dataclass
class _RawEntry:
    type: str
    key: str
    line: int
    fields: list[tuple[str, str, int]]


class _EntryParser(LowLevelParser):
    """pybtex's low-level parser, remembering each field's line and undefined macros."""

    def __init__(self, text: str, line: int, macros: CaseInsensitiveDict) -> None:
        super().__init__(text, macros=macros)
        self.lineno = line
        self.field_lines: list[tuple[str, int]] = []
        self.undefined: list[tuple[int, str, str]] = []

    def handle_error(self, error: Exception) -> None:
        raise error

    def parse_entry_body(self, body_end) -> None:  # noqa: ANN001 (pybtex's Literal)
        """As pybtex, but a comma must follow the key: pybtex quietly accepts "@a{key title = ...}"."""
        key_pattern = self.KEY_PAREN if body_end == self.RPAREN else self.KEY_BRACE
        self.current_entry_key = self.required([key_pattern]).value
        if self.optional([self.COMMA]):
            self.parse_entry_fields()

    def parse_field(self) -> None:
        name = self.optional([self.NAME])
        if not name:
            return
        self.current_field_name = name.value
        self.field_lines.append((name.value, self.lineno))
        self.required([self.EQUALS])
        self.parse_value()

    def substitute_macro(self, name: str) -> str:
        try:
            return self.macros[name]
        except KeyError:
            self.undefined.append((self.lineno, self.current_field_name or "", name))
            return name  # shown as written, so the error is visible on the page too


class _SyntaxProblem(Exception):
    """One entry's syntax error, already phrased for the editor."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _parse_chunk(
    text: str, chunk: _Chunk, macros: CaseInsensitiveDict, path: str
) -> tuple[_RawEntry | None, list[Diagnostic]]:
    """Parse one entry (None for @string, @preamble, @comment); raises _SyntaxProblem."""
    if chunk.type.lower() == "comment":  # pybtex would rescan its body for '@'
        return None, []
    parser = _EntryParser(text[chunk.start:chunk.end], chunk.line, macros)
    try:
        result = next(iter(parser), None)
    except PybtexSyntaxError as exc:
        raise _SyntaxProblem(error(path, exc.lineno, _syntax_message(exc, parser, chunk))) from None
    diagnostics = [_undefined_macro(path, *found) for found in parser.undefined]
    if result is None or result[0].lower() in ("string", "preamble"):
        return None, diagnostics
    key, fields = result[1]
    values = ["".join(parts) for _, parts in fields]
    lines = [line for _, line in parser.field_lines]
    triples = [(name, " ".join(value.split()), line) for (name, _), value, line in zip(fields, values, lines)]
    return _RawEntry(result[0].lower(), key, chunk.line, triples), diagnostics


def _undefined_macro(path: str, line: int, field_name: str, name: str) -> Diagnostic:
    return error(path, line, f"field '{field_name}' uses '{name}', which is not a defined @string "
                 f"macro, so the word itself is shown: put the text in braces, {field_name} = {{{name}}}, "
                 f"or define @string{{{name} = {{...}}}} before this entry")


def _syntax_message(exc: PybtexSyntaxError, parser: _EntryParser, chunk: _Chunk) -> str:
    """Turn pybtex's terse message into what is wrong and what to type."""
    key = parser.current_entry_key or chunk.key
    name = f"entry '{key}'" if key else f"the @{chunk.type} entry"
    field_name = parser.current_field_name or ""
    last = parser.field_lines[-1][0] if parser.field_lines else ""
    rest = parser.text[parser.pos:].lstrip()
    following = re.match(r"[A-Za-z][\w.:-]*", rest)
    said = str(exc.args[0]) if exc.args else str(exc)
    if isinstance(exc, PrematureEOF):
        what = "the entry ends inside a value; close the braces or quotes of the last field"
    elif "'='" in said:
        what = f"field '{field_name}' has no '=' after its name; write {field_name} = {{...}}"
    elif "field value" in said:
        what = f"field '{field_name}' has no value after '='; write {field_name} = {{...}}"
    elif "entry key" in said:
        what = "the entry has no key; write @type{key, field = {value}, ...}"
    elif "unbalanced" in said:
        what = f"field '{field_name}' has a '}}' without a matching '{{'; balance its braces"
    elif said.endswith("expected") and following and not parser.field_lines:
        what = f"a ',' is missing after the key '{parser.current_entry_key}' (before '{following.group()}')"
    elif said.endswith("expected") and following:
        what = f"a ',' is missing between field '{last}' and field '{following.group()}'"
    elif said.endswith("expected") and (rest[:1] in ('{', '"') or rest[:1].isdigit()):
        what = (f"field '{last}' has a second value; join the parts with # "
                "or put all the text in one pair of braces")
    else:
        what = f"{said} (found '{rest[:1]}'); check the punctuation after field '{last or field_name}'"
    return f"syntax error in {name}: {what}. The entry is skipped"


# --------------------------------------------------------------------------- building entries


def _build_entry(raw: _RawEntry, path: str) -> tuple[Entry, list[Diagnostic]]:
    """Decode the fields, parse the names, keep the first of a repeated field."""
    diagnostics: list[Diagnostic] = []
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    for name, value, line in raw.fields:
        lname = name.lower()
        if lname in lines:
            diagnostics.append(warning(path, line, f"entry '{raw.key}' gives field '{lname}' twice (lines "
                                       f"{lines[lname]} and {line}); only the first is used: delete one"))
            continue
        values[lname], lines[lname] = value, line
    plain = {n: _verbatim(v) if n in VERBATIM_FIELDS else decode_latex(v) for n, v in values.items()}
    people = {}
    for role in PERSON_FIELDS:
        people[role], found = _persons(values.get(role, ""), path, lines.get(role, raw.line), raw.key)
        diagnostics += found
    entry = Entry(raw.key, raw.type, MappingProxyType(plain), people["author"], people["editor"],
                  raw.line, MappingProxyType(values), MappingProxyType(lines))
    return entry, diagnostics


_LINEAGE = re.compile(r"(?:Jr|Sr|Jnr|Snr|[IVX]+)\.?", re.I)


def _persons(value: str, path: str, line: int, key: str) -> tuple[tuple[Person, ...], list[Diagnostic]]:
    """Split an ``and``-list of names; a badly written name is a warning, never a crash.

    The checks run on every call (not inside the cached :func:`_person`), so a rebuild
    under ``mkdocs serve`` reports the same problems again.
    """
    if not value.strip():
        return (), []
    diagnostics: list[Diagnostic] = []
    people: list[Person] = []
    for name in split_name_list(value):
        parts = split_tex_string(name, ",")
        if len(parts) > 3 or (len(parts) == 3 and not _LINEAGE.fullmatch(parts[1].strip())):
            diagnostics.append(warning(path, line, f"entry '{key}': the name '{name}' has too many commas; "
                                       "separate names with ' and ', each written 'Surname, First'"))
        try:
            people.append(_person(name))
        except Exception:
            diagnostics.append(warning(path, line, f"entry '{key}': cannot read the name '{name}'; "
                                       "write names as 'Surname, First' joined by ' and '"))
    return tuple(people), diagnostics


def _person(name: str) -> Person:
    """A name split as pybtex splits it, decoded; ``{HM Treasury}`` is one corporate name."""
    if _is_braced_group(name.strip()):
        return Person(last=decode_latex(name), corporate=True)
    return names.split(name, decode_latex)


def _is_braced_group(text: str) -> bool:
    """True when one pair of braces encloses the whole text."""
    if not text.startswith("{"):
        return False
    depth = 0
    for index, ch in enumerate(text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return index == len(text) - 1
    return False


# --------------------------------------------------------------------------- checks


def _check_entry(entry: Entry, path: str) -> list[Diagnostic]:
    """Everything that can be wrong with one entry on its own."""
    return (_check_type(entry, path) + _check_required(entry, path) + _check_year(entry, path)
            + _check_url(entry, path) + _check_doi(entry, path) + _check_key(entry, path)
            + _check_crossref(entry, path))


def _check_type(entry: Entry, path: str) -> list[Diagnostic]:
    if entry.type in REQUIRED_FIELDS:
        return []
    known = ", ".join(sorted(t for t in REQUIRED_FIELDS if t not in ONLINE_ALIASES - {"online"}))
    return [warning(path, entry.line, f"entry '{entry.key}' has the unknown type '@{entry.type}'; it "
                    f"will be shown like @misc. Use one of: {known}")]


def _check_required(entry: Entry, path: str) -> list[Diagnostic]:
    problems = []
    for need in required_fields(entry):
        names = (need,) if isinstance(need, str) else need
        if any(entry.get(name).strip() for name in names):
            continue
        what = " or ".join(n for n in names if n != "pubstate" and n != "date") or names[0]
        hint = _MISSING_HINTS.get(names[0], f"add {names[0]} = {{...}}")
        typo = _misspelt(entry, names)
        problems.append(error(path, entry.line, f"entry '{entry.key}' (@{entry.type}) has no {what}, which "
                              f"the house style needs: {hint}{typo}"))
    return problems


_KNOWN_FIELDS = frozenset(
    name for needs in REQUIRED_FIELDS.values() for need in needs
    for name in ((need,) if isinstance(need, str) else need)
)


def _misspelt(entry: Entry, names: tuple[str, ...]) -> str:
    """A hint when the entry has a field close to a missing one ("jounal")."""
    unknown = [f for f in entry.fields if f not in _KNOWN_FIELDS]
    for name in names:
        close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.75)
        if close:
            return f" (is '{close[0]}' on line {entry.line_of(close[0])} a misspelling of '{name}'?)"
    return ""


_IN_PRESS_WORDS = re.compile(r"press|forthcoming|submitted|print", re.I)


def _check_year(entry: Entry, path: str) -> list[Diagnostic]:
    problems = []
    year = entry.get("year")
    if year and not re.fullmatch(r"\d{4}", year):
        hint = ("leave year out and write pubstate = {inpress}" if _IN_PRESS_WORDS.search(year)
                else "write four digits, e.g. year = {2007}")
        problems.append(warning(path, entry.line_of("year"), f"entry '{entry.key}': year '{year}' is not "
                                f"a four-digit year; {hint}"))
    date = entry.get("date")
    if date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?(/.*)?", date):
        problems.append(warning(path, entry.line_of("date"), f"entry '{entry.key}': date '{date}' is not "
                                "written YYYY, YYYY-MM or YYYY-MM-DD; write e.g. date = {2007-03}"))
    return problems


def _check_url(entry: Entry, path: str) -> list[Diagnostic]:
    url = entry.get("url")
    if not url or is_http_url(url):
        return []
    return [warning(path, entry.line_of("url"), f"entry '{entry.key}': url '{url[:80]}' is not a plain http(s) "
                    "address, so it will be shown as text, not linked; write the full https://... address")]


def _check_doi(entry: Entry, path: str) -> list[Diagnostic]:
    doi = entry.get("doi")
    if not doi or is_doi(doi):
        return []
    return [warning(path, entry.line_of("doi"), f"entry '{entry.key}': doi '{doi[:80]}' does not look like "
                    "a DOI (10.NNNN/...), so it will be shown as text, not linked; "
                    "write e.g. doi = {10.1080/13639080020028747}")]


def _check_key(entry: Entry, path: str) -> list[Diagnostic]:
    deceptive = lookalike.problem(entry.key)
    if deceptive:
        return [warning(path, entry.line, f"key '{lookalike.visible(entry.key)}' {deceptive}")]
    if cite_parse.is_citable(entry.key):
        return []
    return [error(path, entry.line, f"key '{entry.key}' cannot be cited as [@{entry.key}] in Markdown; "
                  "rename it to letters and digits, with - _ : . only inside the key (e.g. smith2001)")]


def _check_crossref(entry: Entry, path: str) -> list[Diagnostic]:
    if not entry.get("crossref"):
        return []
    return [warning(path, entry.line_of("crossref"), f"entry '{entry.key}': crossref is not followed by this "
                    "site; copy the fields it needs (booktitle, editor, publisher, address, year) into the entry")]


def _near_duplicates(entries: list[Entry], path: str) -> list[Diagnostic]:
    """One work under two keys: same DOI, or same title (letters and digits) and year."""
    seen: dict[tuple[str, str], Entry] = {}
    problems = []
    for entry in entries:
        for kind, value in _identities(entry):
            first = seen.setdefault((kind, value), entry)
            if first is not entry:
                problems.append(warning(path, entry.line, f"entries '{first.key}' (line {first.line}) and "
                                        f"'{entry.key}' (line {entry.line}) have the same {kind}; if they are "
                                        "one work, keep one entry and cite its key from both papers"))
                break
    return problems


def _identities(entry: Entry) -> list[tuple[str, str]]:
    found = []
    if is_doi(entry.get("doi")):
        found.append(("DOI", normalise_doi(entry.get("doi")).casefold()))
    title = re.sub(r"[\W_]", "", fold(entry.get("title")))
    year = entry.get("year") or entry.get("date")[:4] or entry.get("pubstate")
    if title:
        found.append(("title and year", f"{title}|{year}"))
    return found


# --------------------------------------------------------------------------- entry points


def parse_library(text: str, path: str = "bibliography.bib") -> tuple[Library, list[Diagnostic]]:
    """Parse a whole .bib text; never raises. Diagnostics come sorted by line."""
    try:
        library, diagnostics = _parse(text, path)
    except Exception as exc:  # the safety net: a build must not die on an editor's file
        library = Library(path)
        diagnostics = [error(path, None, f"could not read the library ({type(exc).__name__}: {exc}); "
                             "please report this together with the file")]
    return library, sorted(diagnostics, key=lambda d: d.line or 0)


def _parse(text: str, path: str) -> tuple[Library, list[Diagnostic]]:
    """Pre-scan, parse entry by entry (macros carry over in file order), then check the whole."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    library = Library(path)
    lines = _Lines(text)
    chunks, stray = _scan(text, lines)
    diagnostics = [error(path, line, message) for line, message in stray]
    macros = CaseInsensitiveDict(month_names)
    for chunk in chunks:
        diagnostics += _load_chunk(library, text, chunk, macros, lines)
    diagnostics += _near_duplicates(list(library), path)
    if not library.entries and not any(d.level == "error" for d in diagnostics):
        diagnostics.append(info(path, None, f"{path} holds no entries yet; citations will not resolve"))
    return library, diagnostics


def _load_chunk(
    library: Library, text: str, chunk: _Chunk, macros: CaseInsensitiveDict, lines: _Lines
) -> list[Diagnostic]:
    """Add one pre-scanned block to the library, or record why it could not be."""
    path = library.path
    if not chunk.closed:
        stop = lines(chunk.end) if chunk.end < len(text) else None
        _mark_broken(library, chunk.key, chunk.line)
        return [error(path, chunk.open_line, _unclosed_message(chunk, stop))]
    try:
        raw, diagnostics = _parse_chunk(text, chunk, macros, path)
    except _SyntaxProblem as problem:
        _mark_broken(library, chunk.key, chunk.line)
        return [problem.diagnostic]
    return diagnostics + (_add_entry(library, raw, path) if raw is not None else [])


def _mark_broken(library: Library, key: str, line: int) -> None:
    if key:
        library.broken.setdefault(key.casefold(), line)


def _add_entry(library: Library, raw: _RawEntry, path: str) -> list[Diagnostic]:
    """Add one parsed entry unless its key (in any case) is taken; then check it."""
    entry, diagnostics = _build_entry(raw, path)
    first = library.entries.get(entry.key.casefold())
    if first is not None:
        case = "" if first.key == entry.key else " (keys ignore case in BibTeX)"
        return diagnostics + [error(path, entry.line, f"key '{entry.key}' on line {entry.line} repeats key "
                                    f"'{first.key}' from line {first.line}{case}; rename or delete one. "
                                    "This second entry is ignored")]
    library.entries[entry.key.casefold()] = entry
    return diagnostics + _check_entry(entry, path)


def load_library(path: pathlib.Path, display_path: str,
                 root: pathlib.Path | None = None) -> tuple[Library, list[Diagnostic]]:
    """Read and parse a .bib file; an unreadable or non-UTF-8 file is an error, not an exception.

    The file must be a regular file inside ``root`` (its own folder by default), never a link:
    see :mod:`hooks.sources`; a refused file is not read, so nothing of a link's target is shown.
    """
    path = pathlib.Path(path)
    try:
        data = sources.read_bytes(path, root or path.parent, sources.MAX_LIBRARY_BYTES)
    except sources.Refused as exc:
        return Library(display_path), [error(display_path, None, str(exc))]
    except FileNotFoundError:
        return Library(display_path), [error(display_path, None, "the bibliography file does not exist; "
                                             "create it or fix its path in the site configuration")]
    except OSError as exc:
        return Library(display_path), [error(display_path, None, f"cannot read the bibliography file: "
                                             f"{exc.strerror or exc}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Library(display_path), [error(display_path, line, f"the file is not UTF-8 (byte "
                                             f"{exc.object[exc.start]:#04x} at line {line}); save it as UTF-8")]
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        return Library(display_path), [error(display_path, line, "the file holds a NUL byte (U+0000) on this line, "
                                             "so it is not a text file; delete the character or save the file again "
                                             "as plain UTF-8 text")]
    library, problems = parse_library(text, display_path)
    library.source = data
    return library, problems
