"""Tables for hooks.cite_format: each work must read exactly as in the printed volume."""

from __future__ import annotations

import pathlib

import pytest

from hooks.bibtex import Library, load_library, parse_library
from hooks.cite_format import HouseStyle, escape

ROOT = pathlib.Path(__file__).resolve().parents[1]
PRINTED_BIB = ROOT / "tests" / "data" / "bib" / "printed.bib"
FIXTURE_BIB = ROOT / "tests" / "fixtures" / "proceedings" / "bibliography.bib"


@pytest.fixture(scope="module")
def printed() -> HouseStyle:
    library, diagnostics = load_library(PRINTED_BIB, "printed.bib")
    assert diagnostics == []
    return HouseStyle(library)


def style_of(text: str) -> tuple[HouseStyle, Library]:
    library, _ = parse_library(text, "test.bib")
    return HouseStyle(library), library


def one(text: str) -> tuple[HouseStyle, object]:
    style, library = style_of(text)
    (entry,) = list(library)
    return style, entry


# --------------------------------------------------------------------------- the printed forms

PRINTED = [
    ("engestrom2001",
     "Engeström, Y. (2001) Expansive learning at work: Toward an activity theoretical reconceptualisation. "
     "<em>Journal of Education and Work</em>, 14 (1), 133-156."),
    ("engestrom1987",
     "Engeström, Y. (1987) <em>Learning by expanding: An activity-theoretical approach to developmental "
     "research</em>. Helsinki: Orient-Konsultit."),
    ("engestrom1999",
     "Engeström, Y., Engeström, R. &amp; Vahaaho, T. (1999) When the center does not hold: The importance of "
     "knotworking. In S. Chaiklin, M. Hedegaard &amp; U.J. Jensen (Eds.), <em>Activity theory and social "
     "practice</em>. Aarhus: Aarhus University Press."),
    ("engestrom2004",
     "Engeström, Y. (2004) <em>New forms of learning in co-configuration work</em>. Paper presented to the "
     "Department of Information Systems 'ICTs in the contemporary world' seminar, LSE, January 2004."),
    ("hmt2003", "HM Treasury (2003) <em>Every child matters</em>. London: HMSO."),
    ("daniels2007",
     "Daniels, H., Leadbetter, J., Warmington, P., Edwards, A., Martin, D., Middleton, D., Popova, A., "
     "Apostolov, A. &amp; Brown, S. (2007) Learning in and for multi-agency working. "
     "<em>Oxford Review of Education</em> (in press)."),
    ("engestrom2007",
     "Engeström, Y. (2007) Putting activity theory to work: The change laboratory as an application of double "
     "stimulation. In H. Daniels, M. Cole &amp; J.V. Wertsch (Eds.), <em>The Cambridge companion to "
     "Vygotsky</em>. Cambridge: Cambridge University Press (in press)."),
    ("edwards2004",
     "Edwards, A. &amp; D'Arcy, C. (2004) Relational agency and disposition in sociocultural accounts of "
     "learning to teach. <em>Educational Review</em>, 56, 147-155."),
    ("victor1998",
     "Victor, B. &amp; Boynton, A. (1998) <em>Invented here: Maximising your organization's internal growth "
     "and profitability</em>. Boston, MA: Harvard Business School Press."),
    ("kerosuo2003",
     "Kerosuo, H. &amp; Engeström, Y. (2003) Boundary crossing and learning in creation of new work practice. "
     "<em>Journal of Workplace Learning</em>, 15 (7/8), 345-351."),
    ("leontev1978",
     "Leont'ev, A.N. (1978) <em>Activity, consciousness, and personality</em>. Englewood Cliffs, NJ: "
     "Prentice Hall."),
]


@pytest.mark.parametrize(("key", "expected"), PRINTED)
def test_reference_html_as_printed(printed: HouseStyle, key: str, expected: str) -> None:
    assert printed.reference_html(printed.library.get(key)) == expected


@pytest.mark.parametrize(("key", "expected"), PRINTED)
def test_reference_text_is_the_same_without_markup(printed: HouseStyle, key: str, expected: str) -> None:
    plain = expected.replace("<em>", "").replace("</em>", "").replace("&amp;", "&")
    assert printed.reference_text(printed.library.get(key)) == plain


# --------------------------------------------------------------------------- other types

TYPES = [
    pytest.param("@phdthesis{a, author = {Popova, Anna}, title = {Tools of practice}, school = {University of Bath}, year = 2006}",
                 "Popova, A. (2006) <em>Tools of practice</em>. PhD thesis, University of Bath.", id="phdthesis"),
    pytest.param("@mastersthesis{a, author = {Popova, Anna}, title = {Tools}, school = {University of Bath}, year = 2006}",
                 "Popova, A. (2006) <em>Tools</em>. Master's thesis, University of Bath.", id="mastersthesis"),
    pytest.param("@thesis{a, author = {Popova, Anna}, title = {Tools}, type = {phdthesis}, institution = {Bath}, year = 2006}",
                 "Popova, A. (2006) <em>Tools</em>. PhD thesis, Bath.", id="biblatex-thesis"),
    pytest.param("@report{a, author = {Warmington, P.}, title = {Interagency collaboration}, institution = {LIW}, address = {Bath}, year = 2005}",
                 "Warmington, P. (2005) <em>Interagency collaboration</em>. Bath: LIW.", id="report"),
    pytest.param("@techreport{a, author = {Warmington, P.}, title = {Interagency collaboration}, institution = {LIW}, address = {Bath}, number = {3}, year = 2005}",
                 "Warmington, P. (2005) <em>Interagency collaboration</em> (Technical report No. 3). Bath: LIW.", id="techreport-number"),
    pytest.param("@online{a, organization = {LIW Project}, title = {The LIW Project}, url = {http://www.education.bham.ac.uk/research/projects/liw/default.htm}, urldate = {2007-06-01}, year = 2007}",
                 'LIW Project (2007) <em>The LIW Project</em>. Available at: '
                 '<a href="http://www.education.bham.ac.uk/research/projects/liw/default.htm" class="reference-link" rel="noopener">'
                 'http://www.education.bham.ac.uk/research/projects/liw/default.htm</a> (accessed 1 June 2007).', id="online"),
    pytest.param("@misc{a, author = {Daniels, Harry}, title = {Notes}, url = {https://x.org/a?b=1&c=2}}",
                 'Daniels, H. (n.d.) <em>Notes</em>. Available at: <a href="https://x.org/a?b=1&amp;c=2" '
                 'class="reference-link" rel="noopener">https://x.org/a?b=1&amp;c=2</a>.', id="misc-url-nd"),
    pytest.param("@misc{a, author = {Daniels, Harry}, title = {Leaflet}, howpublished = {Handout}, year = 2004}",
                 "Daniels, H. (2004) <em>Leaflet</em>. Handout.", id="misc"),
    pytest.param("@article{a, author = {Daniels, H.}, title = {Activity theory, discourse and {Bernstein}}, journal = {Educational Review}, volume = 56, pages = {121--132}, year = 2004, doi = {10.1080/0013191042000201136}}",
                 'Daniels, H. (2004) Activity theory, discourse and Bernstein. <em>Educational Review</em>, 56, 121-132. '
                 'doi:<a href="https://doi.org/10.1080/0013191042000201136" class="reference-link" rel="noopener">'
                 '10.1080/0013191042000201136</a>', id="article-doi"),
    pytest.param("@incollection{a, author = {Engeström, Y.}, title = {Double stimulation}, editor = {Daniels, H.}, booktitle = {Companion}, publisher = {CUP}, address = {Cambridge}, pages = {363--382}, year = 2007}",
                 "Engeström, Y. (2007) Double stimulation. In H. Daniels (Ed.), <em>Companion</em>, pp. 363-382. Cambridge: CUP.",
                 id="chapter-one-editor-pages"),
    pytest.param("@book{a, editor = {Daniels, H. and Cole, M.}, title = {Companion}, publisher = {CUP}, address = {Cambridge}, edition = 2, year = 2007}",
                 "Daniels, H. &amp; Cole, M. (Eds.) (2007) <em>Companion</em> (2nd edn). Cambridge: CUP.", id="edited-book"),
    pytest.param("@book{a, title = {Every child matters}, publisher = {HMSO}, year = 2003}",
                 "<em>Every child matters</em> (2003) HMSO.", id="no-author-title-leads"),
    pytest.param("@article{a, author = {Daniels, H.}, title = {Why?}, journal = {J}, pubstate = {inpress}}",
                 "Daniels, H. (in press) Why? <em>J</em>.", id="in-press-no-year"),
    pytest.param("@article{a, author = {Daniels, H. and others}, title = {T}, journal = {J}, year = 2004}",
                 "Daniels, H. et al. (2004) T. <em>J</em>.", id="and-others"),
    pytest.param("@report{a, author = {Warmington, P.}, title = {LIW report}, institution = {LIW}, year = 2005, url = {https://liw.example.org/r.pdf}}",
                 'Warmington, P. (2005) <em>LIW report</em>. LIW. Available at: <a href="https://liw.example.org/r.pdf" '
                 'class="reference-link" rel="noopener">https://liw.example.org/r.pdf</a>.', id="report-with-url"),
    pytest.param("@unknowntype{a, author = {Daniels, H.}, title = {T}, year = 2004}",
                 "Daniels, H. (2004) <em>T</em>.", id="unknown-type-as-misc"),
]


@pytest.mark.parametrize(("bib", "expected"), TYPES)
def test_reference_html_by_type(bib: str, expected: str) -> None:
    style, entry = one(bib)
    assert style.reference_html(entry) == expected


# --------------------------------------------------------------------------- in the text

IN_TEXT = [
    # key, narrative, html, plain
    ("engestrom2001", False, "Engeström", "Engeström"),
    ("victor1998", False, "Victor &amp; Boynton", "Victor & Boynton"),
    ("victor1998", True, "Victor and Boynton", "Victor and Boynton"),
    ("kerosuo2003", True, "Kerosuo and Engeström", "Kerosuo and Engeström"),
    ("engestrom1999", False, "Engeström <em>et al.</em>", "Engeström et al."),
    ("engestrom1999", True, "Engeström <em>et al.</em>", "Engeström et al."),
    ("hmt2003", False, "HMT", "HMT"),
    ("edwards2004", False, "Edwards &amp; D'Arcy", "Edwards & D'Arcy"),
    ("leontev1978", True, "Leont'ev", "Leont'ev"),
]


@pytest.mark.parametrize(("key", "narrative", "html_form", "plain_form"), IN_TEXT)
def test_authors_in_text(printed: HouseStyle, key: str, narrative: bool, html_form: str, plain_form: str) -> None:
    entry = printed.library.get(key)
    assert printed.authors_in_text(entry, narrative) == html_form
    assert printed.authors_plain(entry, narrative) == plain_form


@pytest.mark.parametrize(("bib", "expected"), [
    ("@book{a, editor = {Daniels, H. and Cole, M.}, title = {T}, publisher = {P}, year = 2007}", "Daniels &amp; Cole"),
    ("@book{a, title = {Every child matters}, publisher = {P}, year = 2003}", "Every child matters"),
    ("@book{a, title = {Every child matters: Change}, shorttitle = {Every child matters}, publisher = {P}}", "Every child matters"),
    ("@online{a, organization = {LIW Project}, title = {T}, url = {https://x.org}}", "LIW Project"),
    ("@misc{a, author = {A, B and others}, title = {T}}", "A <em>et al.</em>"),
])
def test_authors_in_text_fallbacks(bib: str, expected: str) -> None:
    style, entry = one(bib)
    assert style.authors_in_text(entry, narrative=False) == expected


@pytest.mark.parametrize(("bib", "year"), [
    ("@misc{a, title = {T}, year = 2001}", "2001"),
    ("@misc{a, title = {T}, date = {2001-05-02}}", "2001"),
    ("@misc{a, title = {T}, pubstate = {inpress}}", "in press"),
    ("@misc{a, title = {T}, pubstate = {forthcoming}}", "forthcoming"),
    ("@misc{a, title = {T}, year = 2007, pubstate = {inpress}}", "2007"),
    ("@misc{a, title = {T}}", "n.d."),
])
def test_year(bib: str, year: str) -> None:
    style, entry = one(bib)
    assert style.year(entry) == year


# --------------------------------------------------------------------------- 2007a, 2007b

SAME_AUTHOR_YEAR = """
@incollection{engestrom2007b, author = {Engestr{\\"o}m, Y.}, title = {Putting activity theory to work},
  editor = {Daniels, H.}, booktitle = {Companion}, publisher = {CUP}, year = 2007}
@article{engestrom2007a, author = {Engeström, Y.}, title = {Enriching the theory of expansive learning},
  journal = {Mind, Culture, and Activity}, year = 2007}
@article{engestrom2001, author = {Engeström, Y.}, title = {Expansive learning at work}, journal = {J}, year = 2001}
@article{engestrom2007x, author = {Engeström, Y. and Sannino, A. and Kerosuo, H.}, title = {Alone}, journal = {J}, year = 2007}
"""


def test_same_author_and_year_get_letters_ordered_by_title() -> None:
    style, library = style_of(SAME_AUTHOR_YEAR)
    assert style.year(library.get("engestrom2007a")) == "2007a"  # "Enriching" sorts before "Putting"
    assert style.year(library.get("engestrom2007b")) == "2007b"
    assert style.year(library.get("engestrom2001")) == "2001"
    assert style.year(library.get("engestrom2007x")) == "2007"  # "Engeström et al." is another label
    assert style.reference_html(library.get("engestrom2007b")).startswith("Engeström, Y. (2007b) Putting")
    assert style.reference_text(library.get("engestrom2007a")).startswith("Engeström, Y. (2007a) Enriching")


def test_letters_for_works_in_press_and_without_date() -> None:
    style, library = style_of("@misc{a, author = {A, B}, title = {One}}\n@misc{b, author = {A, B}, title = {Two}}\n"
                              "@misc{c, author = {A, B}, title = {X}, pubstate = {inpress}}")
    assert [style.year(e) for e in library] == ["n.d.-a", "n.d.-b", "in press"]


def test_many_works_of_one_year_never_run_out_of_letters() -> None:
    bib = "\n".join(f"@misc{{k{i}, author = {{A, B}}, title = {{T{i:03d}}}, year = 2001}}" for i in range(28))
    style, library = style_of(bib)
    assert [style.year(library.get(f"k{i}")) for i in (0, 25, 26, 27)] == ["2001a", "2001z", "2001aa", "2001ab"]


# --------------------------------------------------------------------------- sorting


def test_sort_key_follows_the_printed_list(printed: HouseStyle) -> None:
    order = [e.key for e in sorted(printed.library, key=printed.sort_key)]
    assert order == [
        "daniels2007", "edwards2005", "edwards2004", "engestrom1987", "engestrom2001", "engestrom2004",
        "engestrom2007", "engestrom1999", "hmt2003", "kerosuo2003", "leontev1978", "victor1998",
    ]


def test_sort_key_ignores_accents() -> None:
    style, library = style_of("@misc{z, author = {Engstrom, A.}, title = {T}, year = 2001}\n"
                              "@misc{y, author = {Engeström, Y.}, title = {T}, year = 2001}\n"
                              "@misc{x, author = {Engels, F.}, title = {T}, year = 2001}\n"
                              "@misc{w, author = {Engestrom, Z.}, title = {T}, year = 2001}")
    assert [e.key for e in sorted(library, key=style.sort_key)] == ["x", "y", "w", "z"]


def test_sort_key_puts_no_date_first_and_in_press_last() -> None:
    style, library = style_of("@misc{p, author = {A, B}, title = {P}, pubstate = {inpress}}\n"
                              "@misc{y, author = {A, B}, title = {Y}, year = 2001}\n"
                              "@misc{n, author = {A, B}, title = {N}}")
    assert [e.key for e in sorted(library, key=style.sort_key)] == ["n", "y", "p"]


# --------------------------------------------------------------------------- escaping and links

HOSTILE = [
    pytest.param("title = {<script>alert(1)</script>}", "<script>", "&lt;script&gt;alert(1)&lt;/script&gt;", id="script-title"),
    pytest.param('title = {" onmouseover="alert(1)}', 'onmouseover="', "&quot; onmouseover=&quot;alert(1)", id="attribute-breakout"),
    pytest.param("title = {T}, url = {javascript:alert(1)}", "href", "Available at: javascript:alert(1).", id="javascript-url"),
    pytest.param("title = {T}, url = {data:text/html,<script>alert(1)</script>}", "href", "data:text/html,&lt;script&gt;", id="data-url"),
    pytest.param("title = {T}, url = {JavaScript:alert(1)}", "href", "JavaScript:alert(1)", id="javascript-mixed-case"),
    pytest.param("title = {T}, doi = {javascript:alert(1)}", "href", "doi:javascript:alert(1)", id="javascript-doi"),
    pytest.param('title = {T}, url = {https://x.org/" onmouseover="alert(1)}', "href", "Available at: https://x.org/&quot;onmouseover", id="quote-in-url"),
]


@pytest.mark.parametrize(("fields", "absent", "present"), HOSTILE)
def test_hostile_fields_come_out_inert(fields: str, absent: str, present: str) -> None:
    style, entry = one(f"@misc{{a, author = {{<b>Bold</b>, X.}}, {fields}, year = 2001}}")
    html_out = style.reference_html(entry)
    assert absent not in html_out
    assert present in html_out
    assert "<b>" not in html_out and "<b>" not in style.authors_in_text(entry, False)


def test_doi_link_percent_encodes_odd_characters() -> None:
    style, entry = one('@misc{a, author = {A, B}, title = {T}, doi = {10.1002/(SICI)1097-4571<1:X>#"x}}')
    assert ('href="https://doi.org/10.1002/(SICI)1097-4571%3C1:X%3E%23%22x"' in style.reference_html(entry))
    assert "doi:10.1002/(SICI)1097-4571<1:X>#\"x" in style.reference_text(entry)


def test_reference_text_has_no_markup_and_is_not_escaped() -> None:
    style, entry = one("@misc{a, author = {A, B}, title = {Fish & <chips>}, url = {https://x.org}, year = 2001}")
    assert style.reference_text(entry) == "A, B. (2001) Fish & <chips>. Available at: https://x.org."


@pytest.mark.parametrize(("text", "escaped"), [("a & b", "a &amp; b"), ('"', "&quot;"), ("<", "&lt;"), ("D'Arcy", "D'Arcy")])
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_formatting_is_cached_per_entry(printed: HouseStyle) -> None:
    entry = printed.library.get("engestrom2001")
    assert printed.reference_html(entry) is not None
    assert printed._sentences(entry) is printed._sentences(entry)


def test_every_entry_formats_even_when_fields_are_missing() -> None:
    style, library = style_of("@article{a}\n@incollection{b, title = {T}}\n@report{c, number = 4}\n@thesis{d}\n"
                              "@online{e}\n@book{f, author = {others}}\n@misc{g, pubstate = {inpress}, title = {T}}")
    for entry in library:
        assert isinstance(style.reference_html(entry), str)
        assert isinstance(style.reference_text(entry), str)
        assert isinstance(style.sort_key(entry), tuple)
    sorted(library, key=style.sort_key)


# --------------------------------------------------------------------------- the test project's library
# (every work of the real library is formatted by tests/test_corpus.py)


def test_the_test_projects_library_formats_every_entry() -> None:
    library, _ = load_library(FIXTURE_BIB, "bibliography.bib")
    style = HouseStyle(library)
    for entry in library:
        html_out = style.reference_html(entry)
        assert f"({style.year(entry)})" in html_out and html_out.endswith("."), html_out
        assert "\\" not in html_out and "{" not in html_out, html_out
    assert style.reference_html(library.get("hmt2003")) == "HM Treasury (2003) <em>Every child matters</em>. London: HMSO."
    assert style.authors_in_text(library.get("hmt2003"), narrative=False) == "HMT"


# --------------------------------------------------------------------------- notes, volumes and series


@pytest.mark.parametrize("entry, printed", [
    pytest.param("@article{a, author = {Smith, J.}, title = {T}, journal = {J}, volume = 3, year = 2001, "
                 "note = {Special issue}, doi = {10.1000/xyz}}",
                 "Smith, J. (2001) T. <em>J</em>, 3. Special issue. doi:", id="article: before the DOI"),
    pytest.param("@book{a, author = {Smith, J.}, title = {T}, publisher = {P}, address = {L}, year = 2001, "
                 "note = {Translated by K. Jones}, url = {https://example.org/t}}",
                 "Smith, J. (2001) <em>T</em>. L: P. Translated by K. Jones. Available at:", id="book: before the URL"),
    pytest.param("@incollection{a, author = {Smith, J.}, title = {T}, booktitle = {B}, publisher = {P}, year = 2001, "
                 "note = {Reprinted 2005}}",
                 "Smith, J. (2001) T. In <em>B</em>. P. Reprinted 2005.", id="chapter"),
    pytest.param("@report{a, author = {Smith, J.}, title = {T}, institution = {I}, year = 2001, note = {Draft}}",
                 "Smith, J. (2001) <em>T</em>. I. Draft.", id="report"),
    pytest.param("@article{a, author = {Smith, J.}, title = {T}, journal = {J}, year = 2001, pubstate = {inpress}, "
                 "note = {Special issue}}",
                 "Smith, J. (2001) T. <em>J</em> (in press). Special issue.", id="after in press"),
    pytest.param("@unpublished{a, author = {Smith, J.}, title = {T}, note = {Paper presented to a seminar}, year = 2004}",
                 "Smith, J. (2004) <em>T</em>. Paper presented to a seminar.", id="unpublished: once"),
    pytest.param("@misc{a, author = {Smith, J.}, title = {T}, howpublished = {Leaflet}, note = {In Welsh}, year = 2004}",
                 "Smith, J. (2004) <em>T</em>. Leaflet. In Welsh.", id="misc: after howpublished"),
])
def test_note_is_printed_after_the_details_before_address_and_doi(entry: str, printed: str) -> None:
    style, work = one(entry)
    assert style.reference_html(work).startswith(printed), style.reference_html(work)
    assert style.reference_html(work).count(work.get("note")) == 1


@pytest.mark.parametrize("fields, details", [
    ("volume = 2", " (Vol. 2)"),
    ("volume = 2, edition = 3", " (3rd edn, Vol. 2)"),
    ("series = {Research Papers}, number = 16", " (Research Papers, 16)"),
    ("series = {Research Papers}", " (Research Papers)"),
    ("number = 16", " (No. 16)"),
    ("volume = 1, series = {Cognition and language}, number = 4", " (Vol. 1; Cognition and language, 4)"),
    ("edition = {Revised}", " (Revised edn)"),
    ("", ""),
])
def test_book_volume_series_and_number_follow_its_title(fields: str, details: str) -> None:
    style, book = one(f"@book{{a, author = {{Smith, J.}}, title = {{T}}, publisher = {{P}}, address = {{L}}, "
                      f"year = 2001, {fields}}}")
    assert style.reference_html(book) == f"Smith, J. (2001) <em>T</em>{details}. L: P."


def test_chapter_prints_its_book_volume_and_series_after_the_book_title() -> None:
    style, chapter = one("@incollection{a, author = {Smith, J.}, title = {T}, booktitle = {B}, volume = 2, "
                         "series = {S}, editor = {Jones, K.}, pages = {1--9}, publisher = {P}, year = 2001}")
    assert style.reference_html(chapter) == "Smith, J. (2001) T. In K. Jones (Ed.), <em>B</em> (Vol. 2; S), pp. 1-9. P."


def test_volume_and_number_of_articles_and_reports_are_not_a_book_volume() -> None:
    style, library = style_of("@article{a, author = {Smith, J.}, title = {T}, journal = {J}, volume = 4, number = 2, year = 2001}\n"
                              "@report{b, author = {Smith, J.}, title = {R}, institution = {I}, number = 7, year = 2002}")
    assert style.reference_html(library.get("a")) == "Smith, J. (2001) T. <em>J</em>, 4 (2)."
    assert style.reference_html(library.get("b")) == "Smith, J. (2002) <em>R</em> (Report No. 7). I."


# --------------------------------------------------------------------------- particles


PARTICLES = """
@book{vdv, author = {van der Veer, René and Valsiner, Jaan}, title = {U}, publisher = {P}, year = 1991}
@book{vdv2, author = {René van der Veer}, title = {U2}, publisher = {P}, year = 1992}
@book{val, author = {Valsiner, Jaan}, title = {D}, publisher = {P}, year = 1988}
@book{vyg, author = {Vygotsky, L. S.}, title = {M}, publisher = {P}, year = 1978}
@book{vdvs, author = {van der Veer, R.}, shortauthor = {vdV}, title = {S}, publisher = {P}, year = 1993}
@book{many, author = {de Vries, A. and Smith, B. and Jones, C.}, title = {M}, publisher = {P}, year = 1994}
"""


def test_a_particle_is_capitalised_only_when_a_narrative_citation_opens_a_sentence() -> None:
    style, library = style_of(PARTICLES)
    vdv = library.get("vdv")
    assert style.authors_plain(vdv, narrative=True) == "van der Veer and Valsiner"
    assert style.authors_opening(vdv) == "Van der Veer and Valsiner"
    assert style.authors_plain(vdv, narrative=False) == "van der Veer & Valsiner"
    assert style.authors_opening(library.get("vdv2")) == "Van der Veer"
    assert style.authors_opening(library.get("many")) == "De Vries et al."
    assert style.reference_text(vdv).startswith("van der Veer, R. & Valsiner, J. (1991)")


def test_names_without_a_particle_and_short_forms_are_never_changed() -> None:
    style, library = style_of(PARTICLES + "@book{org, author = {{eBay Research}}, title = {E}, publisher = {P}, year = 2001}")
    assert style.authors_opening(library.get("vdvs")) == "vdV"
    assert style.authors_opening(library.get("org")) == "eBay Research"
    assert style.authors_opening(library.get("val")) == "Valsiner"


def test_a_name_with_a_particle_sorts_under_its_particle() -> None:
    style, library = style_of(PARTICLES)
    order = [e.key for e in sorted(library, key=style.sort_key) if e.key in ("vdv", "val", "vyg")]
    assert order == ["val", "vdv", "vyg"]


# --------------------------------------------------------------------------- a/b letters


def test_year_letters_follow_the_titles_ignoring_a_leading_article() -> None:
    style, library = style_of("""
@book{x1, author = {Smith, J.}, title = {Mind}, publisher = {P}, year = 2001}
@book{x2, author = {Smith, J.}, title = {The brain}, publisher = {P}, year = 2001}
@book{x3, author = {Smith, J.}, title = {An apple}, publisher = {P}, year = 2001}
@book{x4, author = {Smith, J.}, title = {Brains}, publisher = {P}, year = 2002}
""")
    assert [style.year(library.get(k)) for k in ("x3", "x2", "x1", "x4")] == ["2001a", "2001b", "2001c", "2002"]
    listed = [e.key for e in sorted(library, key=style.sort_key)]
    assert listed == ["x3", "x2", "x1", "x4"]


def test_year_letters_of_works_cited_alike_follow_the_reference_list() -> None:
    """Cited alike as "Smith et al., 2001" but with other co-authors: the list sorts by the
    co-authors first, and the letters follow the list, so it never shows 2001b above 2001a."""
    style, library = style_of("""
@book{p, author = {Smith, J. and Young, A. and Brown, C.}, title = {Aardvarks}, publisher = {P}, year = 2001}
@book{q, author = {Smith, J. and Adams, B. and Brown, C.}, title = {Zebras}, publisher = {P}, year = 2001}
""")
    assert style.year(library.get("q")) == "2001a" and style.year(library.get("p")) == "2001b"
    assert [e.key for e in sorted(library, key=style.sort_key)] == ["q", "p"]


def test_title_order_ignores_articles_case_and_accents() -> None:
    from hooks.cite_format import title_order
    assert title_order("The Émigré") == "emigre"
    assert title_order("A theory") == "theory" and title_order("An") == "an"
    assert title_order("Theory of the mind") == "theory of the mind"
