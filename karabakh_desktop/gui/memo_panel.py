"""The memo as a document: its credit, headings and paragraphs, every mention styled by kind and
clickable, the selection's mentions and evidence highlighted, with next / previous.

Each document is built once with a text cursor (never from HTML), so no string from the store
can inject markup, and memo offsets map to document positions by one addition per paragraph.
Highlights are extra selections, so a new selection costs no re-layout, and only the mentions
of what the selection touches are visited. A store with many documents (an analyst's own, or
the benchmark's) shows one document at a time, built when first shown; the panel turns to the
document where a selection is mentioned.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from html import escape

import shiboken6
from PySide6.QtCore import QPoint, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeySequence,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
)

from ..core import read
from ..core.wording import counted
from . import memo_glyphs, memo_suggestions, theme
from .memo_margin import MARGIN_W, EvidenceMargin
from .memo_view import Highlights, MemoView
from .panels import Panel
from .window_layout import Quiet

DOCS_KEPT = 32  # documents kept built (turning back to one is then free); the others are built again
FORMATS_KEPT = 50_000  # mention formats kept for the next documents (a few hundred bytes each)
CAPTION_NOTE = "  [the original map is not reproduced: see the Map panel]"


@dataclass(eq=False, repr=False)  # not compared: no generated __eq__ (each generated method is an exec at import, at start-up)
class _Doc:
    """One document as shown: the QTextDocument and where things are in it."""

    doc_id: str
    doc: QTextDocument
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, entity), sorted
    by_entity: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    sentence_pos: dict[int, tuple[int, int]] = field(default_factory=dict)  # sentence id -> positions
    block_evidence: dict[int, int] = field(default_factory=dict)  # block number -> items quoting it
    para_pos: list[tuple[int, int, int]] = field(default_factory=list)  # (text start, text end, doc position)
    suggested: list[tuple[int, int, int, str, float]] = field(default_factory=list)  # (a, b, mention id, entity, conf.)
    citation: object = None  # read.Citation: the header line above the text
    glyphs: int = 0  # characters whose shaped glyphs its paragraphs keep (memo_glyphs)


class MemoPanel(Panel):
    panel_id = "memo"
    title = "Memo"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.view = MemoView()
        self.view.setOpenLinks(False)
        self.view.setObjectName("memo-view")
        self.view.anchorClicked.connect(self._on_anchor)
        self.view.setViewportMargins(MARGIN_W, 0, 0, 0)
        # Tab leaves the memo instead of walking its hundreds of names one by one (the mouse, search and
        # the other panels select them; F3 steps through the highlighted ones).
        self.view.setTabChangesFocus(True)
        self.view.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard |
                                          Qt.LinksAccessibleByMouse)  # not by keyboard: Tab would visit each
        self.margin = EvidenceMargin(self.view, self)
        self.highlights = Highlights(self.view)
        self.view.verticalScrollBar().valueChanged.connect(self.margin.update)
        self.nav_label = QLabel("")
        self.nav_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        # never cut the count ("1 of 2" for "1 of 23"): room for the longest one
        self.nav_label.setMinimumWidth(self.nav_label.fontMetrics().horizontalAdvance("Passage 888 of 888") + 6)
        self.credit_label = QLabel()
        self.credit_label.setObjectName("memo-credit")
        self.credit_label.setTextFormat(Qt.RichText)
        self.credit_label.setOpenExternalLinks(True)
        self.credit_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.credit_label.setContentsMargins(6, 2, 4, 2)
        self.credit_btn = QToolButton(text="Credit ▸")
        self.credit_btn.setCheckable(True)
        self.credit_btn.setToolTip("Show the full credit and the publisher's licence")
        self.credit_btn.toggled.connect(lambda _: self._show_credit())
        self.prev_btn = QToolButton(text="◀ Prev")
        self.next_btn = QToolButton(text="Next ▶")
        self.prev_btn.setToolTip("Previous highlighted passage (Shift+F3)")
        self.next_btn.setToolTip("Next highlighted passage (F3)")
        self.prev_btn.clicked.connect(lambda: self.step(-1))
        self.next_btn.clicked.connect(lambda: self.step(+1))
        # F3 / Shift+F3 step through the highlighted passages from anywhere in the window.
        for key, direction in (("F3", +1), ("Shift+F3", -1)):
            act = QAction(self)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.WindowShortcut)
            act.triggered.connect(lambda _=False, d=direction: self.step(d))
            self.addAction(act)
        self.doc_box = QComboBox()
        self.doc_box.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self.doc_box.setToolTip("The document shown")
        self.documents = read.documents(session.db)
        for doc_id, title in self.documents:
            self.doc_box.addItem(title or doc_id, doc_id)
        self.doc_box.setVisible(len(self.documents) > 1)
        self.doc_box.activated.connect(lambda i: self.show_document(self.doc_box.itemData(i)))
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(Quiet(self.nav_label), 1)  # its new text per selection must not lay out the window
        bar.addWidget(self.prev_btn)
        bar.addWidget(self.next_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.doc_box)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 4, 0)
        head.addWidget(self.credit_label, 1)
        head.addWidget(self.credit_btn, 0, Qt.AlignTop)
        lay.addLayout(head)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        self._docs: OrderedDict[str, _Doc] = OrderedDict()  # the documents built, the least recent first
        self.shown: _Doc | None = None
        self.targets: list[tuple[int, int]] = []  # highlighted ranges to step through
        self.current = -1
        self._inactive: set[str] = set()
        self._dated: tuple | None = None  # (document, activity index, its entities the index dates, their positions)
        self._turned = True  # a document was set on the view since the last selection's highlights
        self._theme_name = theme.current().name
        if self.documents:
            self._size_view()
            self.show_document(self.documents[0][0], restyle=False)
        self.on_selection(session.touch, None)
        self.suggestions = memo_suggestions.SuggestionControls(self)
        lay.insertWidget(lay.indexOf(self.view), self.suggestions.bar)  # above the text
        session.documentChosen.connect(lambda doc_id: self.show_document(doc_id))

    def focus_target(self):
        return self.view

    def _size_view(self) -> None:
        """Made for a shown dock (``Panel.made_at``): give the text view the width the dock's room gives it now,
        so its first document is laid out once, at it. Otherwise the view is at Qt's default size until shown
        (its text laid out 610 px wide, then again at its own width: 24 M instructions at start-up), as
        a panel made and then sized still is. Its scroll bar is counted in as it will stand: shown by that
        first layout, it would narrow the view and lay the text out again."""
        if Panel.made_at is None:
            return
        view, room = self.view, Panel.made_at
        # As wide as the panel (its layout stacks its rows, no margins); the layout sets its height when
        # shown. Not by activating the panel's layout now: that set its minimum size early, and the
        # window's docks were laid out anew around it (the timeline shown at a width, then at another).
        view.resize(room.width(), max(1, room.height() - view.y()))  # (hidden: no event until shown)
        policy = view.verticalScrollBarPolicy()
        view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        view.setViewportMargins(MARGIN_W, 0, 0, 0)  # lays its viewport and bars out now (Qt: at its first resize)
        view.setVerticalScrollBarPolicy(policy)  # applied at the next lay-out: after the first document

    # --- what the rest of the app reads ------------------------------------------------------------------
    @property
    def mentions(self) -> list[tuple[int, int, str]]:
        return self.shown.mentions if self.shown else []

    @property
    def sentence_pos(self) -> dict[int, tuple[int, int]]:
        return self.shown.sentence_pos if self.shown else {}

    @property
    def block_evidence(self) -> dict[int, int]:
        return self.shown.block_evidence if self.shown else {}

    # --- documents ----------------------------------------------------------------------------------
    def show_document(self, doc_id: str, *, restyle: bool = True) -> None:
        if self.shown is not None and self.shown.doc_id == doc_id:
            return
        model = self._docs.get(doc_id)
        if model is None:
            model = self._docs[doc_id] = self._build(doc_id)
            while len(self._docs) > DOCS_KEPT:  # a store of thousands of documents: keep the recent ones
                self._drop(self._docs.popitem(last=False)[1])
        else:
            self._docs.move_to_end(doc_id)
        self.shown, dropped = model, self.view.document()
        self.view.setDocument(model.doc)
        self._turned = True
        if shiboken6.isValid(dropped) and dropped.parent() is self and all(m.doc is not dropped for m in self._docs.values()):
            dropped.deleteLater()  # forgotten while shown (a new theme, a knowledge change): not freed by _drop
        if hasattr(self, "suggestions"):
            self.suggestions.refresh()
        self._show_credit()
        index = self.doc_box.findData(doc_id)
        if index >= 0:
            self.doc_box.setCurrentIndex(index)
        if restyle:
            self.on_selection(self.session.touch, None)

    def _drop(self, model: _Doc) -> None:
        """Free a document no longer kept (it is the panel's child: forgetting it would not free it)."""
        self._glyphs -= model.glyphs
        if model.doc is not self.view.document():
            model.doc.deleteLater()

    def _forget_documents(self, keep: str | None = None) -> None:
        for doc_id in [d for d in self._docs if d != keep]:
            self._drop(self._docs.pop(doc_id))

    def _build(self, doc_id: str) -> _Doc:
        doc = QTextDocument(self)
        # No layout before a view gives the document its width: with the default page size, setting the
        # view's wrap mode on it (in setDocument) laid its first screenful out unwrapped, only for the
        # view to lay it out again at its width (1.3 ms of each document turned to, at 10,000 entities).
        doc.setPageSize(QSizeF(0, 0))
        doc.setDocumentMargin(14)
        # Read-only text: no undo record of each insertion; one edit block, so the document is laid out
        # once when shown, not piece by piece as it is built (together four times faster to build).
        doc.setUndoRedoEnabled(False)
        # The margin's bars stand beside blocks: when the text is laid out again (the view's width, a
        # restyle) they move with no scroll to say so. Repainted only on a scroll, the first bars were
        # drawn before the text had its width and never shown where they belong.
        # (Qt lays a long text out in steps: each step says so by the document's new size.)
        layout = doc.documentLayout()
        layout.update.connect(lambda _rect: self.margin.update())
        layout.documentSizeChanged.connect(lambda _size: self.margin.update())
        model = _Doc(doc_id, doc)
        cur = QTextCursor(doc)
        cur.beginEditBlock()
        content = read.document_content(self.session.db, doc_id)
        model.citation = content.citation
        plain = QTextBlockFormat()
        plain.setBottomMargin(8)
        plain.setLineHeight(125, QTextBlockFormat.ProportionalHeight.value)
        text = content.text
        muted = QColor(theme.current().muted)
        # The credit and licence are the header line above the text (``_show_credit``): the document
        # opens at its title and first paragraph.
        first_block = True

        kinds = self.session.catalog.kinds  # loaded once per store
        mention_rows = content.mentions
        formats = self._formats()
        mention_format = self._mention_format
        mentions, by_entity = model.mentions, model.by_entity

        para_pos: list[tuple[int, int, int]] = []  # (memo start, memo end, doc position)
        m, n_mentions = 0, len(mention_rows)  # the next mention to place, of
        for kind, start, end in content.paragraphs:
            fmt, bfmt = QTextCharFormat(), QTextBlockFormat(plain)
            if kind == "title":
                fmt.setFontPointSize(15)
                fmt.setFontWeight(QFont.Bold)
            elif kind == "heading":
                fmt.setFontPointSize(13)
                fmt.setFontWeight(QFont.Bold)
                bfmt.setTopMargin(12)
            elif kind in ("caption", "byline"):
                fmt.setFontItalic(True)
                fmt.setForeground(muted)
            elif kind == "notice":
                fmt.setFontPointSize(8.5)
                fmt.setForeground(muted)
            if first_block:
                cur.setBlockFormat(bfmt)
                first_block = False
            else:
                cur.insertBlock(bfmt)
            origin = cur.position()
            para_pos.append((start, end, origin))
            # Text and mentions inserted in one pass, each mention with its own format.
            at = start
            look = (fmt.fontPointSize(), fmt.fontWeight(), fmt.fontItalic())
            shift = origin - start
            while m < n_mentions and mention_rows[m][1] < end:
                eid, ms, me = mention_rows[m]
                m += 1
                if ms < at or me > end:
                    continue
                if ms > at:
                    cur.insertText(text[at:ms], fmt)
                mfmt = formats.get((eid, look))
                cur.insertText(text[ms:me], mfmt if mfmt is not None else mention_format(eid, fmt, formats))
                span = (ms + shift, me + shift)
                mentions.append((*span, eid))
                if eid in by_entity:
                    by_entity[eid].append(span)
                else:
                    by_entity[eid] = [span]
                at = me
            if at < end:
                cur.insertText(text[at:end], fmt)
            if kind == "caption":
                note = QTextCharFormat(fmt)
                note.setFontItalic(False)
                cur.insertText(CAPTION_NOTE, note)
        cur.endEditBlock()
        model.glyphs = memo_glyphs.keep(doc, self._glyphs)
        self._glyphs += model.glyphs
        starts = [p[0] for p in para_pos]

        def to_doc(offset: int) -> int | None:
            i = bisect_right(starts, offset) - 1
            if i < 0 or offset > para_pos[i][1]:
                return None
            return para_pos[i][2] + offset - para_pos[i][0]

        for sid, start, end in content.sentences:
            a, b = to_doc(start), to_doc(end)
            if a is not None and b is not None:
                model.sentence_pos[sid] = (a, b)
        model.para_pos = para_pos
        memo_suggestions.decorate(model, content.suggested, kinds, self.session.label)
        for start in content.evidence_starts:
            a = to_doc(start)
            if a is not None:
                block = doc.findBlock(a).blockNumber()
                model.block_evidence[block] = model.block_evidence.get(block, 0) + 1
        return model

    def _show_credit(self) -> None:
        """One line (author · publisher · date · link to the original) that expands to the full credit
        and the licence: the publisher's terms stay on screen without pushing the title down."""
        cite = self.shown.citation if self.shown else None
        if cite is None:
            self.credit_label.setText("")
            return
        link = f" · <a href='{escape(cite.url)}'>original</a>" if cite.url else ""
        line = escape(" · ".join(p for p in (cite.author, cite.publisher, cite.date_label) if p)) + link
        if self.credit_btn.isChecked():
            more = escape(cite.credit or cite.licence or "")
            if cite.licence and cite.licence not in (cite.credit or ""):
                more += "<br>" + escape(cite.licence)
            self.credit_label.setText(f"<small>{line}<br>{more}</small>")
            self.credit_label.setWordWrap(True)
        else:
            self.credit_label.setText(f"<small>{line}</small>")
            self.credit_label.setWordWrap(False)
        self.credit_label.setToolTip(cite.credit or cite.licence or "")
        self.credit_btn.setText("Credit ▾" if self.credit_btn.isChecked() else "Credit ▸")

    # --- reacting ------------------------------------------------------------------------------
    def _on_anchor(self, url: QUrl) -> None:
        href = url.toString()
        if href.startswith("item:"):
            add = bool(QApplication.keyboardModifiers() & Qt.ControlModifier)
            self.session.select(href[5:], add=add, origin=self.panel_id)

    def activate_mention(self, index: int, add: bool = False) -> str:
        """Select the entity of the index-th mention, as a click on it does."""
        _, _, eid = self.mentions[index]
        self.session.select(eid, add=add, origin=self.panel_id)
        return eid

    def on_knowledge(self, what: str) -> None:
        """Re-read the documents (a new one, new mentions or suggestions) and show the same place."""
        if what == "mentions" and self.shown is not None:  # statuses only: restyle those spans
            self._restyle_mentions()
            return
        self.documents = read.documents(self.session.db)
        self.doc_box.clear()
        for doc_id, title in self.documents:
            self.doc_box.addItem(title or doc_id, doc_id)
        self.doc_box.setVisible(len(self.documents) > 1)
        shown = self.shown.doc_id if self.shown else (self.documents[0][0] if self.documents else None)
        place = self._place()
        self.shown = None
        self._forget_documents()
        self._format_key = None  # a name may have changed: the mention formats are made again
        if shown and any(d == shown for d, _ in self.documents):
            self.show_document(shown, restyle=False)
            self._return_to(place)
        elif self.documents:
            self.show_document(self.documents[0][0], restyle=False)
        if self.shown is not None:
            self.targets = self._highlight(self.session.touch)
            self._update_nav()
        self.suggestions.refresh()

    _glyphs = 0  # characters of the kept documents whose paragraphs keep their glyphs
    _format_key: tuple | None = None  # (theme, naming) the kept mention formats were made under
    _mention_formats: dict = {}  # replaced by the panel's own at its first document

    def _formats(self) -> dict:
        """The confirmed mentions' formats by (entity, look), shared by the documents built: a store of
        thousands of documents names the same items in many, and turning to another document is a
        selection's cost. Made again under another theme or naming choice (their colours and names)."""
        key = (theme.current().name, self.session.naming)
        if self._format_key != key or len(self._mention_formats) > FORMATS_KEPT:
            self._format_key, self._mention_formats = key, {}
        return self._mention_formats

    def _mention_format(self, eid: str, base: QTextCharFormat, cache: dict | None = None) -> QTextCharFormat:
        """A confirmed mention's format: the kind's colour, a link to select it, its name in the tooltip."""
        look = (base.fontPointSize(), base.fontWeight(), base.fontItalic())
        fmt = cache.get((eid, look)) if cache is not None else None
        if fmt is None:
            kind = self.session.catalog.kinds.get(eid)
            # What every mention of a kind shares, made once: then only the link and the tooltip are the name's own.
            shared = cache.get((kind, look, "kind")) if cache is not None else None
            if shared is None:
                shared = QTextCharFormat(base)
                shared.setForeground(theme.kind_text_colour(kind))  # AA contrast in every theme
                shared.setAnchor(True)
                shared.setFontUnderline(True)
                shared.setUnderlineStyle(QTextCharFormat.DotLine)
                if cache is not None:
                    cache[(kind, look, "kind")] = shared
            fmt = QTextCharFormat(shared)
            fmt.setAnchorHref(f"item:{eid}")
            # Plain text: a name from the store never becomes markup, even in a tooltip.
            label = self.session.label(eid).replace("&", "&amp;").replace("<", "&lt;")
            fmt.setToolTip(f"<qt>{label} ({kind}) — click to select, Ctrl+click to add</qt>")
            if cache is not None:
                cache[(eid, look)] = fmt
        return fmt

    def _restyle_mentions(self) -> None:
        model = self.shown
        content = read.document_content(self.session.db, model.doc_id)
        kinds = self.session.catalog.kinds
        memo_suggestions.restyle_mentions(model, content, kinds, self.session.label,
                                          lambda eid: self._mention_format(eid, QTextCharFormat()))
        self._forget_documents(keep=model.doc_id)  # the others are built again when shown
        self.targets = self._highlight(self.session.touch)
        self._update_nav()
        self.suggestions.refresh()

    def on_selection(self, touch, change) -> None:
        if self.shown is None or (change is not None and change.origin == "knowledge"):
            return
        if len(self.documents) > 1 and not touch.empty and (change is None or change.origin != self.panel_id):
            strong_here = any(e in self.shown.by_entity for e in touch.selected) or any(
                s in self.shown.sentence_pos for s in touch.evidence_sentences)
            if not strong_here:
                target = read.document_of(self.session.db, touch.selected)
                if target and target != self.shown.doc_id:
                    self.show_document(target, restyle=False)
        self.highlights.deferred = True  # handed to the view once, near where it shows after the scroll
        try:
            # (all of them in a document just set on the view: memo_view.Highlights.set)
            self.targets = self._highlight(touch, near=not self._turned)
            self._turned = False
            self.current = -1
            if self.targets and (change is None or change.origin != self.panel_id):
                self.step(+1)  # (which says where it is: the count it would replace is never painted)
            else:
                self._update_nav()
        finally:
            self.highlights.deferred = False
        self.highlights.follow()

    def on_theme(self, theme_name: str) -> None:
        if self.shown is None or theme_name == self._theme_name:
            return
        self._theme_name = theme_name  # the text colours are baked into the documents: build them again
        shown, self.shown, place = self.shown.doc_id, None, self._place()
        self._forget_documents()
        self.show_document(shown, restyle=False)
        self._return_to(place)  # a document set on a view opens at its top: the reader stays where they were
        self._highlight(self.session.touch)

    def _place(self) -> tuple[int, int] | None:
        """Where the reader is: the text position at the top of the view and how far above or below the
        view's top its line stands (None: at the document's top, where a document set on the view opens)."""
        if self.view.verticalScrollBar().value() == 0:
            return None
        c = self.view.cursorForPosition(QPoint(0, 0))
        return c.position(), self.view.cursorRect(c).top()

    def _return_to(self, place: tuple[int, int] | None) -> None:
        """Scroll the document built again (a new theme, a knowledge change) back to ``place`` (``_place``):
        the same text at the top of the view, so a passage stepped to stays where it was. By text, not by the
        scroll bar's value: a rebuilt text need not stand at the same heights."""
        if place is None:
            return
        c = QTextCursor(self.view.document())
        c.setPosition(min(place[0], self.view.document().characterCount() - 1))
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + self.view.cursorRect(c).top() - place[1])

    def _highlight(self, touch, near: bool = False) -> list[tuple[int, int]]:
        """Draw what ``touch`` selects and touches (and grey what the time window leaves out); return the
        highlighted passages to step through, in document order (``near``: memo_view.Highlights.set)."""
        model = self.shown
        t = theme.current()
        strong, soft = QColor(t.selected).rgba(), QColor(t.touched).rgba()
        wanted: list[tuple] = []  # memo_view.Highlights' keys: (a, b, background, marked, foreground, text)
        targets: list[tuple[int, int]] = []
        for sid in touch.sentences:
            pos = model.sentence_pos.get(sid)
            if pos is None:
                continue
            selected = f"sentence:{sid}" in touch.selected
            if sid in touch.evidence_sentences or selected:
                wanted.append((*pos, strong if selected else soft, False, None, t.text))
                targets.append(pos)
        for eid in touch.items:
            wanted += [(a, b, soft, False, None, t.text) for a, b in model.by_entity.get(eid, ())]
        for eid in touch.selected:
            spans = model.by_entity.get(eid, ())
            wanted += [(a, b, strong, True, None, t.text) for a, b in spans]  # marked: underlined
            targets += spans
        if self._inactive:
            muted = QColor(t.muted).rgba()
            for eid in self._inactive:
                if not touch.level(eid):
                    wanted += [(a, b, None, False, muted, t.text) for a, b in model.by_entity.get(eid, ())]
        self.highlights.set(wanted, near)
        return sorted(set(targets))

    def step(self, direction: int) -> None:
        """Scroll to the next (+1) or previous (-1) highlighted passage."""
        if not self.targets:
            return
        self.current = (self.current + direction) % len(self.targets)
        a, b = self.targets[self.current]
        c = QTextCursor(self.view.document())
        c.setPosition(a)
        self.view.setTextCursor(c)
        self.reveal(a, b)
        self._update_nav()

    def reveal(self, a: int, b: int) -> None:
        """Scroll so the passage ``[a, b)`` is wholly in view (its top a third of the way down when
        it fits; from its top when it is taller than the view)."""
        bar, vh = self.view.verticalScrollBar(), self.view.viewport().height()
        c = QTextCursor(self.view.document())
        c.setPosition(a)
        top = self.view.cursorRect(c).top() + bar.value()
        c.setPosition(b)
        bottom = self.view.cursorRect(c).bottom() + bar.value()
        if top >= bar.value() and bottom <= bar.value() + vh:
            return
        height = bottom - top
        bar.setValue(int(top - (vh - height) / 3) if height < vh * 0.8 else top - 8)

    def _update_nav(self) -> None:
        n = len(self.targets)
        self.prev_btn.setEnabled(n > 0)
        self.next_btn.setEnabled(n > 0)
        if not n:
            text, tip = "Click a name to select it.", self.nav_label.toolTip()
        else:
            text = f"Passage {self.current + 1} of {n}" if self.current >= 0 else counted(n, "passage")
            tip = f"Highlighted passages: {text} (F3 next, Shift+F3 previous)"
        # only what changed: a label's new text or tip is an event and a relayout of its text
        if text != self.nav_label.text():
            self.nav_label.setText(text)
        if tip != self.nav_label.toolTip():
            self.nav_label.setToolTip(tip)

    def on_time_window(self, window) -> None:
        inactive: set[str] = set()
        if window is not None and self.shown is not None:
            # Only what this document mentions can be greyed here: ask the activity index about those
            # alone (at 10,000 items a set of every inactive item cost a Play step milliseconds).
            import numpy as np

            from ..core import activity

            idx, model = activity.index(self.session.db), self.shown
            if self._dated is None or self._dated[0] is not model or self._dated[1] is not idx:
                ids = [e for e in model.by_entity if e in idx.position]
                self._dated = (model, idx, ids, np.array([idx.position[e] for e in ids], dtype=np.int64))
            ids, at = self._dated[2], self._dated[3]
            inactive = {ids[k] for k in np.flatnonzero(idx.ranks(window)[at] == 0).tolist()}
        if inactive == self._inactive:  # every other change restyles by itself: nothing to redraw
            return
        self._inactive = inactive
        if self.shown is not None:
            # Restyle only: the passages and the one the reader is at stay (a Play run must not throw
            # the memo back to the first passage on every tick).
            self._highlight(self.session.touch)

    # --- the shared panel interface -------------------------------------------------------------------
    def highlight_level(self, item: str) -> int | None:
        if self.shown is None:
            return None
        strong = QColor(theme.current().selected).rgba()
        soft = QColor(theme.current().touched).rgba()
        ranges = list(self.shown.by_entity.get(item, ()))
        if item.startswith("sentence:") and item.split(":", 1)[1].isdigit():
            pos = self.shown.sentence_pos.get(int(item.split(":", 1)[1]))
            ranges = [pos] if pos else []
        if not ranges:
            return None
        wanted = set(ranges)
        best = 0
        for a, b, background, *_ in self.highlights.wanted:  # all of them, drawn or not (a long text)
            if (a, b) in wanted:
                best = max(best, 2 if background == strong else 1 if background == soft else 0)
        return best

    def selftest_pick(self) -> str | None:
        if not self.mentions:
            return None
        return self.activate_mention(0)

    def legend(self) -> list[tuple[str, str]]:
        return [(theme.KIND_COLOURS[k], f"{theme.KIND_LABELS[k]} mention") for k in ("actor", "place", "event")] + [
            (theme.current().selected, "selected (its names underlined)"), (theme.current().touched, "touched by the selection")]
