"""One package per view: a figure that draws the view model (``core.views``) into any painter,
and a thin panel (tool bar, mouse, keys, the session's signals). ``pg_adapter`` is the one module
that touches pyqtgraph's internals."""
