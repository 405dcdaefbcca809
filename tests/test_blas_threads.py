"""numpy's BLAS runs one thread unless the user says otherwise (see karabakh_desktop/__init__.py)."""

import os
import subprocess
import sys

PROBE = ("import os, sys; import karabakh_desktop; "
         "print(os.environ.get('OPENBLAS_NUM_THREADS'), 'numpy' in sys.modules)")


def _run(env_extra: dict) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env.update(env_extra)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_importing_the_package_asks_for_one_blas_thread_before_numpy_is_loaded():
    # "False": numpy is not imported yet, so OpenBLAS reads the setting when it is.
    assert _run({}) == "1 False"


def test_a_users_own_blas_setting_is_kept():
    assert _run({"OPENBLAS_NUM_THREADS": "4"}) == "4 False"
