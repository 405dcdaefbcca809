"""The frozen bundle's entry point (PyInstaller runs this file, not ``python -m``).

``--bench-child …`` runs one child of the benchmark inside the bundle, so its start-up is
measured exactly as the installed app's (``python -m karabakh_desktop.bench --exe BUNDLE``).
"""

import sys

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--bench-child":
        from karabakh_desktop import bench

        sys.exit(bench.main(["--child", *sys.argv[2:]]))
    from karabakh_desktop.cli import main

    main(prog_name="karabakh-desktop")
