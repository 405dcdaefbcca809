"""The benchmark's document import (see :mod:`bench`): a 300-page PDF, the memo's paragraphs
repeated and written by :mod:`core.pdf_writer`, imported with suggested mentions into a copy of
the memo's store: reading the text layer, and the whole import (read, split, index, suggest; one
transaction). No Qt: it runs in the benchmark's parent process.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from . import paths
from .core import importers, library
from .core.pdf_writer import paginate, write_pdf
from .core.store import open_store

IMPORT_PAGES = 300


def bench_import_pdf(store: Path, work: Path, runs: int, summary) -> dict:
    """Import a generated 300-page PDF into a copy of ``store``, ``runs`` times (fresh copy each);
    ``summary`` turns a list of seconds into the benchmark's median / p95 / worst."""

    memo = paths.data_dir() / "memo" / "karabakh-after-the-44-day-war.txt"
    paras = [ln for ln in memo.read_text(encoding="utf-8").splitlines() if len(ln) > 60]
    pages: list[list[str]] = []
    text: list[str] = []
    while len(pages) < IMPORT_PAGES:
        text += paras
        pages = paginate(text)
    pdf = write_pdf(work / "import-300.pdf", pages[:IMPORT_PAGES], title="Benchmark: the memo, repeated")
    read_s, total_s, result = [], [], {}
    for i in range(runs):
        copy = work / f"import-{i}.db"
        shutil.copyfile(store, copy)
        db = open_store(copy)
        t0 = time.perf_counter()
        importers.read(pdf)
        read_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        cmd = library.import_command(db, pdf)
        result = cmd.do(db)
        total_s.append(time.perf_counter() - t0)
        db.close()
        copy.unlink()
    return {"pages": IMPORT_PAGES, "pdf_mb": round(pdf.stat().st_size / 2**20, 1), "characters": result["characters"],
            "sentences": result["sentences"], "suggestions": result["suggestions"], "read_s": summary(read_s),
            "total_s": summary(total_s)}


def run(scale: str, store: Path, work: Path, runs: int, summary, log) -> dict:
    """The benchmark's hook: at memo scale, ``{"import_pdf": …}`` (at most 3 runs), logged; else nothing."""
    if scale != "memo":
        return {}
    imp = bench_import_pdf(store, work, min(runs, 3), summary)
    log(f"  [{scale}] import {describe(imp)}")
    return {"import_pdf": imp}


def describe(imp: dict) -> str:
    return (f"{imp['pages']} pages, {imp['characters']:,} characters: median {imp['total_s']['median']:.2f} s, worst "
            f"{imp['total_s']['worst']:.2f} s (reading the text layer {imp['read_s']['median']:.2f} s); "
            f"{imp['sentences']} sentences, {imp['suggestions']} suggested mentions")
