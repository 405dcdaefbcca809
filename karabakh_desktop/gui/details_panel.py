"""Everything the store knows of the selected item, each fact with the words of the memo behind it.

All text from the store is escaped before it reaches the rich-text view: a name with markup in it
is shown as those characters, never rendered.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QTextBrowser, QVBoxLayout

from ..core import dates, naming
from . import theme
from .panels import Panel

USAGE_LABELS = {"az": "Azerbaijani usage", "hy": "Armenian usage", "en": "English", "ru": "Russian usage",
                "tr": "Turkish usage", "other": "other"}


def _number(value, unit: str) -> str:
    """1,960 troops, but 1992 (a year) and 0.5 km: thousands separators only for counts."""
    v = float(value)
    if v.is_integer():
        return str(int(v)) if "year" in (unit or "") and 1000 <= v <= 2200 else f"{int(v):,}"
    return f"{v:,}"


def _e(text) -> str:
    """Escape for rich text; also drops NUL and keeps bidi marks from leaking past the text."""
    s = escape(str(text if text is not None else ""), quote=True).replace("\x00", "")
    return f"<bdi>{s}</bdi>" if any(c in s for c in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") else s


class DetailsPanel(Panel):
    panel_id = "details"
    title = "Details"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._on_anchor)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        from .notes_editor import NoteEditor

        self.note_editor = NoteEditor(session)  # "Add note…" for the item shown (issue 7)
        self.note_editor.changed.connect(lambda item: self.render() if item == self.shown else None)
        lay.addWidget(self.note_editor)
        self.shown: str | None = None
        self.related: list[str] = []
        self.render()

    def _on_anchor(self, url: QUrl) -> None:
        href = url.toString()
        for prefix in ("item:", "sentence:"):
            if href.startswith(prefix):
                target = href[len("item:"):] if prefix == "item:" else href
                add = bool(QApplication.keyboardModifiers() & Qt.ControlModifier)
                self.session.select(target, add=add, origin=self.panel_id)

    def on_selection(self, touch, change) -> None:
        self.render()

    def on_naming(self, choice: str) -> None:
        self.render()

    def link(self, item: str, text: str | None = None) -> str:
        kind = self.session.catalog.kind(item) or ""
        colour = theme.KIND_COLOURS.get(kind, "#777777")
        label = text if text is not None else self.session.label(item)
        href = item if item.startswith("sentence:") else f"item:{item}"
        return f'<a href="{_e(href)}" style="color:{colour}">{_e(label)}</a>'

    def render(self) -> None:
        item = self.session.selection.primary
        self.shown = item
        self.note_editor.set_item(item)
        self.related = []
        if item is None:
            n = len(self.session.catalog.kinds)
            self.view.setHtml(f"<p style='color:{theme.current().muted}'>Nothing selected.</p>"
                              f"<p>Click a name in the memo, a node, a mark or a place; or press Ctrl+K to search "
                              f"the {n} items of the knowledge base.</p>")
            return
        parts = self._describe(item)
        count = len(self.session.selection.items)
        if count > 1:
            others = ", ".join(self.link(i) for i in self.session.selection.items[:-1][:12])
            parts.insert(0, f"<p style='color:{theme.current().muted}'>{count} selected; showing the last. "
                            f"Also selected: {others}</p>")
        self.view.setHtml("".join(parts))

    # --- describing an item -------------------------------------------------------------------
    def _describe(self, item: str) -> list[str]:
        db, cat = self.session.db, self.session.catalog
        kind = cat.kind(item)
        out = [f"<h2>{_e(self.session.label(item))}</h2>"]
        if kind == "sentence":
            sid = int(item.split(":", 1)[1])
            row = db.execute("SELECT text FROM sentences WHERE id = ?", [sid]).fetchone()
            out.append(f"<p><i>Sentence {sid} of the memo</i></p><blockquote>{_e(row[0] if row else '')}</blockquote>")
            ents = [r[0] for r in db.execute("SELECT DISTINCT entity_id FROM mentions WHERE sentence_id = ? "
                                             "AND via IS NULL AND status = 'confirmed'", [sid])]
            items = [r[0] for r in db.execute("SELECT DISTINCT item_id FROM evidence WHERE sentence_id = ?", [sid])]
            if ents:
                out.append("<h3>Names in it</h3><p>" + ", ".join(self.link(e) for e in ents) + "</p>")
            if items:
                out.append("<h3>Evidence for</h3><ul>" + "".join(f"<li>{self.link(i)}</li>" for i in items) + "</ul>")
            self.related = ents + items
            return out
        subtype = cat.subtypes.get(item)
        row = db.execute("SELECT description, context, source, note FROM entities WHERE id = ?", [item]).fetchone()
        kind_text = theme.KIND_LABELS.get(kind or "", kind or "")
        out.append(f"<p><b style='color:{theme.KIND_COLOURS.get(kind or '', '#777')}'>{_e(kind_text)}</b>"
                   + (f" · {_e(subtype.replace('_', ' '))}" if subtype else "") + "</p>")
        if row:
            description, context, source, note = row
            if context:
                out.append(f"<p style='background:#EEE;color:#333;padding:4px'><b>Context, not from the memo.</b> "
                           f"Source: {_e(source)}</p>")
            if description:
                out.append(f"<p>{_e(description)}</p>")
            if note:
                out.append(f"<p><b>Note:</b> {_e(note)}</p>")
        out += self._names(item)
        out += getattr(self, f"_{kind}", lambda i: [])(item)
        out += self._figures(item)
        out += self._evidence(item)
        out += self._claims(item)
        out += self._related(item)
        out += self._notes(item)
        return out

    def _names(self, item: str) -> list[str]:
        aliases = self.session.catalog.aliases.get(item, [])
        if not aliases:
            return []
        rows = self.session.db.execute("SELECT alias, usage, used_by, alias_kind FROM aliases WHERE entity_id = ? "
                                       "ORDER BY id", [item]).fetchall()
        out = []
        name = self.session.catalog.names[item]
        if naming.is_contested(name, aliases):
            out.append(f"<p><b>Contested name:</b> {_e(naming.display_name(name, aliases, naming.BOTH))} "
                       f"(Azerbaijani usage / Armenian usage; common English: {_e(name)})</p>")
        out.append("<h3>Names</h3><table cellspacing=0 cellpadding=3>")
        for alias, usage, used_by, kind in rows:
            extra = f" ({_e(kind)})" if kind not in ("name", None) else ""
            out.append(f"<tr><td><b>{_e(alias)}</b>{extra}</td><td>{_e(USAGE_LABELS.get(usage, usage))}</td>"
                       f"<td>{_e(used_by or '')}</td></tr>")
        out.append("</table>")
        return out

    def _place(self, item: str) -> list[str]:
        row = self.session.db.execute("SELECT lat, lon, place_type, metonym_for FROM places WHERE entity_id = ?",
                                      [item]).fetchone()
        out = [f"<p>{row[0]:.4f}° N, {row[1]:.4f}° E · {_e(row[2].replace('_', ' '))}</p>"]
        if row[3]:
            out.append(f"<p>Used in the memo for: {self.link(row[3])}</p>")
        return out

    def _event(self, item: str) -> list[str]:
        db = self.session.db
        start, end, precision, place, context, category = db.execute(
            "SELECT start, end, precision, place_id, context, category FROM events WHERE entity_id = ?",
            [item]).fetchone()
        out = [f"<p><b>When:</b> {_e(dates.label(start, end))} (known to the {_e(precision)})"
               f" · {_e(category.replace('_', ' '))}</p>"]
        if place:
            out.append(f"<p><b>Where:</b> {self.link(place)}</p>")
        parts = [r[0] for r in db.execute("SELECT entity_id FROM event_participants WHERE event_id = ?", [item])]
        if parts:
            out.append("<p><b>Participants:</b> " + ", ".join(self.link(p) for p in parts) + "</p>")
        return out

    def _relation(self, item: str) -> list[str]:
        s, t, kind, sign, directed, asserted, desc = self.session.db.execute(
            "SELECT source_id, target_id, kind, sign, directed, asserted_by, description FROM relations WHERE id = ?",
            [item]).fetchone()
        arrow = "→" if directed else "—"
        out = [f"<p>{self.link(s)} {arrow} <b>{_e(kind.replace('_', ' '))}</b> {arrow} {self.link(t)}</p>",
               f"<p><span style='color:{theme.SIGN_COLOURS.get(sign, '#777')}'>■</span> {_e(sign)}</p>"]
        if asserted:
            out.append(f"<p>Asserted by: {self.link(asserted)}</p>")
        if desc:
            out.append(f"<p>{_e(desc)}</p>")
        return out

    def _claim(self, item: str) -> list[str]:
        claimant, subject, summary, quote, kind, sid = self.session.db.execute(
            "SELECT claimant_id, subject_id, summary, quote, kind, sentence_id FROM claims WHERE id = ?",
            [item]).fetchone()
        label = {"attributed": "Attributed claim", "analysis": "The author's analysis",
                 "prediction": "The author's prediction"}.get(kind, kind)
        out = [f"<p><b>{_e(label)}</b> — claimant: {self.link(claimant)}"
               + (f"; about: {self.link(subject)}" if subject else "") + "</p>",
               f"<p>{_e(summary)}</p>"]
        return out

    def _cell(self, item: str) -> list[str]:
        case, pattern, value, note = self.session.db.execute(
            "SELECT case_id, pattern_id, value, note FROM pattern_cells WHERE id = ?", [item]).fetchone()
        out = [f"<p>Case {self.link(case)} × pattern {self.link(pattern)}: <b>{_e(value.replace('_', ' '))}</b></p>"]
        if note:
            out.append(f"<p><b>Note:</b> {_e(note)}</p>")
        return out

    def _figure(self, item: str) -> list[str]:
        value, unit, label, subject, approx = self.session.db.execute(
            "SELECT value, unit, label, subject_id, approx FROM figures WHERE id = ?", [item]).fetchone()
        v = _number(value, unit)
        return [f"<p><b>{'≈ ' if approx else ''}{_e(v)} {_e(unit)}</b> — {_e(label)}; subject: {self.link(subject)}</p>"]

    def _figures(self, item: str) -> list[str]:
        rows = self.session.db.execute("SELECT id, value, unit, label, approx FROM figures WHERE subject_id = ?",
                                       [item]).fetchall()
        if not rows:
            return []
        lis = []
        for fid, value, unit, label, approx in rows:
            v = _number(value, unit)
            lis.append(f"<li>{self.link(fid, ('≈ ' if approx else '') + f'{v} {unit}')} — {_e(label)}</li>")
            self.related.append(fid)
        return ["<h3>Figures</h3><ul>", *lis, "</ul>"]

    def _evidence(self, item: str) -> list[str]:
        rows = self.session.db.execute("SELECT sentence_id, quote FROM evidence WHERE item_id = ? ORDER BY start",
                                       [item]).fetchall()
        if not rows:
            return []
        out = ["<h3>Evidence in the memo</h3>"]
        for sid, quote in rows:
            out.append(f"<blockquote>“{_e(quote)}” "
                       f"<a href='sentence:{int(sid)}'>[go to sentence {int(sid)}]</a></blockquote>")
        return out

    def _claims(self, item: str) -> list[str]:
        rows = self.session.db.execute(
            "SELECT id, claimant_id, kind, summary FROM claims WHERE (claimant_id = ? OR subject_id = ?) AND id != ?",
            [item, item, item]).fetchall()
        if not rows:
            return []
        out = ["<h3>Claims</h3><ul>"]
        for cid, claimant, kind, summary in rows:
            out.append(f"<li>{self.link(claimant)} ({_e(kind)}): {self.link(cid, summary)}</li>")
            self.related.append(cid)
        out.append("</ul>")
        return out

    def _related(self, item: str) -> list[str]:
        touch = self.session.touch
        if item not in touch.selected:
            return []
        rel = sorted(touch.items, key=lambda i: (self.session.catalog.kind(i) or "", self.session.label(i)))
        if not rel:
            return []
        groups: dict[str, list[str]] = {}
        for r in rel:
            groups.setdefault(self.session.catalog.kind(r) or "other", []).append(r)
        out = ["<h3>Related</h3>"]
        for kind, members in groups.items():
            if kind in ("claim", "figure"):
                continue
            label = theme.KIND_LABELS.get(kind, kind) + "s"
            out.append(f"<p><b>{_e(label)}:</b> " + ", ".join(self.link(m) for m in members) + "</p>")
            self.related += members
        return out

    def _notes(self, item: str) -> list[str]:
        rows = self.session.db.execute("SELECT text, updated FROM user_notes WHERE item_id = ? AND deleted = 0 "
                                       "ORDER BY updated", [item]).fetchall()
        if not rows:
            return []
        return ["<h3>Your notes</h3>"] + [f"<p style='background:#FFFBE6;color:#222;padding:4px'>{_e(t)}</p>"
                                          for t, _ in rows]

    def highlight_level(self, item: str) -> int | None:
        if item == self.shown:
            return 2
        if item in self.related:
            return 1
        return None

    def selftest_pick(self) -> str | None:
        if not self.related:
            return None
        target = self.related[0]
        self._on_anchor(QUrl(target if target.startswith("sentence:") else f"item:{target}"))
        return target
