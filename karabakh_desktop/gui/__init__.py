"""The Qt layer: thin panels over the core, linked through one :class:`~.session.Session`."""

import PySide6.QtCore  # noqa: F401  (first: what follows is imported after it)

from .qt_imports import install, lazy_pyqtgraph_mirrors

install()  # before numpy, pyqtgraph and the panels are imported: see qt_imports
lazy_pyqtgraph_mirrors()
