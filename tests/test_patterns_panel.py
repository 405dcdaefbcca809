"""The patterns matrix restyles only the cells and headers a selection changes; what it shows is
always what a matrix made afresh for that selection shows."""

import pytest

from karabakh_desktop.core import naming
from karabakh_desktop.gui.patterns_panel import PatternsPanel


def _looks(panel):
    t = panel.table
    cells = {(r, c): t.item(r, c).background().color().name() if t.item(r, c).background().style() else None
             for r in range(t.rowCount()) for c in range(t.columnCount())}
    heads = [t.horizontalHeaderItem(i).font().bold() for i in range(t.columnCount())]
    heads += [t.verticalHeaderItem(i).font().bold() for i in range(t.rowCount())]
    return cells, heads


def test_each_selection_leaves_the_matrix_as_a_fresh_one_would_show_it(session, qtbot):
    panel = PatternsPanel(session)
    qtbot.addWidget(panel)
    cells = list(panel.cells.values())
    assert len(cells) >= 2
    steps = [cells[0][0], cells[1][0], panel.cases[0], panel.patterns[-1], None, cells[0][0]]
    for item in steps:
        if item is None:
            session.clear_selection()
        else:
            session.select(item)
        fresh = PatternsPanel(session)
        qtbot.addWidget(fresh)
        assert _looks(panel) == _looks(fresh), item
    # the previous cell let go, the new one set
    session.select(cells[1][0])
    assert panel.highlight_level(cells[1][0]) == 2 and panel.highlight_level(cells[0][0]) in (0, 1)
    session.set_theme("dark")  # another theme: every cell in its colours
    try:
        fresh = PatternsPanel(session)
        qtbot.addWidget(fresh)
        assert _looks(panel) == _looks(fresh)
    finally:
        session.set_theme("light")


def test_new_evidence_lays_out_neither_the_window_nor_its_docks_and_can_be_read_whole(window, window_layouts):
    """A cell's evidence changes with about a quarter of selections: its new text must not re-size the
    matrix and have the main window lay out every dock again; a long one scrolls, never cut short."""
    from PySide6.QtWidgets import QApplication

    panel = window.panels["patterns"]
    cells = sorted(panel.cells.values(), key=lambda cell: len(panel.session.label(cell[0])))
    window_layouts(())
    table_height = panel.table.height()
    texts = []
    assert window_layouts((cells[0][0], "baku", cells[-1][0], cells[1][0], "armenia"),
                          after=lambda item: texts.append(panel.evidence.text())) == []
    assert all(a != b for a, b in zip(texts, texts[1:]))  # every selection a new evidence text
    assert panel.table.height() == table_height
    # the whole of the evidence is there to read: taller than its view, it scrolls to its end
    window.session.select(cells[-1][0])
    QApplication.processEvents()
    ev = panel.evidence
    assert ev.isVisible() and ev.contentHeight() > ev.viewport().height()
    bar = ev.verticalScrollBar()
    assert bar.isVisible() and bar.maximum() == ev.contentHeight() - ev.viewport().height()


def _sections(panel):
    t = panel.table
    h, v = t.horizontalHeader(), t.verticalHeader()
    return ([h.sectionSize(i) for i in range(h.count())], [v.sectionSize(i) for i in range(v.count())], v.width())


def test_a_selection_moves_no_row_or_column_and_a_bold_header_fits(session, qtbot):
    """The sections are fitted once, each header in bold: a selection re-fonts headers without
    measuring the table again, so nothing shifts, and a bold name is never cut."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication, QHeaderView

    panel = PatternsPanel(session)
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    QApplication.processEvents()
    t = panel.table
    assert t.horizontalHeader().sectionResizeMode(0) == QHeaderView.Fixed
    before = _sections(panel)
    for item in [panel.cases[0], panel.patterns[-1], next(iter(panel.cells.values()))[0], panel.cases[-1]]:
        session.select(item)
        QApplication.processEvents()
        assert _sections(panel) == before, item
        bold = [(i, t.horizontalHeaderItem(i)) for i in range(t.columnCount()) if t.horizontalHeaderItem(i).font().bold()]
        for i, head in bold:
            text = QFontMetrics(head.font()).horizontalAdvance(head.text())
            assert t.horizontalHeader().sectionSize(i) >= text, head.text()
    # a new naming choice fits the new names, and the selection stays shown in bold
    session.select(panel.cases[0])
    session.set_naming(naming.AZ if session.naming != naming.AZ else naming.HY)
    QApplication.processEvents()
    assert t.horizontalHeaderItem(0).font().bold()
    assert t.horizontalHeaderItem(0).text() == session.label(panel.cases[0])
    assert t.horizontalHeader().sectionSize(0) >= QFontMetrics(t.horizontalHeaderItem(0).font()).horizontalAdvance(
        t.horizontalHeaderItem(0).text())


def test_a_header_turning_bold_repaints_the_header_not_the_whole_table(session, qtbot, show_panel):
    """A selection that only re-fonts headers repaints those headers: the model's header signal had the
    table lay out and repaint whole (its scroll bars and every cell) in 3 selections of 4."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    panel = show_panel(PatternsPanel(session), 260, 280)  # a laptop's dock: the matrix scrolls both ways
    t = panel.table
    bars = [t.horizontalScrollBar(), t.verticalScrollBar()]
    assert all(b.isVisible() for b in bars)
    session.select(panel.cases[0])
    QApplication.processEvents()
    painted = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Paint:
                painted.append(obj)
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)
    try:
        # the next case: its header turns bold, the first's plain; and its column's cells are touched
        session.select(panel.cases[1])
        QApplication.processEvents()
        QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(watch)
    assert t.horizontalHeader().viewport() in painted  # the headers do show the change
    assert t.horizontalHeaderItem(1).font().bold() and not t.horizontalHeaderItem(0).font().bold()
    assert not [b for b in bars if b in painted]


def _whole(view, rect) -> bool:
    return view.viewport().rect().contains(rect)


@pytest.mark.parametrize("screen", [(960, 540), (1366, 768), (1920, 1080)])
def test_the_matrix_keeps_whole_cells_in_view_on_every_screen(window, qtbot, screen):
    """At 1920x1080 with QT_SCALE_FACTOR=2 (960x540 logical) the Patterns dock is ~160 px tall: its
    key and three lines of evidence left the matrix no visible row. There the key shortens to one line
    (the long one in its tooltip) and the evidence yields to one line, so whole cells with their
    names stay in view; a laptop and a large screen keep the long key and three lines of evidence."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from karabakh_desktop.gui import window_layout
    from karabakh_desktop.gui.patterns_panel import KEY_LONG, KEY_SHORT

    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window._default_state is not None and not window.refit_pending)
    rect = window_layout.place_first(window, QRect(0, 0, *screen))
    window._default_sizes()
    qtbot.waitUntil(lambda: window.size() == rect.size())
    QApplication.processEvents()
    panel = window.panels["patterns"]
    t = panel.table
    whole_rows = [r for r in range(t.rowCount()) if _whole(t, t.visualRect(t.model().index(r, 0)))]
    assert len(whole_rows) >= 2 if screen[0] > 960 else len(whole_rows) >= 1, (panel.size(), t.viewport().size())
    assert _whole(t, t.visualRect(t.model().index(0, 0))), "a whole case column beside the names"
    name = t.verticalHeaderItem(whole_rows[0])
    assert name.toolTip() == panel.session.label(panel.patterns[whole_rows[0]])  # whole even when cut short
    line = panel.evidence.fontMetrics().lineSpacing()
    reader = panel.evidence
    if screen[0] > 960:  # what these screens showed before stays: the long key, three lines of evidence
        assert panel.key.text() == KEY_LONG and reader.height() >= 3 * line
    else:
        assert panel.key.text() == KEY_SHORT and panel.key.toolTip() == KEY_LONG
        assert panel.key.height() < 2 * panel.key.fontMetrics().lineSpacing()  # one line
        assert reader.height() >= line


def test_a_cell_repaints_only_the_header_sections_it_changes(session, qtbot, show_panel):
    """A cell re-fonts its case's and its pattern's headers: those sections repaint, where they are,
    not the whole of both headers."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QRegion
    from PySide6.QtWidgets import QApplication

    panel = show_panel(PatternsPanel(session), 700, 600)
    t = panel.table
    session.select("baku")  # touches no case or pattern
    QApplication.processEvents()
    painted = {t.horizontalHeader().viewport(): QRegion(), t.verticalHeader().viewport(): QRegion()}

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Paint and obj in painted:
                painted[obj] = painted[obj].united(event.region())
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)
    try:
        (case, pattern), (cid, _) = next(iter(panel.cells.items()))
        session.select(cid)
        QApplication.processEvents()
        QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(watch)
    for header, index in ((t.horizontalHeader(), panel.cases.index(case)),
                          (t.verticalHeader(), panel.patterns.index(pattern))):
        at, size = header.sectionViewportPosition(index), header.sectionSize(index)
        region = painted[header.viewport()]
        section = region.boundingRect()
        horizontal = header is t.horizontalHeader()
        span = (section.left(), section.width()) if horizontal else (section.top(), section.height())
        assert span == (at, size)
        assert region.boundingRect() != header.viewport().rect()


def test_a_selection_that_leaves_the_matrix_as_it_is_skips_it_yet_names_and_edits_still_show(session, qtbot):
    """The panel keeps what the last selection made of its cells and headers and skips a selection
    that changes none of it: a new naming (which re-sizes the sections and sets every header plain),
    a knowledge edit and a theme must still show as a fresh matrix shows them."""
    panel = PatternsPanel(session)
    qtbot.addWidget(panel)
    (case, pattern), (cell, _) = next(iter(panel.cells.items()))
    session.select(cell)
    text = panel.evidence.text()
    assert panel.highlight_level(cell) == 2 and panel.highlight_level(case) == 1
    for choice in [*naming.CHOICES, session.naming]:
        session.set_naming(choice)
        fresh = PatternsPanel(session)
        qtbot.addWidget(fresh)
        assert _looks(panel) == _looks(fresh), choice
        assert panel.evidence.text() == fresh.evidence.text()
    # the case renamed in the store: the evidence names the cell anew, with the same selection
    with session.db.conn:
        session.db.execute("UPDATE entities SET name = 'Renamed case' WHERE id = ?", [case])
    session.knowledge_changed("items")
    assert panel.evidence.text() != text and "Renamed case" in panel.evidence.text()
    fresh = PatternsPanel(session)
    qtbot.addWidget(fresh)
    assert _looks(panel) == _looks(fresh) and panel.evidence.text() == fresh.evidence.text()


def test_the_tables_model_is_asked_for_only_when_a_header_turns_bold_and_then_kept_quiet(session, qtbot, monkeypatch):
    """Typing the model Qt made is PySide's dearest conversion of the start-up (it tries every model
    class): a matrix made with nothing selected, or a selection that bolds no header, never asks."""
    from PySide6.QtWidgets import QTableWidget

    asked = []
    real = QTableWidget.model
    monkeypatch.setattr(QTableWidget, "model", lambda self: (asked.append(self), real(self))[1])
    panel = PatternsPanel(session)
    qtbot.addWidget(panel)
    assert asked == []
    signals = []
    session.select(panel.cases[0])  # its column's header turns bold, with the model quiet
    assert asked == [panel.table]
    real(panel.table).headerDataChanged.connect(lambda *a: signals.append(a))
    session.select(panel.patterns[0])
    assert asked == [panel.table] and signals == []  # kept, and quiet again
    fresh = PatternsPanel(session)
    qtbot.addWidget(fresh)
    assert panel.table.verticalHeaderItem(0).font().bold() and _looks(panel) == _looks(fresh)


def test_the_rows_are_fitted_once_at_the_size_shown_as_a_refit_would_fit_them(session, qtbot, show_panel, monkeypatch):
    fits = []
    fit = PatternsPanel._fit_sections
    monkeypatch.setattr(PatternsPanel, "_fit_sections",
                        lambda self, columns=True: fits.append((columns, self._rows_fitted)) or fit(self, columns))
    panel = show_panel(PatternsPanel(session), 260, 280)  # a laptop's dock: the names wrap narrower
    # the columns as it is made; the rows once, at its first size (the columns are not measured again)
    assert fits == [(True, False), (False, True)]
    shown = _sections(panel)
    panel.on_naming(session.naming)  # rows and columns fitted again at the same size: nothing moves
    assert _sections(panel) == shown
