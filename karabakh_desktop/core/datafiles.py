"""Reading and validating the curated ``data/`` folder (see ``data/README.md``).

Every problem is reported with the file and the record it is in; all problems are collected
before failing, so an analyst editing a copy of the data sees the whole list at once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import dates, document, safe_io
from .quotes import QuoteIndex
from .wording import counted

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
USAGES = {"az", "hy", "en", "ru", "tr", "other"}
ALIAS_KINDS = {"name", "spelling", "metonym", "abbreviation", "term", "merged"}  # merged: an old id of a merged entity
ACTOR_TYPES = {"state", "government", "leader", "official", "armed_force", "peacekeepers", "population",
               "organisation", "initiative", "institution", "author", "publisher", "document", "weapon"}
PLACE_TYPES = {"country", "capital", "city", "town", "village", "district", "region", "province", "corridor",
               "exclave", "secessionist_region", "comparison_case", "line"}
EVENT_CATEGORIES = {"military", "diplomatic", "domestic_politics", "reconstruction", "humanitarian", "economic",
                    "legal", "publication"}
SIGNS = {"cooperative", "conflictual", "neutral"}
CLAIM_KINDS = {"attributed", "analysis", "prediction"}
CELL_VALUES = {"observed", "option", "ruled_out"}

# file name -> TOML array name -> item kind
FILES = {
    "documents.toml": ("document", "document"),
    "actors.toml": ("actor", "actor"),
    "places.toml": ("place", "place"),
    "events.toml": ("event", "event"),
    "figures.toml": ("figure", "figure"),
    "relations.toml": ("relation", "relation"),
    "claims.toml": ("claim", "claim"),
    "patterns.toml": ("pattern", "pattern"),
}
CELLS = ("patterns.toml", ("cell", "cell"))
PERIODS = ("periods.toml", ("period", "period"))
OPTIONAL_KINDS = ("cell", "period")  # a data folder may have no pattern cells and no named periods
MENTIONS_FILE = "mentions.toml"  # optional: the mentions of documents marked mentions = "listed"
MENTION_STATUSES = {"confirmed", "suggested", "rejected"}


class DataError(ValueError):
    """One or more problems in the data folder; ``problems`` lists them as readable lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:50]
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{counted(len(problems), 'problem')} in the data:\n" + "\n".join(shown) + more)


@dataclass
class KnowledgeBase:
    """The validated content of a data folder, as plain dicts."""

    folder: Path
    documents: list[dict] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # document id -> text
    items: dict[str, list[dict]] = field(default_factory=dict)  # kind -> records
    files: dict[str, str] = field(default_factory=dict)  # item id -> file it came from
    data_credits: str = ""  # documents.toml's `data_credits`: what slides credit besides the documents
    mentions: list[dict] = field(default_factory=list)  # listed mentions (mentions.toml)
    # The quote index and sentences the checks made, for the build to reuse (see :meth:`quotes`).
    _quotes: QuoteIndex | None = field(default=None, repr=False, compare=False)

    def quotes(self) -> QuoteIndex:
        """A :class:`QuoteIndex` of ``texts`` with ``.sentences`` (document id -> sentence spans):
        the one :func:`load` made while checking quotes, unless the texts have changed since."""
        q = self._quotes
        if q is None or q.ids != list(self.texts) or any(t is not self.texts[i] for i, t in zip(q.ids, q.texts)):
            q = self._quotes = QuoteIndex(self.texts)
            q.sentences = {doc: document.sentences(text) for doc, text in self.texts.items()}
        return q

    def all(self, kind: str) -> list[dict]:
        return self.items.get(kind, [])

    def by_id(self) -> dict[str, dict]:
        return {r["id"]: r for recs in self.items.values() for r in recs}


class _Problems(list):
    def add(self, file: str, record: dict | str | None, message: str) -> None:
        rid = record.get("id", "?") if isinstance(record, dict) else record
        where = f"{file}" + (f", record {rid!r}" if rid is not None else "")
        self.append(f"{where}: {message}")


def load(folder: str | Path) -> KnowledgeBase:
    """Parse and validate a data folder. Raises :class:`DataError` naming file and record."""
    folder = Path(folder)
    problems = _Problems()
    kb = KnowledgeBase(folder=folder)
    if not folder.is_dir():
        raise DataError([f"{folder}: not a folder"])
    raw: dict[str, list[dict]] = {}
    for fname, (array, kind) in [*FILES.items(), CELLS, PERIODS]:
        path = folder / fname
        if not path.exists():
            if kind not in OPTIONAL_KINDS:
                problems.add(fname, None, "file is missing")
            continue
        try:
            doc = tomllib.loads(safe_io.read_text(path))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.add(fname, None, f"not valid TOML: {exc}")
            continue
        except RecursionError:
            problems.add(fname, None, "not valid TOML here: its tables or arrays are nested too deeply")
            continue
        except OSError as exc:  # a folder, pipe or device under that name, a link loop, no permission
            problems.add(fname, None, f"cannot be read: {exc.strerror or exc}")
            continue
        if fname == "documents.toml" and isinstance(doc.get("data_credits"), str):
            kb.data_credits = doc["data_credits"]
        recs = doc.get(array, [])
        if not isinstance(recs, list) or not all(isinstance(r, dict) for r in recs):
            problems.add(fname, None, f"[[{array}]] must be a list of tables")
            continue
        for r in recs:
            r["_file"] = fname
        raw.setdefault(kind, []).extend(recs)
    if problems:
        raise DataError(problems)

    kb.mentions = _load_mentions(folder, problems)
    kb.documents = raw.pop("document", [])
    for d in kb.documents:
        _check_document(folder, d, kb, problems)
    if problems:  # without the texts, every quote would be reported missing: say what matters
        raise DataError(problems)
    kb.items = raw
    _check_ids(kb, problems)
    # What other records may point to: items, not named periods (a period is no item to select).
    ids = {r["id"]: r for kind, recs in raw.items() if kind != "period" for r in recs if isinstance(r.get("id"), str)}
    for d in kb.documents:  # author and publisher may be given as actor ids
        for key in ("author", "publisher"):
            if d.get(key) in ids:
                d[f"{key}_id"], d[key] = d[key], ids[d[key]].get("name", d[key])
    memo = kb.quotes()  # `quote in memo`, without a scan of every text per quote
    _check_fields(kb, ids, memo, problems)
    _check_surfaces(kb, problems)
    _check_mentions(kb, ids, problems)
    if problems:
        raise DataError(problems)
    return kb


def _check_document(folder: Path, d: dict, kb: KnowledgeBase, problems: _Problems) -> None:
    d.setdefault("published", d.get("date"))
    # A document the analyst imported (imported = true) may not know its author, date or URL.
    required = ("id", "title", "file") if d.get("imported") else ("id", "title", "author", "publisher", "published",
                                                                  "url", "file")
    for key in required:
        if not isinstance(d.get(key), str) or not d.get(key):
            problems.add(d["_file"], d, f"missing or non-text field {key!r}")
    if not isinstance(d.get("file"), str):
        return
    try:
        path = (folder / d["file"]).resolve()
    except (OSError, RuntimeError):  # a symbolic link that loops (RuntimeError before Python 3.13)
        problems.add(d["_file"], d, f"text file {d['file']!r} is a symbolic link that loops")
        return
    if not path.is_relative_to(folder.resolve()):
        problems.add(d["_file"], d, f"text file {d['file']!r} lies outside the data folder")
        return
    try:
        kb.texts[d["id"]] = safe_io.read_text(folder / d["file"])
    except UnicodeDecodeError as exc:
        problems.add(d["_file"], d, f"cannot read text file {d['file']!r}: not UTF-8 text ({exc.reason})")
    except OSError as exc:  # a pipe or device is refused, never opened (it would hang)
        problems.add(d["_file"], d, f"cannot read text file {d['file']!r}: {exc.strerror or exc}")
    if d.get("published") is None and d.get("imported"):
        return
    try:
        dates.span(d.get("published", ""))
    except dates.DateError as exc:
        problems.add(d["_file"], d, str(exc))


def _check_located(r: dict, q: dict, texts: dict[str, str], problems: _Problems, sentences: dict) -> None:
    """A quote given with its place: { quote = "...", document = "id", start = 123 } (exports write these,
    so that a quote found in several documents keeps the one it was recorded from)."""
    quote, doc, start = q.get("quote"), q.get("document"), q.get("start")
    if not isinstance(quote, str) or not quote.strip() or not isinstance(doc, str) or not isinstance(start, int):
        problems.add(r["_file"], r, f"evidence {q!r} needs quote (text), document (id) and start (integer)")
    elif doc not in texts:
        problems.add(r["_file"], r, f"evidence points to unknown document {doc!r}")
    elif texts[doc][start:start + len(quote)] != quote:
        problems.add(r["_file"], r, f"quote not found at {start} in {doc!r}: {quote[:120]!r}")
    else:
        sentence = document.locate(sentences[doc], start)
        if sentence is None or start + len(quote) > sentence.end:
            problems.add(r["_file"], r, f"quote spans more than one sentence of {doc!r} (an item's evidence is "
                                        f"one sentence, or part of one): {quote[:120]!r}")


def _load_mentions(folder: Path, problems: _Problems) -> list[dict]:
    path = folder / MENTIONS_FILE
    if not path.exists():
        return []
    try:
        recs = tomllib.loads(path.read_text(encoding="utf-8")).get("mention", [])
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.add(MENTIONS_FILE, None, f"not valid TOML: {exc}")
        return []
    if not isinstance(recs, list) or not all(isinstance(r, dict) for r in recs):
        problems.add(MENTIONS_FILE, None, "[[mention]] must be a list of tables")
        return []
    return recs


def _check_mentions(kb: KnowledgeBase, ids: dict, problems: _Problems) -> None:
    listed = {d["id"] for d in kb.documents if d.get("mentions") == "listed"}
    for d in kb.documents:
        if d.get("mentions", "found") not in ("found", "listed"):
            problems.add(d["_file"], d, f"mentions {d['mentions']!r}: expected found (the default) or listed")
    for n, m in enumerate(kb.mentions, 1):
        where = f"mention #{n}"
        doc, start, end = m.get("document"), m.get("start"), m.get("end")
        if doc not in listed:
            problems.add(MENTIONS_FILE, where, f"document {doc!r} is not in documents.toml with mentions = \"listed\"")
            continue
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(kb.texts.get(doc, ""))):
            problems.add(MENTIONS_FILE, where, f"offsets {start!r}-{end!r} are outside document {doc!r}")
        for key in ("entity", "via"):
            if m.get(key) is not None and m[key] not in ids:
                problems.add(MENTIONS_FILE, where, f"{key} {m[key]!r} is not an id in the data")
        if m.get("status", "confirmed") not in MENTION_STATUSES:
            problems.add(MENTIONS_FILE, where, f"status {m.get('status')!r}: expected one of "
                                               f"{', '.join(sorted(MENTION_STATUSES))}")


def _check_ids(kb: KnowledgeBase, problems: _Problems) -> None:
    seen: dict[str, str] = {d["id"]: d["_file"] for d in kb.documents if isinstance(d.get("id"), str)}
    for _kind, recs in kb.items.items():
        for r in recs:
            rid = r.get("id")
            if not isinstance(rid, str) or not ID_PATTERN.match(rid):
                problems.add(r["_file"], r, f"id must be a lowercase slug like 'shusha', got {rid!r}")
                continue
            if rid in seen:
                problems.add(r["_file"], r, f"id {rid!r} is already used in {seen[rid]}")
                continue
            seen[rid] = r["_file"]
            kb.files[rid] = r["_file"]


# Fields that are true or false, nothing else (``mention = "no"`` would count as true), by kind.
FLAGS = {"context": None, "case": {"place"}, "approx": {"figure"}, "directed": {"relation"},
         "mention": {"actor", "place"}}
INT_RANGE = (-(2**63), 2**63 - 1)  # what SQLite stores as an integer


def _check_flags(r: dict, problems: _Problems) -> None:
    for key, kinds in FLAGS.items():
        if key in r and (kinds is None or r.get("_kind") in kinds) and not isinstance(r[key], bool):
            problems.add(r["_file"], r, f"field {key!r} must be true or false, got {r[key]!r}"[:300])
    for a in r.get("aliases", []) if isinstance(r.get("aliases"), list) else []:
        if isinstance(a, dict) and "mention" in a and not isinstance(a["mention"], bool):
            problems.add(r["_file"], r, f"alias {a.get('alias')!r}: field 'mention' must be true or false, "
                                        f"got {a['mention']!r}"[:300])


def _need(r: dict, key: str, typ, problems: _Problems, choices=None, optional=False) -> bool:
    val = r.get(key)
    if val is None:
        if not optional:
            problems.add(r["_file"], r, f"missing field {key!r}")
        return False
    if not isinstance(val, typ) or (typ in (int, float, (int, float)) and isinstance(val, bool)):
        names = typ.__name__ if isinstance(typ, type) else "/".join(t.__name__ for t in typ)
        problems.add(r["_file"], r, f"field {key!r} must be {names}, got {type(val).__name__} {val!r}"[:300])
        return False
    if choices is not None and val not in choices:
        problems.add(r["_file"], r, f"field {key!r} is {val!r}; expected one of {', '.join(sorted(choices))}")
        return False
    if isinstance(val, int) and not INT_RANGE[0] <= val <= INT_RANGE[1]:
        problems.add(r["_file"], r, f"field {key!r} is too large a number ({len(str(abs(val)))} digits); "
                                    "write it as a decimal (e.g. 1.5e25) or in a larger unit")
        return False
    return True


def _ref(r: dict, key: str, ids: dict, problems: _Problems, kinds: set[str] | None = None, optional=True):
    val = r.get(key)
    if val is None:
        if not optional:
            problems.add(r["_file"], r, f"missing field {key!r}")
        return
    for v in val if isinstance(val, list) else [val]:
        if not isinstance(v, str) or v not in ids:
            problems.add(r["_file"], r, f"field {key!r} points to unknown id {v!r}")
        elif kinds and _kind_of(ids[v]) not in kinds:
            problems.add(r["_file"], r, f"field {key!r} points to {v!r}, a {_kind_of(ids[v])}; "
                                        f"expected {' or '.join(sorted(kinds))}")


def _kind_of(rec: dict) -> str:
    return {"actors.toml": "actor", "places.toml": "place", "events.toml": "event", "figures.toml": "figure",
            "relations.toml": "relation", "claims.toml": "claim",
            "periods.toml": "period"}.get(rec["_file"], rec.get("_kind", "pattern"))


def _check_fields(kb: KnowledgeBase, ids: dict, memo: QuoteIndex, problems: _Problems) -> None:
    for kind, recs in kb.items.items():
        for r in recs:
            r["_kind"] = kind
            if kind != "cell":
                key = "name" if kind not in ("figure", "claim", "relation") else "id"
                if _need(r, key, str, problems) and not r[key].strip():
                    problems.add(r["_file"], r, f"field {key!r} is empty")
            _check_flags(r, problems)
            _check_evidence(r, memo, problems, kb.texts)
            getattr(_Checks, kind, lambda *a: None)(r, ids, problems)


def _check_evidence(r: dict, memo: QuoteIndex, problems: _Problems, texts: dict[str, str]) -> None:
    ev = r.get("evidence", [])
    if isinstance(ev, str):
        ev = r["evidence"] = [ev]
    if not isinstance(ev, list) or not all(isinstance(q, str | dict) for q in ev):
        problems.add(r["_file"], r, "field 'evidence' must be a list of quotes")
        return
    quote = r.get("quote")
    if r.get("_kind") == "claim" and _need(r, "quote", str, problems):
        ev = [quote, *ev]
        if r.get("quote_document") is not None:
            _check_located(r, {"quote": quote, "document": r.get("quote_document"), "start": r.get("quote_start")},
                           texts, problems, memo.sentences)
    for q in ev:
        if isinstance(q, dict):
            _check_located(r, q, texts, problems, memo.sentences)
            continue
        if not q.strip():
            problems.add(r["_file"], r, "an evidence quote is empty")
            continue
        found = memo.find(q)
        if found is None:
            problems.add(r["_file"], r, f"quote not found verbatim in the memo: {q[:120]!r}")
            continue
        doc, at = found
        sentence = document.locate(memo.sentences[doc], at)
        if sentence is None or at + len(q) > sentence.end:
            problems.add(r["_file"], r, f"quote spans more than one sentence of {doc!r} (an item's evidence is "
                                        f"one sentence, or part of one; quote each sentence apart): {q[:120]!r}")
    if r.get("context"):
        if not isinstance(r.get("source"), str) or not r["source"].strip():
            problems.add(r["_file"], r, "a context item (context = true) needs a 'source' saying where it comes from")
    elif not ev:
        problems.add(r["_file"], r, "no evidence: quote the memo, or mark the item context = true with a source")


class _Checks:
    @staticmethod
    def actor(r, ids, problems):
        _need(r, "actor_type", str, problems, ACTOR_TYPES)
        _ref(r, "country", ids, problems, {"actor"})
        _ref(r, "seat", ids, problems, {"place"})
        _check_aliases(r, problems)

    @staticmethod
    def place(r, ids, problems):
        _need(r, "place_type", str, problems, PLACE_TYPES)
        if _need(r, "lat", (int, float), problems) and not -90 <= r["lat"] <= 90:
            problems.add(r["_file"], r, f"latitude {r['lat']} is out of range (-90..90)")
        if _need(r, "lon", (int, float), problems) and not -180 <= r["lon"] <= 180:
            problems.add(r["_file"], r, f"longitude {r['lon']} is out of range (-180..180)")
        _ref(r, "parent", ids, problems, {"place"})
        _ref(r, "metonym_for", ids, problems, {"actor"})
        _check_aliases(r, problems)

    @staticmethod
    def event(r, ids, problems):
        _need(r, "category", str, problems, EVENT_CATEGORIES)
        _ref(r, "place", ids, problems, {"place"})
        _ref(r, "participants", ids, problems)
        if not _need(r, "start", str, problems):
            return
        try:
            ext = dates.extent(r["start"], r.get("end"))
            r["_extent"] = ext
        except dates.DateError as exc:
            problems.add(r["_file"], r, str(exc))
            return
        prec = r.get("precision") or dates.precision_of(r["start"])
        if prec not in dates.PRECISIONS:
            problems.add(r["_file"], r, f"precision {prec!r}: expected day, month or year")
        elif prec != dates.precision_of(r["start"]):
            problems.add(r["_file"], r, f"precision {prec!r} does not match the start {r['start']!r}")
        r["precision"] = prec

    @staticmethod
    def figure(r, ids, problems):
        _need(r, "value", (int, float), problems)
        _need(r, "unit", str, problems)
        _need(r, "label", str, problems)
        _ref(r, "subject", ids, problems, optional=False)

    @staticmethod
    def relation(r, ids, problems):
        _ref(r, "source", ids, problems, optional=False)
        _ref(r, "target", ids, problems, optional=False)
        _need(r, "kind", str, problems)
        _need(r, "sign", str, problems, SIGNS)
        _ref(r, "asserted_by", ids, problems)
        for key in ("start", "end"):
            if r.get(key) is not None:
                try:
                    dates.span(r[key])
                except dates.DateError as exc:
                    problems.add(r["_file"], r, f"{key}: {exc}")

    @staticmethod
    def period(r, ids, problems):
        _ref(r, "event", ids, problems, {"event"})
        if not (_need(r, "start", str, problems) and _need(r, "end", str, problems)):
            return
        try:
            first, _ = dates.span(r["start"])
            _, after = dates.span(r["end"])
        except dates.DateError as exc:
            problems.add(r["_file"], r, str(exc))
            return
        if after <= first:
            problems.add(r["_file"], r, f"the period ends ({r['end']}) before it starts ({r['start']})")
        r["_window"] = (first, after)

    @staticmethod
    def claim(r, ids, problems):
        _ref(r, "claimant", ids, problems, optional=False)
        _ref(r, "subject", ids, problems)
        _need(r, "summary", str, problems)
        _need(r, "kind", str, problems, CLAIM_KINDS)

    @staticmethod
    def cell(r, ids, problems):
        _ref(r, "case", ids, problems, {"place"}, optional=False)
        _ref(r, "pattern", ids, problems, {"pattern"}, optional=False)
        _need(r, "value", str, problems, CELL_VALUES)
        if isinstance(r.get("case"), str) and r["case"] in ids and not ids[r["case"]].get("case"):
            problems.add(r["_file"], r, f"case {r['case']!r} is not marked case = true in places.toml")


def _check_aliases(r: dict, problems: _Problems) -> None:
    aliases = r.get("aliases", [])
    if not isinstance(aliases, list):
        problems.add(r["_file"], r, "field 'aliases' must be a list of tables")
        r["aliases"] = []
        return
    for a in aliases:
        if not isinstance(a, dict) or not isinstance(a.get("alias"), str) or not a["alias"].strip():
            problems.add(r["_file"], r, f"alias {a!r} needs a non-empty 'alias' text")
            continue
        if len(a["alias"].strip()) < 2:
            problems.add(r["_file"], r, f"alias {a['alias']!r} is a single character: it would be found all "
                                        "over the text; give a longer name or leave it out")
            continue
        if a.get("usage", "other") not in USAGES:
            problems.add(r["_file"], r, f"alias {a['alias']!r}: usage {a.get('usage')!r}; "
                                        f"expected one of {', '.join(sorted(USAGES))}")
        if a.get("kind", "name") not in ALIAS_KINDS:
            problems.add(r["_file"], r, f"alias {a['alias']!r}: kind {a.get('kind')!r}; "
                                        f"expected one of {', '.join(sorted(ALIAS_KINDS))}")


def evidence_quotes(r: dict) -> list[str | dict]:
    """An item's evidence, without repeats: its quote (claims) first, then the evidence entries;
    each a quote, or a located quote (``{quote, document, start}``)."""
    out: list[str | dict] = []
    if r.get("quote"):
        out.append({"quote": r["quote"], "document": r["quote_document"], "start": r.get("quote_start")}
                   if r.get("quote_document") else r["quote"])
    for q in r.get("evidence", []) or []:
        if q not in out:
            out.append(q)
    return out


def surface_forms(kb: KnowledgeBase) -> dict[str, tuple[str, str]]:
    """Every text the mention finder looks for -> (entity id, what it is: 'name' or an alias kind)."""
    out: dict[str, tuple[str, str]] = {}
    for kind in ("actor", "place", "event", "pattern"):
        for r in kb.all(kind):
            if kind in ("actor", "place") and r.get("mention", True) and isinstance(r.get("name"), str):
                out.setdefault(r["name"], (r["id"], "name"))
            for a in r.get("aliases", []) or []:
                if isinstance(a, dict) and a.get("mention", True) and isinstance(a.get("alias"), str):
                    out.setdefault(a["alias"], (r["id"], a.get("kind", "name")))
    return out


def _check_surfaces(kb: KnowledgeBase, problems: _Problems) -> None:
    owner: dict[str, dict] = {}
    for kind in ("actor", "place", "event", "pattern"):
        for r in kb.all(kind):
            forms = []
            if kind in ("actor", "place") and isinstance(r.get("name"), str):
                forms.append(r["name"])
            forms += [a["alias"] for a in r.get("aliases", []) or [] if isinstance(a, dict) and "alias" in a]
            for f in dict.fromkeys(forms):
                other = owner.get(f)
                if other is not None and other is not r:
                    problems.add(r["_file"], r, f"name or alias {f!r} is already claimed by "
                                                f"{other['id']!r} in {other['_file']}")
                else:
                    owner[f] = r
