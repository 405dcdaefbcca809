"""One session object per window: the store, the selection, the time window, the naming choice
and the undo stack, handed to every panel. Panels subscribe to its signals and ask it for
changes; they never call each other.

It is the one hub of the GUI. Its signals:

- ``selectionChanged(touch, change)`` — a new selection (``change`` is None when a panel is synced
  without a change, e.g. an export's twin);
- ``timeWindowChanged(window, origin)`` — the shared time window and who set it (also kept as
  ``time_window_origin``);
- ``namingChanged(choice)``, ``themeChanged(name)``;
- ``userDataChanged(kind, id)`` — the analyst's data changed: ``("scene", scene id or None)``,
  ``("note", item id)``;
- ``knowledgeChanged(what)`` — the knowledge base itself changed (an analyst's edit, done or undone):
  ``"items"`` (items, relations, claims), ``"evidence"`` (a passage tagged: a mention and evidence),
  ``"mentions"`` (mention statuses only) or ``"documents"`` (a document imported or its metadata);
  the catalog is re-read first, so every panel reloads its model from the store in its
  ``on_knowledge``;
- ``documentChosen(doc_id)`` — the analyst chose a document to read (the memo panel turns to it);
- ``sharedScene(value)`` — another instance's briefing shows a scene; ``status(message)``;
  ``followChanged(on)``.

The same timer (also when not following) notices that the store was rebuilt in place under the
window (``db build``, or another instance's start on new data): the session then reloads every
panel in place (:meth:`reload_rebuilt`), keeping the selection where its items still exist.

Everything shared between windows (selection, time window, naming, the scene a briefing shows) is
written through it, never past it.

It is the thin Qt adapter over the core: the core :class:`Selection` decides whether anything
changed, :func:`touches` decides what the selection touches, and the session turns that into
one signal. It also mirrors selection, time window and naming to the side file beside the store
(:mod:`core.shared_state`) so that a second window or instance on the same store follows
(``Follow other windows``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import weakref
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ..core import naming
from ..core.catalog import Catalog
from ..core.selection import Selection, SelectionChange
from ..core.shared_state import SharedState
from ..core.store import StoreReadOnly, open_store
from ..core.touch import Touch, touches

POLL_MS = 100  # followers see a change within one poll plus a repaint: well under 300 ms
# A change is committed for followers once the window has been still this long, or at the latest this
# long after the first change of a burst (Play, walking the history): followers see it within
# SHARE_MAX_MS + POLL_MS, and a burst is committed a few times, not once per step. (A commit goes
# to the side file beside the store, without an fsync (core.shared_state), but is still a write
# and a lock: once per step of Play need not be paid.)
SHARE_DELAY_MS, SHARE_MAX_MS = 60, 150
TOUCH_CACHE = 64  # selections whose touch is kept (history, re-selection, Play over one selection)


def _window_to_json(window):
    return None if window is None else [window[0].isoformat(), window[1].isoformat()]


def _window_from_json(value):
    if not value:
        return None
    return dt.date.fromisoformat(value[0]), dt.date.fromisoformat(value[1])


class Session(QObject):
    selectionChanged = Signal(object, object)  # (Touch, SelectionChange or None)
    timeWindowChanged = Signal(object, str)  # ((first day, day after) or None, origin)
    namingChanged = Signal(str)
    themeChanged = Signal(str)  # the theme's name; the theme is the application's, so every session hears it
    userDataChanged = Signal(str, object)  # ("scene", scene id or None) or ("note", item id)
    followChanged = Signal(bool)
    status = Signal(str)  # a message for the status bar
    writeFailed = Signal(str)  # a save (note, scene) that the store did not take, in words
    knowledgeChanged = Signal(str)  # "items", "evidence", "mentions" or "documents": reload from the store
    documentChosen = Signal(str)  # a document to read (the Documents panel asks; the memo panel shows it)
    sharedScene = Signal(object)  # another instance's briefing shows this scene ({"id", "index", ...})

    _live: weakref.WeakSet = weakref.WeakSet()  # every open session, told about a theme change

    def __init__(self, store_path: str | Path, parent: QObject | None = None, *, follow: bool = True):
        super().__init__(parent)
        self.path = Path(store_path)
        self.read_only: str | None = None  # why the store is open read-only (a sentence), or None
        try:
            self.db = open_store(self.path)
        except StoreReadOnly as exc:  # look, search, export; saving says why it cannot
            self.db = open_store(self.path, readonly=True)
            self.read_only = (f"{str(exc).splitlines()[0]}\nIt is open read-only: you can look, search and "
                              "export, but notes and scenes cannot be saved.")
        self.catalog = Catalog(self.db)
        self.selection = Selection()
        self.touch = Touch()
        self.time_window: tuple[dt.date, dt.date] | None = None
        self.time_window_origin = ""  # who set the current time window ("timeline", "scene", "remote" …)
        self.naming = naming.BOTH
        self.undo_stack = QUndoStack(self)
        self.count_suggested = False  # panels count confirmed mentions only, unless the analyst asks
        self.changed_kinds: frozenset[str] | None = None  # of the last knowledge edit (None: any)
        self.last_repaint_ms: float = 0.0
        self._applying_remote = False
        self._pending: dict = {}
        # What a selection touches, per selection: the knowledge tables of an open store do not
        # change (as for core.activity's index), so walking the history or selecting again is free.
        self._touches: OrderedDict[frozenset[str], Touch] = OrderedDict()
        self.selection.subscribe(self._on_core_change)
        self.shared = SharedState(self.path)
        self._share_timer = QTimer(self)
        self._share_timer.setSingleShot(True)
        self._share_timer.timeout.connect(self.flush_shared)
        self._first_pending = 0.0
        self._said_unshared = False
        self._follow = follow
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()  # also when not following: a rebuild under the window is always shown
        Session._live.add(self)

    # --- selection ---------------------------------------------------------------------------
    def select(self, item: str, *, add: bool = False, origin: str = "") -> None:
        if item and self.catalog.exists(item):
            self.selection.select(item, add=add, origin=origin)

    def set_selection(self, items, origin: str = "") -> None:
        self.selection.set([i for i in items if self.catalog.exists(i)], origin)

    def clear_selection(self, origin: str = "") -> None:
        self.selection.clear(origin)

    def back(self) -> bool:
        return self.selection.back()

    def forward(self) -> bool:
        return self.selection.forward()

    def touch_of(self, selected) -> Touch:
        """What the items ``selected`` touch (:func:`core.touch.touches`), computed once per selection."""
        key = frozenset(selected)
        got = self._touches.get(key)
        if got is None:
            got = self._touches[key] = touches(self.db, key)
            if len(self._touches) > TOUCH_CACHE:
                self._touches.popitem(last=False)
        else:
            self._touches.move_to_end(key)
        return got

    def _on_core_change(self, change: SelectionChange) -> None:
        started = time.perf_counter()
        self.touch = self.touch_of(change.selected)
        self.selectionChanged.emit(self.touch, change)
        self.last_repaint_ms = (time.perf_counter() - started) * 1000
        if not self._applying_remote:
            self._share("selection", list(change.selected))

    # --- time window and naming ----------------------------------------------------------------
    def set_time_window(self, window, origin: str = "") -> None:
        if window is not None and window[1] <= window[0]:
            raise ValueError("a time window must end after it starts")
        if window == self.time_window:
            return
        self.time_window = window
        self.time_window_origin = origin
        self.timeWindowChanged.emit(window, origin)
        if not self._applying_remote:
            self._share("time_window", _window_to_json(window))

    def set_naming(self, choice: str) -> None:
        if choice not in naming.CHOICES or choice == self.naming:
            return
        self.naming = choice
        self.namingChanged.emit(choice)
        if not self._applying_remote:
            self._share("naming", choice)

    def label(self, item: str) -> str:
        return self.catalog.label(item, self.naming)

    # --- theme and the analyst's data ------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        """Apply a theme to the application and tell every open session's panels (``themeChanged``)."""
        from PySide6.QtWidgets import QApplication

        from . import theme

        theme.apply(QApplication.instance(), name)
        for session in list(Session._live):
            session.themeChanged.emit(theme.current().name)

    def user_data_changed(self, kind: str, item_id=None) -> None:
        """Announce that the analyst's scenes (``kind = "scene"``) or notes on an item (``"note"``) changed."""
        if kind not in ("scene", "note"):  # an edit of the knowledge itself: what touches what may change
            self._touches.clear()
        self.userDataChanged.emit(kind, item_id)

    def knowledge_changed(self, what: str = "items", kinds: frozenset[str] | None = None) -> None:
        """The knowledge base changed under the panels: re-read the catalog, tell every panel
        (``knowledgeChanged``), then drop from the selection what is gone (a deleted item; a merged
        one is followed to its survivor). ``kinds``: the kinds of items an edit of items changed (kept
        as ``changed_kinds`` for the panels that are costly to reload); None, any."""
        self.changed_kinds = kinds
        from ..core import activity
        from ..core.edits import resolve

        activity.forget(self.db)  # the compiled time rule knows the old events and relations
        self.catalog = Catalog(self.db)
        self.touch = touches(self.db, [i for i in self.selection.items if self.catalog.exists(i)])
        self.knowledgeChanged.emit(what)
        items = self.selection.items
        kept = list(dict.fromkeys(resolve(self.db, i) if not i.startswith("sentence:") else i for i in items))
        kept = [i for i in kept if self.catalog.exists(i)]
        if kept != list(items):
            self.set_selection(kept, origin="knowledge")
        else:
            # the same selection, touching what the store holds now: every panel restyles
            self.selectionChanged.emit(self.touch, SelectionChange(tuple(items), frozenset(), frozenset(), "knowledge"))

    def choose_document(self, doc_id: str) -> None:
        """Show this document in the panels that show one (the memo panel)."""
        self.documentChosen.emit(doc_id)

    def set_count_suggested(self, on: bool) -> None:
        """Count suggested mentions in the panels' counts too (View menu)."""
        if bool(on) != self.count_suggested:
            self.count_suggested = bool(on)
            self.knowledgeChanged.emit("mentions")

    def share_scene(self, value: dict) -> bool:
        """Tell other windows which scene a briefing shows, after the scene's selection and time window
        (so followers apply them first). False, with a status message, when the store is busy."""
        self.flush_shared()
        if self.shared.write("scene", value):
            return True
        self.status.emit(f"Could not tell other windows which scene is shown ({self.shared.last_error}).")
        return False

    # --- following other windows -------------------------------------------------------------------
    @property
    def follow(self) -> bool:
        return self._follow

    def set_follow(self, on: bool) -> None:
        if on == self._follow:
            return
        self._follow = on
        if on:
            self.shared.poll()  # forget what happened while not following, then catch up
            self._apply_remote({"selection": self.shared.read("selection", []),
                                "time_window": self.shared.read("time_window"),
                                "naming": self.shared.read("naming", self.naming)})
        self.followChanged.emit(on)

    def _share(self, key: str, value) -> None:
        """Queue a value for other windows. It is committed once the window is still (or at the latest
        ``SHARE_MAX_MS`` after a burst began), so the commit stays off the selection's path and a
        burst of changes (Play, walking the history) is written a few times, not once per step.
        Followers still see it well within 300 ms."""
        if self.read_only:  # nothing can be written: other windows cannot be told
            return
        if self.shared.unavailable:  # the side file cannot be had: say so once, not at every click
            if not self._said_unshared:
                self._said_unshared = True
                self.status.emit(f"Other windows cannot follow this one: {self.shared.unavailable}.")
            return
        now = time.perf_counter()
        if not self._pending:
            self._first_pending = now
        self._pending[key] = value
        waited_ms = (now - self._first_pending) * 1000
        self._share_timer.start(int(max(0.0, min(SHARE_DELAY_MS, SHARE_MAX_MS - waited_ms))))

    def flush_shared(self) -> None:
        self._share_timer.stop()
        pending, self._pending = self._pending, {}
        for key, value in pending.items():
            self._write_shared(key, value)

    def _write_shared(self, key: str, value) -> None:
        if not self.shared.write(key, value):
            self.status.emit(f"Could not share the {key.replace('_', ' ')} with other windows "
                             f"({self.shared.last_error}).")

    def _tick(self) -> None:
        if self._follow:
            self.poll()
        elif self.shared.rebuilt():
            self.reload_rebuilt()

    def poll(self) -> None:
        if self.shared.rebuilt():
            self.reload_rebuilt()
        changed = self.shared.poll()
        if changed:
            self._apply_remote(changed)

    def reload_rebuilt(self) -> None:
        """The store was rebuilt in place under this window: show the new knowledge in every panel,
        keeping the selection where its items still exist (the analyst's notes and scenes live in
        tables a rebuild keeps). Steps of knowledge edits are dropped from Undo: the rebuild gave
        their rows new places, so undoing one by the old ones would write the wrong rows (the edits
        themselves are kept: the rebuild replayed them)."""
        stack = self.undo_stack
        dropped = any(getattr(stack.command(i), "names_rows", False) for i in range(stack.count()))
        if dropped:
            stack.clear()
        self._touches.clear()
        self.knowledge_changed("items", None)
        self.status.emit("The store was rebuilt by another program: every view now shows the new knowledge; "
                         "your selection and notes are kept" + ("; Undo starts afresh." if dropped else "."))

    def _apply_remote(self, changed: dict) -> None:
        self._applying_remote = True
        try:
            if "naming" in changed and changed["naming"] in naming.CHOICES:
                self.set_naming(changed["naming"])
            if "time_window" in changed:
                try:
                    self.set_time_window(_window_from_json(changed["time_window"]), origin="remote")
                except (ValueError, TypeError, IndexError):
                    pass
            if "selection" in changed and isinstance(changed["selection"], list):
                self.set_selection([str(i) for i in changed["selection"]], origin="remote")
            if "scene" in changed:
                self.sharedScene.emit(changed["scene"])
        finally:
            self._applying_remote = False

    def close(self) -> None:
        Session._live.discard(self)
        self._timer.stop()
        try:
            self.flush_shared()
        except sqlite3.Error:
            pass
        for closer in (self.shared.close, self.db.close):
            try:
                closer()
            except sqlite3.Error:
                pass
