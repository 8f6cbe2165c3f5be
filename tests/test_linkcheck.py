"""The internal link check: scanning pages, resolving links, and strict builds that fail on a break."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from hooks import linkcheck
from hooks.linkcheck import Page, check_pages, resolve, scan_html

# ---------------------------------------------------------------- scanning one page


def test_scan_collects_ids_names_and_links_in_order() -> None:
    page = scan_html('<h2 id="a">A</h2><a name="old">x</a><div name="notanchor"></div>'
                     '<a href="../x/#b">x</a><img src="i.png"><A HREF="UP/">u</A>')
    assert page.ids == {"a", "old"}
    assert page.links == ["../x/#b", "i.png", "UP/"]


def test_scan_ignores_comments_script_bodies_and_escaped_code() -> None:
    text = ('<!-- <a href="commented/">x</a> --><script src="s.js">var a = \'<a href="in-js/">\';</script>'
            '<style>a[href="css/"] {}</style><pre><code>&lt;a href="example/"&gt;</code></pre>'
            '<SCRIPT>x = "<a href=upper-js/>"</SCRIPT><a href="real/">r</a>')
    assert scan_html(text).links == ["s.js", "real/"]


def test_scan_skips_the_theme_site_navigation_but_not_the_contents_or_the_page() -> None:
    """The site navigation repeats on every page and MkDocs makes it from its own checked nav."""
    page = scan_html('<header><a href="h.html">h</a></header>'
                     '<nav class="md-nav md-nav--primary"><a href="n1.html">n</a>'
                     '<nav class="md-nav"><a href="n2.html">n</a></nav><a href="n3.html" id="in-nav">n</a></nav>'
                     '<nav class="md-nav md-nav--secondary"><a href="#x">toc</a></nav>'
                     '<article id="x"><a href="a.html">a</a></article>')
    assert page.links == ["h.html", "#x", "a.html"]
    assert page.ids == {"x"}


def test_scan_never_reads_an_attribute_out_of_another_attribute_value() -> None:
    """A concept link's definition may mention markup as text: it is not a link of the page."""
    page = scan_html('<a class="concept-link" href="../c/" data-definition="A &lt;img src=&quot;x.png&quot; '
                     'id=y&gt; and href=elsewhere/">c</a><p title=\'say href="no/"\' data-x id="z">t</p>')
    assert page.links == ["../c/"]
    assert page.ids == {"z"}


def test_scan_reads_quoted_values_with_angle_brackets_and_entities() -> None:
    page = scan_html("""<a title="a > b" href="p/?x=1&amp;y=2#f">x</a><span id='q&amp;a'></span><a href=bare/>b</a>""")
    assert page.links == ["p/?x=1&y=2#f", "bare/"]
    assert page.ids == {"q&a"}


@pytest.mark.parametrize("tag, ids, links", [
    ('<a title="x src=foo href=bar" href="#a">', set(), ["#a"]),
    ('<a aria-label="Previous: &lt;img src=x&gt;" href="../p/">', set(), ["../p/"]),
    ('<div title="&quot;&gt;&lt;meta http-equiv=refresh content=&quot;0;url=//evil.example/&quot;&gt;">', set(), []),
    ("<p title='a id=b' data-x=\"href='c'\">", set(), []),
    ('<a b"c href="#ok" id = "sp">', {"sp"}, ["#ok"]),
    ('<A HREF=#q ID=k/>', {"k/"}, ["#q"]),
])
def test_scan_never_reads_a_value_as_attributes(tag: str, ids: set[str], links: list[str]) -> None:
    """An escaped title or label holds text that looks like attributes: it is text, not a link."""
    page = scan_html(tag + "text</a>")
    assert (page.ids, page.links) == (ids, links)


def test_scan_never_reads_text_as_links() -> None:
    page = scan_html('<p>&lt;a href="x/"&gt; and src=y and &lt;img src=z&gt;</p><a href="#real">r</a>')
    assert page.links == ["#real"]


# ---------------------------------------------------------------- resolving one link


@pytest.mark.parametrize("href, page, base, expected", [
    ("../warmington/#ref-x", "seminar-3/martin/index.html", "/", ("seminar-3/warmington/index.html", "ref-x")),
    ("#cite-a-1", "seminar-3/martin/index.html", "/", ("seminar-3/martin/index.html", "cite-a-1")),
    ("../martin.bib", "seminar-3/martin/index.html", "/", ("seminar-3/martin.bib", "")),
    ("/.", "404.html", "/", ("index.html", "")),
    ("/seminar-3/", "404.html", "/", ("seminar-3/index.html", "")),
    ("/proceedings/concepts/", "404.html", "/proceedings/", ("concepts/index.html", "")),
    ("/elsewhere/", "404.html", "/proceedings/", ("../elsewhere/", "")),
    ("seminar-3/", "index.html", "/", ("seminar-3/index.html", "")),
    ("../../../up/", "a/index.html", "/", ("../../up/index.html", "")),
    ("caf%C3%A9/?q=1#sec%201", "index.html", "/", ("café/index.html", "sec 1")),
    ("https://example.org/", "index.html", "/", None),
    ("mailto:editor@example.org", "index.html", "/", None),
    ("tel:+441224", "index.html", "/", None),
    ("data:image/png;base64,AAAA", "index.html", "/", None),
    ("//cdn.example.org/x.js", "index.html", "/", None),
    ("#", "index.html", "/", None),
])
def test_resolve(href: str, page: str, base: str, expected: tuple[str, str] | None) -> None:
    assert resolve(href, page, base) == expected


# ---------------------------------------------------------------- checking a set of pages

FILES = {"index.html", "a/index.html", "a/file.bib", "b/index.html", "assets/site.css"}


def _pages(**links: list[str]) -> dict[str, Page]:
    pages = {name: Page(ids={"top-heading", "par-1"}) for name in FILES if name.endswith(".html")}
    for name, hrefs in links.items():
        pages[name.replace("_", "/") + "/index.html" if name != "index" else "index.html"].links = hrefs
    return pages


def test_check_pages_accepts_working_links() -> None:
    pages = _pages(index=["a/", "a/#par-1", "a/file.bib", "assets/site.css", "#top", "#top-heading", "b"],
                   a=["../", "../b/#par-1", "/.", "https://x.org/#nothing"])
    assert check_pages(pages, FILES) == []


@pytest.mark.parametrize("href, words", [
    ("c/", ["'c/index.html'", "does not have"]),
    ("a/#nope", ["anchor '#nope'", "page 'a/index.html'"]),
    ("#nope", ["anchor '#nope'", "this page"]),
    ("a/missing.pdf", ["'a/missing.pdf'"]),
    ("../outside/", ["outside the site"]),
])
def test_check_pages_reports_each_break(href: str, words: list[str]) -> None:
    (problem,) = check_pages(_pages(index=[href]), FILES)
    assert problem.page == "index.html" and problem.href == href
    for word in words:
        assert word in problem.reason


def test_a_break_on_every_page_is_reported_once_with_a_count() -> None:
    pages = {f"p{i}/index.html": Page(links=["/gone/"]) for i in range(10)}
    found = linkcheck.diagnostics(check_pages(pages, set(pages)), {}, None)
    assert len(found) == 1 and "the same link is on 9 other pages" in found[0].message


def test_diagnostic_names_the_source_file_and_the_line_of_the_link(tmp_path: Path) -> None:
    (tmp_path / "papers" / "v").mkdir(parents=True)
    (tmp_path / "papers" / "v" / "p.md").write_text("---\ntitle: T\n---\n\nText.\n\nSee [the other](other.md#gone).\n",
                                                    encoding="utf-8")
    problems = check_pages({"v/p/index.html": Page(links=["../other/#gone"]),
                            "v/other/index.html": Page()}, {"v/p/index.html", "v/other/index.html"})
    (d,) = linkcheck.diagnostics(problems, {"v/p/index.html": ("papers/v/p.md", 4)}, tmp_path)
    assert (d.path, d.line, d.level) == ("papers/v/p.md", 7, "warning")
    assert "broken link '../other/#gone'" in d.message and "does not have" in d.message


def test_page_without_a_known_source_is_named_by_its_site_path() -> None:
    (d,) = linkcheck.diagnostics([linkcheck.Problem("x/index.html", "y/", "points to 'y/index.html', which the "
                                                    "built site does not have", ("file", "y/index.html"))], {}, None)
    assert d.path == "site/x/index.html" and d.line is None


def test_a_tag_that_never_closes_is_given_up_at_once() -> None:
    """Every way of splitting the text of an unclosed tag was once tried: seconds at 25 characters."""
    start = time.process_time()
    page = scan_html('<a href="y.html">y</a><a title="t" ' + "b" * 5000)
    assert time.process_time() - start < 1
    assert page.links == ["y.html"]


@pytest.mark.slow
def test_checking_600_large_pages_takes_seconds_not_minutes(tmp_path: Path) -> None:
    """One pass per page: the check must stay a small part of a build of hundreds of papers."""
    nav = "".join(f'<li><a href="../p{i}/">Paper {i}</a></li>' for i in range(600))
    body = "".join(f'<p id="par-{i}">Text <a href="#ref-{i % 40}">(Author, 2001)</a></p>' for i in range(300))
    refs = "".join(f'<li id="ref-{i}">Ref <a href="#par-{i}">back</a></li>' for i in range(40))
    page = f"<html><head><script>var x='<a href=nope>'</script></head><body><nav>{nav}</nav>{body}{refs}</body></html>"
    for i in range(600):
        (tmp_path / f"p{i}").mkdir()
        (tmp_path / f"p{i}" / "index.html").write_text(page, encoding="utf-8")
    start = time.process_time()  # CPU time: other jobs on a shared runner do not count
    problems = linkcheck.check_site(tmp_path)
    elapsed = time.process_time() - start
    assert problems == []
    assert elapsed < 20, f"{elapsed:.1f}s for 600 pages of {len(page) // 1000} kB"


# ---------------------------------------------------------------- strict builds of a tiny site

VOLUME = """title: Tiny volume
date: 2007-10
publisher: School of Education, University of Aberdeen
editors:
  - name: Joan Forbes
"""


def _paper(title: str, body: str, order: int) -> str:
    return (f"---\ntitle: {title}\nauthors:\n  - name: A. Author\norder: {order}\n---\n\n"
            f"## Opening\n\nFirst paragraph.\n\n{body}\n")


def _build(make_site, tmp_path: Path, body: str):
    files = {"papers/seminar-3": None, "papers/tiny/volume.yml": VOLUME,
             "papers/tiny/other.md": _paper("Other", "Nothing to see.", 1),
             "papers/tiny/broken.md": _paper("Broken", body, 2)}
    return make_site(tmp_path, files=files)


def test_tiny_site_with_working_links_builds(make_site, tmp_path: Path) -> None:
    build = _build(make_site, tmp_path, 'See [the other paper](other.md#opening) and '
                                        '<a href="../other/#opening">the same in HTML</a>.')
    assert build.ok, build.log
    assert "broken link" not in build.log


@pytest.mark.parametrize("body, href, line", [
    ("A [missing page](../nowhere/) here.", "../nowhere/", 12),
    ("An [unknown heading](other.md#no-such-heading).", "../other/#no-such-heading", 12),
    ('Raw HTML: <a href="../../files/handout.pdf">the handout</a>.', "../../files/handout.pdf", 12),
], ids=["missing page", "missing anchor", "raw html"])
def test_broken_link_fails_the_strict_build_naming_the_paper(make_site, tmp_path: Path,
                                                             body: str, href: str, line: int) -> None:
    build = _build(make_site, tmp_path, body)
    assert not build.ok
    assert f"papers/tiny/broken.md:{line}: broken link '{href}'" in build.log, build.log
    assert "Aborted with" in build.log


HOSTILE_TITLES = {
    "meta": '"><meta http-equiv=refresh content="0;url=//evil.example/">',
    "img": "<img src=x> & <b>bold</b>",
}


@pytest.mark.slow
def test_hostile_titles_build_inertly_without_broken_links(make_site, tmp_path: Path) -> None:
    """Titles shown in the footer's labels and links are text: no 'broken link', no double escaping."""
    import json
    files = {"papers/seminar-3": None, "papers/tiny/volume.yml": VOLUME}
    for order, (name, title) in enumerate(HOSTILE_TITLES.items(), 1):
        files[f"papers/tiny/{name}.md"] = _paper(json.dumps(title), "Words.", order)
    build = make_site(tmp_path, files=files)
    assert build.ok, build.log
    assert "broken link" not in build.log and "Traceback" not in build.log
    pages = [build.page(f"tiny/{name}/") for name in HOSTILE_TITLES] + [build.page("tiny/")]
    labels = [label for html in pages for label in re.findall(r'md-footer__link[^>]*aria-label="([^"]*)"', html)]
    assert labels, "the footer has previous/next links"
    assert any("&lt;img src=x&gt; & &lt;b&gt;bold&lt;/b&gt;" in label for label in labels), labels
    assert any("&quot;&gt;&lt;meta http-equiv=refresh" in label for label in labels), labels
    assert not any("&amp;quot;" in label or "&amp;lt;" in label for label in labels), labels
    for html in pages:
        assert "<meta http-equiv" not in html.lower() and "<img src=x>" not in html
