"""Start-up of the frozen bundle against the installed app: ``python -m karabakh_desktop.bench_bundle EXE``.

Run it with the Python of an installed (not editable) karabakh-desktop of the same version, and
the bundle's ``karabakh-desktop`` executable. Both start the benchmark's start-up child (the real
start path, timed from before the process is spawned to the first complete paint of the full
window, offscreen, on the memo's store): the installed app as ``python -m karabakh_desktop.bench``,
the bundle through its ``--bench-child`` entry. Runs alternate, so a busy machine weighs on both.
The goal (issue 16): the bundle's median within 1.2× of the installed app's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from . import bench

GOAL = 1.2


def compare(exe: str, runs: int, cache: Path, log=print) -> dict:
    store, _ = bench._memo_store(cache)
    times: dict[str, list[float]] = {"installed": [], "bundle": []}
    with tempfile.TemporaryDirectory(prefix="kd-bundle-bench-") as tmp:
        for i in range(runs):
            for kind, child_exe in (("installed", None), ("bundle", exe)):
                home = Path(tmp) / f"{kind}-{i}"
                home.mkdir()
                got, t0 = bench._spawn(["--child", "startup", "--db", str(store)], home, exe=child_exe)
                if "error" in got or not got.get("complete"):
                    raise RuntimeError(f"{kind} start-up did not complete: {got}")
                times[kind].append(got["painted_at"] - t0)
            log(f"  run {i + 1}: installed {times['installed'][-1]:.2f} s, bundle {times['bundle'][-1]:.2f} s")
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["bundle"] / med["installed"]
    return {"runs": runs, "installed_s": bench._summary(times["installed"]), "bundle_s": bench._summary(times["bundle"]),
            "ratio": round(ratio, 2), "goal": GOAL, "pass": ratio <= GOAL}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m karabakh_desktop.bench_bundle", description=__doc__.split("\n\n")[0])
    ap.add_argument("exe", help="the bundle's karabakh-desktop executable")
    ap.add_argument("--runs", type=int, default=5, help="start-ups of each (default 5)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    cache = Path(tempfile.gettempdir()) / "karabakh-bench"
    cache.mkdir(parents=True, exist_ok=True)
    log = (lambda msg: print(msg, file=sys.stderr, flush=True)) if args.json else print
    res = compare(args.exe, args.runs, cache, log)
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        print(f"start-up, median of {res['runs']}: installed {res['installed_s']['median']:.2f} s, "
              f"bundle {res['bundle_s']['median']:.2f} s: ×{res['ratio']} "
              f"({'PASS' if res['pass'] else 'MISS'}: goal ≤ {GOAL}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
