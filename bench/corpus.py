"""A synthetic proceedings corpus in the project's real formats, for the build benchmark.

:func:`generate` writes, under one folder, exactly what an editor would commit:

- ``papers/<volume>/volume.yml`` and one Markdown paper per file with YAML front matter
  (volumes of 10-20 papers, the first of each an introduction);
- ``bibliography.bib``: a library of mixed entry types (article, book, incollection,
  unpublished, report, thesis, online);
- ``glossary.yml``: concepts with variants, definitions, explanations that cite,
  sources and related ids, in the six categories of the real glossary.

Density follows the real papers: about 4,000 words a paper; every prose block (paragraph,
block quote, list, footnote) cites at least one work and mentions at least two concepts;
citations mix ``[@k]``, ``[@k, p. 12]``, ``[see @a; @b]``, ``[-@k]``, narrative ``@k``,
``@k [p. 4]`` and ``@k [-@j]``. Works and concepts are drawn with a Zipf-like popularity,
so a few are cited everywhere and many rarely, as in a real series. A fixed seed gives the
same corpus on every machine.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SEED = 20070116
CATEGORIES = (
    "Foundations of activity theory", "The activity system", "Learning and change",
    "Interventionist research", "Collaborative practice", "Policy, governance and leadership",
)

# Running prose; some words are also the first words of concepts, so the matcher meets
# partial matches as it does in the real papers.
FILLER = """
the of and to in a that is for as with on by this which are be it from at not or an
their these its have has was were been more also such other between within across how
what where when both only into through than they can may would should could must will
however therefore moreover thus while although because whereas since rather instead
professional professionals practitioner practitioners service services school schools
agency agencies child children family families team teams work working worker workers
policy policies project projects research study studies analysis data evidence case
local authority authorities health social care education educational teacher teachers
manager managers leader leaders management organisation organisations organisational
relationship relationships boundary boundaries change changes development developments
practice practices learning knowledge system systems object objects tool tools model
approach approaches process processes question questions issue issues problem problems
meeting meetings interview interviews participant participants workshop workshops
collective individual historical cultural social professional institutional national
new different particular specific important significant central critical complex
shared common distinct emerging existing traditional current recent early later wider
understanding account discussion argument claim concern focus aim role position view
example examples form forms level levels way ways kind kinds sense terms order part
suggests shows argues describes explores examines identifies reveals indicates offers
developed emerged changed shaped framed treated seen understood described reported
across among towards against beyond without around under over upon despite during
""".split()

ADJECTIVES = """
expansive relational distributed collective reflexive situated mediated horizontal
vertical transformative dialogic systemic emergent negotiated networked cultural
historical practical tacit joint integrated contested hybrid polycontextual
interprofessional multiagency collaborative situational embodied generative formative
""".split()
NOUNS = """
learning agency expertise crossing object contradiction mediation knowledge practice
identity space zone trail configuration governance leadership inquiry dialogue tool
artefact motive network rule community division stabilisation transformation activity
""".split()
COINED = """
knotworking threadweaving wildfiring co-configuration mycorrhizae runaway-object
boundary-zoning co-laboratory knot-tying trail-blazing double-stimulation germ-cell
""".split()

SURNAMES = """
Engeström Daniels Edwards Warmington Leadbetter Martin Middleton Popova Apostolov Brown
Vygotsky Leont'ev Vasilyuk Kerosuo Glisson Hemmelgarn Victor Boynton Levitt March Forbes
Hartley Anning Cottrell Frost Green Robinson Atkinson Wilkin Stott Doherty Kinder Milbourne
Easen Dyson Farrell McCulloch Tomlinson Sloper Stone Bertram Watson Harker Dobel-Ober
Berridge Lacey Sanders Freeman Gilchrist Allan Catts Ozga Lawn Grek Menter Hulme Riddell
Tisdall Baron Wilson Pirrie Head Ó'Brien Nørgaard Sannino Virkkunen Toiviainen Kärkkäinen
Hasu Lambert Cole Scribner Wertsch Rogoff Lave Wenger Star Griesemer Akkerman Bakker
Suchman Tuomi-Gröhn Young Guile Fuller Unwin Billett Eraut Hodkinson Bernstein Bourdieu
Giddens Rhodes Newman Clarke Kooiman Sullivan Skelcher Huxham Vangen Glasby Dickinson
Atwal Caldwell Reeves Zwarenstein Barr Hammick Freeth Koppel Hughes Lymbery Frost Parton
""".split()
JOURNALS = """
Educational Review|Oxford Review of Education|Journal of Education and Work|Mind, Culture,
and Activity|British Educational Research Journal|Journal of Interprofessional Care|Child
Abuse Review|Children & Society|Journal of Education Policy|Educational Management
Administration & Leadership|International Journal of Educational Research|Organization|
Journal of Workplace Learning|Learning, Culture and Social Interaction|Public Administration|
Policy & Politics|British Journal of Social Work|Scottish Educational Review|Research Papers
in Education|Cambridge Journal of Education|Teaching and Teacher Education|Human Relations|
Management Learning|Journal of Social Policy|Educational Psychology in Practice|Support for
Learning|Child & Family Social Work|Health and Social Care in the Community|Outlines|
Journal of Integrated Care
""".replace("\n", " ").split("|")
PUBLISHERS = (("Cambridge University Press", "Cambridge"), ("Open University Press", "Buckingham"),
              ("Routledge", "London"), ("Sage", "London"), ("Policy Press", "Bristol"),
              ("Harvard University Press", "Cambridge, MA"), ("Orienta-Konsultit", "Helsinki"),
              ("Progress", "Moscow"), ("Prentice-Hall", "Englewood Cliffs, NJ"), ("Falmer", "London"),
              ("Palgrave Macmillan", "Basingstoke"), ("Dunedin Academic Press", "Edinburgh"),
              ("Oxford University Press", "Oxford"), ("Jessica Kingsley", "London"),
              ("Emerald", "Bingley"), ("Springer", "Dordrecht"))
INSTITUTIONS = ("Department for Education and Skills", "Scottish Executive", "HM Treasury",
                "National Foundation for Educational Research", "University of Birmingham",
                "University of Aberdeen", "University of Ulster", "Audit Commission",
                "Social Care Institute for Excellence", "Joseph Rowntree Foundation")
AFFILIATIONS = ("University of Aberdeen", "University of Birmingham", "University of Ulster",
                "University of Oxford", "University of Bath", "University of Helsinki",
                "Queen's University Belfast", "University of Edinburgh", "University of Stirling",
                "Institute of Education, University of London", "University of Leeds")
GIVEN = """Anne Harry Paul Jane Deirdre David Joan Yrjö Sarah Mark Steve Anna Lev Helen Ian
Fiona Kirsti Annalisa Jenny Michael Alan Stephen Lesley Sheila Tom Ruth""".split()


@dataclass(frozen=True)
class Sizes:
    """How much to generate; the defaults are the benchmark's realistic density."""

    papers: int = 30
    entries: int = 1000          # M: works in the shared library
    concepts: int = 200          # K: glossary entries
    words: int = 4000            # words per paper, +-10%
    seed: int = SEED


@dataclass
class Stats:
    papers: int = 0
    volumes: int = 0
    words: int = 0
    blocks: int = 0
    citations: int = 0
    mentions: int = 0
    entries: int = 0
    concepts: int = 0
    bytes: int = 0
    nav: list = field(default_factory=list)     # [(volume id, label, [(title, file name)])]


@dataclass(frozen=True)
class _Concept:
    id: str
    term: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class _Work:
    key: str
    type: str


class _Writer:
    """Generates everything from one random stream, in a fixed order."""

    def __init__(self, sizes: Sizes) -> None:
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)
        self.stats = Stats()

    # ------------------------------------------------------------------ prose

    def words(self, n: int) -> list[str]:
        return self.rng.choices(FILLER, k=n)

    def sentence(self, n: int, inserts: list[str]) -> str:
        """About n filler words with the given phrases placed at random word positions."""
        words = self.words(n)
        if self.rng.random() < 0.15 and n > 6:
            i = self.rng.randrange(2, n - 3)
            words[i], words[i + 1] = f"*{words[i]}", f"{words[i + 1]}*"
        for phrase in inserts:
            words.insert(self.rng.randrange(1, len(words)), phrase)
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def title(self, lo: int = 3, hi: int = 8) -> str:
        words = [w for w in self.words(self.rng.randint(lo, hi))]
        words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(NOUNS))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    # ------------------------------------------------------------------ glossary

    def concepts(self) -> list[_Concept]:
        seen: set[tuple[str, ...]] = set()
        found: list[_Concept] = []
        pool = [(c,) for c in COINED]
        pool += [(a, n) for a in ADJECTIVES for n in NOUNS]
        self.rng.shuffle(pool)
        pool = [(c,) for c in COINED] + [p for p in pool if len(p) == 2]
        for parts in pool:
            if len(found) == self.sizes.concepts:
                break
            if len(parts) == 2 and self.rng.random() < 0.2:     # some three-word terms
                parts = (parts[0], self.rng.choice([a for a in ADJECTIVES if a != parts[0]]), parts[1])
            term = " ".join(parts)
            variants = []
            if len(parts) > 1 and self.rng.random() < 0.5:
                variants.append(_plural(term))
            if len(parts) == 2 and self.rng.random() < 0.3:
                variants.append(f"{parts[1]} of a {parts[0]} kind")
            if self.rng.random() < 0.15:
                variants.append("".join(w[0] for w in term.replace("-", " ").split()).upper() + "X")
            keys = [_key(f) for f in (term, *variants)]
            if any(k in seen for k in keys) or len(set(keys)) != len(keys):
                continue
            seen.update(keys)
            found.append(_Concept(_slug(term), term, tuple(variants)))
        if len(found) < self.sizes.concepts:
            raise ValueError(f"only {len(found)} distinct concepts can be made")
        return found

    def glossary_yaml(self, concepts: list[_Concept], works: list[_Work]) -> str:
        entries = []
        for i, c in enumerate(concepts):
            sources = self.rng.sample(works, self.rng.randint(1, 4))
            others = [o for o in concepts if o is not c]
            related = self.rng.sample(others, min(len(others), self.rng.randint(1, 5)))
            explanation = "\n\n".join(
                " ".join(self.sentence(self.rng.randint(12, 22), []) + "." for _ in range(3))[:-1]
                + f" [@{self.rng.choice(sources).key}]." for _ in range(self.rng.randint(1, 3)))
            definition = self.sentence(self.rng.randint(14, 30), [c.term]) + "."
            entries.append({
                "id": c.id, "term": c.term, **({"variants": list(c.variants)} if c.variants else {}),
                "category": CATEGORIES[i % len(CATEGORIES)], "definition": definition[:279],
                "explanation": explanation + "\n", "sources": [w.key for w in sources],
                "related": [o.id for o in related],
            })
        self.stats.concepts = len(entries)
        head = "# Synthetic concept glossary for the build benchmark (bench/corpus.py).\n\n"
        return head + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)

    # ------------------------------------------------------------------ library

    def people(self, lo: int, hi: int) -> str:
        n = self.rng.choices(range(lo, hi + 1), weights=[6, 4, 2, 1, 1, 1][: hi - lo + 1])[0]
        names = []
        for _ in range(n):
            initials = " ".join(f"{self.rng.choice('ABCDEFGHJKLMNPRSTWY')}." for _ in range(self.rng.choice((1, 1, 2))))
            names.append(f"{self.rng.choice(SURNAMES)}, {initials}")
        if n > 2 and self.rng.random() < 0.1:
            names.append("others")
        return " and ".join(dict.fromkeys(names))

    def library(self) -> tuple[list[_Work], str]:
        types = ("article", "book", "incollection", "report", "unpublished", "thesis", "online")
        weights = (40, 20, 15, 8, 5, 5, 7)
        keys: set[str] = set()
        titles: set[str] = set()
        works, chunks = [], ["% Synthetic shared library for the build benchmark (bench/corpus.py).\n"]
        for _ in range(self.sizes.entries):
            kind = self.rng.choices(types, weights)[0]
            year = str(self.rng.randint(1962, 2007))
            authors = self.people(1, 6)
            title = self.title()
            while title.casefold() in titles:
                title = self.title()
            titles.add(title.casefold())
            stem = _ascii(authors.split(",")[0]).lower() + year
            key = stem
            suffix = 0
            while key in keys:
                suffix += 1
                key = stem + "abcdefghijklmnopqrstuvwxyz"[(suffix - 1) % 26] * (1 + (suffix - 1) // 26)
            keys.add(key)
            fields = self.fields(kind, authors, year, title)
            body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields)
            chunks.append(f"@{kind}{{{key},\n{body},\n}}\n")
            works.append(_Work(key, kind))
        self.stats.entries = len(works)
        return works, "\n".join(chunks)

    def fields(self, kind: str, authors: str, year: str, title: str) -> list[tuple[str, str]]:
        rng = self.rng
        publisher, place = rng.choice(PUBLISHERS)
        date = [("pubstate", "inpress")] if year == "2007" and rng.random() < 0.2 else [("year", year)]
        if kind == "article":
            first = rng.randint(1, 400)
            out = [("author", authors), *date, ("title", title), ("journal", rng.choice(JOURNALS).strip()),
                   ("volume", str(rng.randint(1, 60))), ("number", str(rng.randint(1, 4))),
                   ("pages", f"{first}-{first + rng.randint(8, 30)}")]
            if rng.random() < 0.4:
                out.append(("doi", f"10.{rng.randint(1000, 9999)}/{rng.randint(10**7, 10**8)}"))
            return out
        if kind == "book":
            who = ("editor", authors) if rng.random() < 0.15 else ("author", authors)
            out = [who, *date, ("title", title), ("publisher", publisher), ("address", place)]
            return out + ([("edition", str(rng.randint(2, 4)))] if rng.random() < 0.1 else [])
        if kind == "incollection":
            first = rng.randint(1, 300)
            return [("author", authors), *date, ("title", title), ("booktitle", self.title(4, 9)),
                    ("editor", self.people(1, 3)), ("publisher", publisher), ("address", place),
                    ("pages", f"{first}-{first + rng.randint(10, 25)}")]
        if kind == "report":
            return [("author", authors), *date, ("title", title), ("institution", rng.choice(INSTITUTIONS)),
                    ("address", place), ("number", f"RR{rng.randint(100, 999)}")]
        if kind == "unpublished":
            return [("author", authors), *date, ("title", title),
                    ("note", f"Paper presented at the {rng.choice(('BERA', 'ECER', 'ISCAR', 'SERA'))} "
                             f"Annual Conference, {rng.choice(AFFILIATIONS)}")]
        if kind == "thesis":
            return [("author", authors.split(" and ")[0]), *date, ("title", title),
                    ("school", rng.choice(AFFILIATIONS)), ("type", rng.choice(("PhD thesis", "EdD thesis")))]
        org = rng.random() < 0.4
        who = ("organization", rng.choice(INSTITUTIONS)) if org else ("author", authors)
        return [who, ("year", year), ("title", title),
                ("url", f"https://www.example.org/{_slug(title)[:40]}.html"), ("urldate", f"{int(year) + 1}-03-01")]

    # ------------------------------------------------------------------ papers

    def citation(self, refs: list[str], weights: list[float], position: str) -> tuple[str, int]:
        """One citation in a randomly chosen form; (text, number of works cited)."""
        rng = self.rng
        pick = lambda: rng.choices(refs, weights)[0]  # noqa: E731
        if position == "start":
            a = pick()
            form = rng.random()
            if form < 0.6:
                return f"@{a}", 1
            if form < 0.8:
                return f"@{a} [p. {rng.randint(3, 300)}]", 1
            b = pick()
            return (f"@{a} [-@{b}]", 2) if b != a else (f"@{a}", 1)
        form = rng.random()
        if form < 0.45:
            return f"[@{pick()}]", 1
        if form < 0.65:
            page = rng.randint(3, 300)
            loc = f"p. {page}" if rng.random() < 0.7 else f"pp. {page}-{page + rng.randint(1, 9)}"
            return f"[@{pick()}, {loc}]", 1
        if form < 0.75:
            return f"[-@{pick()}]", 1
        keys = list(dict.fromkeys(pick() for _ in range(rng.randint(2, 3))))
        prefix = rng.choice(("see ", "e.g. ", "cf. ", ""))
        return "[" + prefix + "; ".join(f"@{k}" for k in keys) + "]", len(keys)

    def block(self, refs: list[str], ref_w: list[float], forms: list[tuple[str, ...]], form_w: list[float],
              sentences: int) -> str:
        """A prose block: sentences with >= 2 concept mentions and >= 1 citation."""
        rng = self.rng
        chosen: list[tuple[str, ...]] = []
        want = min(len(forms), rng.choice((2, 2, 3, 3, 4)))
        while len(chosen) < want:
            c = rng.choices(forms, form_w)[0]
            if c not in chosen:
                chosen.append(c)
        mentions = [rng.choice(c) for c in chosen]
        cite_at = set(rng.sample(range(sentences), min(sentences, rng.choice((1, 1, 2, 2, 3)))))
        out = []
        for s in range(sentences):
            here = mentions[s::sentences]
            self.stats.mentions += len(here)
            text = self.sentence(rng.randint(14, 26), here)
            if s in cite_at:
                start = rng.random() < 0.25
                cite, n = self.citation(refs, ref_w, "start" if start else "end")
                self.stats.citations += n
                text = f"{cite} {text[0].lower()}{text[1:]}." if start else f"{text} {cite}."
            else:
                text += "."
            out.append(text)
        return " ".join(out)

    def paper(self, volume_id: str, order: int, kind: str, works: list[_Work], concepts: list[_Concept],
              work_w: list[float], concept_w: list[float]) -> tuple[str, str]:
        """(title, file text) of one paper."""
        rng = self.rng
        nrefs = rng.randint(20, 45)
        ref_idx = _weighted_sample(rng, len(works), work_w, nrefs)
        refs = [works[i].key for i in ref_idx]
        ref_w = [1.0 / (1 + r) ** 0.7 for r in range(len(refs))]
        cidx = _weighted_sample(rng, len(concepts), concept_w, rng.randint(12, 25))
        forms = [(concepts[i].term, *concepts[i].variants) for i in cidx]
        form_w = [1.0 / (1 + r) ** 0.6 for r in range(len(forms))]
        target = int(self.sizes.words * rng.uniform(0.9, 1.1))
        authors = [{"name": f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}", "affiliation": rng.choice(AFFILIATIONS)}
                   for _ in range(rng.choice((1, 1, 2, 3)))]
        title = "Introduction" if kind == "introduction" else self.title(5, 11)
        body: list[str] = []
        footnotes: list[str] = []
        count = 0
        section = 0
        while count < target:            # sections of 3-6 blocks, some in subsections
            section += 1
            body.append(f"## {section}. {self.title(2, 6)}")
            count += 6
            for sub in range(rng.choice((0, 0, 1, 2)) + 1):
                if sub:
                    body.append(f"### {section}.{sub} {self.title(2, 5)}")
                    count += 5
                for _ in range(rng.randint(3, 6) if sub == 0 else rng.randint(2, 4)):
                    count += self._one_block(body, footnotes, refs, ref_w, forms, form_w)
                    if count >= target:
                        break
                if count >= target:
                    break
        text_body = "\n\n".join(body + footnotes) + "\n"
        meta = {"title": title, "authors": authors, "volume": volume_id, "year": 2007, "order": order,
                "kind": kind, "copyright": f"© 2007 {authors[0]['name']}",
                "pages": f"{order * 20 + 1}-{order * 20 + 19}"}
        if kind == "paper" and rng.random() < 0.7:
            meta["abstract"] = " ".join(self.sentence(rng.randint(14, 24), []) + "." for _ in range(4))
            meta["keywords"] = [rng.choice(concepts).term for _ in range(3)]
        self.stats.words += len(text_body.split())
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
        return title, f"---\n{front}---\n\n{text_body}"

    def _one_block(self, body: list[str], footnotes: list[str], refs, ref_w, forms, form_w) -> int:
        rng = self.rng
        roll = rng.random()
        self.stats.blocks += 1
        if roll < 0.06:          # a list: each item mentions concepts and cites
            items = [self.block(refs, ref_w, forms, form_w, 1) for _ in range(rng.randint(3, 5))]
            text = "\n".join(f"- {item}" for item in items)
        elif roll < 0.11:        # a block quote, cited with a page
            quote = self.block(refs, ref_w, forms, form_w, rng.randint(2, 4))
            text = "> " + quote
        else:
            text = self.block(refs, ref_w, forms, form_w, rng.randint(4, 7))
            if rng.random() < 0.05:
                n = len(footnotes) + 1
                text = text[:-1] + f"[^{n}]."
                footnotes.append(f"[^{n}]: " + self.block(refs, ref_w, forms, form_w, 1))
        body.append(text)
        return len(text.split())

    def volume_yaml(self, number: int, papers: int) -> tuple[str, str]:
        isbn = _isbn10(self.rng)
        label = f"ESRC Seminar {number} Proceedings"
        data = {
            "title": self.title(4, 8), "subtitle": label,
            "series": "Service integration in schools: research and policy discourses, practices and future prospects",
            "institution": "School of Education, University of Aberdeen", "report_series": "Research Papers",
            "number": 10 + number, "date": f"{2005 + number // 4}-{number % 12 + 1:02d}",
            "seminar": {"number": number, "held": f"{self.rng.choice(AFFILIATIONS)}, 2007"},
            "editors": [{"name": f"{self.rng.choice(GIVEN)} {self.rng.choice(SURNAMES)}",
                         "affiliation": self.rng.choice(AFFILIATIONS), "role": "Research Paper Editor"}],
            "isbn": isbn, "publisher": "School of Education, University of Aberdeen", "place": "Aberdeen",
            "order": number, "introduction": "introduction.md",
        }
        return label, yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def generate(root: Path, sizes: Sizes = Sizes()) -> Stats:
    """Write papers/, bibliography.bib and glossary.yml under ``root``; return what was made."""
    if sizes.papers < 1 or sizes.entries < 4 or sizes.concepts < 2 or sizes.words < 50:
        raise ValueError("need at least 1 paper, 4 works, 2 concepts and 50 words a paper")
    w = _Writer(sizes)
    root.mkdir(parents=True, exist_ok=True)
    works, bib = w.library()
    concepts = w.concepts()
    (root / "bibliography.bib").write_text(bib, encoding="utf-8")
    (root / "glossary.yml").write_text(w.glossary_yaml(concepts, works), encoding="utf-8")
    work_w = _zipf(w.rng, len(works), 0.9)
    concept_w = _zipf(w.rng, len(concepts), 0.8)
    remaining, number = sizes.papers, 0
    while remaining > 0:
        number += 1
        n = min(remaining, w.rng.randint(10, 20))
        if 0 < remaining - n < 10:       # no short volume at the end
            n = remaining if remaining <= 20 else remaining - 10
        remaining -= n
        vid = f"seminar-{number:02d}"
        folder = root / "papers" / vid
        folder.mkdir(parents=True, exist_ok=True)
        label, volume = w.volume_yaml(number, n)
        (folder / "volume.yml").write_text(volume, encoding="utf-8")
        listed = []
        for order in range(n):
            kind = "introduction" if order == 0 else "paper"
            title, text = w.paper(vid, order, kind, works, concepts, work_w, concept_w)
            name = "introduction.md" if order == 0 else f"p{order:02d}-{_slug(title)[:24].strip('-')}.md"
            (folder / name).write_text(text, encoding="utf-8")
            w.stats.bytes += len(text.encode())
            listed.append((title, name))
        w.stats.nav.append((vid, label, listed))
        w.stats.volumes += 1
        w.stats.papers += n
    return w.stats


# ---------------------------------------------------------------------- helpers

def _zipf(rng: random.Random, n: int, s: float) -> list[float]:
    """Zipf-like weights over n items in a random order (popularity not tied to file order)."""
    weights = [1.0 / (r + 1) ** s for r in range(n)]
    rng.shuffle(weights)
    return weights


def _weighted_sample(rng: random.Random, n: int, weights: list[float], k: int) -> list[int]:
    """k distinct indices, drawn by weight (Efraimidis-Spirakis keys), most popular first."""
    keyed = sorted(range(n), key=lambda i: rng.random() ** (1.0 / weights[i]), reverse=True)
    return keyed[: min(k, n)]


def _plural(term: str) -> str:
    if term.endswith("y"):
        return term[:-1] + "ies"
    return term + ("es" if term.endswith(("s", "x")) else "s")


def _key(form: str) -> tuple[str, ...]:
    """A form's words as the site's matcher compares them (see hooks.glossary._match_key)."""
    return tuple("".join(ch if ch.isalnum() else " " for ch in form.casefold()).split())


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in _ascii(text).lower()).split())


def _ascii(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if ch.isascii() and (ch.isalnum() or ch in " -,"))


def _isbn10(rng: random.Random) -> str:
    core = "1903714" + "".join(str(rng.randint(0, 9)) for _ in range(2))
    check = (11 - sum((10 - i) * int(c) for i, c in enumerate(core)) % 11) % 11
    return f"{core[0]}-{core[1:7]}-{core[7:9]}-{'X' if check == 10 else check}"
