"""Where concept mentions are found and linked: matching, linking rules, passages."""

from __future__ import annotations

import re

import markdown
import pytest

from hooks.terms import ConceptExtension, TermMatcher, snippet

FORMS = {
    "expansive learning": "expansive-learning", "learning leadership": "learning-leadership",
    "boundary-crossing": "boundary-crossing", "boundary crossing": "boundary-crossing",
    "ZPD": "zpd", "zone of proximal development": "zpd", "ZPDs": "zpd",
    "knotworking": "knotworking", "object": "object", "'knowing who' trails": "knowing-who",
    "knowing who trails": "knowing-who", "'inter'-regnum": "inter-regnum",
}


@pytest.fixture()
def matcher() -> TermMatcher:
    return TermMatcher(FORMS)


@pytest.mark.parametrize("text, found", [
    ("He defines this as expansive learning.", ["expansive learning"]),
    ("Expansive Learning and ZPD", ["Expansive Learning", "ZPD"]),
    ("negotiating different ZPDs.", ["ZPDs"]),
    ("Boundary-crossing is a practice", ["Boundary-crossing"]),
    ("the boundary crossing of workers", ["boundary crossing"]),
    ("the development of 'knowing who' trails has been", ["knowing who' trails"]),
    ("He referred to this as the 'inter'-regnum in", ["inter'-regnum"]),
    ("an object-orientated analysis", []),
    ("the inter-object relation", []),
    ("learning leadership, not learning alone", ["learning leadership"]),
    ("objects and objection", []),
])
def test_matcher_finds_longest_whole_forms(matcher: TermMatcher, text: str, found: list[str]) -> None:
    assert [text[m.start:m.end] for m in matcher.find(text)] == found


def test_matcher_prefers_the_longest_form() -> None:
    m = TermMatcher({"learning": "l", "expansive learning": "el"})
    assert [x.concept_id for x in m.find("expansive learning")] == ["el"]


def build(forms=FORMS):
    ext = ConceptExtension(forms, {cid: f"Definition of {cid}." for cid in forms.values()})
    md = markdown.Markdown(extensions=[ext, "attr_list"])
    return ext, md


def convert(text: str, href=lambda cid: f"../concepts/{cid}.md"):
    ext, md = build()
    ext.begin_page(href)
    html = md.convert(text)
    return html, ext.end_page()


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_links_the_first_mention_per_section_only() -> None:
    html, found = convert("Knotworking here and knotworking again.\n\n## Next\n\nknotworking once more.")
    assert html.count('class="concept-link"') == 2
    assert len(found.mentions) == 2 and found.mentions[0].count == 2


def test_the_link_carries_the_definition_as_text_for_its_preview() -> None:
    html, _ = convert("About knotworking.")
    assert 'data-definition="Definition of knotworking."' in html and 'href="../concepts/knotworking.md"' in html
    assert "title=" not in html     # the theme would show a title as HTML


def test_a_definition_holding_markup_stays_an_escaped_attribute_value() -> None:
    ext = ConceptExtension({"knotworking": "k"}, {"k": 'A "knot" <img src=x onerror=alert(1)> & more.'})
    md = markdown.Markdown(extensions=[ext])
    ext.begin_page(lambda cid: f"../concepts/{cid}.md")
    html = md.convert("About knotworking.")
    assert 'data-definition="A &quot;knot&quot; &lt;img src=x onerror=alert(1)&gt; &amp; more."' in html
    assert "<img" not in html


@pytest.mark.parametrize("source", [
    "# Knotworking heading", "[knotworking](https://example.org)", "`knotworking`",
    "    knotworking in code", '<a href="x">knotworking</a>', "![knotworking](img.png)",
])
def test_never_links_inside_headings_links_code_or_html(source: str) -> None:
    html, _ = convert(source)
    assert 'class="concept-link"' not in html


def test_never_changes_the_words() -> None:
    source = "*Expansive* learning, expansive learning; the ZPD (zone of proximal development) and **knotworking**."
    plain = markdown.markdown(source)
    html, _ = convert(source)
    assert text_of(html) == text_of(plain)


def test_passages_get_stable_anchors_and_snippets() -> None:
    html, found = convert("First paragraph.\n\nThe ZPD matters here.\n\n- a list item on knotworking")
    assert 'id="par-1"' in html and 'id="par-2"' in html
    mention = next(m for m in found.mentions if m.concept_id == "zpd")
    assert mention.anchor == "par-2" and mention.term == "ZPD"
    assert mention.before.endswith("The ") and mention.after.startswith(" matters")
    assert any(m.concept_id == "knotworking" for m in found.mentions)


def test_pages_not_switched_on_are_untouched() -> None:
    ext, md = build()
    ext.begin_page(None)
    html = md.convert("knotworking")
    assert html == "<p>knotworking</p>" and ext.end_page() is None


def test_snippet_cuts_at_words() -> None:
    text = "word " * 40 + "KEY" + " more" * 40
    start = text.index("KEY")
    before, term, after = snippet(text, start, start + 3)
    assert term == "KEY" and before.startswith("… ") and after.endswith(" …")
    assert len(before) < 90 and len(after) < 90


def test_a_term_set_partly_in_italics_counts_but_is_not_split() -> None:
    html, found = convert("The *boundary* crossing here, then boundary crossing again.")
    assert html.count('class="concept-link"') == 1
    assert 'boundary crossing</a> again' in html and "<em>boundary</em> crossing here" in html
    assert [m.count for m in found.mentions] == [2]


def test_a_list_item_holding_paragraphs_is_not_one_passage() -> None:
    html, found = convert("- first on knotworking\n\n    second on the ZPD\n\n- a plain item on knotworking")
    assert '<li>\n<p id="par-1">first' in html and '<p id="par-2">second' in html
    assert [(m.concept_id, m.anchor) for m in found.mentions] == [("knotworking", "par-1"), ("zpd", "par-2"),
                                                                  ("knotworking", "par-3")]


def test_script_and_comment_text_is_never_read() -> None:
    html, found = convert('Words.\n\n<script>var s = "<p>knotworking</p>";</script>\n\n<!-- knotworking -->')
    assert 'class="concept-link"' not in html and not found.mentions


def test_character_references_are_read_as_text_and_kept() -> None:
    html, found = convert("Zone &amp; knotworking &lt;here&gt;.")
    assert "Zone &amp; <a " in html and "&lt;here&gt;" in html
    assert found.mentions[0].before == "Zone & " and found.mentions[0].after == " <here>."


def test_an_exclude_phrase_keeps_its_own_concept_from_linking_and_counting() -> None:
    ext = ConceptExtension(FORMS, {cid: "d" for cid in FORMS.values()},
                           {"learning-leadership": ("the Learning Leadership Project",),
                            "object": ("single object",)})
    md = markdown.Markdown(extensions=[ext])
    ext.begin_page(lambda cid: f"../concepts/{cid}.md")
    html = md.convert("The Learning Leadership Project studied expansive learning; a single object.\n\n"
                      "Later, learning leadership and the object of work.")
    page = ext.end_page()
    linked = re.findall(r'href="../concepts/([^.]+).md"[^>]*>([^<]+)<', html)
    assert linked == [("expansive-learning", "expansive learning"), ("learning-leadership", "learning leadership"),
                      ("object", "object")]
    assert {(m.concept_id, m.count) for m in page.mentions} == {
        ("expansive-learning", 1), ("learning-leadership", 1), ("object", 1)}


def test_an_exclude_phrase_of_another_concept_leaves_a_form_linked() -> None:
    ext = ConceptExtension(FORMS, {cid: "d" for cid in FORMS.values()}, {"object": ("expansive learning",)})
    md = markdown.Markdown(extensions=[ext])
    ext.begin_page(lambda cid: f"{cid}.md")
    assert 'href="expansive-learning.md"' in md.convert("On expansive learning.")
