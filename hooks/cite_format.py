"""The printed volume's citation style, applied to the parsed library.

pybtex's formatting styles do not produce this house style (no full stop after the year,
"In S. Chaiklin (Eds.)", "(in press)" at the end), so each entry type has a small template
here, in the spirit of pybtex's ``get_<type>_template``. A template returns sentences
made of segments (plain text, italics, links); the same segments render once as HTML for
the reference list and once as plain text for the page's citation metadata
(``citation_reference``), so the two never disagree.

Safety: every field is escaped before any markup is added, and only http(s) URLs and
well-formed DOIs ever become an ``href``. Apostrophes stay literal (the printed strings
"D'Arcy", "'ICTs ...'" must come out as printed); that is safe because this module writes
every attribute in double quotes and ``"`` is always escaped.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from hooks.bibtex import ONLINE_ALIASES, Entry, Library, Person, fold, is_doi, is_http_url, normalise_doi

# --------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class _Seg:
    """A piece of a reference: plain text, italics, or a link (href already checked)."""

    text: str
    kind: str = "text"  # "text" | "em" | "link"
    href: str = ""


Sentence = list[_Seg]


def escape(text: str) -> str:
    """Escape for HTML text and double-quoted attributes: & < > and ". Apostrophes stay."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def _html(seg: _Seg) -> str:
    if seg.kind == "em":
        return f"<em>{escape(seg.text)}</em>"
    if seg.kind == "link":
        return f'<a href="{escape(seg.href)}" class="reference-link" rel="noopener">{escape(seg.text)}</a>'
    return escape(seg.text)


def _plain(segs: Sentence) -> str:
    return "".join(seg.text for seg in segs)


def _stopped(segs: Sentence) -> Sentence:
    """End a sentence with a full stop unless it already ends with . ? or !."""
    return segs if _plain(segs).rstrip().endswith((".", "?", "!")) else [*segs, _Seg(".")]


def _url(url: str) -> _Seg:
    """A link for an http(s) address; anything else (javascript:, data:, ftp:) stays text."""
    return _Seg(url, "link", url.strip()) if is_http_url(url) else _Seg(url)


def _doi(doi: str) -> _Seg:
    doi = normalise_doi(doi)
    if not is_doi(doi):
        return _Seg(doi)
    return _Seg(doi, "link", "https://doi.org/" + quote(doi, safe="/:;()._-~[]+,=@!$*'"))


# --------------------------------------------------------------------------- names


def _others(people: tuple[Person, ...]) -> tuple[list[Person], bool]:
    """Named people, and whether the list ended in BibTeX's ``and others``."""
    named = [p for p in people if not p.others]
    return named, len(named) < len(people)


def _join(names: list[str], conjunction: str = "&") -> str:
    """"A", "A & B", "A, B & C" as printed."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def _surname_first(person: Person) -> str:
    """"Engeström, Y." (reference list); "Vasilyuk" when no given name is known."""
    name = f"{person.surname}, {person.initials}" if person.initials else person.surname
    return f"{name}, {person.lineage}" if person.lineage else name


def _initials_first(person: Person) -> str:
    """"U.J. Jensen" (editors inside a chapter entry)."""
    name = f"{person.initials} {person.surname}" if person.initials else person.surname
    return f"{name} {person.lineage}" if person.lineage else name


def _name_list(people: tuple[Person, ...], form: Callable[[Person], str]) -> str:
    named, others = _others(people)
    text = _join([form(p) for p in named])
    return f"{text} et al." if others else text


# --------------------------------------------------------------------------- small field helpers


_PUBSTATE = {"inpress": "in press", "forthcoming": "forthcoming", "submitted": "submitted",
             "prepublished": "prepublished"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _pubstate(entry: Entry) -> str:
    state = entry.get("pubstate").strip()
    return _PUBSTATE.get(state.replace(" ", "").casefold(), state)


def _base_year(entry: Entry) -> str:
    """The year without a/b: the year field, else the date's year, else pubstate, else n.d."""
    found = re.search(r"\d{4}", entry.get("year")) or re.match(r"\d{4}", entry.get("date"))
    if found:
        return found.group()
    return _pubstate(entry) or entry.get("year") or "n.d."


def _pages(entry: Entry) -> str:
    """Pages with a plain hyphen, as printed ("133-156"), whatever dash the .bib uses."""
    return "-".join(part.strip() for part in re.split(r"[\u2012-\u2015-]+", entry.get("pages")))


def _place_publisher(place: str, publisher: str) -> Sentence:
    text = ": ".join(part for part in (place, publisher) if part)
    return [_Seg(text)] if text else []


def _edition(entry: Entry) -> str:
    edition = entry.get("edition")
    if edition.isdigit():
        number = int(edition)
        suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        edition = f"{edition}{suffix}"
    return f"{edition} edn" if edition else ""


def _details(entry: Entry, of_book: bool) -> str:
    """" (2nd edn, Vol. 2; Research Papers, 16)" after a book's title: edition and volume, then
    the series and the book's number in it. Only a book's ``volume`` and ``number`` are its own;
    an article's belong to its journal, a report's number is printed with its kind."""
    first = [_edition(entry)]
    series = ""
    if of_book:
        first.append(f"Vol. {entry.get('volume')}" if entry.get("volume") else "")
        number = entry.get("number")
        series = ", ".join(p for p in (entry.get("series"), number) if p)
        series = series if entry.get("series") or not number else f"No. {number}"
    groups = [", ".join(p for p in first if p), series]
    text = "; ".join(g for g in groups if g)
    return f" ({text})" if text else ""


def _date(text: str) -> str:
    """"2007-06-01" -> "1 June 2007"; anything else as written."""
    found = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not found or not 1 <= int(found.group(2)) <= 12:
        return text
    year, month, day = found.groups()
    words = f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {words}" if day else words


# --------------------------------------------------------------------------- templates
# Each returns the sentences after "Author, I. (year)". ``titled`` is False when the title
# already stands in the author position (a work with no author, editor or organisation).


def _title(entry: Entry, titled: bool, italic: bool, of_book: bool = False) -> list[Sentence]:
    if not titled or not entry.get("title"):
        return []
    title = _Seg(entry.get("title"), "em" if italic else "text")
    details = _details(entry, of_book) if italic else ""
    return [[title, _Seg(details)] if details else [title]]


def _article(entry: Entry, titled: bool) -> list[Sentence]:
    journal: Sentence = [_Seg(entry.get("journal"), "em")] if entry.get("journal") else []
    volume, number = entry.get("volume"), entry.get("number") or entry.get("issue")
    if volume:
        journal.append(_Seg(f", {volume}" + (f" ({number})" if number else "")))
    elif number:
        journal.append(_Seg(f", no. {number}"))
    if entry.get("pages"):
        journal.append(_Seg(f", {_pages(entry)}"))
    return _title(entry, titled, italic=False) + [journal]


def _book(entry: Entry, titled: bool) -> list[Sentence]:
    publisher = entry.get("publisher") or entry.get("organization")
    return _title(entry, titled, italic=True, of_book=True) + [_place_publisher(_place(entry), publisher)]


def _place(entry: Entry) -> str:
    return entry.get("address") or entry.get("location")


def _in_container(entry: Entry, titled: bool) -> list[Sentence]:
    """Chapter or paper in an edited book: "In S. Chaiklin (Ed.), *Book*, pp. 1-20."

    Pages go after the book title, before its full stop: the printed volume gives no
    chapter pages, and this keeps "Place: Publisher" the last sentence as in every type.
    """
    container: Sentence = [_Seg("In ")]
    if entry.editors:
        role = "(Eds.)" if len(entry.editors) > 1 else "(Ed.)"
        container.append(_Seg(f"{_name_list(entry.editors, _initials_first)} {role}, "))
    container += [_Seg(entry.get("booktitle"), "em"), _Seg(_details(entry, of_book=True))]
    if entry.get("pages"):
        container.append(_Seg(f", pp. {_pages(entry)}"))
    publisher = entry.get("publisher") or entry.get("organization")
    return _title(entry, titled, italic=False) + [container, _place_publisher(_place(entry), publisher)]


def _inbook(entry: Entry, titled: bool) -> list[Sentence]:
    return _in_container(entry, titled) if entry.get("booktitle") else _book(entry, titled)


def _report(entry: Entry, titled: bool) -> list[Sentence]:
    """"*Title* (Report No. 3). Place: Institution." The series label only with a number."""
    title = _title(entry, titled, italic=True)
    if entry.get("number"):
        kind = entry.get("type") or ("Technical report" if entry.type == "techreport" else "Report")
        title = [[*(title[0] if title else []), _Seg(f" ({kind} No. {entry.get('number')})")]]
    institution = entry.get("institution") or entry.get("publisher")
    return title + [_place_publisher(_place(entry), institution)]


_THESIS_KINDS = {"phdthesis": "PhD thesis", "phd": "PhD thesis", "mastersthesis": "Master's thesis",
                 "mathesis": "Master's thesis", "masters": "Master's thesis"}


def _thesis(entry: Entry, titled: bool) -> list[Sentence]:
    kind = entry.get("type") or entry.type
    kind = _THESIS_KINDS.get(kind.replace(" ", "").replace("'", "").casefold(), kind)
    kind = "Thesis" if kind == "thesis" else kind
    school = entry.get("school") or entry.get("institution")
    return _title(entry, titled, italic=True) + [[_Seg(", ".join(p for p in (kind, school) if p))]]


def _unpublished(entry: Entry, titled: bool) -> list[Sentence]:
    """A paper presented: howpublished or the note says where ("Paper presented to ... LSE,
    January 2004"); the note is added after every type's details (:meth:`HouseStyle._build`)."""
    how = [[_Seg(entry.get("howpublished"))]] if entry.get("howpublished") else []
    return _title(entry, titled, italic=True) + how


def _misc(entry: Entry, titled: bool) -> list[Sentence]:
    if entry.get("url"):
        return _online(entry, titled)
    publisher = _place_publisher(_place(entry), entry.get("publisher"))
    how = [[_Seg(entry.get("howpublished"))]] if entry.get("howpublished") else []
    return _title(entry, titled, italic=True) + ([publisher] if publisher else []) + how


def _online(entry: Entry, titled: bool) -> list[Sentence]:
    return _title(entry, titled, italic=True) + _available(entry)


def _available(entry: Entry) -> list[Sentence]:
    """"Available at: URL (accessed 1 June 2007)"; the URL is a link only if http(s)."""
    if not entry.get("url"):
        return []
    sentence = [_Seg("Available at: "), _url(entry.get("url"))]
    if entry.get("urldate"):
        sentence.append(_Seg(f" (accessed {_date(entry.get('urldate'))})"))
    return [sentence]


TEMPLATES: dict[str, Callable[[Entry, bool], list[Sentence]]] = {
    "article": _article,
    "book": _book, "collection": _book, "proceedings": _book, "manual": _book, "booklet": _misc,
    "inbook": _inbook, "incollection": _in_container, "inproceedings": _in_container,
    "conference": _in_container,
    "report": _report, "techreport": _report,
    "thesis": _thesis, "phdthesis": _thesis, "mastersthesis": _thesis,
    "unpublished": _unpublished,
    "misc": _misc, **{alias: _online for alias in ONLINE_ALIASES},
}
"""Entry type -> template; an unknown type is formatted as @misc."""

_WITH_OWN_URL = {_online, _misc}
_ITALIC_TITLE = {_book, _report, _thesis, _unpublished, _misc, _online}


# --------------------------------------------------------------------------- the style


@dataclass
class HouseStyle:
    """Formats the works of one library, once each; year labels (2007a) are fixed up front."""

    library: Library
    _labels: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    # kind -> id(entry) -> (entry, what was made): keyed by identity, as hashing an entry runs Python
    # code, and each value keeps its entry alive so that no other object can take its id.
    _memo: dict[str, dict[int, tuple[Entry, object]]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._labels = self._year_labels()

    def _year_labels(self) -> dict[str, str]:
        """Works cited alike ("Engeström, 2007") get a, b, ... in the order of the reference list:
        by title for works of the same authors (a leading A, An or The ignored), and by the
        co-authors first for works that share only the first author ("Engeström et al.")."""
        groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        for entry in self.library:
            groups[(fold(self.authors_plain(entry, narrative=False)), _base_year(entry))].append(entry)
        labels = {}
        for (_, year), entries in groups.items():
            entries.sort(key=lambda e: (_names_order(e), title_order(e.get("title")), e.key.casefold()))
            for index, entry in enumerate(entries):
                labels[entry.key.casefold()] = _with_letter(year, index) if len(entries) > 1 else year
        return labels

    # ----------------------------------------------------------- in the text

    def year(self, entry: Entry) -> str:
        """"2001", "2007a", "in press" (pubstate, no year), "n.d." (no year at all)."""
        return self._labels.get(entry.key.casefold()) or _base_year(entry)

    def authors_in_text(self, entry: Entry, narrative: bool) -> str:
        """HTML: "Engeström", "Victor &amp; Boynton" / "Victor and Boynton", "Engeström <em>et al.</em>"."""
        return self._in_text(entry, narrative, html_out=True)

    def authors_plain(self, entry: Entry, narrative: bool) -> str:
        """The same names as plain text: "Engeström et al."."""
        return self._in_text(entry, narrative, html_out=False)

    def authors_opening(self, entry: Entry) -> str:
        """Narrative names as plain text at the start of a sentence: the first author's particle
        takes a capital there ("Van der Veer and Valsiner"), and only there."""
        names = self.authors_plain(entry, narrative=True)
        named, _ = _others(entry.authors or entry.editors)
        if entry.get("shortauthor") or not named or not named[0].prelast:
            return names
        return names[:1].upper() + names[1:]

    def _in_text(self, entry: Entry, narrative: bool, html_out: bool) -> str:
        wrap = escape if html_out else str
        if entry.get("shortauthor"):
            return wrap(entry.get("shortauthor"))
        named, others = _others(entry.authors or entry.editors)
        if not named:
            return wrap(entry.get("organization") or entry.get("shorttitle") or entry.get("title"))
        if len(named) >= 3 or others:
            return wrap(named[0].surname) + (" <em>et al.</em>" if html_out else " et al.")
        conjunction = "and" if narrative else ("&amp;" if html_out else "&")
        return f" {conjunction} ".join(wrap(p.surname) for p in named)

    # ----------------------------------------------------------- in the list

    def reference_html(self, entry: Entry) -> str:
        """The full reference as printed, escaped; italics as <em>, safe links only."""
        return self._once("html", entry, self._reference_html)

    def reference_text(self, entry: Entry) -> str:
        """The same reference with no markup, for metadata (the caller escapes it)."""
        return self._once("text", entry, self._reference_text)

    def sort_key(self, entry: Entry) -> tuple:
        """First author's surname (accents ignored), initials, co-authors, then year, then title.

        Co-authors come before the year so that, as printed, "Edwards, A. (2005)" precedes
        "Edwards, A. & D'Arcy, C. (2004)".
        """
        return self._once("sort", entry, self._sort_key)

    def _once(self, kind: str, entry: Entry, make) -> object:
        """What ``make`` gives for ``entry``, made once per build: papers share the library's works."""
        memo = self._memo.get(kind)
        if memo is None:
            memo = self._memo[kind] = {}
        made = memo.get(id(entry))
        if made is None or made[0] is not entry:
            made = memo[id(entry)] = (entry, make(entry))
        return made[1]

    def _reference_html(self, entry: Entry) -> str:
        return " ".join("".join(_html(seg) for seg in sentence) for sentence in self._sentences(entry))

    def _reference_text(self, entry: Entry) -> str:
        return " ".join(_plain(sentence) for sentence in self._sentences(entry))

    def _sort_key(self, entry: Entry) -> tuple:
        label = self.year(entry)
        rank = 1 if label[:1].isdigit() else (0 if label.startswith("n.d.") else 2)
        return (*_names_order(entry), rank, label, title_order(entry.get("title")), entry.key.casefold())

    # ----------------------------------------------------------- building

    def _sentences(self, entry: Entry) -> list[Sentence]:
        """Head "Names (year)" then the type's sentences, each stopped; cached per entry."""
        return self._once("sentences", entry, self._build)

    def _build(self, entry: Entry) -> list[Sentence]:
        template = TEMPLATES.get(entry.type, _misc)
        head, titled = self._head(entry, template in _ITALIC_TITLE)
        body = [s for s in template(entry, titled) if _plain(s).strip()]
        state = _pubstate(entry)
        if state and self.year(entry)[:1].isdigit():
            body = body or [[]]
            body[-1] = [*body[-1], _Seg(f" ({state})")]
        if entry.get("note"):
            body.append([_Seg(entry.get("note"))])   # after the work's details, before its address and DOI
        if template not in _WITH_OWN_URL:
            body += _available(entry)
        sentences = [head, *(_stopped(s) for s in body)]
        if entry.get("doi"):
            sentences.append([_Seg("doi:"), _doi(entry.get("doi"))])
        return [s for s in sentences if s]

    def _head(self, entry: Entry, italic_title: bool) -> tuple[Sentence, bool]:
        """"Engeström, Y. (2001)"; editors get (Ed.)/(Eds.); with no names the title leads."""
        year = f"({self.year(entry)})"
        if entry.authors:
            return [_Seg(f"{_name_list(entry.authors, _surname_first)} {year}")], True
        if entry.editors:
            role = "(Eds.)" if len(entry.editors) > 1 else "(Ed.)"
            return [_Seg(f"{_name_list(entry.editors, _surname_first)} {role} {year}")], True
        if entry.get("organization"):
            return [_Seg(f"{entry.get('organization')} {year}")], True
        if entry.get("title"):
            return [_Seg(entry.get("title"), "em" if italic_title else "text"), _Seg(f" {year}")], False
        return [_Seg(year)], True


def _names_order(entry: Entry) -> tuple[str, str, tuple[str, ...]]:
    """First author's surname as it sorts ("van der Veer" under V, accents ignored), initials,
    then the co-authors; a work with no names sorts by its organisation or title."""
    named, _ = _others(entry.authors or entry.editors)
    if not named:
        return fold(entry.get("organization") or entry.get("title")), "", ()
    rest = tuple(f"{fold(p.surname)} {fold(p.initials)}" for p in named[1:])
    return fold(named[0].surname), fold(named[0].initials), rest


_ARTICLE = re.compile(r"\A(?:a|an|the)\s+")


def title_order(title: str) -> str:
    """A title as it sorts: accents and case ignored, and a leading "A", "An" or "The"."""
    return _ARTICLE.sub("", fold(title))


def _with_letter(year: str, index: int) -> str:
    """"2007" -> "2007a"; a label that is not a year gets a hyphen: "n.d.-a", "in press-b"."""
    return year + letters(index) if year[:1].isdigit() else f"{year}-{letters(index)}"


def letters(index: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa", 702 -> "aaa": year suffixes and back-link labels never run out."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text
