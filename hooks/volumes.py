"""Volumes and papers: read ``papers/<volume>/`` once per build into a validated model.

Each volume folder holds ``volume.yml`` and one Markdown file per paper whose YAML
front matter follows :data:`PAPER_SCHEMA`. Nothing here knows MkDocs.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from hooks import isbn as isbn_check
from hooks import names, orcid, schema, sources, yamlsafe
from hooks.diagnostics import Diagnostic, error, info, warning
from hooks.schema import Field
from hooks.yamlsafe import LineDict, LineList

T = TypeVar("T")

PAPER_SCHEMA: tuple[Field, ...] = (
    Field("title", str, True, "the paper's title as printed", "Research directions in leading and managing collaborative practice"),
    Field("authors", list, True, "a list of authors, each with name and affiliation",
          [{"name": "Deirdre Martin", "affiliation": "School of Education, University of Birmingham"}]),
    Field("volume", str, False, "the volume folder's name; must match the folder the file is in", "seminar-3"),
    Field("year", int, False, "year of publication; defaults to the volume's year", 2007),
    Field("order", int, False, "position in the volume's table of contents (0 first); every paper but the "
          "introduction needs its own", 1),
    Field("kind", str, False, "'paper' (default) or 'introduction'", "paper"),
    Field("copyright", str, False, "the copyright line as printed", "© 2007 Deirdre Martin"),
    Field("abstract", str, False, "the abstract, where the paper has one", "This paper explores ..."),
    Field("keywords", list, False, "keywords for search engines and citation managers", ["multiagency working"]),
    Field("nocite", list, False, "keys of works to list in the references although the text never cites them", []),
    Field("pages", str, False, "page or page range in the printed volume", "5-12"),
    Field("concept_links", bool, False, "false keeps the paper from linking glossary concepts; true by default", False),
)

AUTHOR_SCHEMA: tuple[Field, ...] = (
    Field("name", str, False, "the full name, given name first (or write family and given)", "René van der Veer"),
    Field("family", str, False, "the family name with any particle, instead of name", "Ó Dálaigh"),
    Field("given", str, False, "the given names or initials, with family", "Anne-Marie"),
    Field("affiliation", str, False, "institution, as printed", "University of Birmingham"),
    Field("role", str, False, "e.g. 'Editor'", "Editor"),
    Field("orcid", str, False, "the person's ORCID iD; the check digit is verified", "0000-0002-1825-0097"),
)

VOLUME_SCHEMA: tuple[Field, ...] = (
    Field("title", str, True, "the volume's title", "Leading and Managing Collaborative Practice: the Research"),
    Field("subtitle", str, False, "e.g. 'ESRC Seminar 3 Proceedings'", "ESRC Seminar 3 Proceedings"),
    Field("series", str, False, "the seminar series the volume belongs to", "Service integration in schools: ..."),
    Field("universities", list, False, "universities behind the series", ["University of Aberdeen"]),
    Field("institution", str, False, "the publishing school or department", "School of Education, University of Aberdeen"),
    Field("report_series", str, False, "the publisher's report series", "Research Papers"),
    Field("number", int, False, "number in the report series", 16),
    Field("date", str, True, "year and month of publication, YYYY-MM", "2007-10"),
    Field("seminar", dict, False, "the seminar: number and where/when it was held", {"number": 3, "held": "University of Birmingham, January 2007"}),
    Field("editors", list, True, "a list of editors, each with name and affiliation", [{"name": "Joan Forbes", "affiliation": "University of Aberdeen"}]),
    Field("isbn", str, False, "ISBN-10 or ISBN-13; the check digit is verified", "1-903714-16-8"),
    Field("isbn13", str, False, "ISBN-13 when isbn is an ISBN-10", "978-1-903714-16-4"),
    Field("publisher", str, True, "publisher's name", "School of Education, University of Aberdeen"),
    Field("place", str, False, "place of publication", "Aberdeen"),
    Field("published_by", str, False, "the publisher line as printed", "Published by ..."),
    Field("printed_by", str, False, "the printer line as printed", "Printed by ..."),
    Field("order", int, False, "position of the volume in the series (navigation order); each volume its own", 3),
    Field("introduction", str, False, "file name of the editor's introduction in this folder", "introduction.md"),
    Field("earlier_proceedings", list, False, "earlier volumes of the series, as printed", []),
    Field("copyright", str, False, "the copyright line in the footer of the volume's pages",
          "Papers © their authors, 2007. Published by the School of Education, University of Aberdeen."),
)

PAGES = re.compile(r"\s*(\w+)\s*(?:[-\u2010-\u2015]+\s*(\w+)\s*)?")  # "5-12", "5 – 12", "v-xii", "7"
MONTH = re.compile(r"(\d{4})-(\d{2})")

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^|\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class Person:
    name: str                      # as readers see it, given name first: "René van der Veer"
    affiliation: str = ""
    role: str = ""
    parts: names.Name | None = None  # the split of the name; read from ``name`` when not given
    orcid: str = ""                  # canonical bare iD, "0000-0002-1825-0097", checked

    def __post_init__(self) -> None:
        if self.parts is None:
            object.__setattr__(self, "parts", names.parse(self.name))

    @property
    def given(self) -> str:
        return names.given(self.parts)

    @property
    def family(self) -> str:
        """The family name with its particle: "van der Veer"."""
        return self.parts.surname

    @property
    def initials(self) -> str:
        """"A.-M." for Anne-Marie, as the house style prints given names."""
        return self.parts.initials


@dataclass(frozen=True)
class Paper:
    volume_id: str
    slug: str
    path: str               # as shown to editors, e.g. papers/seminar-3/martin.md
    title: str
    authors: tuple[Person, ...]
    body: str
    body_line: int          # line of the file on which the body starts
    year: int | None = None
    order: int | None = None    # None when the front matter has none
    kind: str = "paper"
    copyright: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    nocite: tuple[str, ...] = ()
    nocite_lines: tuple[int, ...] = ()
    pages: str = ""
    title_line: int = 0
    order_line: int = 0
    concept_links: bool = True  # False: the editor keeps the paper from linking glossary concepts

    @property
    def page_range(self) -> tuple[str, str]:
        """('5', '12') from pages '5-12' (any dash); ('5', '') for one page."""
        m = PAGES.fullmatch(self.pages)
        return (m.group(1), m.group(2) or "") if m else ("", "")

    @property
    def src_uri(self) -> str:
        """Where the paper sits among the site's pages."""
        return f"{self.volume_id}/{self.slug}.md"


@dataclass
class Volume:
    id: str
    path: str
    title: str
    date: str
    publisher: str
    editors: tuple[Person, ...]
    meta: dict = field(default_factory=dict)
    papers: list[Paper] = field(default_factory=list)
    order: int = 0
    order_line: int | None = None   # None when volume.yml gives no order

    @property
    def src_uri(self) -> str:
        return f"{self.id}/index.md"

    @property
    def year(self) -> int | None:
        m = re.match(r"(\d{4})", self.date)
        return int(m.group(1)) if m else None

    @property
    def date_text(self) -> str:
        """'October 2007' from '2007-10'."""
        m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", self.date)
        if m and 1 <= int(m.group(2)) <= 12:
            return f"{calendar.month_name[int(m.group(2))]} {m.group(1)}"
        return self.date

    def get(self, name: str, default: str = "") -> str:
        return schema.text(self.meta.get(name)) or default


@dataclass
class Corpus:
    volumes: list[Volume] = field(default_factory=list)

    def papers(self) -> list[Paper]:
        return [p for v in self.volumes for p in v.papers]

    def volume(self, volume_id: str) -> Volume | None:
        return next((v for v in self.volumes if v.id == volume_id), None)


def read_text(path: Path, shown: str, root: Path, limit: int) -> tuple[str | None, list[Diagnostic]]:
    """A source file's text, or a diagnostic when it may not be read (:mod:`hooks.sources`)
    or is not UTF-8."""
    try:
        data = sources.read_bytes(path, root, limit)
        return data.decode("utf-8-sig"), []
    except sources.Refused as exc:
        return None, [error(shown, None, str(exc))]
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [error(shown, line, "is not UTF-8 text: save the file as UTF-8")]
    except OSError as exc:
        return None, [error(shown, None, f"cannot be read ({exc.strerror})")]


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, line on which the body starts).

    Blank lines before the body are dropped (MkDocs drops them too), so that line 1 of
    the Markdown MkDocs converts is ``body_line`` of the file and messages name the right line.
    """
    m = FRONT_MATTER.match(text)
    if not m:
        return None, text, 1
    body = text[m.end():]
    blank = len(body) - len(body.lstrip("\n"))
    return m.group(1), body[blank:], text[: m.end()].count("\n") + 1 + blank


def _people(value: object, path: str, line: int, what: str) -> tuple[tuple[Person, ...], list[Diagnostic]]:
    found: list[Diagnostic] = []
    people: list[Person] = []
    if not isinstance(value, list):
        return (), found
    for i, item in enumerate(value):
        item_line = value.line_of(i) if isinstance(value, LineList) else line
        if isinstance(item, str) and item.strip():
            people.append(_named(names.parse(item)))
            continue
        if not isinstance(item, LineDict):
            found.append(error(path, item_line, f"each of the {what} needs a name: write '- name: Full Name'"))
            continue
        found += schema.check(item, AUTHOR_SCHEMA, path, f"an entry of {what}")
        person, problems = _person(item, path, what)
        found += problems
        if person:
            people.append(person)
    return tuple(people), found


def _named(parts: names.Name, affiliation: str = "", role: str = "", orcid_id: str = "") -> Person:
    return Person(names.full(parts), affiliation, role, parts, orcid_id)


def _orcid(item: LineDict, path: str, what: str) -> tuple[str, list[Diagnostic]]:
    """The canonical iD of an entry, or '' with a warning when it is not a valid iD."""
    value = schema.text(item.get("orcid"))
    why = orcid.problem(value) if value else None
    if why:
        return "", [warning(path, item.line_of("orcid"), f"orcid '{value}' of an entry of {what} is not valid: {why}; "
                            "copy the iD again from the person's ORCID record, e.g. 'orcid: 0000-0002-1825-0097'")]
    return (orcid.canonical(value) or "") if value else "", []


def _person(item: LineDict, path: str, what: str) -> tuple[Person | None, list[Diagnostic]]:
    """One author or editor, written as ``name`` or as ``family`` and ``given``."""
    name, family, given = (schema.text(item.get(key)) for key in ("name", "family", "given"))
    other = "family" if family else "given"
    if name and (family or given):
        return None, [error(path, item.line_of(other), f"an entry of {what} gives both 'name' and '{other}': "
                            "keep 'name' alone, or 'family' and 'given'")]
    if given and not family:
        return None, [error(path, item.line_of("given"), f"an entry of {what} has 'given' but no 'family': "
                            "add the family name, with any particle ('family: van der Veer')")]
    if not (name or family):
        return None, [error(path, item.line, f"an entry of {what} has no 'name': add it (the full name, given "
                            "name first), or write 'family' and 'given'")]
    parts = names.parse(name) if name else names.from_parts(given, family)
    orcid_id, found = _orcid(item, path, what)
    return _named(parts, schema.text(item.get("affiliation")), schema.text(item.get("role")), orcid_id), found


def parse_paper(text: str, path: str, volume_id: str, slug: str) -> tuple[Paper | None, list[Diagnostic]]:
    """A paper from its file text, or None with the reasons it cannot be published."""
    raw, body, body_line = split_front_matter(text)
    if raw is None:
        return None, [error(path, 1, "has no front matter: start the file with '---', the title and authors, then '---'")]
    data, problems = yamlsafe.load(raw, line_offset=1)
    found = [error(path, p.line, p.message) for p in problems]
    if data is None and not problems:
        data = LineDict()
        data.line, data.key_lines = 2, {}
    if not isinstance(data, LineDict):
        if data is not None:
            found.append(error(path, 2, "front matter must be 'field: value' lines"))
        return None, found
    found += schema.check(data, PAPER_SCHEMA, path, "front matter")
    authors, more = _people(data.get("authors"), path, data.line_of("authors"), "authors")
    found += more
    declared = schema.text(data.get("volume"))
    if declared and declared != volume_id:
        found.append(error(path, data.line_of("volume"),
                           f"says volume '{declared}' but lies in papers/{volume_id}/: move the file or fix 'volume'"))
    kind = schema.text(data.get("kind")) or "paper"
    if kind not in ("paper", "introduction"):
        found.append(error(path, data.line_of("kind"), f"kind '{kind}' is unknown: use 'paper' or 'introduction'"))
    found += _check_pages(data, path)
    title = schema.text(data.get("title"))
    if not title or not authors or any(d.level == "error" for d in found):
        return None, found
    nocite = data.get("nocite") if isinstance(data.get("nocite"), LineList) else LineList()
    paper = Paper(
        volume_id=volume_id, slug=slug, path=path, title=title, authors=authors, body=body,
        body_line=body_line, year=_int(data.get("year")), order=_int(data.get("order")), kind=kind,
        copyright=schema.text(data.get("copyright")), abstract=schema.text(data.get("abstract")),
        keywords=tuple(schema.text(k) for k in data.get("keywords") or () if schema.text(k)),
        nocite=tuple(schema.text(k) for k in nocite),
        nocite_lines=tuple(nocite.line_of(i) for i in range(len(nocite))),
        pages=schema.text(data.get("pages")), title_line=data.line_of("title"), order_line=data.line_of("order"),
        concept_links=data.get("concept_links") is not False,
    )
    return paper, found


def _check_pages(data: LineDict, path: str) -> list[Diagnostic]:
    pages = schema.text(data.get("pages"))
    if pages and not PAGES.fullmatch(pages):
        return [error(path, data.line_of("pages"),
                      f"pages '{pages}' is not a page or a page range: write it as printed, e.g. pages: \"5-12\"")]
    return []


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _check_isbns(meta: LineDict, path: str) -> list[Diagnostic]:
    found = []
    for name in ("isbn", "isbn13"):
        value = schema.text(meta.get(name))
        why = isbn_check.problem(value) if value else None
        if why:
            found.append(error(path, meta.line_of(name), f"{name} '{value}' is not valid: {why}; copy it again from the printed volume"))
    ten, thirteen = schema.text(meta.get("isbn")), schema.text(meta.get("isbn13"))
    if ten and thirteen and not found and len(isbn_check.digits(ten)) == 10 \
            and isbn_check.isbn10_to_13(ten) != isbn_check.digits(thirteen):
        found.append(error(path, meta.line_of("isbn13"), f"isbn13 '{thirteen}' is not the ISBN-13 of isbn '{ten}'"))
    return found


def parse_volume(text: str, path: str, volume_id: str) -> tuple[Volume | None, list[Diagnostic]]:
    """A volume from its ``volume.yml`` text."""
    data, problems = yamlsafe.load(text)
    found = [error(path, p.line, p.message) for p in problems]
    if not isinstance(data, LineDict):
        if not problems:
            found.append(error(path, 1, "must be 'field: value' lines with at least title, date, editors and publisher"))
        return None, found
    found += schema.check(data, VOLUME_SCHEMA, path, "volume.yml")
    found += _check_date(data, path)
    found += _check_isbns(data, path)
    editors, more = _people(data.get("editors"), path, data.line_of("editors"), "editors")
    found += more
    if any(d.level == "error" for d in found):
        return None, found
    volume = Volume(id=volume_id, path=path, title=schema.text(data["title"]), date=schema.text(data["date"]),
                    publisher=schema.text(data["publisher"]), editors=editors, meta=dict(data),
                    order=_int(data.get("order")) or 0,
                    order_line=data.line_of("order") if _int(data.get("order")) is not None else None)
    return volume, found


def _check_date(data: LineDict, path: str) -> list[Diagnostic]:
    """``date`` is YYYY-MM; YAML reads 2007-10-05 as a date, whose day the volume does not print."""
    value = data.get("date")
    text = value.isoformat()[:10] if isinstance(value, datetime.date) else schema.text(value)
    m = MONTH.match(text)
    if not text or (m and len(text) == 7 and 1 <= int(m.group(2)) <= 12):
        return []
    example = f"{m.group(1)}-{m.group(2)}" if m and 1 <= int(m.group(2)) <= 12 else "2007-10"
    return [error(path, data.line_of("date"),
                  f"date '{text}' is not a year and month: use YYYY-MM, e.g. 'date: {example}'")]


def load_volume(folder: Path, root: Path) -> tuple[Volume | None, list[Diagnostic]]:
    """One ``papers/<volume>/`` folder: its volume.yml and every Markdown paper in it."""
    shown = lambda p: p.relative_to(root).as_posix()  # noqa: E731
    meta_file = folder / "volume.yml"
    if not meta_file.is_file() and not meta_file.is_symlink():
        return None, [error(shown(folder), None, "has no volume.yml: add one with title, date, editors and publisher")]
    text, found = read_text(meta_file, shown(meta_file), root, sources.MAX_YAML_BYTES)
    if text is None:
        return None, found
    volume, more = parse_volume(text, shown(meta_file), folder.name)
    found += more
    for md in sorted(folder.glob("*.md")):
        paper_text, problems = read_text(md, shown(md), root, sources.MAX_PAPER_BYTES)
        found += problems
        if paper_text is None:
            continue
        paper, problems = parse_paper(paper_text, shown(md), folder.name, md.stem)
        found += problems
        if paper and volume:
            volume.papers.append(paper)
    if volume:
        volume.papers.sort(key=lambda p: (p.kind != "introduction", p.order is None, p.order or 0, p.slug))
        found += _check_introduction(volume, meta_file, shown(meta_file))
        found += _check_orders(volume.papers) + _check_titles(volume.papers)
    return volume, found


def _repeated(items: Iterable[T], key: Callable[[T], object]) -> Iterator[tuple[T, T]]:
    """Each item whose key an earlier item already has, with that earlier item."""
    first: dict[object, T] = {}
    for item in items:
        if key(item) in first:
            yield item, first[key(item)]
        else:
            first[key(item)] = item


def _check_orders(papers: list[Paper]) -> list[Diagnostic]:
    """Every paper but the introduction has its own ``order``: the printed table of contents."""
    listed = [p for p in papers if p.kind != "introduction"]
    found = [error(p.path, p.order_line, "has no 'order': add 'order: N', the paper's place in the "
                   "printed table of contents (only the introduction needs none)") for p in listed if p.order is None]
    for p, other in _repeated((p for p in listed if p.order is not None), lambda p: p.order):
        found.append(error(p.path, p.order_line, f"order {p.order} is also the order of {other.path} (line "
                           f"{other.order_line}): give each paper of the volume its own order"))
    return found


def _check_titles(papers: list[Paper]) -> list[Diagnostic]:
    """A title given twice in a volume is most often a file copied and not yet edited."""
    return [warning(p.path, p.title_line, f"title '{p.title}' is also the title of {other.path}: "
                    "if one file is a copy of the other, delete it; otherwise correct the title")
            for p, other in _repeated(sorted(papers, key=lambda p: p.path), lambda p: " ".join(p.title.casefold().split()))]


def _check_volume_orders(volumes: list[Volume]) -> list[Diagnostic]:
    """Two volumes with one ``order`` would share a place in the navigation."""
    ordered = sorted((v for v in volumes if v.order_line is not None), key=lambda v: v.path)
    return [error(v.path, v.order_line, f"order {v.order} is also the order of {other.path} (line "
                  f"{other.order_line}): give each volume its own order, e.g. the seminar's number")
            for v, other in _repeated(ordered, lambda v: v.order)]


def _check_introduction(volume: Volume, meta_file: Path, shown: str) -> list[Diagnostic]:
    intro = volume.get("introduction")
    if intro and not any(f"{p.slug}.md" == intro for p in volume.papers):
        return [error(shown, None, f"introduction '{intro}' is not a paper in this folder: fix the file name")]
    return []


VOLUME_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


def load_corpus(papers_dir: Path, root: Path) -> tuple[Corpus, list[Diagnostic]]:
    """Every volume under ``papers_dir``, in series order."""
    corpus, found = Corpus(), []
    if not papers_dir.is_dir():
        return corpus, [info(papers_dir.name, None, "no papers folder: the site has no volumes yet")]
    refused = sources.refused(papers_dir, root, folder=True)
    if refused:
        return corpus, [refused]
    found += unpublished(papers_dir, root)
    for folder in sorted(p for p in papers_dir.iterdir() if _volume_folder(p)):
        refused = sources.refused(folder, root, folder=True)
        if refused:
            found.append(refused)
            continue
        if not VOLUME_ID.match(folder.name):
            found.append(error(folder.relative_to(root).as_posix(), None,
                               "a volume folder's name must be lower-case letters, digits and '-': rename it"))
            continue
        volume, problems = load_volume(folder, root)
        found += problems
        if volume:
            corpus.volumes.append(volume)
    corpus.volumes.sort(key=lambda v: (v.order, v.id))
    found += _check_volume_orders(corpus.volumes)
    return corpus, found


def _volume_folder(path: Path) -> bool:
    return path.is_dir() and not path.name.startswith((".", "_"))


def unpublished(papers_dir: Path, root: Path) -> list[Diagnostic]:
    """What lies in ``papers/`` but is not a volume: said aloud, as an editor may expect it published."""
    found = []
    for path in sorted(papers_dir.iterdir()):
        name = sources.shown(path, root)
        if path.is_dir() and not path.is_symlink() and path.name.startswith((".", "_")):
            found.append(info(name, None, "is not published: folders whose name starts with '.' or '_' are "
                                          "skipped; rename it (e.g. seminar-4) to publish its papers"))
        elif path.suffix == ".md" and not path.is_dir():
            found.append(warning(name, None, "is not published: a paper lies in its volume's folder, "
                                             "papers/<volume>/; move it there"))
    return found
