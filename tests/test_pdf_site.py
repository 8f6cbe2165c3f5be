"""The printed edition, built from the test project: what a reader of the PDFs and of the pages gets.

The text pdftotext (poppler-utils) reads from each paper's PDF holds the paper's text; the volume
PDF's outline lists every paper at the page where it starts, the page its paper page cites;
metadata reads back with pypdf; links and citation_pdf_url resolve; the same sources and
SOURCE_DATE_EPOCH give the same bytes; without ``extra: pdf`` no page mentions a PDF. The real
volume's text is checked against the printed proceedings with shared/tools/fidelity.py.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from sitebuild import REAL, SiteBuild, build_site, prepare_project, run_build

pytestmark = pytest.mark.slow      # whole-site builds with WeasyPrint

EPOCH = "1191196800"
SITE_URL = "https://example.org/proceedings/"
PDF_CONFIG = {"extra": {"pdf": True}}
NOTE = "The note's own words, printed at the foot of its page."
FIXTURE_CHANGES = {
    "papers/seminar-3/martin.md": lambda text: text.replace("kind: paper\n", "kind: paper\nkeywords: [multiagency working, activity theory]\n", 1)
    .replace("of the organisations they work in.", "of the organisations they work in.[^a]", 1) + f"\n[^a]: {NOTE}\n",
}
FIDELITY = Path(__file__).resolve().parents[2] / "shared" / "tools" / "fidelity.py"
SOURCE_TEXT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seminar-3-proceedings.txt"
PAGES = re.compile(r'<p class="cite-this-pages">In the volume\'s PDF: <a href="([^"]+)">pp?\. (\d+)(?:–(\d+))?</a>')
# The printed text lies between the running head and the page number: A4 in points, 25 mm margins.
BODY_AREA = ["-x", "0", "-y", "64", "-W", "596", "-H", "714"]

needs_tools = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    build = build_site(tmp_path_factory.mktemp("pdf"), files=FIXTURE_CHANGES,
                       config={**PDF_CONFIG, "site_url": SITE_URL}, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.ok, build.log
    return build


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """What a reader copies from the PDF's pages, words broken by hyphenation joined again."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    text = subprocess.run(["pdftotext", *BODY_AREA, *pages, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return re.sub(r"[\u2010\u00ad]\n", "", text)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def paragraphs(page_html: str) -> list[str]:
    """The reading text of a paper page's paragraphs, without footnote calls."""
    found = re.findall(r'<p id="par-\d+">(.*?)</p>', page_html, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<sup[^>]*>.*?</sup>", "", p))) for p in found]


def runs(tokens: list[str], n: int = 8) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))}


PAPERS = ["introduction", "martin", "warmington"]


@needs_tools
@pytest.mark.parametrize("slug", PAPERS)
def test_each_paper_pdf_holds_the_papers_text(built: SiteBuild, slug: str) -> None:
    printed = runs(words(pdf_text(built.site_dir / "seminar-3" / f"{slug}.pdf")))
    paras = paragraphs(built.page(f"seminar-3/{slug}/"))
    assert paras
    for para in paras:
        missing = runs(words(para)) - printed
        assert not missing, (para, sorted(missing)[:3])


def _outline(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    return [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline
            if not isinstance(item, list)]


@needs_tools
def test_volume_outline_lists_every_paper_at_its_first_page_as_cite_this_paper_says(built: SiteBuild) -> None:
    volume_pdf = built.site_dir / "seminar-3" / "volume.pdf"
    outline = _outline(pypdf.PdfReader(volume_pdf))
    titles = [re.search(r"<h1>(.*?)</h1>", built.page(f"seminar-3/{s}/")).group(1) for s in PAPERS]
    assert [html.unescape(t) for t in titles] == [t for t, _ in outline]
    for slug, (title, page) in zip(PAPERS, outline):
        href, first, last = PAGES.search(built.page(f"seminar-3/{slug}/")).groups()
        assert href == "../volume.pdf" and int(first) == page
        assert " ".join(words(title)) in " ".join(words(pdf_text(volume_pdf, page, page)))
        paper_pages = len(pypdf.PdfReader(built.site_dir / "seminar-3" / f"{slug}.pdf").pages)
        assert int(last or first) - int(first) + 1 == paper_pages


@needs_tools
def test_contents_page_gives_each_papers_page(built: SiteBuild) -> None:
    volume_pdf = built.site_dir / "seminar-3" / "volume.pdf"
    outline = _outline(pypdf.PdfReader(volume_pdf))
    front = pdf_text(volume_pdf, 1, outline[0][1] - 1)
    for title, page in outline:
        entry = front.split(title.split()[-1], 1)[1]
        assert re.search(rf"\b{page}\b", entry), (title, page)


def test_metadata_reads_back(built: SiteBuild) -> None:
    paper = pypdf.PdfReader(built.site_dir / "seminar-3" / "martin.pdf")
    meta = paper.metadata
    assert meta.title == "Research directions in leading and managing collaborative practice"
    assert meta.author == "Ada Martin"
    volume = pypdf.PdfReader(built.site_dir / "seminar-3" / "volume.pdf").metadata
    assert meta.subject == volume.title and volume.title
    assert "multiagency working" in meta["/Keywords"] and "activity theory" in meta["/Keywords"]
    assert str(meta["/CreationDate"]).startswith("D:20071001")
    assert "/StructTreeRoot" in paper.trailer["/Root"]           # tagged
    assert paper.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)   # A4
    assert paper.pages[0].mediabox.height == pytest.approx(841.89, abs=0.5)


def test_fonts_are_embedded(built: SiteBuild) -> None:
    reader = pypdf.PdfReader(built.site_dir / "seminar-3" / "volume.pdf")
    fonts = [f for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    descriptors = [f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                   if "/DescendantFonts" in f.get_object() else f.get_object()["/FontDescriptor"].get_object()
                   for f in fonts]
    assert descriptors and all(any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")) for d in descriptors)
    assert all("DejaVu" in str(d["/FontName"]) for d in descriptors)


@needs_tools
def test_footnotes_print_at_the_foot_of_the_page_that_calls_them(built: SiteBuild) -> None:
    martin = built.site_dir / "seminar-3" / "martin.pdf"
    pages = len(pypdf.PdfReader(martin).pages)
    called = [n for n in range(1, pages + 1) if "they work in" in pdf_text(martin, n, n)]
    assert called
    text = " ".join(words(pdf_text(martin, called[0], called[0])))
    assert " ".join(words(NOTE)) in text
    assert text.index(" ".join(words(NOTE))) > text.index("they work in")
    assert "↩" not in pdf_text(martin)


def test_concept_links_print_as_plain_text(built: SiteBuild) -> None:
    reader = pypdf.PdfReader(built.site_dir / "seminar-3" / "volume.pdf")
    uris = [a.get_object()["/A"].get("/URI") for page in reader.pages for a in page.get("/Annots") or []
            if "/A" in a.get_object()]
    assert not [u for u in uris if u and ("concepts/" in u or u.startswith("file:"))]


def test_pages_link_their_pdfs_and_citation_pdf_url_resolves(built: SiteBuild) -> None:
    for url, pdf in [("seminar-3/", "seminar-3/volume.pdf")] + [(f"seminar-3/{s}/", f"seminar-3/{s}.pdf") for s in PAPERS]:
        page = built.page(url)
        links = re.findall(r'<a href="([^"]+\.pdf)" download>PDF</a>', page)
        assert len(links) == 1
        assert (built.site_dir / url / links[0]).resolve() == (built.site_dir / pdf).resolve()
        (meta,) = re.findall(r'<meta name="citation_pdf_url" content="([^"]+)">', page)
        assert meta == SITE_URL + pdf and (built.site_dir / meta.removeprefix(SITE_URL)).is_file()


def test_without_extra_pdf_no_page_links_a_pdf(tmp_path: Path) -> None:
    build = build_site(tmp_path, config={"site_url": SITE_URL})
    assert build.ok, build.log
    assert not list(build.site_dir.rglob("*.pdf"))
    for page in build.site_dir.rglob("*.html"):
        text = page.read_text("utf-8")
        assert not re.search(r'href="[^"]*\.pdf"', text) and "citation_pdf_url" not in text, page


def test_citation_pdf_url_needs_site_url(tmp_path: Path) -> None:
    build = build_site(tmp_path, config={**PDF_CONFIG, "site_url": None})
    assert build.ok, build.log
    assert "citation_pdf_url" not in build.page("seminar-3/martin/")
    assert '<a href="../martin.pdf" download>PDF</a>' in build.page("seminar-3/martin/")


def test_two_builds_give_byte_identical_pdfs(built: SiteBuild, tmp_path: Path) -> None:
    project = prepare_project(tmp_path, files=FIXTURE_CHANGES, config={**PDF_CONFIG, "site_url": SITE_URL})
    again = run_build(project, tmp_path / "elsewhere", env={"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "77",
                                                            "TZ": "Pacific/Auckland"})
    assert again.ok, again.log
    first = sorted(p.relative_to(built.site_dir) for p in built.site_dir.rglob("*.pdf"))
    assert first and first == sorted(p.relative_to(again.site_dir) for p in again.site_dir.rglob("*.pdf"))
    for rel in first:
        assert (built.site_dir / rel).read_bytes() == (again.site_dir / rel).read_bytes(), rel


@needs_tools
@pytest.mark.skipif(not FIDELITY.is_file() or not SOURCE_TEXT.is_file(), reason="the printed proceedings are not beside the repository")
def test_real_volume_pdf_carries_the_printed_proceedings(tmp_path: Path) -> None:
    build = build_site(tmp_path, config=PDF_CONFIG, content=REAL, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.ok, build.log
    reading = tmp_path / "reading"
    for volume_pdf in build.site_dir.glob("*/volume.pdf"):
        text = pdf_text(volume_pdf)
        blocks = "".join(f"<p>{html.escape(b)}</p>" for b in text.split("\n\n"))
        (reading / volume_pdf.parent.name).mkdir(parents=True)
        (reading / volume_pdf.parent.name / "volume.html").write_text(f"<html><body>{blocks}</body></html>", "utf-8")
    assert list(reading.iterdir())
    done = subprocess.run([sys.executable, str(FIDELITY), str(SOURCE_TEXT), str(reading)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
