"""Crossref's published deposit schema (tests/data/crossref/), loaded offline.

The schema imports MathML from the W3C's address; the bundle carries a copy, and the
resolver below maps that address to it. Any other address outside the bundle is refused,
so a test never reaches the network.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

BUNDLE = Path(__file__).resolve().parent / "data" / "crossref"
MATHML = "http://www.w3.org/Math/XMLSchema/mathml3/"


class _Offline(etree.Resolver):
    def resolve(self, url, pubid, context):
        if url.startswith(MATHML):
            return self.resolve_filename(str(BUNDLE / "standard-modules" / "mathml3" / url[len(MATHML):]), context)
        if url.startswith(("http:", "https:", "ftp:")):
            raise ValueError(f"the schema asked for {url}, which is not in the bundle")
        return None


@functools.lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_Offline())
    return etree.XMLSchema(etree.parse(str(BUNDLE / "crossref5.3.1.xsd"), parser))


def errors(xml: bytes) -> list[str]:
    """The schema's complaints about a deposit ([] when it is valid)."""
    doc = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    check = schema()
    return [] if check.validate(doc) else [str(e) for e in check.error_log]
