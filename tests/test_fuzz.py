"""Random Markdown, BibTeX and YAML fragments through the build's parsers, in-process: no
exception escapes, the time per kilobyte stays bounded, and the finished HTML, once the
markup policy has read it, holds nothing live."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks import html_policy, limits, yamlsafe
from hooks.bibtex import parse_library
from hooks.glossary import parse_glossary
from hooks.volumes import parse_paper, parse_volume
from inprocess import Converter

SECONDS_PER_KB = 0.5      # the site converts ~1 MB/s; a hundred times slower is a crawl
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONVERT = Converter()


def fragments(*pieces: str, alphabet: str) -> st.SearchStrategy[str]:
    """Strings made of meaningful pieces and random characters, mixed."""
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(alphabet=alphabet, max_size=12)),
                    max_size=60).map("".join)


MARKDOWN = fragments(
    "[@alpha2001]", "[@alpha2001, p. 3]", "@gamma1999", "[-@alpha2001]", "[see @alpha2001; @gamma1999]", "@nokey",
    "[", "]", "[@", "(", ")", "[a](b.md)", "![i](x.png)", "[^1]", "[^1]: note\n", "\n\n", "\n", "    ", "- ", "1. ",
    "> ", "# ", "## ", "*", "_", "**", "`", "``", "\\", "\\@", "<", ">", "<div>", "</div>", "<script>", "<!--",
    "-->", "<a href=\"javascript:x\">", "<img src=x onerror=y>", "&", "&amp;", "&#", "{: #id .cls }", "{: onclick=x }",
    "!!! note\n    ", "knotworking", "boundary crossing", "---\n", "***", "|a|b|\n", "\u202e", "\x00", "é",
    alphabet="ab @[]()<>!*_`\\\n#-&{}:=\"'^",
)
BIBTEX = fragments(
    "@article{", "@book{", "@string{", "@comment{", "@preamble{", "key2001,", "author = {", "title = \"", "year = 2001",
    "}", "{", ",", "\n", "=", "#", "%", "\\\"o", "{\\'e}", " and ", "others", "doi = {10.1/x}", "url = {http://a}",
    "pages = {1--2}", "month = jan", "crossref = {x}", "\x00", "\u202e", "е",
    alphabet="ab1 @{}(),=\"#%\\\n",
)
YAML = fragments(
    "- id: ", "term: ", "category: ", "definition: ", "variants: [", "]", "sources: ", "related: ", "\n", "  ",
    "- ", ": ", "&a ", "*a", "<<: *a", "!!python/object:os.system", "!!binary", "'", "\"", "{", "}", "[", "|\n",
    ">\n", "? ", "---", "...", "%YAML 1.1\n", "2001-02-30", "~", "null", "yes", "\t", "#", "\x00",
    alphabet="ab1 -:[]{}'\"&*!|>\n#",
)


def _per_kb(start: float, text: str) -> float:
    return (time.perf_counter() - start) / max(1.0, len(text.encode()) / 1024)


@FUZZ
@given(MARKDOWN)
def test_markdown_never_raises_crawls_or_leaves_live_markup(text: str) -> None:
    start = time.perf_counter()
    refused = limits.check_markdown(text)
    if not refused:
        html = CONVERT(text)
        assert _per_kb(start, text) < SECONDS_PER_KB
        cleaned, _ = html_policy.neutralise_html(html)
        assert html_policy.neutralise_fully(cleaned)[1] == [], cleaned


@FUZZ
@given(BIBTEX)
def test_bibtex_never_raises_or_crawls(text: str) -> None:
    start = time.perf_counter()
    library, diagnostics = parse_library(text, "fuzz.bib")
    assert _per_kb(start, text) < SECONDS_PER_KB
    # parse_library catches what escapes its parser and says so; that message means a bug.
    assert not any("could not read the library" in d.message for d in diagnostics), diagnostics


@FUZZ
@given(YAML)
def test_yaml_never_raises_or_crawls(text: str) -> None:
    start = time.perf_counter()
    yamlsafe.load(text)
    parse_glossary(text, "fuzz.yml")
    parse_volume(text, "papers/v/volume.yml", "v")
    parse_paper(f"---\n{text}\n---\n\nBody.\n", "papers/v/x.md", "v", "x")
    assert _per_kb(start, text) < SECONDS_PER_KB * 4
