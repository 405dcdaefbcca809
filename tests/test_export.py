"""Exports: slide images at the requested size, with the footnote, the highlight as on screen;
SVG that parses; PDF decks with a page per scene; the CLI's errors leave no file behind."""

import errno
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyqtgraph as pg
import pytest
from click.testing import CliRunner
from PySide6.QtCore import QByteArray, QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage

from karabakh_desktop.cli import main
from karabakh_desktop.core import scenes
from karabakh_desktop.core.store import open_store
from karabakh_desktop.gui import slides as ex
from karabakh_desktop.gui import theme
from karabakh_desktop.gui.mainwindow import MainWindow
from karabakh_desktop.gui.panels import Panel
from karabakh_desktop.gui.patterns_panel import PatternsPanel
from karabakh_desktop.gui.slides import dialogs, render


class PlotPanel(Panel):
    """A minimal pyqtgraph panel: the vector (SVG) path, independent of the real panels' progress."""

    panel_id = "plot"
    title = "Plot"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.plot = pg.PlotWidget(self)
        self.plot.setBackground("w")
        self.curve = self.plot.plot([0, 1, 2, 3], [0, 2, 1, 3], pen=pg.mkPen("#0072B2", width=3))

    def resizeEvent(self, event):
        self.plot.resize(self.size())

    def graphics_item(self):
        return self.plot.getPlotItem()

    def legend(self):
        return [("#0072B2", "a curve")]


def image(data: bytes) -> QImage:
    img = QImage.fromData(QByteArray(data), "PNG")
    assert not img.isNull()
    return img


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))



@pytest.fixture
def patterns(session, qtbot):
    p = PatternsPanel(session)
    qtbot.addWidget(p)
    p.resize(900, 500)
    return p


def test_png_has_the_requested_size_and_is_not_blank(patterns):
    for size in ((1920, 1080), (3840, 2160), (800, 450)):
        img = image(ex.export(patterns, "png", size))
        assert (img.width(), img.height()) == size
        assert not ex.is_blank(img)


def test_the_footnote_band_carries_text(patterns):
    session = patterns.session
    slide = ex.make_slide(patterns, session)
    lay = ex.Layout((1920, 1080), slide, theme.current())
    band = QRect(0, int(lay.footnote_top), 1920, 1080 - int(lay.footnote_top))
    with_note = image(ex.export(patterns, "png", (1920, 1080)))
    without = image(ex.export(patterns, "png", (1920, 1080), footnote=False))
    assert not ex.is_blank(with_note, band)
    assert with_note.copy(band) != without.copy(band)  # the footnote is what fills that band
    assert ex.is_blank(without, QRect(0, 1080 - 12, 1920, 12))


def test_a_highlighted_selection_changes_the_image(patterns):
    before = image(ex.export(patterns, "png", (1920, 1080)))
    patterns.click_cell(0, 0)
    after = image(ex.export(patterns, "png", (1920, 1080)))
    assert before != after
    # the amber of the selected cell is in the exported pixels, as on screen
    selected = QColor(theme.current().selected).rgb() & 0xFFFFFF
    small = after.scaled(480, 270).convertToFormat(QImage.Format_RGB32)
    found = any((small.pixel(x, y) & 0xFFFFFF) == selected for y in range(270) for x in range(480))
    assert found, "the selected cell's colour is not in the image"


def test_banner_is_drawn_top_and_bottom(patterns):
    img = image(ex.export(patterns, "png", (1920, 1080), banner="Unclassified // for training"))
    green = QColor("#007A33").rgb()
    assert img.pixel(5, 5) == green and img.pixel(5, 1075) == green


def test_svg_parses_and_states_source_selection_and_caption(session, qtbot):
    panel = PlotPanel(session)
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    session.select("shusha")
    data = ex.export(panel, "svg", (1920, 1080), caption="Where the war ended")
    root = ET.fromstring(data)
    assert root.get("width") == "1920" and root.get("height") == "1080"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Source: A. Valiyev, PONARS Eurasia Policy Memo, 23 Aug 2021" in texts
    assert "Where the war ended" in texts
    assert any("Shusha / Shushi" in (t or "") for t in texts)
    assert "a curve" in texts
    body = root.find(".//{http://www.w3.org/2000/svg}g[@id='kd-panel']")
    assert body is not None and len(list(body.iter("{http://www.w3.org/2000/svg}path"))) > 0  # pyqtgraph vectors


def test_svg_of_a_widget_panel_parses(patterns):
    root = ET.fromstring(ex.export(patterns, "svg", (1280, 720)))
    assert root.get("width") == "1280"
    assert ex.source_and_credits(patterns.session.db)[0] in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_pdf_is_one_page(patterns):
    data = ex.export(patterns, "pdf", (1920, 1080))
    assert data.startswith(b"%PDF") and pages(data) == 1


def test_window_export_and_clipboard(session, qtbot):
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    session.select("shusha")
    img = image(ex.export(win, "png", (1920, 1080)))
    assert (img.width(), img.height()) == (1920, 1080) and not ex.is_blank(img)
    ex.copy_to_clipboard(win.panels["patterns"], (1280, 720))
    clip = QGuiApplication.clipboard().image()
    assert (clip.width(), clip.height()) == (1280, 720)
    # the File → Export menu and the self-test steps are installed
    texts = [a.text() for a in win.export_menu.actions()]
    assert any("Panel" in t for t in texts) and any("Scenes" in t for t in texts)
    steps = dict(win.selftest_extras())
    ok, detail = steps["export window png"]()
    assert ok, detail


def test_write_errors_leave_no_file(patterns, tmp_path, monkeypatch):
    out = tmp_path / "x.png"

    def full_disk(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(render, "write_atomic", full_disk)
    with pytest.raises(ex.ExportError, match="disk is full"):
        ex.export(patterns, "png", (800, 450), out)
    assert not out.exists()
    with pytest.raises(ex.ExportError, match="does not exist"):
        ex.export(patterns, "png", (800, 450), tmp_path / "nope" / "x.png")
    with pytest.raises(ex.ExportError, match="out of range"):
        ex.parse_size("10x10")
    with pytest.raises(ex.ExportError, match="WIDTHxHEIGHT"):
        ex.parse_size("big")


# --- the command line -----------------------------------------------------------------------------------------
def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_exports_a_view(built_store, tmp_path):
    out = tmp_path / "patterns.png"
    res = run("export", "--db", built_store, "--view", "patterns", "--select", "shusha", "--from", "2020-09-27",
              "--to", "2020-11-10", "--size", "1280x720", "--out", out)
    assert res.exit_code == 0, res.output
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1280, 720) and not ex.is_blank(img)
    svg = tmp_path / "window.svg"
    res = run("export", "--db", built_store, "--view", "window", "--out", svg)
    assert res.exit_code == 0, res.output
    assert ET.parse(svg).getroot().get("width") == "1920"


@pytest.mark.parametrize("args, message", [
    (["--view", "nowhere"], "Invalid value for '--view'"),
    (["--view", "map", "--select", "no-such-id"], "unknown id"),
    (["--view", "map", "--size", "huge"], "WIDTHxHEIGHT"),
    (["--view", "map", "--size", "20000x10"], "out of range"),
    (["--view", "map", "--from", "2020-01-01"], "both --from and --to"),
    (["--view", "map", "--from", "2021-01-01", "--to", "2020-01-01"], "before"),
    (["--view", "map", "--from", "yesterday", "--to", "2020-01-01"], "YYYY-MM-DD"),
    ([], "either --view"),
])
def test_cli_bad_arguments_exit_non_zero_and_write_nothing(built_store, tmp_path, args, message):
    out = tmp_path / "x.png"
    res = run("export", "--db", built_store, *args, "--out", out)
    assert res.exit_code != 0
    assert message in res.output and "Traceback" not in res.output
    assert list(tmp_path.iterdir()) == []


def test_cli_unwritable_path(built_store, tmp_path):
    res = run("export", "--db", built_store, "--view", "memo", "--out", tmp_path / "missing" / "x.png")
    assert res.exit_code == 1 and "does not exist" in res.output
    res = run("export", "--db", built_store, "--view", "memo", "--out", tmp_path)
    assert res.exit_code == 1 and "folder" in res.output
    assert list(tmp_path.iterdir()) == []


def _three_scenes(store):
    db = open_store(store)
    for title, sel in (("Shusha", ["shusha"]), ("Russia", ["russia"]), ("Turkey", ["turkey"])):
        scenes.add(db, title, {"selection": sel, "shown": ["patterns", "memo"]}, caption=f"About {title}")
    db.close()


def test_cli_exports_scenes_as_a_deck_and_as_images(store_copy, tmp_path):
    _three_scenes(store_copy)
    deck = tmp_path / "deck.pdf"
    res = run("export", "--db", store_copy, "--scenes", "--size", "1280x720", "--out", deck)
    assert res.exit_code == 0, res.output
    assert pages(deck.read_bytes()) == 3
    folder = tmp_path / "slides"
    res = run("export", "--db", store_copy, "--scenes", "--size", "960x540", "--out", folder)
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["01-shusha.png", "02-russia.png", "03-turkey.png"]
    imgs = [QImage(str(folder / f)) for f in files]
    assert all((i.width(), i.height()) == (960, 540) for i in imgs)
    assert imgs[0] != imgs[1]  # each scene shows its own selection


def test_cli_scenes_without_scenes_is_an_error(store_copy, tmp_path):
    res = run("export", "--db", store_copy, "--scenes", "--out", tmp_path / "deck.pdf")
    assert res.exit_code == 1 and "no saved scenes" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.db"]


def test_the_export_menu_writes_the_chosen_file(session, qtbot, tmp_path, monkeypatch):
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    out = tmp_path / "from-menu.pdf"
    from karabakh_desktop.gui.slides.export_dialog import ExportDialog

    seen = {}

    def run(dialog):  # what a user does in the one dialog: the format, a size, a caption, the file
        seen["what"] = dialog.what.currentText()
        dialog.update_preview()  # what the timer does once the choices settle
        seen["preview"] = not dialog.preview.pixmap().isNull()
        dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
        dialog.size.setCurrentIndex(dialog.size.findData("1280x720"))
        dialog.caption.setText("A caption")
        dialog.path.setText(str(out))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", run)
    assert dialogs.export_dialog(win, win.panels["patterns"]) == out
    assert seen["what"].startswith("Patterns") and seen["preview"]
    assert out.read_bytes().startswith(b"%PDF")
    assert "Exported" in win.statusBar().currentMessage()
    # the dialog remembers the folder and the format for the next export
    again = ExportDialog(win, session, [("Map", win.panels["map"])], win.panels["map"])
    qtbot.addWidget(again)
    assert Path(again.path.text()).parent == tmp_path and again.format.currentData() == "pdf"


def test_ctrl_e_names_the_view_it_exports_never_the_scenes_list(session, qtbot):
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    win.panels["scenes"].list.setFocus()
    assert dialogs.current_panel(win.panels).panel_id != "scenes"
    assert win.export_panel_action.text().startswith("Export ") and "Scenes" not in win.export_panel_action.text()


def test_a_store_from_other_data_cites_its_own_documents(other_store, tmp_path, qapp, qtbot):
    """Every slide and the About box cite the store's own documents, not the memo."""
    import shutil

    from karabakh_desktop.core import read
    from karabakh_desktop.gui.mainwindow import about_html
    from karabakh_desktop.gui.session import Session

    store = tmp_path / "other.db"
    shutil.copyfile(other_store, store)
    db = open_store(store)
    scenes.add(db, "One", {"selection": ["shusha"], "shown": ["patterns"]})
    db.close()
    s = Session(store, follow=False)
    try:
        panel = PatternsPanel(s)
        qtbot.addWidget(panel)
        texts = [t.text for t in ET.fromstring(ex.export(panel, "svg", (1280, 720))).iter(
            "{http://www.w3.org/2000/svg}text")]
        assert "Source: J. Quill, Example Briefs, 23 Aug 2021" in texts
        assert any("outlines drawn by the test suite" in (t or "") for t in texts)
        assert not any("Valiyev" in (t or "") or "PONARS" in (t or "") for t in texts)
        assert any("A Test Brief on Other Matters" in (t or "") for t in texts)  # the title too
        deck = tmp_path / "deck"
        written = ex.export_scenes(s, scenes.list_scenes(s.db), deck, fmt="svg", size=(1280, 720))
        scene_texts = [t.text for t in ET.parse(written[0]).getroot().iter("{http://www.w3.org/2000/svg}text")]
        assert "Source: J. Quill, Example Briefs, 23 Aug 2021" in scene_texts
        about = about_html(read.citations(s.db), read.data_credits(s.db))
        assert "Jane Quill" in about and "CC BY 4.0" in about and "https://example.org/brief" in about
        assert "Valiyev" not in about and "PONARS" not in about
    finally:
        s.close()


def test_the_memo_store_credits_ponars_in_about(session):
    from karabakh_desktop.core import read
    from karabakh_desktop.gui.mainwindow import about_html

    about = about_html(read.citations(session.db), read.data_credits(session.db))
    assert "Anar Valiyev" in about and "Fair Use" in about and "Natural Earth" in about
    assert "https://www.ponarseurasia.org/karabakh-after-the-44-day-war" in about


def test_cli_window_export_composes_the_views_the_users_window_has_open(built_store, tmp_path, qtbot,
                                                                        monkeypatch):
    """Before: ``export --view window`` always composed map, network, timeline and memo, whatever the
    analyst had closed (the window's layout is saved in the user's settings, not in the store, so a
    freshly built store showed it just as well). Now it composes the views the user's window shows,
    as File ▸ Export Window does in the app; with no saved layout, the default one."""
    from karabakh_desktop.gui.mainwindow import MainWindow
    from karabakh_desktop.gui.session import Session

    monkeypatch.setenv("KARABAKH_DESKTOP_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    fresh = tmp_path / "fresh.db"
    assert run("db", "build", "--out", fresh).exit_code == 0

    def texts(svg):
        return " ".join(t.text or "" for t in ET.parse(svg).getroot().iter() if t.tag.endswith("text"))

    default = tmp_path / "default.svg"
    assert run("export", "--db", fresh, "--view", "window", "--out", default).exit_code == 0
    assert "Domestic politics" in texts(default) and "Black Sea" in texts(default)  # the timeline, the map

    session = Session(fresh, follow=False)
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    for pid in ("timeline", "network"):  # the analyst closes two views; the layout is saved on quitting
        win.docks[pid].close()
    win.save_layout()
    win.hide()
    session.close()

    saved = (tmp_path / "home" / "settings.ini").read_bytes()
    mine = tmp_path / "mine.svg"
    res = run("export", "--db", fresh, "--view", "window", "--out", mine)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "home" / "settings.ini").read_bytes() == saved  # read, never written
    words = texts(mine)
    assert "Black Sea" in words and "Domestic politics" not in words  # the map stays, the timeline is gone


def test_the_patterns_slide_legend_shows_each_mark_as_the_matrix_draws_it(patterns):
    """Each meaning beside its own mark (●, ○, ×) drawn as a symbol — not a colour square in front of a
    text that repeats the glyph."""
    from PySide6.QtGui import QPainter

    from karabakh_desktop.gui.views.compose import TextFigure

    legend = TextFigure(patterns).legend()  # what the patterns slide shows under its matrix
    assert legend, "the memo's matrix uses marks: the slide has a legend"
    for entry in legend:
        colour, meaning, draw = entry
        assert meaning in ("observed in the case", "an option", "ruled out")
        assert callable(draw)
        img = QImage(40, 20, QImage.Format_ARGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        draw(p, 40, 20)
        p.end()
        dark = sum(1 for x in range(40) for y in range(20) if QColor(img.pixel(x, y)).lightness() < 128)
        assert dark > 10, f"the mark for {meaning!r} is drawn"
    png = image(ex.export(patterns, "png", (1920, 1080)))
    assert not png.isNull()
