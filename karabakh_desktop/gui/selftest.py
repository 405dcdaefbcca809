"""``karabakh-desktop selftest``: the full window, offscreen, on a store; a selection made from each
panel through its own click handler, and a check that every other panel shows it.

One line per step with its time in milliseconds; returns False naming what failed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from ..core.wording import counted


def run_selftest(store: Path, echo: Callable[[str], None] = print) -> bool:
    """The self-test works on a private copy of ``store``: selecting and clearing writes the shared
    state, and the user's store (maybe open in a window, maybe read-only) is never written."""
    import tempfile

    from ..core.store import StoreError, open_store, snapshot

    try:
        open_store(store, readonly=True).close()  # the user's file: its own message, its own name
    except StoreError as exc:
        echo(f"FAIL {0.0:8.1f} ms  open store — {exc}")
        return False
    with tempfile.TemporaryDirectory(prefix="kd-selftest-") as tmp:
        try:
            copy = snapshot(store, Path(tmp) / Path(store).name)
        except StoreError as exc:
            echo(f"FAIL {0.0:8.1f} ms  copy the store — {exc}")
            return False
        return _run(copy, echo)


def _run(store: Path, echo: Callable[[str], None]) -> bool:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.perf_counter()
    from .app import application

    app = application()
    from . import theme

    theme.apply(app, "light")
    from ..core.store import StoreError
    from .mainwindow import MainWindow
    from .session import Session
    from .slides import ExportError

    failures: list[str] = []

    def step(name: str, started: float, ok: bool = True, detail: str = "") -> None:
        ms = (time.perf_counter() - started) * 1000
        echo(f"{'ok  ' if ok else 'FAIL'} {ms:8.1f} ms  {name}" + (f" — {detail}" if detail else ""))
        if not ok:
            failures.append(f"{name}: {detail}")

    try:
        session = Session(store, follow=False)
    except StoreError as exc:
        step("open store", t0, False, str(exc))
        return False
    win = MainWindow(session, restore=False)
    win.show()
    app.processEvents()
    step(f"open window on {store.name} ({len(session.catalog.kinds)} items)", t0)
    families = app.property("kd_fonts") or ""
    step("bundled font registered", t0, "DejaVu Sans" in families, families or "no font registered")

    for pid, panel in win.panels.items():
        started = time.perf_counter()
        session.clear_selection()
        picked = panel.selftest_pick()
        if picked is None and session.catalog.kinds:
            # Some panels (Details) offer choices only once something is selected.
            session.select(next(iter(session.catalog.kinds)), origin="selftest")
            app.processEvents()
            picked = panel.selftest_pick()
        app.processEvents()
        if picked is None:
            step(f"select from {pid}", started, True, "nothing to select here (skipped)")
            continue
        ok = picked in session.selection.items
        detail = f"selected {session.label(picked)!r}"
        shown_by = []
        for other_id, other in win.panels.items():
            if other_id == pid:
                continue
            level = other.highlight_level(picked)
            if level is None:
                # The other panel does not draw this item itself: it must show something it touches.
                levels = [other.highlight_level(t) for t in list(session.touch.items)[:200]]
                level = max((lv for lv in levels if lv is not None), default=None)
                if level is None:
                    continue
                if level < 1:
                    ok = False
                    detail += f"; {other_id} shows nothing the selection touches"
                    continue
            elif level < 1:
                ok = False
                detail += f"; {other_id} does not highlight it"
                continue
            shown_by.append(other_id)
        step(f"select from {pid}", started, ok, detail + (f"; shown by {', '.join(shown_by)}" if shown_by else ""))

    started = time.perf_counter()
    session.clear_selection()
    app.processEvents()
    step("clear selection", started, not session.selection.items)
    started = time.perf_counter()
    ok, detail = _time_window_step(app, session, win)
    step("a time window fades what is not active", started, ok, detail)
    for name, fn in win.selftest_extras():
        started = time.perf_counter()
        try:
            ok, detail = fn()
        except (ExportError, OSError, RuntimeError) as exc:  # an export that fails is a failed step, reported
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        step(name, started, ok, detail)
    started = time.perf_counter()
    ok, detail = _gazetteer_step()
    step("offline gazetteer: place candidates for Şuşa", started, ok, detail)
    win.close()
    session.close()
    echo(f"{'PASSED' if not failures else 'FAILED'}: {counted(len(failures), 'failure')} in "
         f"{(time.perf_counter() - t0) * 1000:.0f} ms" + ("" if not failures else "\n  " + "\n  ".join(failures)))
    return not failures


def _gazetteer_step() -> tuple[bool, str]:
    """The gazetteer file a new place's coordinates come from is there and read (a bundle or an
    install that lost data/gazetteer says so here, not when the analyst first needs it)."""
    from ..core import record
    from ..core.edits import EditError

    try:
        found = record.place_candidates("Şuşa")
    except EditError as exc:
        return False, str(exc)
    if not found:
        return False, f"no candidate in {record.gazetteer_path()}"
    first = found[0]
    where = f"{first['name']} ({first['country']}, {first['distance_km']} km)"
    return first["country"] == "AZ", f"{counted(len(found), 'candidate')}, nearest {where}"


def _time_window_step(app, session, win) -> tuple[bool, str]:
    """Set a time window over the earliest dated period (the war, on the memo's store) and check that
    every panel that shows time-dependent items draws something different, then clear it."""
    from ..core import activity, dates, read

    window = read.shortest_dated_period(session.db)
    if window is None:
        return True, "no dated period in this store (skipped)"
    states = activity.states(session.db, window)
    inactive = sum(1 for v in states.values() if v == activity.INACTIVE)
    watched = [pid for pid in ("memo", "network", "map", "timeline") if pid in win.panels]
    before = {pid: win.panels[pid].grab().toImage() for pid in watched}
    session.set_time_window(window, origin="selftest")
    app.processEvents()
    after = {pid: win.panels[pid].grab().toImage() for pid in watched}
    unchanged = [pid for pid in watched if before[pid] == after[pid]]
    session.set_time_window(None, origin="selftest")
    app.processEvents()
    detail = f"{dates.window_label(window)}: {counted(inactive, 'item')} inactive"
    if unchanged:
        return False, detail + f"; no visible change in {', '.join(unchanged)}"
    return True, detail + f"; redrawn: {', '.join(watched)}"
