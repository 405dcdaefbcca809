"""The memo as a document: its credit, headings and paragraphs, every mention styled by kind and
clickable, the selection's mentions and evidence highlighted, with next / previous.

The document is built once with a text cursor (never from HTML), so no string from the store
can inject markup, and memo offsets map to document positions by one addition per paragraph.
Highlights are extra selections, so a new selection costs no re-layout.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QRect, QSize, Qt, QUrl
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import dates
from . import theme
from .panels import Panel

MARGIN_W = 14


class _Margin(QWidget):
    """Marks, beside each paragraph, whether it contributes data to the knowledge base."""

    def __init__(self, view: QTextBrowser, panel: MemoPanel):
        super().__init__(view)
        self.view, self.panel = view, panel
        self.setToolTip("Bar: this paragraph is quoted as evidence by N items of the knowledge base.\n"
                        "No bar: nothing has been read out of it.")

    def sizeHint(self) -> QSize:
        return QSize(MARGIN_W, 0)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        layout = self.view.document().documentLayout()
        offset = self.view.verticalScrollBar().value()
        top_margin = self.view.viewport().y() - self.y()
        for block_no, count in self.panel.block_evidence.items():
            block = self.view.document().findBlockByNumber(block_no)
            rect = layout.blockBoundingRect(block)
            y = int(rect.top() - offset + top_margin)
            if y > self.height() or y + rect.height() < 0:
                continue
            alpha = min(255, 90 + 30 * count)
            p.fillRect(QRect(3, y + 2, 5, int(rect.height()) - 4), QColor(0, 114, 178, alpha))
        p.end()


class MemoPanel(Panel):
    panel_id = "memo"
    title = "Memo"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setObjectName("memo-view")
        self.view.anchorClicked.connect(self._on_anchor)
        self.view.setViewportMargins(MARGIN_W, 0, 0, 0)
        self.margin = _Margin(self.view, self)
        self.view.verticalScrollBar().valueChanged.connect(self.margin.update)
        self.nav_label = QLabel("")
        self.nav_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.prev_btn = QToolButton(text="◀ Prev")
        self.next_btn = QToolButton(text="Next ▶")
        self.prev_btn.setToolTip("Previous highlighted passage (Shift+F3)")
        self.next_btn.setToolTip("Next highlighted passage (F3)")
        self.prev_btn.clicked.connect(lambda: self.step(-1))
        self.next_btn.clicked.connect(lambda: self.step(+1))
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.nav_label, 1)
        bar.addWidget(self.prev_btn)
        bar.addWidget(self.next_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        self.mentions: list[tuple[int, int, str]] = []  # (doc position start, end, entity id), sorted
        self.sentence_pos: dict[int, tuple[int, int]] = {}  # sentence id -> doc positions
        self.block_evidence: dict[int, int] = {}
        self.targets: list[tuple[int, int]] = []  # highlighted ranges to step through
        self.current = -1
        self._inactive: set[str] = set()
        self._build()
        self.on_selection(session.touch, None)

    # --- building the document --------------------------------------------------------------------
    def _build(self) -> None:
        db = self.session.db
        doc = QTextDocument(self)
        doc.setDocumentMargin(14)
        cur = QTextCursor(doc)
        base = QTextCharFormat()
        plain = QTextBlockFormat()
        plain.setBottomMargin(8)
        plain.setLineHeight(125, QTextBlockFormat.ProportionalHeight.value)
        for d in db.execute("SELECT id, title, author, publisher, published, url, credit, text FROM documents"):
            doc_id, title, author, publisher, published, url, credit, text = d
            head = QTextCharFormat()
            head.setForeground(QColor(theme.current().muted))
            first = True
            for line in (f"{author} · {publisher} · {dates.label(published)}",
                         f"Original: {url}",
                         credit or "Shown with credit to PONARS Eurasia and the author, for fair-use, "
                                   "non-commercial purposes."):
                if not first:
                    cur.insertBlock(plain)
                cur.setBlockFormat(plain)
                cur.insertText(line, head)
                first = False
            paras = db.execute("SELECT ordinal, kind, start, end FROM paragraphs WHERE document_id = ? "
                               "ORDER BY ordinal", [doc_id]).fetchall()
            para_pos: list[tuple[int, int, int]] = []  # (memo start, memo end, doc position)
            for _ordinal, kind, start, end in paras:
                fmt, bfmt = QTextCharFormat(base), QTextBlockFormat(plain)
                if kind == "title":
                    fmt.setFontPointSize(17)
                    fmt.setFontWeight(QFont.Bold)
                    bfmt.setTopMargin(10)
                elif kind == "heading":
                    fmt.setFontPointSize(13)
                    fmt.setFontWeight(QFont.Bold)
                    bfmt.setTopMargin(12)
                elif kind in ("caption", "byline"):
                    fmt.setFontItalic(True)
                    fmt.setForeground(QColor(theme.current().muted))
                elif kind == "notice":
                    fmt.setFontPointSize(8.5)
                    fmt.setForeground(QColor(theme.current().muted))
                cur.insertBlock(bfmt)
                para_pos.append((start, end, cur.position()))
                cur.insertText(text[start:end], fmt)
                if kind == "caption":
                    note = QTextCharFormat(fmt)
                    note.setFontItalic(False)
                    cur.insertText("  [the original map is not reproduced: see the Map panel]", note)
            starts = [p[0] for p in para_pos]

            def to_doc(offset: int, starts=starts, para_pos=para_pos) -> int | None:
                i = bisect_right(starts, offset) - 1
                if i < 0 or offset > para_pos[i][1]:
                    return None
                return para_pos[i][2] + offset - para_pos[i][0]

            mfmt_cache: dict[str, QTextCharFormat] = {}
            for eid, start, end, kind in db.execute(
                    "SELECT m.entity_id, m.start, m.end, e.kind FROM mentions m JOIN entities e ON e.id = m.entity_id "
                    "WHERE m.document_id = ? AND m.via IS NULL ORDER BY m.start", [doc_id]):
                a, b = to_doc(start), to_doc(end)
                if a is None or b is None:
                    continue
                self.mentions.append((a, b, eid))
                fmt = mfmt_cache.get(eid)
                if fmt is None:
                    fmt = QTextCharFormat()
                    fmt.setForeground(theme.kind_colour(kind))
                    fmt.setAnchor(True)
                    fmt.setAnchorHref(f"item:{eid}")
                    fmt.setFontUnderline(True)
                    fmt.setUnderlineStyle(QTextCharFormat.DotLine)
                    fmt.setToolTip(f"{self.session.label(eid)} ({kind}) — click to select, Ctrl+click to add")
                    mfmt_cache[eid] = fmt
                c = QTextCursor(doc)
                c.setPosition(a)
                c.setPosition(b, QTextCursor.KeepAnchor)
                c.mergeCharFormat(fmt)
            for sid, start, end in db.execute("SELECT id, start, end FROM sentences WHERE document_id = ?", [doc_id]):
                a, b = to_doc(start), to_doc(end)
                if a is not None and b is not None:
                    self.sentence_pos[sid] = (a, b)
            for (start,) in db.execute("SELECT start FROM evidence WHERE document_id = ? UNION ALL "
                                       "SELECT start FROM claims WHERE start IS NOT NULL", [doc_id]):
                a = to_doc(start)
                if a is not None:
                    block = doc.findBlock(a).blockNumber()
                    self.block_evidence[block] = self.block_evidence.get(block, 0) + 1
        self.mentions.sort()
        self.view.setDocument(doc)

    # --- reacting ------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        vp = self.view.viewport().geometry()
        self.margin.setGeometry(QRect(vp.left() - MARGIN_W, vp.top(), MARGIN_W, vp.height()))

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

    def on_selection(self, touch, change) -> None:
        t = theme.current()
        strong_bg, soft_bg = QColor(t.selected), QColor(t.touched)
        extra: list[QTextEdit.ExtraSelection] = []
        targets: list[tuple[int, int]] = []
        for sid in touch.sentences:
            pos = self.sentence_pos.get(sid)
            if pos is None:
                continue
            strong = f"sentence:{sid}" in touch.selected
            evidence = sid in touch.evidence_sentences or strong
            if evidence:
                extra.append(self._extra(pos, soft_bg if not strong else strong_bg, full_width=False))
                targets.append(pos)
        for a, b, eid in self.mentions:
            level = touch.level(eid)
            if level == 2:
                extra.append(self._extra((a, b), strong_bg, bold=True))
                targets.append((a, b))
            elif level == 1:
                extra.append(self._extra((a, b), soft_bg))
            if eid in self._inactive and level == 0:
                sel = self._extra((a, b), None)
                sel.format.setForeground(QColor(t.muted))
                extra.append(sel)
        self.view.setExtraSelections(extra)
        self.targets = sorted(set(targets))
        self.current = -1
        self._update_nav()
        if self.targets and (change is None or change.origin != self.panel_id):
            self.step(+1)

    def _extra(self, pos, background: QColor | None, bold: bool = False, full_width: bool = False):
        sel = QTextEdit.ExtraSelection()
        c = QTextCursor(self.view.document())
        c.setPosition(pos[0])
        c.setPosition(pos[1], QTextCursor.KeepAnchor)
        sel.cursor = c
        if background is not None:
            sel.format.setBackground(QBrush(background))
        if bold:
            sel.format.setFontWeight(QFont.Bold)
        if full_width:
            sel.format.setProperty(QTextFormat.FullWidthSelection, True)
        return sel

    def step(self, direction: int) -> None:
        """Scroll to the next (+1) or previous (-1) highlighted passage."""
        if not self.targets:
            return
        self.current = (self.current + direction) % len(self.targets)
        a, _ = self.targets[self.current]
        c = QTextCursor(self.view.document())
        c.setPosition(a)
        self.view.setTextCursor(c)
        self.view.ensureCursorVisible()
        self._update_nav()

    def _update_nav(self) -> None:
        n = len(self.targets)
        self.prev_btn.setEnabled(n > 0)
        self.next_btn.setEnabled(n > 0)
        if not n:
            self.nav_label.setText("Click a name to select it.")
        else:
            at = f"{self.current + 1} of {n}" if self.current >= 0 else f"{n}"
            self.nav_label.setText(f"Highlighted passages: {at}")

    def on_time_window(self, window) -> None:
        from ..core.activity import inactive_entities

        self._inactive = inactive_entities(self.session.db, window) if window else set()
        self.on_selection(self.session.touch, None)

    # --- the shared panel interface -------------------------------------------------------------------
    def highlight_level(self, item: str) -> int | None:
        best = None
        strong = QColor(theme.current().selected)
        soft = QColor(theme.current().touched)
        ranges = [(a, b) for a, b, e in self.mentions if e == item]
        if item.startswith("sentence:"):
            pos = self.sentence_pos.get(int(item.split(":")[1]))
            ranges = [pos] if pos else []
        if not ranges:
            return None
        for sel in self.view.extraSelections():
            span = (sel.cursor.selectionStart(), sel.cursor.selectionEnd())
            if span in ranges:
                bg = sel.format.background().color()
                level = 2 if bg == strong else 1 if bg == soft else 0
                best = max(best or 0, level)
        return best or 0

    def selftest_pick(self) -> str | None:
        if not self.mentions:
            return None
        return self.activate_mention(0)

    def legend(self) -> list[tuple[str, str]]:
        return [(theme.KIND_COLOURS[k], f"{theme.KIND_LABELS[k]} mention") for k in ("actor", "place", "event")] + [
            (theme.current().selected, "selected"), (theme.current().touched, "touched by the selection")]
