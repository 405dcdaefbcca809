"""Everything the store knows of the selected item, each fact with the words behind it: the memo's,
or an imported document's under that document's title, author and date.

All text from the store is escaped before it reaches the rich-text view: a name with markup in it
is shown as those characters, never rendered.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QSizeF, Qt, QUrl
from PySide6.QtGui import QAccessible, QAccessibleTextUpdateEvent, QFont, QTextDocument
from PySide6.QtWidgets import QApplication, QTextBrowser, QVBoxLayout

from ..core import dates, naming, read
from . import theme
from .kept_documents import KeptDocuments
from .panels import Panel

USAGE_LABELS = {"az": "Azerbaijani usage", "hy": "Armenian usage", "en": "English", "ru": "Russian usage",
                "tr": "Turkish usage", "other": "other"}


KEPT_PAGES = 512  # items' pages kept (each ≈ 1 kB): every item of the memo, the last 512 read of a 10k store
# Pages kept parsed, as documents (each ≈ 25 times its HTML: ≈ 30 kB for a memo page): the last 128
# shown, and no more than 256 k characters of HTML in all (a hostile 100 k name is kept only while shown).
KEPT_DOCUMENTS = 128
KEPT_DOCUMENT_CHARS = 256_000

# a page names up to a few hundred items: one regex scan per text, not a Python loop over the marks
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _e(text) -> str:
    """Escape for rich text; also drops NUL and keeps bidi marks from leaking past the text."""
    s = escape(str(text if text is not None else ""), quote=True).replace("\x00", "")
    return f"<bdi>{s}</bdi>" if not s.isascii() and _BIDI.search(s) else s  # the marks are not ASCII


# A document's page size while no view shows it. A document lays itself out at its page size when its
# layout is made, which the view showing it does; a new document's page size is none (-1 × -1: one
# line a paragraph), so the view had every new page laid out twice, then at its own width.
_UNLAID = QSizeF(0, 0)


def _drop_layout(doc: QTextDocument) -> None:
    """Forget how ``doc`` was laid out, now that the view shows another: shown again, it is laid out
    anew at the view's width anyway (QTextEdit.setDocument does it whatever the document knows). Kept,
    its lines cost memory, and the rest of a long page went on being laid out by the layout's timer
    after the page was gone (Qt lays out the first 1,000 characters at once, the rest in steps)."""
    doc.setPageSize(_UNLAID)  # first: a layout made later lays nothing out until a view sizes it
    doc.setDocumentLayout(None)  # deletes the layout, its timers and its lines


class DetailsPanel(Panel):
    panel_id = "details"
    title = "Details"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.view = QTextBrowser()
        # Latin, Cyrillic and Armenian text is laid out glyph by glyph, without HarfBuzz: Qt lays a page
        # out anew each time it is shown (QTextEdit.setDocument sets the page size, which lays out every
        # line again), and shaping was ≈ 40 % of that. The cost: no kerning and no ligatures, so with
        # DejaVu Sans the text is a little wider (≈ 0.25 % over the memo's paragraphs, a few % in a word
        # of kerned pairs) and a line ending near the edge can wrap its last word sooner. Scripts that
        # need shaping (Arabic, Indic ...) are still shaped. The rest of the font follows the application's.
        page_font = QFont()
        page_font.setStyleStrategy(QFont.PreferNoShaping)
        self.view.setFont(page_font)
        # The scroll bar stays, greyed when a page fits: shown for one page and hidden for the next, it
        # made the view lay the page out twice (at each width), lay out its frame and repaint the bar
        # twice; and the text no longer rewraps 14 px wider on the few pages that fit.
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._on_anchor)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        from .details_edit import DetailsEditor

        self.editor = DetailsEditor(self)  # fields, names, merge, delete: each an undoable command (issue 15)
        lay.addWidget(self.editor.bar)
        lay.addWidget(self.view)
        from .notes_editor import NoteEditor

        self.note_editor = NoteEditor(session)  # "Add note…" for the item shown (issue 7)
        lay.addWidget(self.note_editor)
        self.shown: str | None = None
        self.related: list[str] = []
        self._html: str | None = None  # what the view shows: the same page is not parsed and laid out again
        # page HTML -> that page parsed (the most recently shown last): a page shown again is swapped
        # in, not parsed again. Each is the panel's (the view deletes a document only if it is its own).
        self._docs = KeptDocuments()
        self._stale: QTextDocument | None = None  # shown, but of a page forgotten: deleted when replaced
        self._shown: QTextDocument | None = None  # the page on screen, once one of ours is
        # item -> (its page as the store describes it, the items that page links): read again only
        # after an edit of the knowledge, a naming choice or a theme (each empties it)
        self._described: dict[str, tuple[list[str], list[str]]] = {}
        # what every page cites, read once with the pages (emptied with them): the memo's id, and each
        # document's citation (who wrote it, when)
        self._memo: list[str | None] = []
        self._cites: dict[str, list] = {}
        # each item's label and link as pages name it (a page lists up to hundreds; "Related", on
        # every selection, named each from the catalog, a pattern cell's with a query): emptied with them
        self._labels: dict[str, str] = {}
        self._links: dict[str, str] = {}
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
        self._forget_pages()
        self.render()

    def on_theme(self, theme_name: str) -> None:
        # The kind colours of the links are in the HTML, and a link without one takes the palette's
        # when the page is parsed: the page is parsed again even if its HTML is the same.
        self._forget_pages()
        self.render()

    def on_user_data(self, kind: str, item_id) -> None:
        if kind == "note" and item_id == self.shown:
            self.render()

    def on_knowledge(self, what: str) -> None:
        self._forget_pages()
        self.render()

    def _forget_pages(self) -> None:
        """Drop every page read and parsed: the next of each is read from the store and parsed anew."""
        self._described.clear()
        self._memo.clear()
        self._cites.clear()
        self._labels.clear()
        self._links.clear()
        self._html = None
        shown = self.view.document()
        if shown in self._docs.values():  # deleted only once another page replaces it
            self._stale = shown
        self._docs.forget(keep=shown)

    def kept_pages(self) -> list[QTextDocument]:
        """The pages kept to be shown again, the least recently shown first (the one shown among them,
        unless a knowledge, naming or theme change has just forgotten them): the panel's own."""
        return list(self._docs.values())

    def focus_target(self):
        """F6 / Ctrl+Shift+5 put the keyboard in the text, not on the editing buttons above it."""
        return self.view

    def link(self, item: str, text: str | None = None) -> str:
        if text is None and (kept := self._links.get(item)) is not None:
            return kept
        kind = self.session.catalog.kind(item) or ""
        colour = theme.KIND_COLOURS.get(kind, "#777777")
        label = text if text is not None else self._label(item)
        href = item if item.startswith("sentence:") else f"item:{item}"
        html = f'<a href="{_e(href)}" style="color:{colour}">{_e(label)}</a>'
        if text is None:
            self._links[item] = html
        return html

    def _label(self, item: str) -> str:
        label = self._labels.get(item)
        if label is None:
            label = self._labels[item] = self.session.label(item)
        return label

    def render(self) -> None:
        item = self.session.selection.primary
        self.shown = item
        notes = read.notes_on(self.session.db, item) if item is not None else []  # read once, for both
        self.note_editor.set_item(item, notes)
        self.editor.update()
        self.related = []
        if item is None:
            n = len(self.session.catalog.kinds)
            self._set_html(f"<p style='color:{theme.current().muted}'>Nothing selected.</p>"
                           f"<p>Click a name in the memo, a node, a mark or a place; or press Ctrl+K to search "
                           f"the {n} items of the knowledge base.</p>")
            return
        parts = self._describe(item, notes)
        count = len(self.session.selection.items)
        if count > 1:
            others = ", ".join(self.link(i) for i in self.session.selection.items[:-1][:12])
            parts.insert(0, f"<p style='color:{theme.current().muted}'>{count} selected; showing the last. "
                            f"Also selected: {others}</p>")
        self._set_html("".join(parts))

    def _set_html(self, html: str) -> None:
        """Show the page ``html``: its document if it was shown lately (parsed then), else a new one.

        A document is swapped in whole, never emptied and filled as setHtml does. The view lays the
        document out again at its own width and font, so a page kept from a narrower panel fits."""
        if html == self._html:
            return
        self._html = html
        font = self.view.font()
        doc = self._docs.take(html, self._new_page)
        if doc.defaultFont() != font:  # the application's font changed since it was shown
            doc.setDefaultFont(font)
        # What setHtml tells assistive technology, a swap tells it too (the text it replaced is read
        # first: the view deletes the document it was made with when another replaces it).
        told = QAccessible.isActive()
        replaced = self.view.document()
        before = replaced.toPlainText() if told else ""
        # One of our pages (not the view's first document, deleted by the view, nor a forgotten one).
        # Not asked of replaced.parent(): for the view's first document that is Qt's private text
        # control, which PySide wraps by walking its classes, making 58 enum types at start-up (≈ 15 ms).
        kept = replaced is self._shown and replaced is not self._stale
        self.view.setDocument(doc)
        self._shown = doc
        if kept and replaced is not doc:
            _drop_layout(replaced)
        self.view.verticalScrollBar().setValue(0)  # a page opens at its top, as a new page does
        if told:
            QAccessible.updateAccessibility(QAccessibleTextUpdateEvent(self.view, 0, before, doc.toPlainText()))
        if self._stale is not None and self._stale is not doc:
            self._stale.deleteLater()
            self._stale = None
        self._docs.trim(KEPT_DOCUMENTS, KEPT_DOCUMENT_CHARS)

    def _new_page(self, html: str) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setPageSize(_UNLAID)  # laid out once, by the view, at its width (not first at no width)
        doc.setDefaultFont(self.view.font())
        doc.setHtml(html)
        return doc

    # --- describing an item (everything read through core.read) --------------------------------------
    def _memo_id(self) -> str | None:
        if not self._memo:
            self._memo.append(read.memo_id(self.session.db))
        return self._memo[0]

    def _citations(self, doc_id: str) -> list:
        cites = self._cites.get(doc_id)
        if cites is None:
            cites = self._cites[doc_id] = read.citations(self.session.db, doc_id)
        return cites

    def _describe(self, item: str, notes) -> list[str]:
        """The page of ``item``: what the store says of it (read once, then kept until the knowledge,
        the naming or the theme changes: ≈ 10 queries a page), then what the selection touches and
        the analyst's ``notes`` on it (read by the caller, once for the page and its notes editor),
        both as they are now."""
        kept = self._described.get(item)
        if kept is None:
            self.related = []
            parts = self._read(item)
            kept = (parts, list(self.related))
            if len(self._described) >= KEPT_PAGES:  # the oldest read goes first
                del self._described[next(iter(self._described))]
            self._described[item] = kept
        parts, self.related = list(kept[0]), list(kept[1])
        if self.session.catalog.kind(item) == "sentence":
            return parts
        return parts + self._related(item) + self._notes(notes)

    def _read(self, item: str) -> list[str]:
        db, cat = self.session.db, self.session.catalog
        kind = cat.kind(item)
        if kind == "sentence":
            sid = int(item.split(":", 1)[1])
            out = [f"<h2>Sentence {sid}</h2>"]  # the line under it says which document, with its author
            s = read.sentence(db, sid)
            where = "the memo"
            if s is not None and s.document_id != self._memo_id():  # an imported document's sentence
                cite = self._citations(s.document_id)
                where = self._cited(cite[0]) if cite else _e(s.document_id)
            out.append(f"<p><i>Sentence {sid} of {where}</i></p><blockquote>{_e(s.text if s else '')}</blockquote>")
            ents, items = list(s.mentioned) if s else [], list(s.evidence_for) if s else []
            if ents:
                out.append("<h3>Names in it</h3><p>" + ", ".join(self.link(e) for e in ents) + "</p>")
            if items:
                out.append("<h3>Evidence for</h3><ul>" + "".join(f"<li>{self.link(i)}</li>" for i in items) + "</ul>")
            self.related = ents + items
            return out
        out = [f"<h2>{_e(self._label(item))}</h2>"]
        subtype = cat.subtypes.get(item)
        kind_text = theme.KIND_LABELS.get(kind or "", kind or "")
        out.append(f"<p><b style='color:{theme.KIND_COLOURS.get(kind or '', '#777')}'>{_e(kind_text)}</b>"
                   + (f" · {_e(subtype.replace('_', ' '))}" if subtype else "") + "</p>")
        f = read.facts(db, item) if kind != "relation" else None  # a relation's description comes below
        if f is not None:
            if f.context:
                out.append(f"<p style='background:#EEE;color:#333;padding:4px'><b>Context, not from the memo.</b> "
                           f"Source: {_e(f.source)}</p>")
            if f.description:
                out.append(f"<p>{_e(f.description)}</p>")
            if f.note:
                out.append(f"<p><b>Note:</b> {_e(f.note)}</p>")
        out += self._names(item)
        out += getattr(self, f"_{kind}", lambda i: [])(item)
        out += self._figures(item)
        out += self._evidence(item)
        out += self._claims(item)
        return out

    def _names(self, item: str) -> list[str]:
        aliases = self.session.catalog.aliases.get(item, [])
        if not aliases:
            return []
        out = []
        name = self.session.catalog.names[item]
        if naming.is_contested(name, aliases):
            out.append(f"<p><b>Contested name:</b> {_e(naming.display_name(name, aliases, naming.BOTH))} "
                       f"(Azerbaijani usage / Armenian usage; common English: {_e(name)})</p>")
        # One paragraph a name, not a table: a table squeezed the name's column and cut a name
        # mid-word ("Азербайдж-ан") at a dock's usual widths; a paragraph wraps at spaces only.
        out.append("<h3>Names</h3>")
        muted = theme.current().muted
        for a in read.names(self.session.db, item):
            extra = f" ({_e(a.kind)})" if a.kind != "name" else ""
            who = f"<br><span style='color:{muted}'>{_e(a.used_by)}</span>" if a.used_by else ""
            out.append(f"<p style='margin-top:2px;margin-bottom:4px'><b>{_e(a.alias)}</b>{extra} · "
                       f"{_e(USAGE_LABELS.get(a.usage, a.usage))}{who}</p>")
        return out

    def _place(self, item: str) -> list[str]:
        p = read.place(self.session.db, item)
        out = [f"<p>{p.lat:.4f}° N, {p.lon:.4f}° E · {_e(p.place_type.replace('_', ' '))}</p>"]
        if p.metonym_for:
            out.append(f"<p>Used in the memo for: {self.link(p.metonym_for)}</p>")
        return out

    def _event(self, item: str) -> list[str]:
        ev = read.event(self.session.db, item)
        out = [f"<p><b>When:</b> {_e(dates.label(ev.start, ev.end))} (known to the {_e(ev.precision)})"
               f" · {_e(ev.category.replace('_', ' '))}</p>"]
        if ev.place:
            out.append(f"<p><b>Where:</b> {self.link(ev.place)}</p>")
        if ev.participants:
            out.append("<p><b>Participants:</b> " + ", ".join(self.link(p) for p in ev.participants) + "</p>")
        return out

    def _relation(self, item: str) -> list[str]:
        r = read.relation(self.session.db, item)
        arrow = "→" if r.directed else "—"
        out = [f"<p>{self.link(r.source)} {arrow} <b>{_e(r.kind.replace('_', ' '))}</b> {arrow} {self.link(r.target)}</p>",
               f"<p><span style='color:{theme.sign_colour(r.sign).name()}'>■</span> {_e(r.sign)}</p>"]
        if r.asserted_by:
            out.append(f"<p>Asserted by: {self.link(r.asserted_by)}</p>")
        if r.description:
            out.append(f"<p>{_e(r.description)}</p>")
        return out

    def _claim(self, item: str) -> list[str]:
        c = read.claim(self.session.db, item)
        return [f"<p><b>{_e(c.kind_label)}</b> — claimant: {self.link(c.claimant)}"
                + (f"; about: {self.link(c.subject)}" if c.subject else "") + "</p>",
                f"<p>{_e(c.summary)}</p>"]

    def _cell(self, item: str) -> list[str]:
        c = read.cell(self.session.db, item)
        out = [f"<p>Case {self.link(c.case)} × pattern {self.link(c.pattern)}: <b>{_e(c.value.replace('_', ' '))}</b></p>"]
        if c.note:
            out.append(f"<p><b>Note:</b> {_e(c.note)}</p>")
        return out

    def _figure(self, item: str) -> list[str]:
        f = read.figure(self.session.db, item)
        return [f"<p><b>{_e(f.text)}</b> — {_e(f.label)}; subject: {self.link(f.subject)}</p>"]

    def _figures(self, item: str) -> list[str]:
        figures = read.figures_about(self.session.db, item)
        if not figures:
            return []
        lis = []
        for f in figures:
            lis.append(f"<li>{self.link(f.id, f.text)} — {_e(f.label)}</li>")
            self.related.append(f.id)
        return ["<h3>Figures</h3><ul>", *lis, "</ul>"]

    def _evidence(self, item: str) -> list[str]:
        db = self.session.db
        groups = read.evidence_by_document(db, item, self._citations)
        if not groups:
            return []
        memo = self._memo_id()
        if len(groups) == 1 and groups[0][0].id == memo:
            return ["<h3>Evidence in the memo</h3>", *self._quotes(groups[0][1])]
        # Some of it is the analyst's own reading of another document: each document under its own
        # head, with who wrote it and when, so no quote passes for the memo's words.
        out = ["<h3>Evidence</h3>"]
        for cite, quotes in groups:
            if cite.id == memo:
                who = ", ".join(p for p in (cite.author, f"“{cite.title}”" if cite.title else "", cite.date_label) if p)
                out.append(f"<p><b>In the memo</b> — {_e(who)}</p>")
            else:
                out.append(f"<p><b>In</b> {self._cited(cite, bold=True)}</p>")
            out += self._quotes(quotes)
        return out

    @staticmethod
    def _cited(cite, bold: bool = False) -> str:
        """An imported document as Details names it: “Title” — author, date (who asserts what it says)."""
        title = f"“{_e(cite.title or cite.id)}”"
        who = ", ".join(p for p in (cite.author or "author not given", cite.date_label) if p)
        return (f"<b>{title}</b>" if bold else title) + f" — {_e(who)}"

    @staticmethod
    def _quotes(quotes) -> list[str]:
        out = []
        for q in quotes:
            link = f" <a href='sentence:{int(q.sentence_id)}'>[go to sentence {int(q.sentence_id)}]</a>" \
                if q.sentence_id is not None else ""
            out.append(f"<blockquote>“{_e(q.quote)}”{link}</blockquote>")
        return out

    def _claims(self, item: str) -> list[str]:
        claims = read.claims_about(self.session.db, item)
        if not claims:
            return []
        out = ["<h3>Claims</h3><ul>"]
        for c in claims:
            out.append(f"<li>{self.link(c.claimant)} ({_e(c.kind)}): {self.link(c.id, c.summary)}</li>")
            self.related.append(c.id)
        out.append("</ul>")
        return out

    def _related(self, item: str) -> list[str]:
        touch = self.session.touch
        if item not in touch.selected:
            return []
        groups = read.related(touch, self.session.catalog.kind)
        if not groups:
            return []
        out = ["<h3>Related</h3>"]
        for kind in sorted(groups):
            members = sorted(groups[kind], key=self._label)
            label = theme.KIND_LABELS.get(kind, kind) + "s"
            out.append(f"<p><b>{_e(label)}:</b> " + ", ".join(self.link(m) for m in members) + "</p>")
            self.related += members
        return out

    @staticmethod
    def _notes(rows) -> list[str]:
        if not rows:
            return []
        return ["<h3>Your notes</h3>"] + [f"<p style='background:#FFFBE6;color:#222;padding:4px'>{_e(n.text)}</p>"
                                          for n in rows]

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
