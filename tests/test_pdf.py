"""The printed edition's plain module: a written page's article made fit for paper, the volume's
HTML, the PDF's dates. The PDFs themselves are built in tests/test_pdf_site.py."""

from __future__ import annotations

from hooks import pdf
from hooks.volumes import Paper, Person, Volume

PAGE = """<html><head></head><body><nav>menu</nav><article class="md-content__inner md-typeset">
<header class="paper-header"><h1>T</h1><p class="paper-actions"><a href="#cite-this-paper">Cite this paper</a></p></header>
<p id="par-1">Work on <a class="concept-link" href="../../concepts/knotworking/" data-definition="d">knotworking</a>
in <a href="../warmington/">the next paper</a><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>
and <a class="citation" href="#ref-engestrom2001" id="cite-engestrom2001-1">Engeström 2001</a>.</p>
<h2 id="background">Background<a class="headerlink" href="#background" title="Link">&para;</a></h2>
<div class="footnote"><hr><ol><li id="fn:1"><p>A note &amp; more.&#160;<a class="footnote-backref" href="#fnref:1">&#8617;</a></p></li></ol></div>
<ul class="references"><li class="reference" id="ref-engestrom2001">Engeström, Y. (2001) <a class="backlink" href="#cite-engestrom2001-1">&#8617;</a></li></ul>
<section class="cite-this"><p class="cite-this-downloads">Download: <a href="../martin.bib" download>BibTeX</a></p></section>
</article></body></html>"""


def _article() -> str:
    return pdf.print_article(PAGE, "martin")


def test_concept_links_and_links_between_pages_print_as_plain_text() -> None:
    html = _article()
    assert "Work on knotworking\nin the next paper" in html
    assert "concepts/" not in html and "../warmington/" not in html and "menu" not in html


def test_footnotes_stand_where_they_are_called() -> None:
    html = _article()
    assert '<span class="footnote">A note &amp; more.&#160;</span>' in html
    assert 'class="footnote-ref"' not in html and '<div class="footnote">' not in html
    assert html.index('class="footnote"') < html.index("and <a")


def test_ids_and_fragment_links_are_unique_to_the_paper() -> None:
    html = _article()
    assert 'id="martin-par-1"' in html and 'href="#martin-ref-engestrom2001"' in html
    assert 'id="martin-ref-engestrom2001"' in html and 'id="par-1"' not in html


def test_links_meant_for_the_screen_are_dropped() -> None:
    html = _article()
    assert "headerlink" not in html and "Cite this paper" not in html
    assert "backlink" not in html and "&#8617;" not in html and "Download:" not in html


def _volume() -> Volume:
    editor = Person("Ann <Editor>", "Uni")
    paper = Paper("v", "p", "papers/v/p.md", "A & B", (Person("Jo Bloggs"),), "body", 1, keywords=("k1",))
    return Volume("v", "papers/v/volume.yml", "Vol <1>", "2007-10", "Pub", (editor,),
                  meta={"isbn": "1-903714-16-8", "subtitle": "Sub", "series": "Ser", "report_series": "Research Papers",
                        "number": 16, "published_by": "Published by Pub", "copyright": "© the authors"},
                  papers=[paper])


def test_volume_has_title_page_copyright_page_and_contents_escaped() -> None:
    volume = _volume()
    html = pdf.volume_html(volume, [pdf.Part(volume.papers[0], "p", "<p>text</p>")])
    assert '<html lang="en">' in html
    assert "Vol &lt;1&gt;" in html and "Ann &lt;Editor&gt;" in html and "<Editor>" not in html
    assert "1-903714-16-8" in html and "Research Paper 16" in html and "© the authors" in html
    assert '<a href="#p">' in html and '<section class="paper" id="p"' in html
    assert html.index("title-page") < html.index("copyright-page") < html.index('class="contents"') < html.index("<p>text</p>")


def test_pdf_dates_come_from_source_date_epoch() -> None:
    assert pdf.source_date("0") == "1970-01-01T00:00:00Z"
    assert pdf.source_date("1700000000") == "2023-11-14T22:13:20Z"
    assert pdf.source_date(None) is None and pdf.source_date("soon") is None


def test_without_weasyprint_the_build_names_the_fix(monkeypatch, caplog) -> None:
    import sys
    from types import SimpleNamespace

    from hooks import on_pdf

    monkeypatch.setitem(sys.modules, "weasyprint", None)     # import weasyprint raises ImportError
    with caplog.at_level("WARNING", logger="mkdocs"):
        on_pdf.on_post_build(SimpleNamespace(extra={"pdf": True}))
    (record,) = [r for r in caplog.records if r.name.startswith("mkdocs.")]
    assert record.getMessage().startswith("mkdocs.yml: extra: pdf is on but WeasyPrint is not installed")
    caplog.clear()
    on_pdf.on_post_build(SimpleNamespace(extra={}))             # off: nothing to say, nothing built
    assert not caplog.records
