"""A big graph's layout, computed off the GUI thread for the network panel: started once the view
has shown its interim picture, its progress in the panel's bar, its result cached in the store,
cancellable. (Imported only when a graph is that big: not on the start-up path.)"""

from __future__ import annotations

from ....core import positions
from ...layout_worker import LayoutJob


def start(panel, known: dict) -> None:
    """Lay out ``panel``'s graph (``known``: positions kept, fixed) in a :class:`LayoutJob` (``panel.job``)."""
    panel.job = job = LayoutJob(panel.g, panel, initial=known or None, fixed=frozenset(known))
    job.progress.connect(lambda done, total: _progress(panel, done, total))
    job.finished.connect(lambda pos: _finished(panel, pos))
    job.cancelled.connect(lambda pos: _cancelled(panel, pos))
    panel.progress.setRange(0, 1)
    panel.progress.setValue(0)
    panel.progress_row.show()
    panel.edges_item.show_resting(False)  # until the layout lands (see EdgesItem.resting)
    panel.session.status.emit(f"Laying out {len(panel.model)} nodes in the background…")
    # Its thread would take the interpreter lock from the panels being built and painted: it
    # starts once this view has shown its interim picture (at once if it has already).
    panel.painted.run(lambda: panel.job is job and not job.running and job.start())


def _progress(panel, done: int, total: int) -> None:
    panel.progress.setRange(0, total)
    panel.progress.setValue(done)
    panel.layoutProgress.emit(done, total)


def _finished(panel, pos: dict) -> None:
    panel.progress_row.hide()
    panel.job = None
    panel.edges_item.show_resting(True)
    positions.save(panel.session.db, panel.layout_key("spring"), pos)
    if panel.state.layout == "spring":
        panel._set_positions(positions.with_drags(panel.session.db, panel.layout_key(), pos), fit=True)
    panel.session.status.emit("Layout done (cached in the store: it will not be computed again).")
    panel.layoutFinished.emit()


def _cancelled(panel, pos: dict) -> None:
    panel.progress_row.hide()
    panel.job = None
    panel.edges_item.show_resting(True)
    if panel.state.layout == "spring" and pos:
        panel._set_positions(pos, fit=True)
    panel.session.status.emit("Layout cancelled: showing where it had got to (not cached).")
    panel.layoutFinished.emit()


def cancel(panel, wait: bool = False) -> None:
    """Stop ``panel``'s job (with ``wait``: until its thread has ended, quietly)."""
    job = panel.job
    if job is not None and not job.running:  # still waiting for the first paint: never started
        if wait:
            panel.job = None
            panel.progress_row.hide()
            panel.edges_item.show_resting(True)
        else:
            _cancelled(panel, {})
        return
    if job is not None:
        job.cancel()
        if wait:
            job.wait()
            panel.job = None
            panel.progress_row.hide()
            panel.edges_item.show_resting(True)
