"""The benchmark: ``python -m karabakh_desktop.bench [--json] [--scales memo,1000,10000] [--runs N]``.

Offscreen, on the memo's store and on synthetic stores (:mod:`core.synthetic`, fixed seed) it
measures, each as median and worst:

- start-up to the first complete paint of the full window (every visible panel has painted),
  each run in a fresh interpreter, against the same figure for an empty ``QMainWindow`` that
  imports pyqtgraph (the baseline), timed from before the process is spawned;
- selection → every panel restyled and repainted (median, 95th percentile; per panel and total):
  each panel's ``on_selection`` slot is re-connected through a timer that also repaints the panel
  synchronously, and the total runs from ``session.select()`` until the event loop has run the
  update's work, zero-delay timers included (:func:`_settle`);
- time-window change → every panel updated, timed the same way through ``on_time_window``;
- network layout (``core.graph.spring`` on the actor graph) and store build (``core.build.build``);
- export of every panel to PNG at 1920×1080 and 3840×2160, and a framed network slide's first (``bench_framed``);
- peak resident memory (``ru_maxrss``) of start-up and measuring; a PDF import (``bench_import``); Play (``bench_play``).

Each goal of issue 8 is printed as PASS or MISS. Synthetic data folders and stores are cached under ``$TMPDIR/karabakh-bench``
by seed, size and build version. No Qt at import time: the parent process only spawns children and reports.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import codecache
from .bench_split import _two_passes  # the per-panel split, in a module of its own

MARK = "BENCH-JSON "
EXPORT_SIZES = ((1920, 1080), (3840, 2160))
# (scale, metric, limit, how the figure is read, description)
GOALS = [
    ("memo", "startup_ratio", 1.5, "start-up ≤ 1.5× baseline (median)"),
    ("10000", "startup_s", 2.0, "start-up < 2 s (median)"),  # issue 17 (was 3 s in issue 8)
    ("memo", "selection_p95_ms", 16.0, "selection → all panels repainted, p95 < 16 ms"),
    ("10000", "selection_p95_ms", 50.0, "selection → all panels repainted, p95 < 50 ms"),
    ("memo", "window_p95_ms", 50.0, "time-window change → all panels updated, p95 < 50 ms"),
    ("10000", "window_p95_ms", 150.0, "time-window change → all panels updated, p95 < 150 ms"),
    ("10000", "play_steps_per_s", 20.0, "Play ≥ 20 steps/s, every visible panel repainted (bench_play)"),
    ("*", "export_1920_ms", 300.0, "slowest panel export at 1920×1080 (median) < 300 ms"),
    ("*", "export_framed_ms", 300.0, "framed network slide's first export at 1920×1080 < 300 ms (bench_framed)"),
    ("memo", "peak_mb", 250.0, "peak resident memory < 250 MB"), ("memo", "import_pdf_s", 10.0, "PDF import (300 p.) < 10 s"),
]


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "median": round(statistics.median(values), 2), "p95": round(_pct(values, 0.95), 2),
            "worst": round(max(values), 2)}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# ================================================================== children (Qt lives here)

class _PaintWatch:
    """Done when the window has painted completely once: the end of the event-loop turn in which the
    window first painted.

    Qt paints a window's widgets in one pass, parents before children, when the window is first
    exposed: all of it is dirty then, so every widget it shows — each panel, or the children that
    cover it — is painted in that pass, before the loop turns again (tests/test_bench_paint_watch.py
    checks it against a record of every widget's paint, and that showing paints nothing before the
    loop runs). So the watch listens to the window alone, from :meth:`expect`. It used to listen to
    the whole application from before the window was built: a Python event filter there saw every
    event of every object (~6,000 at memo scale, ~4,500 while the window was built) and made PySide
    create the Python classes of the Qt objects they came from (~90 the app never uses): 290 M of
    the app child's 3.05 G instructions (callgrind), a cost of the measurement, not of the app.
    """

    def __init__(self, app):
        from PySide6.QtCore import QEventLoop

        self.done_at: float | None = None
        self.window = self.filter = None
        self.loop = QEventLoop()

    def expect(self, window, panels=()) -> None:
        """Watch ``window`` (shown, not yet painted); ``panels`` (what it shows) are painted in the
        same pass and need no watch of their own: the parameter stays for the callers."""
        from PySide6.QtCore import QEvent, QObject, QTimer

        watch = self

        class Filter(QObject):
            def eventFilter(self, obj, ev):  # noqa: N802 (Qt's name)
                if ev.type() == QEvent.Paint and watch.done_at is None:
                    watch.done_at = -1.0  # the pass in progress paints the rest of the window
                    QTimer.singleShot(0, watch._finish)
                return False

        self.window, self.filter = window, Filter()
        window.installEventFilter(self.filter)

    def _finish(self) -> None:
        self.done_at = time.time()
        self.loop.quit()  # not app.quit(): in Qt 6 that closes every window

    def wait(self, timeout_s: float = 120.0) -> bool:
        from PySide6.QtCore import QTimer

        if self.done_at is None or self.done_at < 0:
            QTimer.singleShot(int(timeout_s * 1000), self.loop.quit)
            self.loop.exec()
        self.window.removeEventFilter(self.filter)
        return self.done_at is not None and self.done_at > 0


def child_baseline() -> dict:
    import pyqtgraph  # noqa: F401  (the baseline pays for importing it, as the app does)
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    watch = _PaintWatch(app)
    win = QMainWindow()
    win.setWindowTitle("baseline")
    win.resize(1366, 768)
    win.show()
    watch.expect(win)
    ok = watch.wait()
    return {"painted_at": watch.done_at, "complete": ok, "peak_mb": round(_peak_mb(), 1)}


def child_startup(db: str) -> dict:
    """The real start path of ``karabakh-desktop --db X``: application, theme, open_window."""
    from .gui import app as gui_app
    from .gui import mainwindow, theme

    app = gui_app.application()
    watch = _PaintWatch(app)
    name = mainwindow.settings().value("theme", "light")
    theme.apply(app, name if name in theme.THEMES else "light")
    win = gui_app.open_window(db)
    if win is None:
        return {"error": "the window did not open"}
    watch.expect(win, (made := win.panels.made).values())  # one behind a tab or closed: made when shown
    return {"complete": watch.wait(), "painted_at": watch.done_at, "peak_mb": round(_peak_mb(), 1), "made": sorted(made),
            "window_px": [win.width(), win.height()],
            "panels": sorted(p.panel_id for p in made.values() if not p.visibleRegion().isEmpty())}


def _export_png(panel, width: int, height: int) -> bytes:
    """PNG bytes of a panel as a ``width``×``height`` slide, through the app's exporter."""
    from .gui.slides import export

    return export(panel, "png", (width, height))


def _sample_items(catalog, n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    by_kind: dict[str, list[str]] = {}
    for item, kind in sorted(catalog.kinds.items()):
        by_kind.setdefault(kind, []).append(item)
    kinds = sorted(by_kind)
    out = []
    for i in range(n):
        pool = by_kind[kinds[i % len(kinds)]]
        out.append(rng.choice(pool))
    return out


def _sample_windows(db, n: int, seed: int = 2) -> list:
    import datetime as dt

    rng = random.Random(seed)
    lo, hi = db.execute("SELECT min(maybe_from), max(maybe_to) FROM events").fetchone()
    if not lo:
        return [None] * n
    a, b = dt.date.fromisoformat(lo).toordinal(), dt.date.fromisoformat(hi).toordinal()
    out = []
    for i in range(n):
        if i % 6 == 5:
            out.append(None)
            continue
        start = rng.randrange(a, max(a + 1, b - 30))
        length = rng.choice([31, 92, 365, 730])
        out.append((dt.date.fromordinal(start), dt.date.fromordinal(start + length)))
    return out


def _settle(app) -> None:
    """Run the event loop until the update's work is done: a zero-delay timer started in the first round
    (a table view's delayed layout, then its repaint) runs in the second. With one round the clock stopped
    before the patterns panel showed the new state, in about 2 selections of 3 (≈ 0.5 ms uncounted)."""
    app.processEvents()
    app.processEvents()


def child_interact(db: str, selections: int, windows: int, export_runs: int, png_dir: str | None) -> dict:
    started = time.perf_counter()
    from .core import graph
    from .gui import app as gui_app
    from .gui import theme
    from .gui.mainwindow import MainWindow
    from .gui.session import Session

    app = gui_app.application()
    theme.apply(app, "light")
    watch = _PaintWatch(app)
    session = Session(db, follow=False)
    win = MainWindow(session, restore=False)
    win.show()
    watch.expect(win, win.panels.values())
    watch.wait()
    open_s = time.perf_counter() - started
    out: dict = {"open_s": round(open_s, 3), "items": len(session.catalog.kinds),
                 "panels": {pid: type(p).__name__ for pid, p in win.panels.items()}}

    # Selection -> every panel restyled and repainted.
    items = _sample_items(session.catalog, selections + 3)
    sids = [r[0] for r in session.db.execute("SELECT id FROM sentences ORDER BY id")]
    rng = random.Random(3)
    for i in range(0, len(items), 7):  # some sentences too, as a click in the memo selects them
        if sids:
            items[i] = f"sentence:{rng.choice(sids)}"
    out["selection"] = _two_passes(app, session, win.panels, "on_selection", 2, items, 3,
                                   lambda item: session.select(item, origin="bench"), settle=_settle, summary=_summary)

    # Time-window change -> every panel updated (with a selection standing, as in use).
    out["window"] = _two_passes(app, session, win.panels, "on_time_window", 1, _sample_windows(session.db, windows), 0,
                                lambda window: session.set_time_window(window, origin="bench"),
                                settle=_settle, summary=_summary, skip=lambda window: window == session.time_window)
    session.set_time_window(None)
    app.processEvents()

    # Network layout, as the network panel computes it (off the GUI thread there).
    g = graph.actor_graph(session.db)
    t0 = time.perf_counter()
    graph.spring(g)
    out["layout"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                     "seconds": round(time.perf_counter() - t0, 3)}

    out["peak_before_export_mb"] = round(_peak_mb(), 1)
    # Exports as a presenter makes them: the network laid out (at 10,000 the layout may still run).
    out["export_waited_for_layout_s"] = round(__import__("karabakh_desktop.bench_play").bench_play.wait_for_layout(win), 2)
    exports: dict = {}
    session.select(_sample_items(session.catalog, 1)[0])
    app.processEvents()
    for pid, panel in win.panels.items():
        for w, h in EXPORT_SIZES:
            times, size = [], 0
            for _ in range(export_runs):
                t0 = time.perf_counter()
                data = _export_png(panel, w, h)
                times.append((time.perf_counter() - t0) * 1000)
                size = len(data)
            exports[f"{pid}@{w}x{h}"] = {**_summary(times[1:] if len(times) > 1 else times),
                                         "first": round(times[0], 1), "bytes": size}
            if png_dir and w == 1920:
                Path(png_dir, f"{pid}.png").write_bytes(data)
    out["export"] = exports
    from . import bench_framed

    out["export_framed"] = bench_framed.measure(win, app)
    out["peak_mb"] = round(_peak_mb(), 1)
    win.close()
    session.close()
    return out


def _child_main(args) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.child == "baseline":
        result = child_baseline()
    elif args.child == "startup":
        result = child_startup(args.db)
    elif args.child == "play":
        result = __import__("karabakh_desktop.bench_play", fromlist=["child"]).child(args.db, args.selections)
    else:
        result = child_interact(args.db, args.selections, args.windows, args.export_runs, args.png_dir)
    print(MARK + json.dumps(result), flush=True)
    sys.stdout.flush()
    codecache.save()  # as the app's own exit does (atexit), after what is measured
    os._exit(0)  # skip Qt's teardown: it is not part of what is measured


# ================================================================== the parent

def _spawn(args: list[str], home: Path, timeout: float = 600, exe: str | None = None) -> tuple[dict, float]:
    """One child in a fresh process: this interpreter, or ``exe`` (the frozen bundle's ``--bench-child``)."""
    from .bench_startup import offscreen_platform
    env = dict(os.environ, QT_QPA_PLATFORM=offscreen_platform(home), KARABAKH_DESKTOP_HOME=str(home))
    if exe:
        cmd = [exe, "--bench-child", *args[1:]]  # args[0] is "--child"
    else:
        cmd = [sys.executable, "-m", "karabakh_desktop.bench", *args]
    t0 = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):]), t0
    raise RuntimeError(f"benchmark child {' '.join(args)} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")


def _memo_store(cache: Path) -> tuple[Path, Path]:
    from . import paths
    from .core.build import build, data_fingerprint

    data = paths.data_dir()
    store = cache / f"memo-{data_fingerprint(data)[:16]}.db"
    if not store.exists():
        build(data, store, keep_user_tables=False)
    return store, data


def run_scale(scale: str, runs: int, cache: Path, seed: int, work: Path, png_dir: Path | None, log) -> dict:
    from .core import synthetic
    from .core.build import build

    if scale == "memo":
        store, data = _memo_store(cache)
    else:
        store, data, _ = synthetic.cached_store(int(scale), seed, cache)
    res: dict = {"scale": scale, "store_mb": round(store.stat().st_size / 2**20, 1)}

    build_runs = runs if scale == "memo" or int(scale) <= 1000 else 1
    times = []
    for i in range(build_runs):
        out = work / f"build-{scale}-{i}.db"
        t0 = time.perf_counter()
        counts = build(data, out, keep_user_tables=False)
        times.append(time.perf_counter() - t0)
        out.unlink()
    res["build_s"] = _summary(times)
    res["counts"] = {k: v for k, v in counts.items() if k != "seconds"}
    log(f"  [{scale}] build: median {res['build_s']['median']:.2f} s")

    app_s, base_s, peak = [], [], []
    big = scale != "memo" and int(scale) > 1000
    for i in range(min(runs, 3) if big else runs):  # keeps a full run near five minutes on two cores
        home = work / f"home-{scale}-{i}"
        home.mkdir()
        base, t0 = _spawn(["--child", "baseline"], home)
        base_s.append(base["painted_at"] - t0)
        got, t0 = _spawn(["--child", "startup", "--db", str(store)], home)
        if "error" in got:
            raise RuntimeError(got["error"])
        app_s.append(got["painted_at"] - t0)
        peak.append(got["peak_mb"])
        res["startup_window_px"] = got.get("window_px")  # the window measured, on the benchmark's screen
        shutil.rmtree(home, ignore_errors=True)
    ratios = [a / b for a, b in zip(app_s, base_s)]
    res["startup_s"] = _summary(app_s)
    res["baseline_s"] = _summary(base_s)
    res["startup_ratio"] = round(statistics.median(app_s) / statistics.median(base_s), 2)
    res["startup_ratio_worst"] = round(max(ratios), 2)
    res["startup_peak_mb"] = max(peak)
    res["startup_panels"] = got.get("panels")
    log(f"  [{scale}] start-up: median {res['startup_s']['median']:.2f} s vs baseline "
        f"{res['baseline_s']['median']:.2f} s (×{res['startup_ratio']})")

    res.update(__import__("karabakh_desktop.bench_import", fromlist=["run"]).run(scale, store, work, runs, _summary, log))
    res.update(__import__("karabakh_desktop.bench_play", fromlist=["run"]).run(scale, store, work, _spawn, log))
    copy = work / f"interact-{scale}.db"
    shutil.copyfile(store, copy)  # the session writes its shared state: keep the cache pristine
    home = work / f"home-{scale}-interact"
    home.mkdir()
    args = ["--child", "interact", "--db", str(copy), "--selections", str(60 if big else 100),
            "--windows", str(24 if big else 36), "--export-runs", "4"]
    if png_dir:
        (png_dir / scale).mkdir(parents=True, exist_ok=True)
        args += ["--png-dir", str(png_dir / scale)]
    inter, _ = _spawn(args, home)
    copy.unlink()
    res.update(inter)
    log(f"  [{scale}] selection p95 {inter['selection']['total']['p95']:.1f} ms, window p95 "
        f"{inter['window']['total']['p95']:.1f} ms, layout {inter['layout']['seconds']:.2f} s, "
        f"peak {inter['peak_mb']:.0f} MB")
    return res


def _metric(res: dict, metric: str) -> float | None:
    if metric == "startup_ratio":
        return res["startup_ratio"]
    if metric == "startup_s":
        return res["startup_s"]["median"]
    if metric == "selection_p95_ms":
        return res["selection"]["total"]["p95"]
    if metric == "window_p95_ms":
        return res["window"]["total"]["p95"]
    if metric == "export_1920_ms":
        return max(v["median"] for k, v in res["export"].items() if k.endswith("@1920x1080"))
    if metric == "peak_mb":
        return max(res["peak_mb"], res["startup_peak_mb"])
    if metric == "export_framed_ms":
        return max((v["first"] for v in res.get("export_framed", {}).values()), default=None)
    return {"import_pdf_s": res.get("import_pdf", {}).get("total_s", {}).get("median"),
            "play_steps_per_s": res.get("play", {}).get("steps_per_s")}.get(metric)


def goals(results: dict[str, dict]) -> list[dict]:
    out = []
    for scale, metric, limit, text in GOALS:
        for s in (results if scale == "*" else [scale]):
            if s not in results:
                continue
            value = _metric(results[s], metric)
            out.append({"scale": s, "goal": text, "metric": metric, "limit": limit, "value": value,
                        "pass": value is not None and (value <= limit if metric == "startup_ratio" else
                                                       value >= limit if metric == "play_steps_per_s" else value < limit)})
    return out


def report_text(report: dict) -> str:
    m = report["machine"]
    lines = [f"Karabakh Desktop benchmark — {m['date']} — {m['cores']} cores, {m['cpu']}, Python {m['python']}, "
             f"{m['qt']}; {report.get('screen', 'offscreen')}; {report['runs']} runs; "
             f"load average at the start {m.get('load')}", ""]
    for scale, r in report["results"].items():
        c = r["counts"]
        lines.append(f"== {scale}: {r['items']} items ({c.get('entities')} entities, {c.get('relations')} relations, "
                     f"{c.get('events')} events, {c.get('mentions')} mentions, {c.get('sentences')} sentences); "
                     f"store {r['store_mb']} MB")
        lines.append(f"  store build        median {r['build_s']['median']:.2f} s, worst {r['build_s']['worst']:.2f} s"
                     f" ({r['build_s']['n']} runs)")
        lines.append(f"  start-up           median {r['startup_s']['median']:.2f} s, "
                     f"worst {r['startup_s']['worst']:.2f} s ({r['startup_s']['n']} runs);"
                     f" baseline median {r['baseline_s']['median']:.2f} s, worst {r['baseline_s']['worst']:.2f} s;"
                     f" ratio ×{r['startup_ratio']} (worst run ×{r['startup_ratio_worst']})")
        for what, key in (("selection", "selection"), ("time window", "window")):
            t = r[key]["total"]
            lines.append(f"  {what:<18} total median {t['median']:.1f} ms, p95 {t['p95']:.1f} ms, "
                         f"worst {t['worst']:.1f} ms (n={t['n']})")
            parts = [f"{pid} {v['median']:.1f}/{v['p95']:.1f}" for pid, v in r[key].items()
                     if pid not in ("total", "slot") and v.get("n")]
            lines.append(f"  {'':<18} per panel (slot + paint) median/p95 ms: " + ", ".join(parts))
            lines.append(f"  {'':<18} all panels' slots alone: median {r[key]['slot']['median']:.1f}, "
                         f"p95 {r[key]['slot']['p95']:.1f} ms")
        lines += [f"  {__import__('karabakh_desktop.bench_play', fromlist=['x']).describe(r['play'])}"] if "play" in r else []
        lay = r["layout"]
        lines.append(f"  network layout     {lay['seconds']:.2f} s ({lay['nodes']} nodes, {lay['edges']} edges)")
        ex = r["export"]
        for w, h in EXPORT_SIZES:
            parts = [f"{k.split('@')[0]} {v['median']:.0f} ({v['first']:.0f})" for k, v in ex.items()
                     if k.endswith(f"@{w}x{h}")]
            lines.append(f"  export {w}×{h:<6}  median (first) ms: " + ", ".join(parts))
        if "export_framed" in r:
            from . import bench_framed

            lines.append(f"  {bench_framed.describe(r['export_framed'])}")
        lines.append(f"  peak memory        start-up {r['startup_peak_mb']:.0f} MB; after the selections and "
                     f"windows {r['peak_before_export_mb']:.0f} MB; after the exports {r['peak_mb']:.0f} MB")
        lines.append("")
    if lt := report.get("long_text"):
        lines += [f"== long text: a {lt['text_mb']} MB memo ({lt['sentences']} sentences, {lt['mentions']} mentions)"
                  f" built in {lt['build_s']:.2f} s: {lt['build_s_per_mb']:.2f} s per MB", ""]
    lines.append("Goals:")
    for g in report["goals"]:
        v = g["value"]
        shown = "n/a" if v is None else f"{v:.2f}" if g["metric"] == "startup_ratio" else f"{v:.1f}"
        lines.append(f"  {'PASS' if g['pass'] else 'MISS'}  [{g['scale']}] {g['goal']}: {shown}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m karabakh_desktop.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--scales", default="memo,1000,10000", help="comma-separated: memo and/or entity counts")
    ap.add_argument("--runs", type=int, default=5, help="start-up and build runs per scale (default 5)")
    ap.add_argument("--seed", type=int, default=None, help="seed of the synthetic stores")
    ap.add_argument("--cache", default=None, help="where synthetic stores are cached")
    ap.add_argument("--png-dir", default=None, help="save each panel's 1920×1080 export here, to look at")
    ap.add_argument("--long-text-mb", type=float, default=1.0, help="also build an N MB memo (s per MB); 0 skips")
    ap.add_argument("--child", choices=["baseline", "startup", "interact", "play"], help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--selections", type=int, default=100, help=argparse.SUPPRESS)
    ap.add_argument("--windows", type=int, default=36, help=argparse.SUPPRESS)
    ap.add_argument("--export-runs", type=int, default=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child_main(args)
        return 0

    from .bench_startup import SCREEN, machine, precompile
    from .core import synthetic

    seed = args.seed if args.seed is not None else synthetic.DEFAULT_SEED
    cache = Path(args.cache) if args.cache else Path(tempfile.gettempdir()) / "karabakh-bench"
    cache.mkdir(parents=True, exist_ok=True)
    log = (lambda msg: print(msg, file=sys.stderr, flush=True)) if args.json else print
    report = {"machine": machine(), "runs": args.runs, "seed": seed, "results": {}, "bytecode": precompile(),
              "screen": "offscreen, {}×{} at 96 dpi".format(*SCREEN)}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kd-bench-") as tmp:
        for scale in [s.strip() for s in args.scales.split(",") if s.strip()]:
            if scale != "memo" and not scale.isdigit():
                ap.error(f"unknown scale {scale!r}: use memo or a number of entities")
            log(f"measuring {scale} …")
            report["results"][scale] = run_scale(scale, args.runs, cache, seed, Path(tmp),
                                                 Path(args.png_dir) if args.png_dir else None, log)
        if args.long_text_mb > 0:
            log(f"measuring a {args.long_text_mb:g} MB memo …")
            report["long_text"] = synthetic.long_text_build(Path(tmp), args.long_text_mb)
    report["goals"] = goals(report["results"])
    report["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print()
        print(report_text(report))
        print(f"\n(benchmark took {report['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
