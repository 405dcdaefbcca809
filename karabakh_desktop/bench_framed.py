"""The benchmark's framed network slide (issue 17). The export dialog frames the selection by
default; a network slide with nothing selected, or with a hub selected in a big network, shows the
nodes that fit with their names, laid out afresh (``gui.views.frame``: up to three tries of a
layout and a spreading of it). The first such export is what a presenter waits for — and the
dialog's preview pays the same on opening — so its first 1920×1080 PNG is timed here, and again
(the view is then kept on the panel)."""

from __future__ import annotations

import time


def measure(win, app) -> dict:
    """{"nothing" | "hub": {"first": ms, "again": ms}}: nothing selected, then the most connected node."""
    from .gui.slides import export

    net = win.panels["network"]
    m = net.model
    hub = m.node_ids[m.label_order(net.state.measure)[0]]  # the most connected node
    out = {}
    for what, selection in (("nothing", []), ("hub", [hub])):
        win.session.set_selection(selection)
        app.processEvents()
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            export(net, "png", (1920, 1080), frame=True)
            times.append((time.perf_counter() - t0) * 1000)
        out[what] = {"first": round(times[0], 1), "again": round(times[1], 1)}
    return out


def describe(framed: dict) -> str:
    return "framed network 1920×1080, first (again) ms: " + ", ".join(
        f"{what} selected {v['first']:.0f} ({v['again']:.0f})" for what, v in framed.items())
