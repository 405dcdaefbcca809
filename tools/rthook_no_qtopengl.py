"""Runtime hook of the bundle: ``PySide6.QtOpenGL`` as a name, without the 8.8 MB binding behind it.

pyqtgraph imports PySide6.QtOpenGL when it is imported (PlotCurveItem, PColorMeshItem,
Qt/OpenGLHelpers) for its optional OpenGL drawing, and uses it only on that path: with the
config options ``useOpenGL`` / ``enableExperimental`` on, or in PColorMeshItem drawn on a
QOpenGLWidget. The app turns neither on and has no PColorMeshItem, so tools/karabakh-desktop.spec
leaves the binding out and PyInstaller runs this hook first, before any import of the app.

Any use of the module raises ImportError naming the cause, so a future OpenGL path fails loudly
at its first use rather than drawing nothing. tests/test_bundle_qtopengl.py runs the app's
selftest (every panel, a selection from each, exports) with this hook in place.
"""

import sys
import types


class AbsentQtOpenGL(types.ModuleType):
    def __getattr__(self, name: str):
        if name.startswith("__"):  # import machinery probes (__path__, __file__ …): a plain module
            raise AttributeError(name)
        raise ImportError(f"PySide6.QtOpenGL.{name}: the QtOpenGL binding is left out of this bundle "
                          "(tools/karabakh-desktop.spec); the app draws without OpenGL")


sys.modules.setdefault("PySide6.QtOpenGL", AbsentQtOpenGL("PySide6.QtOpenGL"))
