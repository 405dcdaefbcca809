"""The patterns matrix restyles only the cells and headers a selection changes; what it shows is
always what a matrix made afresh for that selection shows."""

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
