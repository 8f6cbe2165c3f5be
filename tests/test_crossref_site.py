"""ORCID iDs and the Crossref deposit on built sites: under a sub-path, with and without the settings."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from lxml import etree

from crossref_xsd import errors
from hooks.crossref import NAMESPACE
from sitebuild import build_site

pytestmark = pytest.mark.slow      # whole-site builds

SITE_URL = "https://example.org/group/proceedings/"
CROSSREF = {"depositor": "Depositing Office", "email": "doi@example.org", "prefix": "10.12345",
            "registrant": "Testford University"}
ORCID = "0000-0002-1825-0097"


def _with_orcid(value: str):
    """martin.md with an orcid under its first author."""
    def change(text: str) -> str:
        return re.sub(r"(  - name: [^\n]+\n)", rf"\1    orcid: {value}\n", text, count=1)
    return change


class _Metas(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.metas: list[tuple[str, str]] = []
        self.ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.metas.append((a["name"], a.get("content") or ""))
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.ld.append(data)
            self._in_ld = False


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    build = build_site(
        tmp_path_factory.mktemp("crossref"), files={"papers/seminar-3/martin.md": _with_orcid(f"https://orcid.org/{ORCID}")},
        config={"site_url": SITE_URL, "extra": {"crossref": CROSSREF}})
    assert build.ok, build.log[-3000:]
    return build


def test_each_volume_gets_a_deposit_valid_against_crossrefs_schema(configured) -> None:
    volumes = sorted(p.name for p in (configured.project / "papers").iterdir() if (p / "volume.yml").is_file())
    assert volumes and sorted(p.parent.name for p in configured.site_dir.glob("*/crossref.xml")) == volumes
    for volume in volumes:
        assert errors((configured.site_dir / volume / "crossref.xml").read_bytes()) == []


def test_every_doi_leads_to_a_built_page_under_the_sub_path(configured) -> None:
    root = etree.fromstring((configured.site_dir / "seminar-3" / "crossref.xml").read_bytes())
    resources = [r.text for r in root.iter(f"{{{NAMESPACE}}}resource")]
    dois = [d.text for d in root.iter(f"{{{NAMESPACE}}}doi")]
    assert len(set(dois)) == len(dois) == len(resources) > 1
    assert all(d.startswith(CROSSREF["prefix"] + "/") for d in dois)
    for url in resources:
        assert url.startswith(SITE_URL)
        assert (configured.site_dir / url[len(SITE_URL):] / "index.html").is_file(), url


def test_the_orcid_is_in_the_deposit_highwire_and_json_ld(configured) -> None:
    root = etree.fromstring((configured.site_dir / "seminar-3" / "crossref.xml").read_bytes())
    assert f"https://orcid.org/{ORCID}" in [o.text for o in root.iter(f"{{{NAMESPACE}}}ORCID")]
    parser = _Metas()
    parser.feed(configured.page("seminar-3/martin/"))
    names = [n for n, _ in parser.metas]
    at = names.index("citation_author_orcid")
    assert names[at - 1] == "citation_author" and parser.metas[at][1] == f"https://orcid.org/{ORCID}"
    people = json.loads(parser.ld[0])["author"]
    assert people[0]["sameAs"] == f"https://orcid.org/{ORCID}"
    assert names.count("citation_author_orcid") == 1


def test_the_paper_header_links_the_id_by_its_address(configured) -> None:
    html = configured.page("seminar-3/martin/")
    header = html[html.index('<header class="paper-header">'):html.index("</header>", html.index('class="paper-header"'))]
    assert f'<a class="person-orcid" href="https://orcid.org/{ORCID}">https://orcid.org/{ORCID}</a>' in header


def test_the_deposit_is_linked_from_no_page(configured) -> None:
    for page in configured.site_dir.rglob("*.html"):
        assert not re.search(r"""(?:href|src)=["']?[^"'>]*crossref\.xml""", page.read_text(encoding="utf-8")), page


def test_without_settings_no_deposit_is_written(make_site, tmp_path) -> None:
    build = make_site(tmp_path, config={"site_url": SITE_URL})
    assert build.ok, build.log[-3000:]
    assert not list(build.site_dir.rglob("crossref.xml"))
    assert "citation_author_orcid" not in build.page("seminar-3/martin/")


def test_a_bad_orcid_is_a_warning_at_its_line(make_site, tmp_path) -> None:
    build = make_site(tmp_path, files={"papers/seminar-3/martin.md": _with_orcid("0000-0002-1825-0098")})
    assert not build.ok
    assert re.search(r"papers/seminar-3/martin\.md:5: orcid '0000-0002-1825-0098' .*check digit is wrong", build.log), build.log[-2000:]
    assert "Traceback" not in build.log
    assert "person-orcid" not in (build.page("seminar-3/martin/") if (build.site_dir / "seminar-3").exists() else "")
