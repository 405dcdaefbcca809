"""Reading and writing the user's files without surprises.

A path given by the user may name something that is not a regular file: a named pipe (opening
it for reading blocks until someone writes, for ever), a device (replacing ``/dev/null`` with a
file breaks the machine), a folder, or a symbolic link (replacing it with a file cuts the link).
Everything here looks at the path with ``stat`` first and never opens anything else:

- :func:`write_target` says where to write: a symlink is followed to its target (the link stays),
  a missing file is fine, anything that is not a regular file is refused;
- :func:`read_bytes` / :func:`read_text` read a regular file only (``O_NONBLOCK`` too, so even a
  pipe swapped in after the check cannot hang the read).

Refusals are :class:`NotAFile`, an ``OSError`` whose ``strerror`` is a sentence for the user, so
callers that already turn ``OSError`` into a message need nothing new.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotAFile(OSError):
    """The path names a folder, pipe, device, socket or a looping link: refused, nothing touched."""

    def __init__(self, path: str | Path, what: str):
        super().__init__(errno.EINVAL, f"{path} is {what}, not a regular file")
        self.path = Path(path)
        self.what = what


def describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | Path, *, missing_ok: bool = False) -> os.stat_result | None:
    """``stat`` (following links) and refuse anything but a regular file; None if missing and allowed."""
    try:
        st = os.stat(path)
    except FileNotFoundError:  # missing, or a dangling link (writing creates its target)
        if missing_ok:
            return None
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotAFile(path, "a symbolic link that loops") from None
        raise
    if not stat.S_ISREG(st.st_mode):
        raise NotAFile(path, describe(st.st_mode))
    return st


def write_target(path: str | Path) -> Path:
    """The file to write for ``path``: the target of a symlink (so the link is kept), or ``path``.

    Raises :class:`NotAFile` for a folder, pipe, device, socket or a link loop."""
    path = Path(path)
    check_regular(path, missing_ok=True)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def read_bytes(path: str | Path) -> bytes:
    """The content of a regular file; a pipe, device, folder or looping link is refused, never opened."""
    check_regular(path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between the check and the open
            raise NotAFile(path, describe(os.fstat(fd).st_mode))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


def read_text(path: str | Path) -> str:
    return read_bytes(path).decode("utf-8")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def read_head(path: str | Path, n: int) -> bytes:
    """The first ``n`` bytes of a regular file (checked as :func:`read_bytes` does)."""
    check_regular(path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAFile(path, describe(os.fstat(fd).st_mode))
        return os.read(fd, n)
    finally:
        os.close(fd)
