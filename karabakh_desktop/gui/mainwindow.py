"""The main window: dockable panels around one session, menus, toolbar, status bar, layouts.

It owns what belongs to the window: the export menu and its banner, the briefing, and the
:class:`SceneHost` it hands to the Scenes panel. It never opens another window itself: it emits
``newWindowRequested(path)`` and the application (``app.py``) opens one.
"""

from __future__ import annotations

import importlib
from html import escape

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from .. import paths, version
from ..core import dates, naming, read
from ..core.wording import counted
from . import export_target, knowledge_ui, theme, window_layout
from .lazy_panels import LazyPanels
from .panels import PANELS, Panel
from .scene_host import SceneHost
from .search_box import SearchBox
from .session import Session

LAYOUT_VERSION = 2


class _OnFirstUse:
    """A module imported when first used: the slides and the briefing are not needed for the first
    paint, and importing them costs start-up time (measured with ``python -X importtime``)."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):  # only for names this object does not hold: the module's
        return getattr(importlib.import_module(self._name), attr)


briefing = _OnFirstUse("karabakh_desktop.gui.briefing")
export_dialogs = _OnFirstUse("karabakh_desktop.gui.slides.dialogs")


def settings() -> QSettings:
    return QSettings(str(paths.user_data_dir() / "settings.ini"), QSettings.IniFormat)


class WindowSceneHost(SceneHost):
    """The window as the Scenes panel and a followed briefing see it."""

    def __init__(self, window: MainWindow):
        super().__init__(window.session)
        self.window = window

    def panels(self) -> dict[str, Panel]:
        return self.window.panels

    def docks(self) -> dict:
        return self.window.docks

    def present(self, scene_id: int | None) -> None:
        self.window.present_briefing(scene_id)

    def export_deck(self) -> None:
        export_dialogs.export_scenes_dialog(self.window, self.session, self.window.export_banner)

    def message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)


class MainWindow(QMainWindow):
    newWindowRequested = Signal(str)  # a store path: File ▸ Open Store…, New Window on This Store

    def __init__(self, session: Session, *, restore: bool = True):
        super().__init__()
        self.session = session
        self.setObjectName("karabakh-main")
        self.setWindowTitle(f"Karabakh Desktop — {session.path.name}")
        self.setDockOptions(QMainWindow.AllowTabbedDocks | QMainWindow.AllowNestedDocks | QMainWindow.AnimatedDocks)
        # No central widget: docks only, so every panel can move, tab, float and close. A panel is
        # made when its dock is first shown (or it is first asked for): one behind a tab or closed
        # costs nothing at start-up.
        self.scene_host = WindowSceneHost(self)  # handed to the Scenes panel when it is made
        self.panels = LazyPanels(self, session, PANELS, self._panel_made)
        self.docks = {spec.panel_id: self.panels.dock(spec) for spec in PANELS}
        self._arrange_default()
        self.width_keeper = window_layout.DetailsWidthKeeper(self, self.docks)  # growth goes to the views
        self._build_actions()
        self._build_status()
        self._default_state = None  # captured once the default sizes are applied (first show)
        self._sized = bool(restore and self.restore_layout())
        self._placed = self._sized  # a restored geometry is the user's; a first one fits the screen
        self.refit_pending = False
        if not self._placed:
            window_layout.place_first(self)
        session.selectionChanged.connect(self._on_selection)
        session.timeWindowChanged.connect(self._on_window)
        session.status.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        session.namingChanged.connect(lambda _: self._on_selection(session.touch, None))  # names as chosen
        self._on_selection(session.touch, None)
        self.export_banner = ""  # the classification banner of this window's exports
        self.briefing: briefing.Briefing | None = None
        self._build_export_actions()
        session.sharedScene.connect(self.follow_scene)
        knowledge_ui.install(self)

    def selftest_extras(self):
        """Extra self-test steps: exports of the panels and the window."""
        yield from export_dialogs.selftest_steps(self, self.panels, self.session)

    def _panel_made(self, panel_id: str, panel: Panel) -> None:
        if panel_id == "scenes":
            panel.set_host(self.scene_host)

    # --- layout ---------------------------------------------------------------------------------
    def _arrange_default(self) -> None:
        window_layout.arrange(self, self.docks)

    def _default_sizes(self) -> None:
        window_layout.default_sizes(self, self.docks)

    def restore_layout(self) -> bool:
        s = settings()
        geom = s.value("window/geometry")
        state = s.value("window/state")
        if isinstance(geom, QByteArray):
            self.restoreGeometry(geom)
        return isinstance(state, QByteArray) and self.restoreState(state, LAYOUT_VERSION)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt's name)
        if visible and self._default_state is None and not self.isVisible():
            self._lay_out_first()
        super().setVisible(visible)  # shows the docks: their panels are made at the sizes laid out here

    def _lay_out_first(self) -> None:
        """The docks at their first sizes before the window is shown, so that the panels, made as their
        docks are shown, are made and laid out once, at those sizes. Laid out after the show, a first
        window went through four layouts before its first paint — the docks at their bare minimum
        (the memo 220×17), then Qt's shares, then the window fitted to its frame, then the default
        sizes — and every panel laid out its text, views and legends at each (≈ 20 ms of CPU)."""
        if not self._placed:
            self.winId()  # a platform that knows the window's frame once it exists tells it now
            window_layout.place_first(self)
        if not self._sized:
            self.layout().activate()  # the docks laid out at the window's size: resizeDocks needs that
            self._default_sizes()
            self.layout().activate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._default_state is None:
            QTimer.singleShot(0, self._first_layout)

    def _first_layout(self) -> None:
        if self._default_state is not None:
            return
        if not self._placed:  # the frame may be known now: fit the screen with it
            self._placed = True
            window_layout.place_first(self)
            # a window manager may frame the window later still: check once it has
            self.refit_pending = True
            QTimer.singleShot(400, self._refit_first)
        current = self.saveState(LAYOUT_VERSION)
        self._default_sizes()
        self._default_state = self.saveState(LAYOUT_VERSION)
        if self._sized:  # the user's saved layout wins over the default sizes
            self.restoreState(current, LAYOUT_VERSION)
        self._sized = True

    def _refit_first(self) -> None:
        self.refit_pending = False
        window_layout.refit_if_outside(self)

    def save_layout(self) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(LAYOUT_VERSION))
        s.sync()

    def reset_layout(self) -> None:
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        if self._default_state is None:
            self._arrange_default()
            self._default_sizes()
        else:
            self.restoreState(self._default_state, LAYOUT_VERSION)

    # --- actions ----------------------------------------------------------------------------------
    def _action(self, menu, text, slot, shortcut=None, tip=None, checkable=False):
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})" if shortcut else tip)
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        if menu is not None:
            menu.addAction(act)
        return act

    def _build_actions(self) -> None:
        s = self.session
        mb = self.menuBar()
        file_menu = mb.addMenu("&File")
        self._action(file_menu, "&Open Store…", self.open_store_dialog, QKeySequence.Open,
                     "Open another store in a new window")
        self._action(file_menu, "New &Window on This Store", self.new_window, "Ctrl+Shift+N",
                     "A second window that follows this one (for a projector)")
        file_menu.addSeparator()
        self.import_action = self._action(
            file_menu, "&Import Document…", lambda: knowledge_ui.import_document(self, settings=settings()),
            "Ctrl+I", "Add a text, Markdown, HTML, PDF or Word document of your own")
        self.export_menu = file_menu.addMenu("&Export")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.Quit)

        edit = mb.addMenu("&Edit")
        self.undo_action = s.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = s.undo_stack.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z first (shown in the menu), then the platform's others; each key once, or Qt
        # finds two bindings of one key and calls it an ambiguous overload that triggers nothing.
        keys = [QKeySequence("Ctrl+Shift+Z")] + QKeySequence.keyBindings(QKeySequence.Redo)
        self.redo_action.setShortcuts(list({k.toString(): k for k in keys if not k.isEmpty()}.values()))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self._action(edit, "&Find…", self.focus_search, "Ctrl+K", "Search names, places, claims and every text in the store")
        QShortcut(QKeySequence.Find, self, activated=self.focus_search)
        self._action(edit, "Clear Selection", lambda: s.clear_selection("keyboard"), "Esc",
                     "Select nothing")
        self._action(edit, "Copy Selected Ids", self.copy_selection, "Ctrl+Shift+C",
                     "Copy the ids of the selection (for --select on the command line)")
        edit.addSeparator()
        self._action(edit, "C&onflicts…", lambda: knowledge_ui.show_conflicts(self), None,
                     "Your edits that the shipped data has changed under since")

        view = self.view_menu = mb.addMenu("&View")
        self.panel_menu = view.addMenu("&Panels")
        for spec in PANELS:
            act = self.docks[spec.panel_id].toggleViewAction()
            act.setShortcut(QKeySequence(spec.shortcut))
            self.panel_menu.addAction(act)
        self.focus_menu = view.addMenu("&Go to Panel")
        for spec in PANELS:
            key = spec.shortcut.replace("Ctrl+", "Ctrl+Shift+") if spec.shortcut else None
            self._action(self.focus_menu, spec.title, lambda _=False, p=spec.panel_id: self.focus_panel(p), key,
                         f"Show the {spec.title} panel and put the keyboard in it")
        self.focus_menu.addSeparator()
        self._action(self.focus_menu, "Next Panel", lambda: self.cycle_focus(+1), "F6", "Keyboard to the next panel")
        self._action(self.focus_menu, "Previous Panel", lambda: self.cycle_focus(-1), "Shift+F6",
                     "Keyboard to the previous panel")
        self._action(view, "&Reset Layout", self.reset_layout, None, "Put every panel back where it started")
        view.addSeparator()
        theme_menu = view.addMenu("&Theme")
        group = QActionGroup(self)
        current = theme.current().name
        for name in theme.THEMES:
            act = self._action(theme_menu, name.replace("-", " ").title(), lambda _=False, n=name: self.set_theme(n),
                               checkable=True)
            act.setChecked(name == current)
            group.addAction(act)
        name_menu = view.addMenu("&Names")
        self.naming_group = QActionGroup(self)
        for key, label in naming.CHOICES.items():
            act = self._action(name_menu, label, lambda _=False, k=key: s.set_naming(k), checkable=True)
            act.setData(key)
            act.setChecked(key == s.naming)
            self.naming_group.addAction(act)
        s.namingChanged.connect(lambda k: [a.setChecked(a.data() == k) for a in self.naming_group.actions()])
        self.count_suggested_action = self._action(
            view, "Count &Suggested Mentions", s.set_count_suggested, None,
            "Count the suggested mentions you have not confirmed yet in the panels' counts", checkable=True)
        view.addSeparator()
        self.follow_action = self._action(view, "&Follow Other Windows", s.set_follow, None,
                                          "Mirror the selection, time window and names of other windows on this store",
                                          checkable=True)
        self.follow_action.setChecked(s.follow)
        s.followChanged.connect(self.follow_action.setChecked)

        go = mb.addMenu("&Go")
        self.back_action = self._action(go, "&Back", s.back, "Alt+Left", "Previous selection")
        self.forward_action = self._action(go, "&Forward", s.forward, "Alt+Right", "Next selection")

        help_menu = mb.addMenu("&Help")
        self._action(help_menu, "&Legend", self.show_legend, None, "What the colours mean")
        self._action(help_menu, "&About Karabakh Desktop", self.show_about, None)

        tb = QToolBar("Main")
        tb.setObjectName("toolbar-main")
        tb.setMovable(False)
        tb.addAction(self.back_action)
        tb.addAction(self.forward_action)
        self.search = SearchBox(s, self)
        tb.addWidget(self.search)
        tb.addSeparator()
        tb.addAction(self.follow_action)
        self.addToolBar(Qt.TopToolBarArea, tb)

    def _build_export_actions(self) -> None:
        """File ▸ Export: the focused panel, the window, the clipboard, the scenes; the banner; F5."""
        menu, panels = self.export_menu, self.panels
        self.export_panel_action = self._action(
            menu, "Export &Panel…",
            lambda: export_dialogs.export_dialog(self, export_target.current_panel(panels), self.export_banner),
            "Ctrl+E", "The focused view as a slide: PNG, SVG or PDF")
        export_target.name_export_action(self.export_panel_action, panels)  # "Export Map…"
        self.export_window_action = self._action(
            menu, "Export &Window…", lambda: export_dialogs.export_dialog(self, self, self.export_banner),
            "Ctrl+Shift+E", "The whole window as a slide")
        self.copy_image_action = self._action(
            menu, "&Copy Panel Image",
            lambda: export_dialogs.copy_panel(self, export_target.current_panel(panels), self.export_banner),
            "Ctrl+Alt+C", "The focused panel as a slide image, to the clipboard")
        self.export_scenes_action = self._action(
            menu, "Export &Scenes…", lambda: export_dialogs.export_scenes_dialog(self, self.session, self.export_banner),
            None, "Every saved scene: a PowerPoint deck, a PDF or a folder of images")
        menu.addSeparator()
        self._action(menu, "Classification &Banner…", self.ask_banner, None,
                     "A classification or handling banner for the top and bottom of exports")
        self.briefing_action = self._action(
            self.view_menu, "Present &Briefing",
            lambda: self.present_briefing(scenes.current_id() if (scenes := panels.peek("scenes")) else None),
            Qt.Key_F5, "Full screen, one saved scene at a time: → next, ← back, Esc leaves")
        self.addAction(self.briefing_action)

    def ask_banner(self) -> None:
        text = export_dialogs.ask_banner(self, self.export_banner)
        if text is not None:
            self.export_banner = text

    # --- briefing ---------------------------------------------------------------------------------
    def present_briefing(self, scene_id: int | None = None) -> briefing.Briefing | None:
        """F5: the saved scenes full screen, from ``scene_id`` (else the first)."""
        if self.briefing is not None:
            self.briefing.close()
        b = briefing.open_briefing(self.session, self, scene_id)
        if b is None:
            self.statusBar().showMessage("No scenes to present yet: capture one in the Scenes panel (Ctrl+7).", 8000)
            return None
        self.briefing = b
        b.destroyed.connect(lambda *_: self._briefing_gone(b))
        return b

    def _briefing_gone(self, b) -> None:
        if self.briefing is b:
            self.briefing = None

    def follow_scene(self, value) -> None:
        """Another instance's briefing moved: show that scene's views in this window's own panels."""
        scene = briefing.scene_followed(self.session, value)
        if scene is None:
            return
        from ..core.scene_state import SceneState

        self.scene_host.apply(SceneState.from_json(scene.state))
        self.statusBar().showMessage(f"Following a briefing: scene {int(value.get('index', 0)) + 1} of "
                                     f"{value.get('count', '?')} — {scene.title}", 15000)

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.sel_label = QLabel()
        self.sel_label.setTextFormat(Qt.PlainText)  # names come from the data: never render their markup
        # A new text must not change the label's size hint: that would re-lay out the whole window
        # (every dock) on each selection.
        self.sel_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.sel_label.setMinimumWidth(120)
        self.window_label = QLabel()
        sb.addWidget(window_layout.Quiet(self.sel_label), 1)
        sb.addPermanentWidget(self.window_label)
        legend = QWidget()
        lay = QHBoxLayout(legend)
        lay.setContentsMargins(0, 0, 0, 0)
        for kind in ("actor", "place", "event", "relation", "claim", "pattern"):
            sw = QLabel()
            pm = QPixmap(10, 10)
            pm.fill(QColor(theme.KIND_COLOURS[kind]))
            sw.setPixmap(pm)
            lay.addWidget(sw)
            lay.addWidget(QLabel(theme.KIND_LABELS[kind]))
        legend.setToolTip("Colours by kind (Okabe–Ito, safe for colour-blind readers). Amber marks the selection.")
        sb.addPermanentWidget(legend)

    # --- reacting ---------------------------------------------------------------------------------
    def _on_selection(self, touch, change) -> None:
        s = self.session
        self.back_action.setEnabled(s.selection.can_go_back())
        self.forward_action.setEnabled(s.selection.can_go_forward())
        items = s.selection.items
        if not items:
            self.sel_label.setText("Nothing selected")
        else:
            names = ", ".join(s.label(i) for i in items[:4]) + (f" and {len(items) - 4} more" if len(items) > 4 else "")
            self.sel_label.setText(f"Selected: {names} · touches {counted(len(touch.items), 'item')}, "
                                   f"{counted(len(touch.sentences), 'sentence')}")

    def _on_window(self, window) -> None:
        self.window_label.setText("" if window is None else f"Time window: {dates.window_label(window)}")

    # --- keyboard: panels -----------------------------------------------------------------------------
    def panel_of(self, widget) -> str | None:
        """The id of the panel that holds ``widget`` (None: the tool bar, a menu, nothing)."""
        while widget is not None:
            if isinstance(widget, Panel) and widget.panel_id in self.panels:
                return widget.panel_id
            widget = widget.parentWidget()
        return None

    def focus_panel(self, panel_id: str) -> None:
        """Ctrl+Shift+1…7: show the panel (raise its tab) and put the keyboard in its main view."""
        dock, panel = self.docks[panel_id], self.panels[panel_id]
        dock.show()
        dock.raise_()
        target = panel.focus_target() if hasattr(panel, "focus_target") else None
        if target is None:
            target = panel if panel.focusPolicy() != Qt.NoFocus else panel.nextInFocusChain()
            if target is not None and self.panel_of(target) != panel_id:
                target = panel
        target.setFocus(Qt.ShortcutFocusReason)

    def cycle_focus(self, direction: int) -> None:
        """F6 / Shift+F6: the keyboard to the next / previous open panel, in the menu's order (a panel
        behind a tab is raised)."""
        shown = [spec.panel_id for spec in PANELS if spec.panel_id in self.docks
                 and self.docks[spec.panel_id].toggleViewAction().isChecked()]
        if not shown:
            return
        here = self.panel_of(QApplication.focusWidget())
        i = shown.index(here) + direction if here in shown else (0 if direction > 0 else -1)
        self.focus_panel(shown[i % len(shown)])

    def focus_search(self) -> None:
        self.search.setFocus(Qt.ShortcutFocusReason)
        self.search.selectAll()

    def copy_selection(self) -> None:
        QApplication.clipboard().setText(" ".join(self.session.selection.items))

    def set_theme(self, name: str) -> None:
        self.session.set_theme(name)
        settings().setValue("theme", name)

    def open_store_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open store", str(self.session.path.parent),
                                              "Karabakh Desktop stores (*.db *.sqlite);;All files (*)")
        if path:
            self.newWindowRequested.emit(path)

    def new_window(self) -> None:
        self.newWindowRequested.emit(str(self.session.path))

    def show_legend(self) -> None:
        rows = "".join(f"<tr><td style='background:{c}'>&nbsp;&nbsp;&nbsp;&nbsp;</td><td>{escape(label)}</td></tr>"
                       for k, c in theme.KIND_COLOURS.items() if (label := theme.KIND_LABELS.get(k)))
        signs = "".join(f"<tr><td style='background:{c}'>&nbsp;&nbsp;&nbsp;&nbsp;</td><td>{escape(s)} relation</td></tr>"
                        for s, c in ((s, theme.sign_colour(s).name()) for s in theme.SIGN_COLOURS))
        QMessageBox.information(self, "Legend", f"<b>Kinds</b><table>{rows}</table><b>Relations</b><table>{signs}"
                                f"</table><p>Amber: the selection. Pale amber: what it touches. Faded: the rest, "
                                f"or what is not active in the time window.</p>")

    def show_about(self) -> None:
        db = self.session.db
        QMessageBox.about(self, "About Karabakh Desktop", about_html(read.citations(db), read.data_credits(db)))

    def closeEvent(self, event) -> None:
        self.save_layout()
        QTimer.singleShot(0, self.session.close)
        super().closeEvent(event)


def about_html(citations: list[read.Citation], data_credits: str = "") -> str:
    """The About box: the app, then every document of the store as its data cites it (with the
    publisher's licence, e.g. PONARS Eurasia's fair-use terms), the data credits, the font, the licence."""
    docs = "".join(
        f"<p><b>{'The memo' if len(citations) == 1 else 'Document'}:</b> "
        + ", ".join(escape(p) for p in (c.author, f"“{c.title}”", c.series or c.publisher, c.date_label) if p)
        + (f", <a href='{escape(c.url)}'>{escape(c.url)}</a>" if c.url else "")
        + (f". {escape(c.licence)}" if c.licence else "") + "</p>" for c in citations)
    return (f"<h3>Karabakh Desktop {escape(version())}</h3>"
            f"<p>Linked views over one policy memo: an actor network, a timeline, a schematic region map and "
            f"the text, all reading one SQLite store.</p>{docs}"
            f"<p>The memo is written from one side of a contested conflict. The app shows who asserts what and "
            f"keeps contested names side by side; facts added for context are marked as such.</p>"
            + (f"<p><b>Data credits:</b> {escape(data_credits)}. Schematic shapes are approximate.</p>"
               if data_credits else "")
            + "<p><b>Font:</b> DejaVu Sans (Bitstream Vera licence; DejaVu changes public domain).</p>"
            "<p>Software: MIT licence.</p>")
