"""The benchmark measures the window on a 1366×768 screen, the laptop of the goals (not Qt's 800×800)."""

import os
import subprocess
import sys

from karabakh_desktop.bench_startup import SCREEN, offscreen_platform


def test_bench_children_get_a_laptop_screen(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM=offscreen_platform(tmp_path))
    code = ("from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "g = app.primaryScreen().geometry(); print(g.width(), g.height(), app.primaryScreen().logicalDotsPerInch())")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True)
    width, height, dpi = out.stdout.split()
    assert (int(width), int(height)) == SCREEN == (1366, 768)
    assert float(dpi) == 96
