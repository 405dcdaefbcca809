"""The benchmark's Play (see :mod:`bench`): how many steps per second the timeline's Play completes,
every visible panel updated and repainted, with a selection standing, as in use.

It drives the real Play path: the timeline panel's Play button and its timer, each tick a
``step_window(+1)`` (a month, the default step) that every panel follows through the session.
The timer's pace (``PLAY_MS``, what a presenter sees) is set to 0, so the figure is the pace Play
could keep: a step counts once its tick has come round again, i.e. after the step's slots and the
repaint Qt does before the next timer (posted events, paints included, go first). Play starts at
the left of the timeline's default view and, when it stops by itself at the last event, starts
there again (the rewind is not timed). The network's layout is let finish first, so that a 10,000
store is measured as it is used, not while the layout thread shares the CPU.

The child runs in a fresh process (``bench --child play``); :func:`run` is the parent's hook.
"""

from __future__ import annotations

import time
from pathlib import Path

PLAY_STEPS = {"memo": 60, "big": 40}  # timed steps per scale (after a few untimed ones)
WARM_STEPS = 3


def _run_play(app, panel, session, budget: int, timed=None) -> list[float]:
    """One Play from the start of the default view until it stops by itself or after ``budget``
    steps; the milliseconds of each step (from its start to the next tick of the Play timer)."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    loop = QEventLoop()
    marks: list[float] = []
    tick = QEvent.Timer

    class Ticks(QObject):
        def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
            if obj is panel._play and ev.type() == tick:
                now = time.perf_counter()
                if timed is not None:
                    timed.stop((now - marks[-1]) * 1000)
                marks.append(now)
                if len(marks) > budget:  # enough: this tick would be one step too many
                    panel.play_btn.setChecked(False)
                    return True
                if timed is not None:
                    timed.start()
            return False

    ticks = Ticks()
    stopped = lambda on: on or QTimer.singleShot(0, loop.quit)  # noqa: E731 (after the last paint)
    panel.play_btn.toggled.connect(stopped)
    app.installEventFilter(ticks)
    session.set_time_window(None, origin="bench")
    panel.show_dense()
    app.processEvents()
    if timed is not None:
        timed.start()
    marks.append(time.perf_counter())
    panel.play_btn.setChecked(True)  # the first step is taken here, the rest by the timer
    if panel.play_btn.isChecked():
        loop.exec()
    app.removeEventFilter(ticks)
    panel.play_btn.toggled.disconnect(stopped)
    if timed is not None:  # (when Play stopped by itself, its last tick took no step)
        timed._active, timed.current = False, {}
    return [(b - a) * 1000 for a, b in zip(marks, marks[1:])]


def wait_for_layout(win, timeout_ms: int = 180_000) -> float:
    """Let the network's background layout land (at 10,000 entities it runs for seconds after the
    first paint); the seconds waited."""
    network = win.panels.get("network")
    t0 = time.perf_counter()
    if network is not None and getattr(network, "job", None) is not None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        network.layoutFinished.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        if network.job is not None:
            loop.exec()
    return time.perf_counter() - t0


def child(db: str, steps: int) -> dict:
    from . import bench, bench_split
    from .gui import app as gui_app
    from .gui import theme
    from .gui.mainwindow import MainWindow
    from .gui.session import Session
    from .gui.views.timeline import panel as timeline_panel

    app = gui_app.application()
    theme.apply(app, "light")
    watch = bench._PaintWatch(app)
    session = Session(db, follow=False)
    win = MainWindow(session, restore=False)
    win.show()
    watch.expect(win, win.panels.values())
    watch.wait()
    wait_for_layout(win)
    session.select(bench._sample_items(session.catalog, 1)[0], origin="bench")
    app.processEvents()
    panel = win.panels["timeline"]
    panel.step_box.setCurrentIndex(panel.step_box.findData("month"))
    panel._play.setInterval(0)  # as fast as it can go: the pace Play could keep
    _run_play(app, panel, session, WARM_STEPS)
    timed = bench_split._Timed(app, session, win.panels, "on_time_window", 1)
    times: list[float] = []
    while len(times) < steps:
        got = _run_play(app, panel, session, steps - len(times), timed)
        if not got:
            break
        times += got
    timed.remove()
    panel._play.setInterval(timeline_panel.PLAY_MS)
    total_s = sum(times) / 1000
    return {"steps": len(times), "steps_per_s": round(len(times) / total_s, 1) if total_s else None,
            "step_ms": bench._summary(times), "per_panel": {k: bench._summary(v) for k, v in timed.times.items()},
            "unit": "month"}


def run(scale: str, store: Path, work: Path, spawn, log) -> dict:
    """The benchmark's hook: ``{"play": …}`` measured in a fresh process on a copy of ``store``
    (``spawn``: the benchmark's child launcher), logged."""
    import shutil

    copy = work / f"play-{scale}.db"
    shutil.copyfile(store, copy)  # the session writes its shared state: keep the cache pristine
    home = work / f"home-{scale}-play"
    home.mkdir(exist_ok=True)
    steps = PLAY_STEPS["memo" if scale == "memo" else "big"]
    got, _ = spawn(["--child", "play", "--db", str(copy), "--selections", str(steps)], home)
    copy.unlink()
    shutil.rmtree(home, ignore_errors=True)
    log(f"  [{scale}] {describe(got)}")
    return {"play": got}


def describe(play: dict) -> str:
    s = play["step_ms"]
    if not s.get("n"):
        return "play: no step was taken"
    parts = ", ".join(f"{pid} {v['median']:.1f}" for pid, v in play["per_panel"].items() if v.get("worst") and pid != "slot")
    return (f"play: {play['steps_per_s']:.1f} steps/s over {play['steps']} steps (by {play['unit']}); step median "
            f"{s['median']:.1f} ms, p95 {s['p95']:.1f} ms, worst {s['worst']:.1f} ms; per panel median ms: {parts}")
