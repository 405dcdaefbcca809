"""A synthetic data folder of any size, from a fixed seed, for the benchmark and the scale tests.

It is a *data folder* (documents.toml, text files, actors/places/events/relations/claims/
figures/patterns TOML) that obeys the rules of ``data/README.md``, so a store is built from it by
the real :func:`build.build` and every cost of the real path is measured. Names are invented
words made of syllables, one word per name or alias and never reused, so every surface form is
unique and no name occurs inside another's word; every evidence quote is a sentence the
generator wrote into one of the texts, so it is found verbatim.

No Qt here.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path

GENERATOR_VERSION = "1"
DEFAULT_SEED = 20210823

_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "kh", "ch", "ts"]
_VOWELS = ["a", "e", "i", "o", "u", "ai"]
_SYLLABLES = [o + v for o in _ONSETS for v in _VOWELS]  # 108; three syllables: 1.26 million words

_ACTOR_TYPES = [("state", "Republic"), ("government", "Government"), ("leader", None), ("official", None),
                ("armed_force", "Forces"), ("peacekeepers", "Mission"), ("population", "Community"),
                ("organisation", "Council"), ("initiative", "Initiative"), ("institution", "Institute")]
_PLACE_TYPES = ["city", "town", "village", "district", "region", "corridor", "province"]
_CATEGORIES = ["military", "diplomatic", "domestic_politics", "reconstruction", "humanitarian", "economic", "legal"]
_EVENT_WORDS = {"military": "offensive", "diplomatic": "talks", "domestic_politics": "election",
                "reconstruction": "rebuilding", "humanitarian": "relief", "economic": "agreement",
                "legal": "ruling"}
_RELATIONS = [("supports", "cooperative", "supports"), ("opposes", "conflictual", "opposes"),
              ("negotiates_with", "neutral", "negotiates with"), ("pressures", "conflictual", "pressures"),
              ("cooperates_with", "cooperative", "cooperates with"), ("mediates", "neutral", "mediates for"),
              ("accuses", "conflictual", "accuses"), ("protects", "cooperative", "protects")]
_FILLER = ["The situation remained tense across the region.", "Observers noted little change in the weeks after.",
           "Several reports described the same sequence of events.", "No agreement was reached on the details."]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


class _Words:
    """Unique capitalised invented words, drawn without replacement."""

    def __init__(self, rng: random.Random):
        n = len(_SYLLABLES)
        self._order = rng.sample(range(n ** 3), 200_000)
        self._next = 0

    def __call__(self) -> str:
        i = self._order[self._next]
        self._next += 1
        n = len(_SYLLABLES)
        word = _SYLLABLES[i // (n * n)] + _SYLLABLES[(i // n) % n] + _SYLLABLES[i % n]
        return word.capitalize()


def _s(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _toml(array: str, records: list[dict]) -> str:
    out = []
    for r in records:
        out.append(f"[[{array}]]")
        for k, v in r.items():
            if v is None:
                continue
            if isinstance(v, bool):
                val = "true" if v else "false"
            elif isinstance(v, (int, float)):
                val = repr(v)
            elif isinstance(v, str):
                val = _s(v)
            elif v and isinstance(v[0], dict):
                val = "[" + ", ".join("{ " + ", ".join(f"{a} = {_s(b) if isinstance(b, str) else str(b).lower()}"
                                                       for a, b in d.items()) + " }" for d in v) + "]"
            else:
                val = "[" + ", ".join(_s(x) for x in v) + "]"
            out.append(f"{k} = {val}")
        out.append("")
    return "\n".join(out)


def _day_words(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


class _Corpus:
    """Sentences collected per document, laid out as paragraphs at the end."""

    def __init__(self, rng: random.Random, n_docs: int):
        self.rng = rng
        self.docs: list[list[str]] = [[] for _ in range(n_docs)]

    def add(self, sentence: str, doc: int | None = None) -> str:
        self.docs[self.rng.randrange(len(self.docs)) if doc is None else doc].append(sentence)
        return sentence

    def texts(self, titles: list[str]) -> list[str]:
        out = []
        for i, sents in enumerate(self.docs):
            self.rng.shuffle(sents)
            lines = [titles[i], f"(Synthetic record {i + 1} – generated for the benchmark)", "Overview"]
            for j in range(0, len(sents), 5):
                lines.append(" ".join(sents[j:j + 5]))
            lines.append("Notes")
            lines.append(self.rng.choice(_FILLER))
            out.append("\n\n".join(lines) + "\n")
        return out


def generate(folder: str | Path, entities: int = 1000, seed: int = DEFAULT_SEED) -> dict:
    """Write a data folder with about ``entities`` actors, places, events and patterns.

    Returns counts of what was written. The same seed and size give byte-identical files.
    """
    folder = Path(folder)
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed * 1_000_003 + entities)
    word = _Words(rng)
    n_pattern = max(3, min(12, entities // 200))
    n_actor = round(entities * 0.45)
    n_place = round(entities * 0.2)
    n_event = max(1, entities - n_actor - n_place - n_pattern)
    n_docs = max(5, entities // 20)
    corpus = _Corpus(rng, n_docs)

    actors, places, events, relations, claims, figures, patterns, cells = [], [], [], [], [], [], [], []
    names: dict[str, str] = {}

    # Places first (actors may have seats): regions, then places inside them, then comparison cases.
    n_region = max(2, n_place // 15)
    n_case = min(6, max(2, n_place // 100))
    for i in range(n_place):
        pid = f"p{i}"
        name = word()
        names[pid] = name
        rec = {"id": pid, "name": name}
        if i < n_region:
            rec["place_type"] = "region"
            lat, lon = rng.uniform(38.6, 41.6), rng.uniform(44.6, 50.2)
        elif i < n_region + n_case:
            rec["place_type"] = "comparison_case"
            rec["case"] = True
            lat, lon = rng.uniform(42.0, 47.5), rng.uniform(29.0, 42.0)
        else:
            rec["place_type"] = rng.choice(_PLACE_TYPES)
            rec["parent"] = f"p{rng.randrange(n_region)}"
            lat, lon = rng.uniform(38.5, 41.8), rng.uniform(44.5, 50.4)
        rec["lat"], rec["lon"] = round(lat, 4), round(lon, 4)
        if rng.random() < 0.15:  # a contested name, one usage per side
            rec["aliases"] = [{"alias": word(), "usage": "az", "used_by": "Azerbaijani usage"},
                              {"alias": word(), "usage": "hy", "used_by": "Armenian usage"}]
        places.append(rec)

    for i in range(n_actor):
        aid = f"a{i}"
        atype, suffix = _ACTOR_TYPES[i % len(_ACTOR_TYPES)] if i < 40 else rng.choice(_ACTOR_TYPES)
        name = f"{word()} {suffix}" if suffix else f"{word()} {word()}"
        names[aid] = name
        rec = {"id": aid, "name": name, "actor_type": atype}
        if rng.random() < 0.3:
            rec["seat"] = f"p{rng.randrange(n_place)}"
        if rng.random() < 0.08:
            rec["aliases"] = [{"alias": word(), "usage": "other", "kind": "abbreviation"}]
        actors.append(rec)
    # A few places stand for governments, as Baku and Moscow do in the memo.
    govs = [a["id"] for a in actors if a["actor_type"] in ("state", "government")]
    for p in places[:min(len(govs), max(1, n_region // 3))]:
        p["metonym_for"] = govs.pop()

    def mention(ids: list[str]) -> str:
        return ", ".join(names[x] for x in ids[:-1]) + (" and " if len(ids) > 1 else "") + names[ids[-1]]

    for rec in places:
        other = names[f"p{rng.randrange(n_place)}"]
        q = corpus.add(f"Reports from {rec['name']} were compared with those from {other} in record "
                       f"{rec['id'][1:]}.")
        rec["evidence"] = [q]
        rec["description"] = f"A synthetic {rec['place_type'].replace('_', ' ')}."
    for rec in actors:
        if rng.random() < 0.06:
            rec["context"] = True
            rec["source"] = f"Synthetic context source {rng.randrange(100)}"
            continue
        other = names[rng.choice([f"a{rng.randrange(n_actor)}", f"p{rng.randrange(n_place)}"])]
        q = corpus.add(f"{rec['name']} was active near {other} according to entry {rec['id'][1:]}.")
        rec["evidence"] = [q]

    day0 = dt.date(1988, 1, 1).toordinal()
    for i in range(n_event):
        eid = f"e{i}"
        cat = rng.choice(_CATEGORIES)
        recent = rng.random() < 0.7
        d = dt.date.fromordinal(dt.date(2020, 1, 1).toordinal() + rng.randrange(0, 1000) if recent
                                else day0 + rng.randrange(0, 32 * 365))
        prec = rng.choices(["day", "month", "year"], [0.5, 0.3, 0.2])[0]
        start = d.isoformat()[: {"day": 10, "month": 7, "year": 4}[prec]]
        when = {"day": f"On {_day_words(d)}", "month": f"In {_MONTHS[d.month - 1]} {d.year}",
                "year": f"In {d.year}"}[prec]
        rec = {"id": eid, "name": f"{word()} {_EVENT_WORDS[cat]}", "start": start, "precision": prec, "category": cat}
        if rng.random() < 0.25:  # a period
            e = dt.date.fromordinal(d.toordinal() + rng.randrange(40, 900))
            eprec = rng.choice(["day", "month", "year"])
            rec["end"] = e.isoformat()[: {"day": 10, "month": 7, "year": 4}[eprec]]
        place = f"p{rng.randrange(n_place)}"
        rec["place"] = place
        parts = sorted({f"a{rng.randrange(n_actor)}" for _ in range(rng.randint(1, 4))}, key=lambda x: int(x[1:]))
        rec["participants"] = parts
        if rng.random() < 0.12:
            rec["context"] = True
            rec["source"] = "Synthetic chronology"
        else:
            rec["evidence"] = [corpus.add(f"{when}, {mention(parts)} took part in the {rec['name']} at "
                                          f"{names[place]} (item {i}).")]
        events.append(rec)

    for i in range(n_pattern):
        pname = f"{word()} pattern"
        q = corpus.add(f"Analysts described the {pname} as scenario {i + 1}.")
        patterns.append({"id": f"pat{i}", "name": pname, "description": "A synthetic scenario.", "evidence": [q]})
        names[f"pat{i}"] = pname
    for p in places:
        if not p.get("case"):
            continue
        for pat in patterns:
            if rng.random() < 0.6:
                value = rng.choice(["observed", "option", "ruled_out"])
                q = corpus.add(f"In {p['name']}, the {pat['name']} was {value.replace('_', ' ')} "
                               f"(cell {len(cells)}).")
                cells.append({"id": f"c{len(cells)}", "case": p["id"], "pattern": pat["id"], "value": value,
                              "evidence": [q]})

    for i in range(int(n_actor * 1.5)):
        s, t = rng.sample(range(n_actor), 2)
        kind, sign, verb = rng.choice(_RELATIONS)
        rec = {"id": f"r{i}", "source": f"a{s}", "target": f"a{t}", "kind": kind, "sign": sign,
               "directed": rng.random() < 0.8}
        if rng.random() < 0.4:
            y = rng.randrange(1995, 2022)
            rec["start"] = str(y) if rng.random() < 0.5 else f"{y}-{rng.randint(1, 12):02d}"
        # No context relations: in relations.toml ``source`` is the source entity, so a context
        # relation has no field for its citation (reported; the memo's data has none either).
        rec["evidence"] = [corpus.add(f"{names[f'a{s}']} {verb} {names[f'a{t}']} in case {i}.")]
        relations.append(rec)

    for i in range(entities // 10):
        c, s = rng.randrange(n_actor), rng.randrange(n_actor)
        kind = rng.choice(["attributed", "analysis", "prediction"])
        q = corpus.add(f"{names[f'a{c}']} said that {names[f'a{s}']} had changed course in statement {i}.")
        claims.append({"id": f"cl{i}", "claimant": f"a{c}", "subject": f"a{s}", "kind": kind,
                       "summary": f"A synthetic {kind} claim number {i}.", "quote": q})
    for i in range(entities // 20):
        subj = rng.choice([f"a{rng.randrange(n_actor)}", f"e{rng.randrange(n_event)}"])
        value = rng.choice([3, 12, 92, 150, 2000, 3000])
        q = corpus.add(f"About {value:,} people were linked to {names.get(subj) or events[int(subj[1:])]['name']} "
                       f"in tally {i}.")
        figures.append({"id": f"f{i}", "value": value, "unit": "people", "label": f"tally {i}", "subject": subj,
                        "approx": value >= 1000, "evidence": [q]})

    # Running text that mentions entities outside their evidence: mentions over many documents.
    for _ in range(entities * 2):
        ids = [f"a{rng.randrange(n_actor)}", f"p{rng.randrange(n_place)}"]
        corpus.add(f"{names[ids[0]]} remained in contact with {names[ids[1]]} during the period.")

    titles = [f"Synthetic Record {i + 1}: {word()} and {word()}" for i in range(n_docs)]
    docs = []
    for i, text in enumerate(corpus.texts(titles)):
        fname = f"texts/doc-{i:05d}.txt"
        (folder / fname).write_text(text, encoding="utf-8")
        docs.append({"id": f"doc{i}", "name": titles[i], "title": titles[i], "author": "Synthetic Author",
                     "publisher": "Synthetic Press", "date": "2021-08-23", "url": f"https://example.org/doc/{i}",
                     "file": fname, "credit": "Generated text for the benchmark; not a real document."})
    files = {"documents.toml": ("document", docs), "actors.toml": ("actor", actors),
             "places.toml": ("place", places), "events.toml": ("event", events),
             "relations.toml": ("relation", relations), "claims.toml": ("claim", claims),
             "figures.toml": ("figure", figures)}
    for fname, (array, recs) in files.items():
        (folder / fname).write_text(f"# Synthetic data, seed {seed}, {entities} entities.\n\n" + _toml(array, recs),
                                    encoding="utf-8")
    (folder / "patterns.toml").write_text(_toml("pattern", patterns) + "\n" + _toml("cell", cells), encoding="utf-8")
    return {"documents": len(docs), "actors": len(actors), "places": len(places), "events": len(events),
            "patterns": len(patterns), "cells": len(cells), "relations": len(relations), "claims": len(claims),
            "figures": len(figures), "entities": len(actors) + len(places) + len(events) + len(patterns)}


def cached_store(entities: int, seed: int = DEFAULT_SEED, cache: str | Path | None = None) -> tuple[Path, Path, float]:
    """A store built from a synthetic folder, cached under ``cache`` by seed and size.

    Returns (store path, data folder, seconds the build took, or 0.0 when it came from the cache).
    """
    import tempfile

    from . import build as _build
    from . import schema

    cache = Path(cache) if cache else Path(tempfile.gettempdir()) / "karabakh-bench"
    key = f"synthetic-{entities}-s{seed}-g{GENERATOR_VERSION}-b{_build.BUILD_VERSION}-v{schema.SCHEMA_VERSION}"
    data = cache / key / "data"
    store = cache / key / "store.db"
    if not (data / "patterns.toml").exists():
        generate(data, entities, seed)
    if store.exists():
        return store, data, 0.0
    counts = _build.build(data, store, keep_user_tables=False)
    return store, data, counts["seconds"]


def long_memo_data(dst: Path, mb: float = 1.0) -> Path:
    """A copy of the shipped data whose memo text is followed by the memo's own body paragraphs
    repeated, as one paragraph, up to ``mb`` megabytes: the splitter (worst case: one long
    paragraph of many sentences), the mention finder and the search index on a long text."""
    from .. import paths

    data = paths.data_dir()
    shutil.copytree(data, dst, ignore=shutil.ignore_patterns("geo"))
    memo = next((dst / "memo").glob("*.txt"))
    text = memo.read_text(encoding="utf-8")
    lines = text.splitlines()
    body = " ".join(line for line in lines[1:] if len(line) > 200) + " "
    size = int(mb * 2**20)
    parts = [text]
    total = len(text.encode())
    while total < size:
        parts.append(body)
        total += len(body.encode())
    memo.write_text("".join(parts).rstrip() + "\n", encoding="utf-8")
    return dst


def long_text_build(work: Path, mb: float = 1.0) -> dict:
    """Build seconds per MB of memo text, for the benchmark (sentence splitting was quadratic)."""
    import time

    from . import build as _build

    data = long_memo_data(work / "long-data", mb)
    size_mb = sum(p.stat().st_size for p in (data / "memo").glob("*.txt")) / 2**20
    out = work / "long.db"
    t0 = time.perf_counter()
    counts = _build.build(data, out, keep_user_tables=False)
    seconds = time.perf_counter() - t0
    out.unlink()
    shutil.rmtree(data, ignore_errors=True)
    return {"text_mb": round(size_mb, 2), "build_s": round(seconds, 2), "build_s_per_mb": round(seconds / size_mb, 2),
            "sentences": counts.get("sentences"), "mentions": counts.get("mentions")}
