"""The memo's comparison of Russian peacekeeping scenarios: cases × patterns, each cell with its
evidence. A cell selects itself (and so touches its case and pattern); a header selects the case
or the pattern."""

from __future__ import annotations

import textwrap
from html import escape

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core import read
from . import theme
from .evidence_view import EvidenceView
from .panels import Panel
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


def _set_bold(item: QTableWidgetItem | None, bold: bool) -> None:
    if item is not None:
        f = item.font()
        f.setBold(bold)
        item.setFont(f)


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
        self.on_naming(session.naming)  # the names in, the sections fitted once, the selection shown
        self.table.installEventFilter(self)

    def _fit_sections(self) -> None:
        """Size every row and column once for its contents, its header in bold (as a selection
        touching it shows it), and keep the sizes: a selection only re-fonts headers. Under
        ResizeToContents each new header font measured the sections again in a delayed layout of
        the table (≈ 0.7 ms of each selection that touched a case or a pattern), and the columns
        shifted by a few pixels as a header turned bold and back."""
        t = self.table
        heads = [(t.horizontalHeaderItem, len(self.cases)), (t.verticalHeaderItem, len(self.patterns))]
        for header, n in heads:
            for i in range(n):
                _set_bold(header(i), True)
        for h in (t.horizontalHeader(), t.verticalHeader()):
            h.setSectionResizeMode(QHeaderView.Fixed)  # (each cell and name set while fixed: not measured)
            h.resizeSections(QHeaderView.ResizeToContents)
        vh = t.verticalHeader()  # the names' column is as wide as a bold name needs, whichever is bold
        vh.setMinimumWidth(min(vh.sizeHint().width(), vh.maximumWidth()))
        for header, n in heads:
            for i in range(n):
                _set_bold(header(i), False)
        # known plain now: the selection that follows sets a font only on the headers it makes bold
        self._bold = {(horizontal, i): False for horizontal, (_, n) in zip((True, False), heads) for i in range(n)}

    def on_naming(self, choice: str) -> None:
        self._evidence.clear()  # (the cells' names are in it)
        t = self.table
        for h in (t.horizontalHeader(), t.verticalHeader()):
            h.setSectionResizeMode(QHeaderView.Fixed)  # n² text measurements otherwise, at every name set
        t.verticalHeader().setMinimumWidth(0)
        t.setHorizontalHeaderLabels([self.session.label(c) for c in self.cases])
        t.setVerticalHeaderLabels([self._wrapped(p) for p in self.patterns])
        for r, p in enumerate(self.patterns):  # a name cut short for room is whole in its tooltip
            t.verticalHeaderItem(r).setToolTip(self.session.label(p))
        self._fit_sections()
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
        if (self.compact, self._name_chars) != was:
            self.table.verticalHeader().setMaximumWidth(width)
            self.on_naming(self.session.naming)  # (its end shows the selection: the new names' bold)

    def on_knowledge(self, what: str) -> None:
        # an analyst's evidence for a cell, or its name, may have changed: read again as the
        # session restyles the selection, which it does after every knowledge edit
        self._evidence.clear()

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
        strong, soft = QBrush(QColor(t.selected)), QBrush(QColor(t.touched))
        for r, case in enumerate(self.cases):
            for c, pattern in enumerate(self.patterns):
                cell = self.cells.get((case, pattern))
                level = max(touch.level(cell[0]) if cell else 0,
                            1 if (touch.level(case) == 2 or touch.level(pattern) == 2) else 0)
                if self._levels.get((c, r)) != level:
                    self.table.item(c, r).setBackground(strong if level == 2 else soft if level == 1 else QBrush())
                    self._levels[(c, r)] = level
                if level == 2:  # a narrow dock scrolls; the selected cell stays in view
                    self.table.scrollToItem(self.table.item(c, r))
        # A header item's new font tells the model, and the model's headerDataChanged had the table
        # lay itself out and repaint whole: frame, both scroll bars, every cell (≈ 0.5 ms in 3 of 4
        # selections). The sections are fixed and sized for bold (_fit_sections), so the font is set
        # with the model quiet and only the header's viewport repaints, with the same pixels.
        model = self.table.model()
        for horizontal, header, ids in ((True, self.table.horizontalHeaderItem, self.cases),
                                        (False, self.table.verticalHeaderItem, self.patterns)):
            changed = []
            was = model.blockSignals(True)
            for i, item_id in enumerate(ids):
                bold = touch.level(item_id) > 0
                h = header(i)
                if h is not None and self._bold.get((horizontal, i)) != bold:
                    _set_bold(h, bold)
                    self._bold[(horizontal, i)] = bold
                    changed.append(i)
            model.blockSignals(was)
            # Each re-fonted section repaints where it is now, scrolled or not (the model is quiet: Qt
            # repaints none; told, it repainted a section where it would be unscrolled). A cell's
            # selection re-fonts its case and its pattern: the whole pattern header repainted was
            # ≈ 0.2 ms of it.
            view = self.table.horizontalHeader() if horizontal else self.table.verticalHeader()
            for i in changed:
                at, size = view.sectionViewportPosition(i), view.sectionSize(i)
                view.viewport().update(QRect(at, 0, size, view.height()) if horizontal
                                       else QRect(0, at, view.width(), size))
        self._show_evidence(touch)

    def _show_evidence(self, touch) -> None:
        cells = tuple(i for i in touch.selected if self.session.catalog.kind(i) == "cell")
        text = self._evidence.get(cells)
        if text is None:  # (read once per selection of cells until the names or the knowledge change)
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
