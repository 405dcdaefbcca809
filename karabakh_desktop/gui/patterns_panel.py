"""The memo's comparison of Russian peacekeeping scenarios: cases × patterns, each cell with its
evidence. A cell selects itself (and so touches its case and pattern); a header selects the case
or the pattern."""

from __future__ import annotations

import textwrap
from html import escape

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRect, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QFrame,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core import read
from . import theme
from .kept_documents import KeptDocuments
from .panels import Panel
from .qt_imports import wrap_children
from .window_layout import Quiet

VALUE_MARKS = {"observed": ("●", "observed in this case, says the memo"),
               "option": ("◐", "an option the memo names"),
               "ruled_out": ("✕", "ruled out by the memo")}
ID_ROLE = Qt.UserRole + 1
KEY_LONG = "  ".join(f"{m} {escape(t)}" for m, t in VALUE_MARKS.values())
# one line in the narrowest dock (in small print there): the entries break between them, never
# inside one (no-break spaces)
KEY_SHORT = " ".join(f"{m}\u00a0{w}" for m, w in zip((m for m, _ in VALUE_MARKS.values()),
                                                      ("observed", "option", "ruled\u00a0out")))
# A short dock (a 1920x1080 screen at scale 2 gives it ~160 px) cannot hold the long key, three lines
# of evidence and the matrix: below this many lines of text the key shortens to one line (the long
# one in its tooltip) and the evidence yields to one line (it scrolls), so rows of the matrix stay.
COMPACT_LINES = 13
HEADER_WIDTH = 200  # the pattern names' column at its widest; names wrap at 26 characters there
NAME_CHARS = 26
EVIDENCE_KEPT = 256  # evidence texts kept, one per selection of cells


def _set_bold(item: QTableWidgetItem | None, bold: bool) -> None:
    if item is not None:
        f = item.font()
        f.setBold(bold)
        item.setFont(f)


class EvidenceView(QAbstractScrollArea):
    """The evidence for the selected cells: rich text laid out at the view's width, with a vertical
    scroll bar when it is taller than the view. Links (``<a href>``) are clickable as in a label
    (``linkActivated``); the plain text is the view's accessible name, as a label's text is its own.

    It stands for a word-wrapped rich-text ``QLabel`` in a ``QScrollArea`` and shows the same
    pixels. The label measured its height for a width by laying its whole document out at that width
    and then back at the one it had; the scroll area asked it 8 to 10 times a text (one pixel
    narrower each time while the text was taller than the view), and the label laid the text out
    once more as it painted. Here a document is laid out at the width it is shown at (once as a
    rule; twice when the scroll bar comes or goes) and that same layout is painted and scrolled."""

    linkActivated = Signal(str)  # noqa: N815 (QLabel's name)
    KEPT = 32  # texts kept laid out: a cell shown again costs no parse and, at the same width, no layout

    def __init__(self, margin: int = 6, parent=None):
        super().__init__(parent)
        wrap_children(self)  # before its viewport and bar holder are asked for: see qt_imports.wrap_children
        self._margin = margin
        self._html = ""
        self._press: str | None = None
        self._fitting = False
        self._kept = KeptDocuments()  # html -> its document, laid out; the newest last
        self._doc = self._kept.take("", self._new_document)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        # the bar is shown or hidden here, with the layout (as needed, Qt would decide it in a
        # queued call: after the paint, then lay out and paint again)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.verticalScrollBar().setSingleStep(20)  # a scroll area's step
        self._bar_holder = self.verticalScrollBar().parentWidget()
        viewport = self.viewport()
        viewport.setBackgroundRole(QPalette.NoRole)  # a scroll area's: the window's colour, not the base
        viewport.setMouseTracking(True)  # a pointing hand over a link

    # -- what it shows --------------------------------------------------------------------------
    def margin(self) -> int:
        return self._margin

    def text(self) -> str:
        return self._html

    def setText(self, html: str) -> None:  # noqa: N802 (QLabel's name)
        """Show ``html``: its document as last laid out if it was shown lately, else a new one."""
        if html == self._html:
            return
        self._html = html
        doc = self._kept.take(html, self._new_document)
        self._kept.trim(self.KEPT)
        self._doc = doc
        self.setAccessibleName(doc.toPlainText())
        self.verticalScrollBar().setValue(0)
        self._fit()
        self.viewport().update()

    def _new_document(self, html: str) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(0)  # as a label's: its margin is the widget's
        option = QTextOption(Qt.AlignTop | Qt.AlignLeft)
        option.setWrapMode(QTextOption.WordWrap)  # a word-wrapped label's
        doc.setDefaultTextOption(option)
        doc.setDefaultFont(self.font())
        # no width while the text is set (a document with one, or unwrapped at -1, lays the text out
        # as it is set): it is laid out once, in _fit, at the width it is shown at
        doc.setPageSize(QSizeF(0, 0))
        doc.setHtml(html)
        return doc

    def document(self) -> QTextDocument:
        return self._doc

    def contentHeight(self) -> int:  # noqa: N802 (Qt's naming)
        """The text's height with its margins, at the width it is laid out at."""
        return int(self._doc.size().height() + 0.999) + 2 * self._margin

    # -- layout ---------------------------------------------------------------------------------
    def _lay_out(self, viewport_width: int) -> None:
        width = max(0, viewport_width - 2 * self._margin)
        if self._doc.textWidth() != width:  # (setting the same width lays the whole text out again)
            self._doc.setTextWidth(width)

    def _fit(self) -> None:
        """Lay the text out at the viewport's width, beside the scroll bar if it is taller than the
        view. It is tried first at the width it was laid out at (a kept text shown again), else as the
        bar is now (shown or not): the answer as a rule, so one layout at most."""
        if self._fitting:  # (the bar shown or hidden resizes the viewport: a resize event inside)
            return
        self._fitting = True
        try:
            bar = self.verticalScrollBar()
            inner = self.contentsRect()
            full, narrow = inner.width(), inner.width() - bar.sizeHint().width()
            # the width it was last laid out at, if either; else as the bar is now
            laid_out = self._doc.textWidth() + 2 * self._margin
            if laid_out == narrow or (laid_out != full and self.verticalScrollBarPolicy() == Qt.ScrollBarAlwaysOn):
                self._lay_out(narrow)
                needs_bar = self.contentHeight() > inner.height()
                if not needs_bar:  # (it fits beside the bar: it fits wider)
                    self._lay_out(full)
            else:
                self._lay_out(full)
                needs_bar = self.contentHeight() > inner.height()
                if needs_bar:
                    self._lay_out(narrow)
            policy = Qt.ScrollBarAlwaysOn if needs_bar else Qt.ScrollBarAlwaysOff
            if self.verticalScrollBarPolicy() != policy:
                self.setVerticalScrollBarPolicy(policy)
                # The bar shown or hidden asks for a layout of the view, and a shown bar and its
                # holder ask to be painted, in posted events: they came after the window's paint and
                # painted the bar a second time, in a second pass over the window. Taken now.
                QCoreApplication.sendPostedEvents(self, QEvent.LayoutRequest)
                if needs_bar:
                    QCoreApplication.sendPostedEvents(self._bar_holder, QEvent.UpdateLater)
                    QCoreApplication.sendPostedEvents(bar, QEvent.UpdateLater)
            height = self.viewport().height()
            bar.setPageStep(height)
            bar.setRange(0, max(0, self.contentHeight() - height))
        finally:
            self._fitting = False

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # a label's text takes its font
            self._kept.forget(keep=self._doc)
            self._kept.take(self._html, lambda _html: self._doc)
            self._doc.setPageSize(QSizeF(0, 0))  # (laid out again once, at its width, by _fit)
            self._doc.setDefaultFont(self.font())
            self._fit()
            self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (Qt's name)
        self.viewport().scroll(dx, dy)

    # -- painting -------------------------------------------------------------------------------
    def _origin(self) -> QPointF:
        return QPointF(self._margin, self._margin - self.verticalScrollBar().value())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._lay_out(self.viewport().width())  # (laid out already: nothing to do but in a first paint)
        painter = QPainter(self.viewport())
        origin = self._origin()
        painter.translate(origin)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(self.palette())
        # as a label paints its text: in its foreground colour, which the theme sets
        palette.setColor(QPalette.Text, palette.color(self.foregroundRole()))
        context.palette = palette
        context.clip = QRectF(event.rect()).translated(-origin)
        painter.setClipRect(context.clip)
        self._doc.documentLayout().draw(painter, context)
        painter.end()

    # -- links ----------------------------------------------------------------------------------
    def anchorAt(self, pos) -> str:  # noqa: N802 (Qt's naming)
        """The link under a point of the viewport ("" for none)."""
        return self._doc.documentLayout().anchorAt(QPointF(pos) - self._origin())

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._press = self.anchorAt(event.position()) if event.button() == Qt.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        press, self._press = self._press, None
        if press and event.button() == Qt.LeftButton and self.anchorAt(event.position()) == press:
            self.linkActivated.emit(press)
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.anchorAt(event.position()):
            self.viewport().setCursor(Qt.PointingHandCursor)
        else:
            self.viewport().unsetCursor()
        super().mouseMoveEvent(event)


class PatternsPanel(Panel):
    panel_id = "patterns"
    title = "Patterns"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        matrix = read.pattern_matrix(session.db)
        self.patterns = list(matrix.patterns)
        self.cases = cases = list(matrix.cases)
        self.cells = matrix.cells
        # Patterns are rows and cases columns: case names are short, so the matrix stays readable
        # in a narrow dock; the long pattern names wrap in the row headers.
        self.table = QTableWidget(len(self.patterns), len(cases))
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.verticalHeader().setMaximumWidth(HEADER_WIDTH)
        self.table.cellClicked.connect(lambda row, col: self.click_cell(col, row))
        self.table.horizontalHeader().sectionClicked.connect(
            lambda col: self.session.select(self.cases[col], origin=self.panel_id))
        self.table.verticalHeader().sectionClicked.connect(
            lambda row: self.session.select(self.patterns[row], origin=self.panel_id))
        big = QFont()
        big.setPointSize(14)
        for r, case in enumerate(cases):
            for c, pattern in enumerate(self.patterns):
                cell = self.cells.get((case, pattern))
                it = QTableWidgetItem(VALUE_MARKS[cell[1]][0] if cell else "")
                it.setTextAlignment(Qt.AlignCenter)
                it.setFont(big)
                if cell:
                    it.setData(ID_ROLE, cell[0])
                    it.setToolTip(f"{VALUE_MARKS[cell[1]][1]} — click for the evidence")
                self.table.setItem(c, r, it)
        # The evidence scrolls (a cell's quotes are taller than a laptop's dock gives them), and sits
        # in a Quiet holder: the new text of about a quarter of selections no longer re-sizes the
        # splitter's table and then lays out every dock of the window.
        self.evidence = EvidenceView(margin=6)
        self.evidence.linkActivated.connect(lambda item: self.session.select(item, origin=self.panel_id))
        self._reader = Quiet(self.evidence)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self._reader)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setCollapsible(0, False)  # a drag may fold the evidence away, never the matrix
        self.key = QLabel(KEY_LONG)
        self.key.setWordWrap(True)
        self.key.setToolTip(KEY_LONG)
        self.key.setAccessibleName("Key: " + KEY_LONG)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(split, 1)
        lay.addWidget(self.key)
        self._evidence: dict[tuple[str, ...], str] = {}  # the selected cells -> their evidence's text
        self.compact: bool | None = None
        self._name_chars = NAME_CHARS
        self._set_compact(False)
        # what each cell and header wears now: a selection sets only what changes (each set is a
        # model signal and a repaint of that cell)
        self._levels: dict[tuple[int, int], int] = {}
        self._bold: dict[tuple[bool, int], bool] = {}
        self._looks: tuple | None = None
        # each cell's place, id, case and pattern, walked at every selection
        self._grid = [(c, r, cell[0] if (cell := self.cells.get((case, pattern))) else None, case, pattern)
                      for r, case in enumerate(cases) for c, pattern in enumerate(self.patterns)]
        # the ids whose level the matrix shows; what a selection makes of them, as last shown
        self._ids = frozenset(cell_id for _, _, cell_id, _, _ in self._grid if cell_id) | set(cases) | set(self.patterns)
        self._shown: tuple | None = None
        self._table_model = None  # see _model
        # The rows are fitted at the table's first resize, at the size it shows (_fit_names): fitted
        # here too, at the default size, they were fitted twice before the first paint (≈ 8 M
        # instructions at start-up). The columns, which the names' room is measured from, are now.
        self._rows_fitted = False
        self.on_naming(session.naming)  # the names in, the columns fitted, the selection shown
        self.table.installEventFilter(self)

    def _fit_sections(self, columns: bool = True) -> None:
        """Size every row and column once for its contents, its header in bold (as a selection
        touching it shows it), and keep the sizes: a selection only re-fonts headers. Under
        ResizeToContents each new header font measured the sections again in a delayed layout of
        the table (≈ 0.7 ms of each selection that touched a case or a pattern), and the columns
        shifted by a few pixels as a header turned bold and back. The rows wait for the table's first
        resize (``_rows_fitted``): their names wrap to the room the table is given."""
        t = self.table
        heads = [(t.horizontalHeaderItem, len(self.cases)), (t.verticalHeaderItem, len(self.patterns))]
        for header, n in heads:
            for i in range(n):
                _set_bold(header(i), True)
        sized = ([t.horizontalHeader()] if columns else []) + ([t.verticalHeader()] if self._rows_fitted else [])
        for h in sized:
            h.setSectionResizeMode(QHeaderView.Fixed)  # (each cell and name set while fixed: not measured)
            h.resizeSections(QHeaderView.ResizeToContents)
        if self._rows_fitted:
            vh = t.verticalHeader()  # the names' column is as wide as a bold name needs, whichever is bold
            vh.setMinimumWidth(min(vh.sizeHint().width(), vh.maximumWidth()))
        for header, n in heads:
            for i in range(n):
                _set_bold(header(i), False)
        # known plain now: the selection that follows sets a font only on the headers it makes bold
        self._shown = None
        self._bold = {(horizontal, i): False for horizontal, (_, n) in zip((True, False), heads) for i in range(n)}

    def on_naming(self, choice: str) -> None:
        self._rename()

    def _rename(self, columns: bool = True) -> None:
        """Set the names and fit the sections: the columns too unless ``columns`` is false (the
        pattern names rewrapped for new room: the cases' columns stay as they were fitted)."""
        self._evidence.clear()  # (the cells' names are in it)
        t = self.table
        for h in (t.horizontalHeader(), t.verticalHeader()):
            h.setSectionResizeMode(QHeaderView.Fixed)  # n² text measurements otherwise, at every name set
        t.verticalHeader().setMinimumWidth(0)
        t.setHorizontalHeaderLabels([self.session.label(c) for c in self.cases])
        t.setVerticalHeaderLabels([self._wrapped(p) for p in self.patterns])
        for r, p in enumerate(self.patterns):  # a name cut short for room is whole in its tooltip
            t.verticalHeaderItem(r).setToolTip(self.session.label(p))
        self._fit_sections(columns)
        self.on_selection(self.session.touch, None)

    def _wrapped(self, pattern: str) -> str:
        # three lines at most (two in a short dock), the rest elided: a row taller than that hides
        # the rows below it in a small dock
        lines = 2 if self.compact else 3
        return textwrap.fill(self.session.label(pattern), self._name_chars, max_lines=lines, placeholder=" …")

    def _set_compact(self, compact: bool) -> None:
        if compact == self.compact:
            return
        self.compact = compact
        self.key.setText(KEY_SHORT if compact else KEY_LONG)
        font = self.font()
        if compact:
            font.setPointSizeF(font.pointSizeF() * 0.9)
        self.key.setFont(font)
        # three lines of evidence in view as a rule, as much as a selected cell's label was given
        # before; one in a short dock
        lines = 1 if compact else 3
        self._reader.setMinimumHeight(lines * self.evidence.fontMetrics().lineSpacing() + 2 * self.evidence.margin())

    def _names_width(self) -> int:
        """The width the pattern names may take: what leaves the table room for one whole case
        column, at most ``HEADER_WIDTH`` (a large screen's dock)."""
        t = self.table
        room = t.width() - 2 * t.frameWidth() - t.verticalScrollBar().sizeHint().width()
        column = max(t.horizontalHeader().sectionSize(0), t.horizontalHeader().minimumSectionSize())
        return max(80, min(HEADER_WIDTH, room - column))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        # The names fit the table as the layout sizes it: the panel's own resize can come before its
        # layout has run (a panel made at its dock's size is resized once, as it is docked).
        if obj is self.table and event.type() == QEvent.Resize:
            self._fit_names()
        return False

    def _fit_names(self) -> None:
        was = (self.compact, self._name_chars)
        self._set_compact(self.height() < COMPACT_LINES * self.fontMetrics().lineSpacing())
        width = self._names_width()
        self._name_chars = NAME_CHARS * width // HEADER_WIDTH
        if (self.compact, self._name_chars) != was or not self._rows_fitted:
            self._rows_fitted = True
            self.table.verticalHeader().setMaximumWidth(width)
            self._rename(columns=False)  # (its end shows the selection: the new names' bold)

    def on_knowledge(self, what: str) -> None:
        # an analyst's evidence for a cell, or its name, may have changed: read again as the
        # session restyles the selection, which it does after every knowledge edit
        self._evidence.clear()
        self._shown = None

    def on_theme(self, theme_name: str) -> None:
        self.on_selection(self.session.touch, None)  # the backgrounds are the theme's colours

    def click_cell(self, case_index: int, pattern_index: int) -> str | None:
        """What a click on the cell of a case and a pattern does."""
        case, pattern = self.cases[case_index], self.patterns[pattern_index]
        cell = self.cells.get((case, pattern))
        if cell is None:
            self.session.set_selection([case, pattern], origin=self.panel_id)
            return None
        self.session.select(cell[0], origin=self.panel_id)
        return cell[0]

    def on_selection(self, touch, change) -> None:
        t = theme.current()
        if (t.selected, t.touched) != self._looks:  # another theme: every cell again
            self._looks = (t.selected, t.touched)
            self._levels.clear()
            self._shown = None
        selected = self._ids & touch.selected
        # What the matrix shows depends on these ids alone: most selections (a sentence, an event, a
        # relation, often an actor) leave all of them as they were, and the cells, the headers and
        # the evidence with them (≈ 0.1 ms of Python for the 54 cells and 15 headers otherwise).
        shown = (selected, self._ids & touch.items)
        if shown == self._shown:
            for c, r, cell_id, _, _ in self._grid if selected else ():  # (as below: in view)
                if cell_id in selected:
                    self.table.scrollToItem(self.table.item(c, r))
            return
        self._shown = shown
        strong, soft = QBrush(QColor(t.selected)), QBrush(QColor(t.touched))
        for c, r, cell_id, case, pattern in self._grid:
            level = touch.level(cell_id) if cell_id else 0
            if level == 0 and (case in selected or pattern in selected):
                level = 1
            if self._levels.get((c, r)) != level:
                self.table.item(c, r).setBackground(strong if level == 2 else soft if level == 1 else QBrush())
                self._levels[(c, r)] = level
            if level == 2:  # a narrow dock scrolls; the selected cell stays in view
                self.table.scrollToItem(self.table.item(c, r))
        # A header item's new font tells the model, and the model's headerDataChanged had the table
        # lay itself out and repaint whole: frame, both scroll bars, every cell (≈ 0.5 ms in 3 of 4
        # selections). The sections are fixed and sized for bold (_fit_sections), so the font is set
        # with the model quiet and only the header's viewport repaints, with the same pixels.
        for horizontal, header, ids in ((True, self.table.horizontalHeaderItem, self.cases),
                                        (False, self.table.verticalHeaderItem, self.patterns)):
            changed = [(i, bold) for i, item_id in enumerate(ids)
                       if self._bold.get((horizontal, i)) != (bold := touch.level(item_id) > 0)]
            if not changed:
                continue
            model = self._model()
            was = model.blockSignals(True)
            for i, bold in changed:
                h = header(i)
                if h is not None:
                    _set_bold(h, bold)
                    self._bold[(horizontal, i)] = bold
            model.blockSignals(was)
            # Each re-fonted section repaints where it is now, scrolled or not (the model is quiet: Qt
            # repaints none; told, it repainted a section where it would be unscrolled). A cell's
            # selection re-fonts its case and its pattern: the whole pattern header repainted was
            # ≈ 0.2 ms of it.
            view = self.table.horizontalHeader() if horizontal else self.table.verticalHeader()
            for i, _ in changed:
                at, size = view.sectionViewportPosition(i), view.sectionSize(i)
                view.viewport().update(QRect(at, 0, size, view.height()) if horizontal
                                       else QRect(0, at, view.width(), size))
        self._show_evidence(touch)

    def _model(self):
        """The table's model, asked for only when a header's font changes: PySide types the model
        Qt made (a private class) by trying every model class it knows, making each (with its
        enums) to try it, ~4 ms the first time in a process; a start-up with nothing selected
        changes no header."""
        if self._table_model is None:
            self._table_model = self.table.model()
        return self._table_model

    def _show_evidence(self, touch) -> None:
        # in id order: the selection is a set, whose order follows Python's hash seed
        cells = tuple(sorted(i for i in touch.selected if self.session.catalog.kind(i) == "cell"))
        text = self._evidence.get(cells)
        if text is None:  # (read once per selection of cells until the names or the knowledge change)
            if len(self._evidence) >= EVIDENCE_KEPT:  # a Ctrl-click run adds one a step: keep the latest
                del self._evidence[next(iter(self._evidence))]
            text = self._evidence[cells] = self.evidence_html(cells)
        if text == self.evidence.text():
            return
        self.evidence.setText(text)  # laid out at its width and shown, before the window paints

    def evidence_html(self, cells: tuple[str, ...]) -> str:
        """What the evidence pane says for the selected cells (the placeholder for none)."""
        if not cells:
            return "<i>Click a cell to see what the memo says.</i>"
        parts = []
        for cid in cells:
            parts.append(f"<b>{escape(self.session.label(cid))}</b>")
            for quote in read.quotes(self.session.db, cid):
                parts.append(f"“{escape(quote)}”")
        return "<br>".join(parts)

    def highlight_level(self, item: str) -> int | None:
        t = theme.current()
        for r, case in enumerate(self.cases):
            for c, pattern in enumerate(self.patterns):
                cell = self.cells.get((case, pattern))
                if cell and cell[0] == item:
                    bg = self.table.item(c, r).background().color()
                    return 2 if bg == QColor(t.selected) else 1 if bg == QColor(t.touched) else 0
        if item in self.cases or item in self.patterns:
            header = (self.table.horizontalHeaderItem(self.cases.index(item)) if item in self.cases
                      else self.table.verticalHeaderItem(self.patterns.index(item)))
            return 1 if header is not None and header.font().bold() else 0
        return None

    def selftest_pick(self) -> str | None:
        for (case, pattern), _ in self.cells.items():
            return self.click_cell(self.cases.index(case), self.patterns.index(pattern))
        return None

    def legend(self) -> list[tuple[str, str]]:
        return [(theme.current().selected, "selected"), (theme.current().touched, "touched by the selection")]
