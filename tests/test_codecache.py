"""The dataclass code cache (karabakh_desktop.codecache): same functions, kept across processes."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from karabakh_desktop import codecache

SOURCE = "def __create_fn__(t):\n def f(x: t, y: int = 2) -> int:\n  return x + y\n return f\n"


OWN = {"__name__": "karabakh_desktop.probe"}  # the globals of one of the app's modules


def _make(cache, globals_=None):
    ns = {}
    cache.exec(SOURCE, dict(globals_ or OWN), ns)
    return ns["__create_fn__"](int)


def test_compiles_once_and_keeps_the_code_for_the_next_process(tmp_path):
    path = tmp_path / "c" / "codes.marshal"
    first = codecache.CodeCache(path)
    f = _make(first)
    assert f(1) == 3 and first.dirty
    assert first.save() and path.exists()
    assert not first.save()  # nothing new since

    second = codecache.CodeCache(path)
    g = _make(second)
    assert g(1) == 3 and not second.dirty  # read from the file, not compiled
    # as exec(str) in dataclasses: annotations evaluated (no __future__ flag of the cache's module)
    assert g.__annotations__ == {"x": int, "y": int, "return": int}
    assert g.__code__.co_filename == "<string>"


def test_only_used_writes_just_what_this_process_used(tmp_path):
    path = tmp_path / "codes.marshal"
    first = codecache.CodeCache(path)
    _make(first)
    first.code("x = 1\n")
    assert first.save()
    second = codecache.CodeCache(path)
    _make(second)
    assert not second.dirty and second.save(only_used=True)
    third = codecache.CodeCache(path)
    third.code("x = 1\n")
    assert third.dirty  # dropped by the second's write
    assert _make(third)(0) == 2


def test_a_damaged_or_foreign_file_is_compiled_anew(tmp_path):
    path = tmp_path / "codes.marshal"
    for junk in (b"not a cache", codecache._HEADER + b"\x00garbage", b""):
        path.write_bytes(junk)
        cache = codecache.CodeCache(path)
        assert _make(cache)(2) == 4 and cache.dirty
        assert cache.save()
    assert not codecache.CodeCache(path).dirty


@pytest.mark.skipif(os.name != "posix", reason="modes")
def test_an_unwritable_folder_is_no_cache_and_no_error(tmp_path):
    code = (
        "import sys, pathlib\n"
        "from karabakh_desktop import codecache\n"
        "c = codecache.CodeCache(pathlib.Path(sys.argv[1]) / 'codes.marshal')\n"
        "ns = {}\n"
        f"c.exec({SOURCE!r}, {{'__name__': 'karabakh_desktop.probe'}}, ns)\n"
        "assert ns['__create_fn__'](int)(1) == 3\n"
        "print(c.save())\n"
    )
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    tmp_path.chmod(0o755)
    cmd = [sys.executable, "-c", code, str(folder)]
    if os.geteuid() == 0:  # root writes anywhere: run as nobody
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    except FileNotFoundError:
        pytest.skip("setpriv is not available")
    if os.geteuid() == 0 and "karabakh_desktop" in out.stderr and "ModuleNotFoundError" in out.stderr:
        pytest.skip("the package is not readable as nobody")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
    assert list(folder.iterdir()) == []


def test_only_the_apps_own_texts_are_kept(tmp_path):
    cache = codecache.CodeCache(tmp_path / "codes.marshal")
    assert _make(cache, {"__name__": "somebody.else"})(1) == 3
    assert not cache.dirty and not cache.save()  # compiled by the builtin, as before


def test_the_cache_lives_beside_the_bytecode_when_it_can():
    path = codecache.default_path()
    package = Path(codecache.__file__).resolve().parent
    assert path is not None and path.name.startswith("dataclass-code.")
    if os.access(package / "__pycache__", os.W_OK):
        assert path.parent == package / "__pycache__"


def test_dataclasses_compile_through_the_installed_cache():
    cache = codecache._CACHE[0]  # installed when the package was imported
    assert vars(dataclasses)["exec"] == cache.exec
    assert codecache.install() is None  # once a process
    module = types.ModuleType("karabakh_desktop._codecache_probe")  # a dataclass of the app's own
    sys.modules[module.__name__] = module
    try:
        exec("import dataclasses\n@dataclasses.dataclass(frozen=True)\nclass Point:\n x: int\n y: int = 0\n",
             module.__dict__)
    finally:
        del sys.modules[module.__name__]
    Point = module.Point

    p = Point(1)
    assert p == Point(1, 0) and repr(p).endswith("Point(x=1, y=0)") and hash(p) == hash(Point(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 2
    assert any("def __init__(self,x:_type_x,y:_type_y=_dflt_y)" in s for s in cache._used)
