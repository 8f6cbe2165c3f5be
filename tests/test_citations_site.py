"""Citations through a whole build: a volume of its own, with its own works appended to the library."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow

WORKS = """
@book{tvcited2001, author = {Quill, Tessa}, title = {Cited in the text}, publisher = {P}, address = {L}, year = {2001}}
@book{tvlisted2001, author = {Quill, Tessa}, title = {Only under nocite}, publisher = {P}, address = {L}, year = {2002}}
@book{tvidle2001, author = {Quill, Tessa}, title = {Cited by no paper}, publisher = {P}, address = {L}, year = {2003}}
@book{tvparticle1991, author = {van der Quell, René and Valsiner, Jaan}, title = {With a particle},
  publisher = {P}, address = {L}, year = {1991}}
"""

VOLUME = "title: Test volume\ndate: 2020-01\npublisher: Test Press\neditors: [{name: Ed Itor}]\norder: 99\n"

PAPER = """---
title: A test paper
authors:
  - name: Ann Author
volume: test-vol
order: 1
nocite: [tvlisted2001]
---

@tvparticle1991 argued this.[^1] Later @tvparticle1991 said more.

- In a list [@tvcited2001, p. 1]

| Where | What |
| --- | --- |
| In a table [@tvcited2001, p. 2] | x |

Last [@tvcited2001, p. 3].

[^1]: A note.
"""

GUIDE_PAGE = """# Examples

```bibtex
@book{exq2001, author = {Quill, Tessa}, title = {An example}, series = {Test series}, number = {7},
  publisher = {Test Press}, address = {Testville}, year = {2001}, note = {A note for readers}}
```

<!-- printed -->
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory, make_site):
    build = make_site(tmp_path_factory.mktemp("citations"),
                      files={"papers/test-vol/volume.yml": VOLUME, "papers/test-vol/a.md": PAPER,
                             "bibliography.bib": lambda text: text + WORKS, "docs/examples-test.md": GUIDE_PAGE},
                      config={"not_in_nav": "/examples-test.md\n"})
    assert build.ok, build.log
    return build


def test_paper_numbers_citations_in_reading_order_and_puts_notes_before_references(built) -> None:
    page = built.page("test-vol/a/")
    assert page.index('class="footnote"') < page.index('id="references"')
    found = re.findall(r'id="cite-tvcited2001-(\d)">Quill, 2001, p\. (\d)', page)
    assert found == [("1", "1"), ("2", "2"), ("3", "3")]
    assert ">Van der Quell and Valsiner (1991)</a></span> argued" in page
    assert ">van der Quell and Valsiner (1991)</a></span> said" in page


def test_library_counts_nocite_works_as_cited(built) -> None:
    library = built.page("bibliography/")
    listed = library[library.index('id="ref-tvlisted2001"'):]
    listed = listed[:listed.index('class="library-entry"')]
    assert "Cited in:" in listed and re.search(r'href="[^"]*test-vol/a/#ref-tvlisted2001"', listed)
    idle = library[library.index('id="ref-tvidle2001"'):]
    assert "Not cited by any paper yet." in idle[:idle.index("</li>")]
    uncited = next(line for line in built.log.splitlines() if "not cited by any paper" in line)
    assert "tvidle2001" in uncited and "tvlisted2001" not in uncited and "tvcited2001" not in uncited


def test_guide_marker_prints_the_example(built) -> None:
    page = built.page("examples-test/")
    assert "Quill, T. (2001) <em>An example</em> (Test series, 7). Testville: Test Press. A note for readers." in page
    assert "<!-- printed -->" not in page and "@exq2001" in page
