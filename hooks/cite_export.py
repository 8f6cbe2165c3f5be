"""'Cite this paper' and 'Cite this volume': the house-style reference, BibTeX and RIS.

Editors never write these by hand: they follow from the volume and paper metadata.
"""

from __future__ import annotations

import re
import unicodedata

from hooks import names
from hooks.html_util import esc
from hooks.paper_pages import report_label
from hooks.volumes import Paper, Person, Volume

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def house_names(people: tuple[Person, ...], initials_first: bool = False) -> str:
    """'Martin, D.' / 'Warmington, P., Daniels, H. & Edwards, A.'; editors as 'J. Forbes'."""
    def one(p: Person) -> str:
        return f"{p.initials} {p.family}".strip() if initials_first else f"{p.family}, {p.initials}".rstrip(", ")
    parts = [one(p) for p in people]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " & " + parts[-1] if parts else ""


def volume_title(volume: Volume) -> str:
    sub = volume.get("subtitle")
    return f"{volume.title}. {sub}" if sub else volume.title


def _publication(volume: Volume, pages: str = "") -> str:
    """' (Research Paper 16), pp. 5-12. Aberdeen: Publisher.': pages before the full stop, as in the bibliography."""
    report = report_label(volume)
    place = volume.get("place")
    return (f" ({report})" if report else "") + pages + f". {place + ': ' if place else ''}{volume.publisher}."


def house_pages(paper: Paper) -> str:
    """', pp. 5-12' or ', p. 7' with a plain hyphen, as the house style prints pages."""
    first, last = paper.page_range
    return f", pp. {first}-{last}" if last else f", p. {first}" if first else ""


def paper_reference_html(paper: Paper, volume: Volume) -> str:
    eds = "(Ed.)" if len(volume.editors) == 1 else "(Eds.)"
    year = paper.year or volume.year or "n.d."
    return (f"{esc(house_names(paper.authors))} ({esc(year)}) {esc(paper.title)}. "
            f"In {esc(house_names(volume.editors, initials_first=True))} {eds}, "
            f"<em>{esc(volume_title(volume))}</em>{esc(_publication(volume, house_pages(paper)))}")


def volume_reference_html(volume: Volume) -> str:
    eds = "(Ed.)" if len(volume.editors) == 1 else "(Eds.)"
    return (f"{esc(house_names(volume.editors))} {eds} ({esc(volume.year or 'n.d.')}) "
            f"<em>{esc(volume_title(volume))}</em>{esc(_publication(volume))}")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def citation_key(people: tuple[Person, ...], year: int | None, title: str) -> str:
    surname = re.sub(r"\W", "", _ascii(people[0].family)) if people else "anon"
    word = next((w for w in re.findall(r"[a-z]+", _ascii(title)) if len(w) > 3), "")
    return f"{surname}{year or ''}{word}"


def bibtex_escape(value: str) -> str:
    """Text safe inside a braced BibTeX field."""
    value = " ".join(str(value).split())
    value = re.sub(r"([&%$#_])", r"\\\1", value.replace("\\", "\\textbackslash{}"))
    return value.replace("{", "\\{").replace("}", "\\}").replace("\\textbackslash\\{\\}", "\\textbackslash{}")


def bib_people(people: tuple[Person, ...]) -> str:
    """'van der Veer, René and Martin, Deirdre'."""
    return " and ".join(names.bibtex_form(p.parts) for p in people)


def _bibtex_value(name: str, value: str) -> str:
    """Braced text, except the month: BibTeX's own macro (``oct``), which styles translate."""
    return value if name == "month" and value in MONTHS else f"{{{bibtex_escape(value)}}}"


def _bibtex(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {_bibtex_value(name, value)}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def _month(volume: Volume) -> str:
    m = re.fullmatch(r"\d{4}-(\d{1,2}).*", volume.date)
    return MONTHS[int(m.group(1)) - 1] if m and 1 <= int(m.group(1)) <= 12 else ""


def _volume_fields(volume: Volume) -> list[tuple[str, str]]:
    return [("publisher", volume.publisher), ("address", volume.get("place")),
            ("series", volume.get("report_series")), ("number", volume.get("number")),
            ("year", str(volume.year or "")), ("month", _month(volume)),
            ("isbn", volume.get("isbn13") or volume.get("isbn"))]


def paper_bibtex(paper: Paper, volume: Volume, url: str = "") -> str:
    key = citation_key(paper.authors, paper.year or volume.year, paper.title)
    return _bibtex("incollection", key, [
        ("author", bib_people(paper.authors)), ("title", paper.title),
        ("booktitle", volume_title(volume)), ("editor", bib_people(volume.editors)),
        ("pages", "--".join(filter(None, paper.page_range))), *_volume_fields(volume),
        ("keywords", ", ".join(paper.keywords)), ("url", url)])


def volume_bibtex(volume: Volume, url: str = "") -> str:
    key = citation_key(volume.editors, volume.year, volume.title)
    return _bibtex("book", key, [("editor", bib_people(volume.editors)), ("title", volume_title(volume)),
                                 *_volume_fields(volume), ("url", url)])


def _ris(lines: list[tuple[str, str]]) -> str:
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines if value) + "ER  - \r\n"


def _ris_volume(volume: Volume) -> list[tuple[str, str]]:
    return [("PY", str(volume.year or "")), ("PB", volume.publisher), ("CY", volume.get("place")),
            ("T3", volume.get("report_series")), ("SV", volume.get("number")),   # series title, its number
            ("SN", volume.get("isbn13") or volume.get("isbn"))]


def paper_ris(paper: Paper, volume: Volume, url: str = "") -> str:
    first, last = paper.page_range
    return _ris([("TY", "CHAP"), *[("AU", names.inverted(a.parts)) for a in paper.authors], ("TI", paper.title),
                 ("T2", volume_title(volume)), *[("A2", names.inverted(e.parts)) for e in volume.editors],
                 ("AB", paper.abstract), ("SP", first), ("EP", last), *[("KW", k) for k in paper.keywords],
                 *_ris_volume(volume), ("UR", url)])


def volume_ris(volume: Volume, url: str = "") -> str:
    return _ris([("TY", "BOOK"), *[("A2", names.inverted(e.parts)) for e in volume.editors],
                 ("TI", volume_title(volume)), *_ris_volume(volume), ("UR", url)])


def cite_box_html(heading: str, anchor: str, reference_html: str, bib_href: str, ris_href: str) -> str:
    """The 'Cite this …' box with the formatted reference and both downloads."""
    return (f'<section class="cite-this" aria-labelledby="{anchor}"><h2 id="{anchor}">{esc(heading)}</h2>'
            f'<p class="cite-this-reference">{reference_html}</p>'
            f'<p class="cite-this-downloads">Download: <a href="{esc(bib_href)}" download>BibTeX</a> · '
            f'<a href="{esc(ris_href)}" download>RIS</a></p></section>')
