"""Properties on generated Markdown: the linkers never raise and never change the reader's words.

The text is Markdown-ish on purpose: words, punctuation, brackets, @keys, e-mail
addresses, backticks, emphasis markers, a little inline HTML and the real glossary's
terms, so that the generator finds the corners where the citation pattern, the term
linker and Markdown's own syntax meet. The HTML safety scan gets hostile fragments.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks import cite_parse
from hooks.bibtex import load_library
from hooks.html_util import _relpath
from hooks.cite_format import HouseStyle
from hooks.cite_link import CitationExtension, CitationRenderer
from hooks.glossary import load_glossary
from hooks.html_policy import _CODE_SPAN, neutralise_fully, neutralise_html, plainly_safe
from hooks.terms import ConceptExtension
from sitebuild import FIXTURE

LIBRARY, _ = load_library(FIXTURE / "bibliography.bib", "bibliography.bib")
GLOSSARY, _ = load_glossary(FIXTURE / "glossary.yml", "glossary.yml", lambda k: LIBRARY.get(k) is not None)
FORMS = {form: c.id for c in GLOSSARY.concepts.values() for form in c.surface_forms}
DEFINITIONS = {c.id: c.definition for c in GLOSSARY.concepts.values()}
KEYS = sorted(e.key for e in LIBRARY)
EXTENSIONS = ["attr_list", "footnotes"]
PROPERTY = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_inputs_loaded_with_every_kind_of_form() -> None:
    """The properties mean something only with a glossary and library of some variety behind them."""
    assert len(KEYS) > 10
    assert any(" " in f for f in FORMS) and any("-" in f for f in FORMS) and any(f.isupper() for f in FORMS)


# ---------------------------------------------------------------- generated Markdown-ish text

WORDS = ["the", "learning", "work", "school", "Vygotsky's", "and", "of", "in", "multi-agency", "self",
         "object", "objects", "co", "re-", "p.", "137", "2007", "pp.", "33-35", "see", "e.g.", "étude"]
MARKS = [".", ",", ";", ":", "'", '"', "(", ")", "[", "]", "[[", "]]", "-", "–", "—", "!", "?", "/", "&",
         "*", "**", "_", "__", "`", "``", "@", "-@", "#", "{", "}", "<em>", "</em>",
         '<a href="https://example.org/">', "</a>", "\\", "~", "%"]
AT_FORMS = ["@{}", "[@{}]", "[@{}, p. 4]", "[see @{}]", "[-@{}]", "@{} [p. 3]", "[@{}; @{}]", "editor@{}.org",
            "https://example.org/@{}", "\\@{}", "`@{}`", "[@{}](https://example.org)"]

key = st.sampled_from(KEYS + ["nosuch2001", "a", "x.y", "engestrom2001b", "Daniels2004"])
citation_like = st.builds(lambda form, a, b: form.format(a, b) if form.count("{}") == 2 else form.format(a),
                          st.sampled_from(AT_FORMS), key, key)
token = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(sorted(FORMS)),
                  citation_like, st.text(alphabet="abc-' ", min_size=1, max_size=4))
separator = st.sampled_from([" ", " ", " ", "", "\n", "\n\n", "\n- ", "\n## ", "\n> "])


@st.composite
def markdownish(draw) -> str:
    tokens = draw(st.lists(token, min_size=1, max_size=40))
    return "".join(t + draw(separator) for t in tokens)


class TextOf(HTMLParser):
    """The character data of HTML, optionally leaving out every <span class="citation">."""

    def __init__(self, drop_citations: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.drop, self.depth, self.parts = drop_citations, 0, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and (self.depth or (self.drop and ("class", "citation") in attrs)):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def text_of(html: str, drop_citations: bool = False) -> str:
    parser = TextOf(drop_citations)
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


# ---------------------------------------------------------------- (a) the term linker


@pytest.fixture(scope="module")
def term_converters():
    concepts = ConceptExtension(FORMS, DEFINITIONS)
    cites = CitationExtension(CitationRenderer(LIBRARY, HouseStyle(LIBRARY)))
    with_terms = markdown.Markdown(extensions=[cites, concepts, *EXTENSIONS])
    without = markdown.Markdown(extensions=[cites, *EXTENSIONS])
    return concepts, cites, with_terms, without


@PROPERTY
@given(text=markdownish())
def test_term_linking_never_changes_the_words(term_converters, text: str) -> None:
    concepts, cites, with_terms, without = term_converters
    cites.begin_page()
    concepts.begin_page(lambda cid: f"../../concepts/{cid}/")
    linked = with_terms.reset().convert(text)
    found = concepts.end_page()
    cites.end_page()
    cites.begin_page()
    plain = without.reset().convert(text)
    cites.end_page()
    assert text_of(linked) == text_of(plain)
    assert linked.count('class="concept-link"') <= sum(m.count for m in found.mentions)


@PROPERTY
@given(text=markdownish())
def test_term_links_are_never_nested(term_converters, text: str) -> None:
    concepts, cites, with_terms, _ = term_converters
    cites.begin_page()
    concepts.begin_page(lambda cid: f"../../concepts/{cid}/")
    linked = with_terms.reset().convert(text)
    concepts.end_page()
    cites.end_page()
    depth = 0      # links open in the current block; an unclosed raw <a> ends with its block
    for m in re.finditer(r'<a class="concept-link"|</a>|<a[ >]|</?(?:p|li|h[1-6]|blockquote|ul|ol|dt|dd)\b', linked):
        tag = m.group(0)
        if tag.startswith('<a class="concept-link"'):
            assert depth == 0, linked
        if tag.startswith("<a"):
            depth += 1
        else:
            depth = max(0, depth - 1) if tag == "</a>" else 0


# ---------------------------------------------------------------- (b) the citation parser and linker


@PROPERTY
@given(text=st.text(max_size=200) | markdownish())
def test_find_citations_never_raises_and_keys_are_written(text: str) -> None:
    for citation in cite_parse.find_citations(text):
        assert citation.source in text
        assert all(f"@{k}" in citation.source for k in citation.keys)


@pytest.fixture(scope="module")
def cite_converters():
    cites = CitationExtension(CitationRenderer(LIBRARY, HouseStyle(LIBRARY)))
    return cites, markdown.Markdown(extensions=[cites, *EXTENSIONS]), markdown.Markdown(extensions=EXTENSIONS)


plain_token = st.one_of(st.sampled_from(WORDS), st.sampled_from([m for m in MARKS if m not in ("`", "``", "\\")
                                                                 and not m.startswith("<")]),
                        st.sampled_from(sorted(FORMS)), citation_like.filter(lambda c: "`" not in c and "\\" not in c))


@st.composite
def paragraphs(draw) -> str:
    """One-line paragraphs without code, escapes or raw HTML, where the citation pattern sees
    exactly the text find_citations sees."""
    lines = draw(st.lists(st.lists(plain_token, min_size=1, max_size=25).map(" ".join), min_size=1, max_size=4))
    return "\n\n".join(lines)


@PROPERTY
@given(text=paragraphs())
def test_citations_replace_only_their_own_text(cite_converters, text: str) -> None:
    """The words outside citations survive: HTML minus citation spans == source minus citations."""
    cites, with_cites, without = cite_converters
    cites.begin_page()
    html = with_cites.reset().convert(text)
    cites.end_page()
    dropped = "\n\n".join(_drop_citations(line) for line in text.split("\n\n"))
    expected = " ".join(text_of(without.reset().convert(dropped)).replace(STAND_IN, "").split())
    assert " ".join(text_of(html, drop_citations=True).split()) == expected


STAND_IN = "CITATIONSTANDIN"   # takes a citation's place, so that Markdown reads the line's blocks alike


def _drop_citations(line: str) -> str:
    out, cursor = [], 0
    for m in re.finditer(cite_parse.PATTERN, line):
        citation = cite_parse.from_match(m)
        if citation:
            out.append(line[cursor:m.start()] + STAND_IN)
            cursor = m.start() + len(citation.source)
    return "".join(out) + line[cursor:]


@PROPERTY
@given(text=markdownish())
def test_citation_linking_never_raises(cite_converters, text: str) -> None:
    cites, with_cites, _ = cite_converters
    page = cites.begin_page()
    with_cites.reset().convert(text)
    cites.end_page()
    assert all(LIBRARY.get(k) is not None for k in page.uses)


# ---------------------------------------------------------------- (c) the HTML safety scan

HOSTILE = ["<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>", "</a>", "<svg>",
           "</svg>", "<title>", "</title>", "<style>", "</style>", "<!--", "-->", "--!>", "<!-->", "<![CDATA[",
           "]]>", "</ ", "<?", "<p title=\"", "\">", "<noscript>", "</noscript>", "<textarea>", "</textarea>",
           "<math>", "<p>", "</p>", "words", " ", "\n", "&lt;", "&#106;avascript:", "<a href=\"", "<"]


ODD = ("<!", "<?", "</ ", "-->", "--!>")


def unfinished(html: str) -> bool:
    """True when the parser is left waiting for the end of a tag (or of a <script>)."""
    parser = HTMLParser()
    parser.feed(html)
    return bool(parser.rawdata)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(HOSTILE), max_size=25))
def test_neutralising_is_complete_and_keeps_text(parts: list[str]) -> None:
    """After one pass nothing is left to find, and the text a reader saw is all still there.

    Comments, CDATA, other '<!'/'<?' markup and unfinished tags are left out of the second half: where
    Python's parser and browsers disagree about them, the parser's idea of the text is not
    what a reader saw.
    """
    html = "".join(parts)
    cleaned, _ = neutralise_html(html)
    again, found = neutralise_html(cleaned)
    # Titles are made text for the tooltip's second reading on every pass (the build makes one):
    # apart from them a second pass changes nothing.
    assert found == [] and without_titles(again) == without_titles(cleaned)
    if not any(c in html for c in ODD) and not unfinished(html):
        before, after = iter(text_of(cleaned)), text_of(html)
        assert all(ch in before for ch in after), (html, cleaned)


def without_titles(html: str) -> str:
    return re.sub(r'title="[^"]*"', 'title=""', html)


ESCAPING = {"element", "attribute", "url", "markup"}     # what escapes a tag, rather than dropping an attribute

SIMPLE = ["<p>", "</p>", '<p id="par-1">', '<div id="__config" hidden>', '<p class="x md-y">', '<a style="x:y">',
          '<a data-md-component="x">', '<abbr title="a &lt; b">', '<label for="md-x">', '<a class="citation-link" href="#ref-x" title="A &amp; B (2001)">', "</a>",
          '<a href="https://example.org/a:b">', '<a href="&#106;avascript:x">', '<a href="java\nscript:x">',
          '<a href="JAVASCRIPT:x">', '<img src="data:text/html,x">', '<img src="data:image/png;base64,x">',
          '<p onclick="x">', '<p ONload>', '<p title="onclick=x">', "<br />", "<br/>", "<Script>", "</SCRIPT>",
          "<svg>", "<title>", "<math>", "<textarea>", "<ul data-search-exclude>", "<em>", "</em>", "words",
          " ", "\n", "&lt;", "<", ">", '"', "<!-- c -->", "<?x>", "</ x>", '<a href="x" ', "<p\xa0onclick=\"x\">",
          '<a title=" b=" x:y href="javascript:x">', '<a title=" ping="', ' href="javascript:x"', ' x:y', '<a']


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(SIMPLE), max_size=25))
def test_the_fast_safety_check_never_passes_what_the_parser_would_escape(parts: list[str]) -> None:
    """Pages the one-pass check calls safe are exactly what the full parser leaves unchanged."""
    html = "".join(parts)
    if plainly_safe(html):
        cleaned, found = neutralise_fully(html)
        assert not [f for f in found if f.kind in ESCAPING], html
        assert cleaned.count("<") == html.count("<"), html        # attributes change, never a tag escaped
    assert neutralise_html(html) == neutralise_fully(html), html


_CODE_SPAN_PLAINLY = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)   # the rule as CommonMark states it


@PROPERTY
@given(st.lists(st.sampled_from(["`", "``", "```", "\\", "a", " ", "\n", "\n\n", "<b>", "x`y", "~~~"]), max_size=20))
def test_the_quick_code_span_pattern_finds_what_the_plain_one_does(parts: list[str]) -> None:
    """The markdown check's code-span pattern starts with the backtick for speed; it finds the same spans."""
    text = "".join(parts)
    assert [m.span() for m in _CODE_SPAN.finditer(text)] == [m.span() for m in _CODE_SPAN_PLAINLY.finditer(text)]


_SEGMENTS = st.lists(st.sampled_from(["a", "b", "seminar-3", "x.html", "", ".", ".."]), max_size=5)


@settings(max_examples=400, deadline=None)
@given(target=_SEGMENTS, base=_SEGMENTS)
def test_relative_paths_are_those_posixpath_gives(target: list[str], base: list[str]) -> None:
    """Site links are worked out by comparing segments; the answer is relpath's, whatever the paths."""
    target_path, base_dir = "/".join(target), "/".join(base)
    assert _relpath(target_path, base_dir) == posixpath.relpath("/" + target_path, "/" + base_dir)
