"""The one module that touches pyqtgraph's internals. Pinned: a new pyqtgraph fails here, loudly,
until someone has checked that SymbolAtlas, PrimitiveArray, Symbols and ScatterPlotItem.data still
work as gui/views/pg_adapter.py uses them (then update CHECKED_WITH)."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen

from karabakh_desktop.gui.views import pg_adapter


def test_pyqtgraph_is_the_version_the_adapter_was_checked_against():
    assert pg.__version__ == pg_adapter.CHECKED_WITH, (
        f"pyqtgraph {pg.__version__} is installed; gui/views/pg_adapter.py was checked against "
        f"{pg_adapter.CHECKED_WITH}. Check its uses of pyqtgraph internals, then update CHECKED_WITH.")


def _count(img: QImage, colour: QColor) -> int:
    img = img.convertToFormat(QImage.Format_RGB32)
    arr = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, :img.width() * 4]
    bgr = arr.reshape(img.height(), img.width(), 4)[:, :, :3].astype(int)
    return int((np.abs(bgr - [colour.blue(), colour.green(), colour.red()]).sum(axis=2) < 30).sum())


def test_the_stamper_draws_each_mark_where_it_is_asked(qapp):
    red, blue = QColor("#D55E00"), QColor("#0072B2")
    looks = [(QPen(red, 1), QBrush(red)), (QPen(blue, 1), QBrush(blue))]
    stamper = pg_adapter.Stamper()
    stamper.set_ratio(1.0)
    img = QImage(200, 100, QImage.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    src = stamper.rects(looks, np.array([0, 1]), np.array([20.0, 30.0]))
    stamper.stamp(p, np.array([[50.0, 50.0], [150.0, 50.0]]), src, 1.0)
    p.end()
    assert _count(img.copy(0, 0, 100, 100), red) > 200 and _count(img.copy(0, 0, 100, 100), blue) == 0
    assert _count(img.copy(100, 0, 100, 100), blue) > 500
    assert len(stamper) == 2  # one symbol per (look, size)


def test_symbols_are_vector_paths_of_the_asked_size():
    path = pg_adapter.symbol_path("star", 20)
    r = path.boundingRect()
    assert 15 < r.width() <= 21 and abs(r.center().x()) < 2
    assert path.elementCount() >= 10


def test_the_stamper_finds_each_marks_symbol_by_look_size_and_shape(qapp):
    """Many marks, few distinct (look, size, shape): each mark's source rectangle is the one its own
    (look, size, shape) has on the sheet, whatever the order of the marks."""
    looks = [(QPen(QColor(c), 1), QBrush(QColor(c))) for c in ("#D55E00", "#0072B2", "#009E73")]
    stamper = pg_adapter.Stamper()
    stamper.set_ratio(1.0)
    rng = np.random.default_rng(7)
    which = rng.integers(0, 3, 400)
    sizes = rng.choice([6.0, 9.5, 14.0], 400)
    shape = rng.integers(0, 2, 400)
    got = stamper.rects(looks, which, sizes, symbols=["o", "t"], shape=shape)
    assert len(stamper) == len({(w, s, h) for w, s, h in zip(which.tolist(), sizes.tolist(), shape.tolist())})
    for k in range(0, 400, 37):  # one at a time: the sheet already holds it, at the same place
        alone = stamper.rects(looks, which[k:k + 1], sizes[k:k + 1], symbols=["o", "t"], shape=shape[k:k + 1])
        assert np.array_equal(alone[0], got[k])


def test_a_legend_filled_at_once_is_laid_out_as_one_filled_entry_by_entry(qtbot):
    kept = []  # the views, kept alive with their legends

    def legend(batched: bool) -> pg.LegendItem:
        view = pg.GraphicsView()
        kept.append(view)
        qtbot.addWidget(view)
        vb = pg.ViewBox()
        view.setCentralItem(vb)
        lg = pg.LegendItem(offset=(4, -4), colCount=3, labelTextSize="7.5pt", verSpacing=1, horSpacing=0)
        lg.setParentItem(vb)
        kept.append((vb, lg))
        entries = [(pg.ScatterPlotItem(brush=QBrush(QColor(c))), f"entry {n} {'x' * n}")
                   for n, c in enumerate(["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#F0E442", "#56B4E9", "#000000"])]
        if batched:
            labels = pg_adapter.fill_legend(lg, entries)
            assert labels == [label for _, label in lg.items] and "updateSize" not in vars(lg)
        else:
            for sample, name in entries:
                lg.addItem(sample, name)
        lg.updateSize()
        view.resize(500, 300)
        view.show()
        qtbot.waitExposed(view)
        return lg

    one_by_one, at_once = legend(False), legend(True)
    assert at_once.geometry() == one_by_one.geometry()
    assert [label.geometry() for _, label in at_once.items] == [label.geometry() for _, label in one_by_one.items]
    assert [s.geometry() for s, _ in at_once.items] == [s.geometry() for s, _ in one_by_one.items]


def test_legend_entries_moved_to_another_column_count_lay_out_as_if_made_there(qtbot):
    """The network's legend changes its column count on a resize by moving its entries, not making them
    again: the result must be the legend a fresh fill gives (the old grid had stretched the labels)."""
    kept = []

    def shown(columns: int, entries=None, moved_from=None) -> pg.LegendItem:
        if moved_from is not None:  # in the same view, as the network panel does
            view, vb = next((v, b) for v, b, lg in kept if lg is moved_from)
        else:
            view = pg.GraphicsView()
            qtbot.addWidget(view)
            vb = pg.ViewBox()
            view.setCentralItem(vb)
        lg = pg.LegendItem(offset=(4, -4), colCount=columns, labelTextSize="7.5pt", verSpacing=1, horSpacing=0)
        lg.setParentItem(vb)
        kept.append((view, vb, lg))
        if moved_from is not None:
            assert pg_adapter.move_legend_entries(moved_from, lg) is lg
            vb.scene().removeItem(moved_from)
        else:
            pg_adapter.fill_legend(lg, entries)
            lg.setBrush(QColor("#FFFFFF"))
            lg.setPen(QPen(QColor("#6B6B6B")))
            lg.updateSize()
        view.resize(600, 300)
        view.show()
        qtbot.waitExposed(view)
        return lg

    def entries():
        # long names at 0 and 4: in three columns the short name 1 is stretched to 4's width, and in two
        # it sits beside 0 (a width summed from the old grid would make the legend too wide)
        return [(pg.ScatterPlotItem(brush=QBrush(QColor(c))), f"entry {n} {'x' * w}")
                for n, (c, w) in enumerate(zip(["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#F0E442", "#56B4E9",
                                                "#000000"], [30, 1, 2, 3, 27, 1, 2]))]

    three = shown(3, entries())
    three_labels = [label for _, label in three.items]
    moved = shown(2, moved_from=three)
    fresh = shown(2, entries())
    assert three.items == [] and [label for _, label in moved.items] == three_labels  # moved, not made again
    assert all(label.parentItem() is moved for label in three_labels)
    assert moved.geometry() == fresh.geometry()
    assert [label.geometry() for _, label in moved.items] == [label.geometry() for _, label in fresh.items]
    assert [s.geometry() for s, _ in moved.items] == [s.geometry() for s, _ in fresh.items]
    assert moved.brush() == fresh.brush() and moved.pen() == fresh.pen()
    clicked = []
    moved.sigSampleClicked.connect(clicked.append)
    moved.items[0][0].sigClicked.emit(moved.items[0][0].item)
    assert clicked  # a click on a sample is the new legend's
