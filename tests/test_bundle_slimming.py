"""What keeps the bundle under its size goal, checked fast and without building it (tests/test_bundle.py
builds it, slow): the app runs with PySide6.QtOpenGL absent, and tools/build-bundle strips a
shared library only when the loader still accepts the result.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "tools" / "rthook_no_qtopengl.py"
NUMPY = Path(np.__file__).parent
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files and binutils' strip")


# Run in a fresh interpreter, with the bundle's runtime hook first as in the bundle: the app's
# selftest (the full window, a selection made from every panel, every view exported as PNG, SVG
# and PDF), then a check that pyqtgraph got the stand-in, and that using it fails loudly.
WITHOUT_QTOPENGL = """
import runpy, sys
runpy.run_path(sys.argv[1])
from karabakh_desktop.cli import main
try:
    main(["selftest", "--db", sys.argv[2]], prog_name="karabakh-desktop")
except SystemExit as exc:
    assert not exc.code, f"selftest exit status {exc.code}"
import pyqtgraph.graphicsItems.PlotCurveItem as pci
absent = sys.modules["PySide6.QtOpenGL"]
assert type(absent).__name__ == "AbsentQtOpenGL" and pci.QtOpenGL is absent, absent
try:
    absent.QOpenGLBuffer
except ImportError as exc:
    print("USE FAILS:", exc)
"""


def test_the_app_runs_with_pyside6_qtopengl_absent(store_copy):
    proc = subprocess.run([sys.executable, "-c", WITHOUT_QTOPENGL, str(HOOK), str(store_copy)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "PASSED: 0 failures" in proc.stdout
    for panel in ("memo", "network", "map", "timeline", "details", "patterns"):
        assert f"select from {panel}" in proc.stdout
    assert "USE FAILS: PySide6.QtOpenGL.QOpenGLBuffer: the QtOpenGL binding is left out of this bundle" in proc.stdout


def test_the_stand_in_leaves_a_real_qtopengl_alone():
    # Only a name where there is none: in an environment that already imported the binding, the
    # hook changes nothing.
    code = ("import runpy, sys; from PySide6 import QtOpenGL; runpy.run_path(sys.argv[1]); "
            "assert sys.modules['PySide6.QtOpenGL'] is QtOpenGL and QtOpenGL.QOpenGLBuffer")
    proc = subprocess.run([sys.executable, "-c", code, str(HOOK)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]


@linux_only
def test_loadable_is_the_loaders_page_alignment_check(tmp_path, build_bundle_tool):
    tool = build_bundle_tool
    lib = next((NUMPY / "fft").glob("_pocketfft_umath*.so"))
    assert tool._loadable(lib)
    # Move the second PT_LOAD's file offset by 0x98 bytes, as strip does to numpy's OpenBLAS.
    data = bytearray(lib.read_bytes())
    phoff = struct.unpack_from("<Q", data, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads = [phoff + i * phentsize for i in range(phnum) if struct.unpack_from("<I", data, phoff + i * phentsize)[0] == 1]
    struct.pack_into("<Q", data, loads[1] + 8, struct.unpack_from("<Q", data, loads[1] + 8)[0] + 0x98)
    moved = tmp_path / lib.name
    moved.write_bytes(bytes(data))
    assert not tool._loadable(moved)
    text = tmp_path / "notes.txt"
    text.write_text("not an ELF file")
    assert not tool._loadable(text) and not tool._has_symbols(text)


@linux_only
@pytest.mark.skipif(shutil.which("strip") is None, reason="needs binutils' strip")
def test_strip_libraries_keeps_every_library_loadable(tmp_path, build_bundle_tool):
    tool = build_bundle_tool
    libs = [*(NUMPY / "random").glob("_generator*.so"), *(NUMPY.parent / "numpy.libs").glob("libscipy_openblas*.so")]
    assert libs and all(tool._has_symbols(p) for p in libs)
    for lib in libs:
        shutil.copyfile(lib, tmp_path / lib.name)
    saved, left = tool.strip_libraries(tmp_path)
    for lib in libs:
        copy = tmp_path / lib.name
        assert tool._loadable(copy)
        if lib.name in left:  # left as it was, byte for byte
            assert copy.read_bytes() == lib.read_bytes()
        else:
            assert not tool._has_symbols(copy) and copy.stat().st_size < lib.stat().st_size
    assert saved == sum(p.stat().st_size for p in libs) - sum((tmp_path / p.name).stat().st_size for p in libs)
    assert saved > 0
