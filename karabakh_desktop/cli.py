"""The ``karabakh-desktop`` command. Errors are messages with an exit status, never tracebacks.

Qt is imported only by the commands that open windows, so ``db`` commands start fast and run
on machines without a display.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import cli_docs, paths
from .cli_common import Error, _db_option, _open_readonly, _resolve_store  # noqa: F401  (Error: used by tests)
from .core.wording import counted, noun


def _sqlite_errors(where: Path | None):
    """A context turning an SQLite error met while reading a store into a message (a store whose
    views call functions this app does not allow, a file damaged after it was opened)."""
    import contextlib
    import sqlite3

    @contextlib.contextmanager
    def guard():
        try:
            yield
        except sqlite3.Error as exc:
            from .core.store import classify

            raise Error(str(classify(exc, where or paths.default_store()))) from None

    return guard()


def _show_version(ctx: click.Context, _param, value: bool) -> None:
    # Not click.version_option(__version__): that reads the metadata at import, on every start.
    if value and not ctx.resilient_parsing:
        from . import version

        click.echo(f"karabakh-desktop, version {version()}")
        ctx.exit()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@_db_option
@click.option("--theme", type=click.Choice(["light", "dark", "high-contrast"]), default=None,
              help="Colour theme (remembered between runs).")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version (from the package metadata) and exit.")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, theme: str | None) -> None:
    """Explore the memo "Karabakh After the 44-Day War" through linked views.

    With no command, opens the main window on the embedded default store.

    \b
    Examples:
      karabakh-desktop                       # open the app on the default data
      karabakh-desktop --db my-copy.db       # open another store
      karabakh-desktop db build --out kb.db  # build a store from data/
      karabakh-desktop selftest              # check the app works on this machine
    """
    if ctx.invoked_subcommand is not None:
        return
    from .gui.app import run

    sys.exit(run(db_path=db_path, theme=theme))


@main.group()
def db() -> None:
    """Build, check and export the SQLite store.

    \b
    Example:
      karabakh-desktop db build && karabakh-desktop db check
    """


@db.command("build")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The data folder to build from (default: the shipped data/).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the store (default: the embedded default store).")
def db_build(data_dir: Path | None, out: Path | None) -> None:
    """Validate a data folder and build the store from it.

    An existing store is rebuilt in place, in one transaction: its notes, scenes and other
    user tables never move, and a window open on it keeps working. A new store is written
    beside the target and renamed over it when complete. A failed build leaves the store as
    it was; a symlink is built through (the link stays).

    \b
    Examples:
      karabakh-desktop db build
      karabakh-desktop db build --data ~/my-data --out ~/analysis.db
    """
    import sqlite3

    from .core.build import build
    from .core.datafiles import DataError
    from .core.store import StoreError, write_error

    data_dir = data_dir or paths.data_dir()
    out = out or paths.default_store()
    try:
        counts = build(data_dir, out, starter_scenes=True)  # a new store starts with the briefing
    except DataError as exc:
        raise Error(f"the data in {data_dir} does not build; the store was not changed.\n{exc}") from None
    except StoreError as exc:
        raise Error(f"{exc}\nThe store was not rebuilt.") from None
    except sqlite3.Error as exc:
        raise Error(f"{write_error(exc, out)}\nThe build was rolled back; the store is as it was.") from None
    except OSError as exc:
        raise Error(f"cannot write {out}: {exc.strerror or exc}") from None
    notice = counts.pop("notice", None)
    counts.pop("set_aside", None)
    if notice:
        click.echo(f"Note: {notice}", err=True)
    click.echo(f"Built {out} in {counts.pop('seconds')} s: " +
               ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))


@db.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
def db_check(path: Path | None) -> None:
    """Run SQLite's integrity check and the build's validations on a store.

    Exit status 0 when the store is sound, 1 with the list of problems otherwise.

    \b
    Example:
      karabakh-desktop db check ~/analysis.db
    """
    from .core.checks import check

    path = path or paths.default_store()
    problems = check(path)
    if problems:
        raise Error(f"{path}: {counted(len(problems), 'problem')}\n" + "\n".join(f"  - {p}" for p in problems))
    click.echo(f"{path}: ok")


@db.command("export")
@click.option("--format", "fmt", type=click.Choice(["gexf", "graphml", "geojson", "csv", "toml"]), required=True,
              help="gexf/graphml: the actor network (Gephi); geojson: the places (QGIS); csv: events, "
                   "relations and claims; toml: the whole knowledge base as a data folder (db build --data).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The file to write (for csv: a folder, or a name that gets -events.csv etc.; "
                   "for toml: a folder).")
@_db_option
def db_export(fmt: str, out: Path, db_path: Path | None) -> None:
    """Export the store's data for other tools.

    \b
    Examples:
      karabakh-desktop db export --format gexf --out network.gexf
      karabakh-desktop db export --format geojson --out places.geojson
      karabakh-desktop db export --format csv --out tables/
      karabakh-desktop db export --format toml --out shared-kb/ && karabakh-desktop db build --data shared-kb/ --out copy.db

    toml writes the shipped data, the analyst's edits and imported documents in the data/ format
    (see data/README.md), so that building the folder reproduces the store.
    """
    from .core.exports import export

    db = _open_readonly(db_path)
    try:
        if fmt == "toml":
            from .core.toml_export import export_toml

            if out.exists() and not out.is_dir():
                raise Error(f"cannot write {out}: it is a file; give a folder for --format toml")
            if not out.parent.is_dir():
                raise Error(f"cannot write {out}: the folder {out.parent} does not exist")
            written = export_toml(db, out)
            click.echo(f"Wrote {counted(len(written), 'file')} to {out}")
            return
        parent = out if fmt == "csv" and out.is_dir() else out.parent
        if not parent.is_dir():
            raise Error(f"cannot write {out}: the folder {parent} does not exist")
        with _sqlite_errors(db_path):
            written = export(db, fmt, out)
    except OSError as exc:
        raise Error(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        db.close()
    for p in written:
        click.echo(f"Wrote {p}")


VIEWS = ("network", "timeline", "map", "memo", "patterns", "details", "window")


@main.command("export")
@click.option("--view", type=click.Choice(VIEWS), default=None,
              help="The panel to export, or the whole window (the views open in your saved window layout).")
@click.option("--scenes", "all_scenes", is_flag=True,
              help="Export every saved scene: one image each into a folder, or one PDF with a page each.")
@click.option("--select", "select_ids", multiple=True, metavar="ID",
              help="Select this item first (repeatable); ids as copied with Edit → Copy Selected Ids.")
@click.option("--from", "date_from", metavar="DATE", default=None, help="First day of the time window (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", default=None, help="Last day of the time window, included.")
@click.option("--size", default="1920x1080", show_default=True, help="WIDTHxHEIGHT in pixels, e.g. 3840x2160.")
@click.option("--format", "fmt", type=click.Choice(["png", "svg", "pdf"]), default=None,
              help="Default: from the file name of --out, else png.")
@click.option("--names", type=click.Choice(["both", "az", "hy", "en"]), default="both", show_default=True,
              help="Contested names: both usages, Azerbaijani, Armenian or common English.")
@click.option("--title", default=None, help="The slide's title (default: the view and the memo's title).")
@click.option("--caption", default=None, help="A caption under the image.")
@click.option("--banner", default=None, help="A classification or handling banner, top and bottom.")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The file to write; with --scenes a folder, or a name ending in .pdf or .pptx for one deck.")
@_db_option
def export_cmd(view, all_scenes, select_ids, date_from, date_to, size, fmt, names, title, caption, banner, out,
               db_path) -> None:
    """Export a view as a slide image (PNG, SVG or PDF) without opening a window.

    The slide carries a title, the selection and time window in words, the legend and the
    source footnote. Nothing is written unless the whole export succeeded.

    \b
    Examples:
      karabakh-desktop export --view network --select shusha --out network.png
      karabakh-desktop export --view map --from 2020-09-27 --to 2020-11-10 --size 3840x2160 --out map.pdf
      karabakh-desktop export --view window --banner "UNCLASSIFIED" --format svg --out window.svg
      karabakh-desktop export --scenes --out briefing.pdf
      karabakh-desktop export --scenes --out briefing.pptx
      karabakh-desktop export --scenes --out slides/
    """
    import datetime as dt
    import difflib
    import os
    import time

    if bool(view) == bool(all_scenes):
        raise Error("give either --view VIEW or --scenes (one of them)")
    if all_scenes and (select_ids or date_from or date_to):
        raise Error("--select, --from and --to set up one view; scenes bring their own (leave them out)")
    if (date_from is None) != (date_to is None):
        raise Error("give both --from and --to for a time window")
    window = None
    if date_from is not None:
        try:
            first, last = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
        except ValueError:
            raise Error(f"dates must be YYYY-MM-DD, got --from {date_from!r} --to {date_to!r}") from None
        if last < first:
            raise Error(f"--to {date_to} is before --from {date_from}")
        if last >= dt.date.max:
            raise Error("--to must be 9999-12-30 or earlier (the window ends the day after it)")
        window = (first, last + dt.timedelta(days=1))
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .gui import slides as exporter

    try:
        wh = exporter.parse_size(size)
        deck = all_scenes and out.suffix.lower() in (".pdf", ".pptx")
        if all_scenes:
            fmt = fmt or "png"
            if not deck and out.exists() and not out.is_dir():
                raise exporter.ExportError(f"{out} is a file: give a folder, or a name ending in .pdf or .pptx")
            if not (out if out.is_dir() else out.parent).is_dir():
                raise exporter.ExportError(f"cannot write {out}: the folder {out.parent} does not exist")
            if deck:
                exporter.check_writable(out)
        else:
            suffix = out.suffix.lower().lstrip(".")
            fmt = fmt or (suffix if suffix in exporter.FORMATS else "png")
            exporter.check_writable(out)
    except exporter.ExportError as exc:
        raise Error(str(exc)) from None
    from .core.catalog import Catalog
    from .core.store import StoreError

    store = _resolve_store(db_path)
    db = _open_readonly(store)
    try:
        with _sqlite_errors(store):
            cat = Catalog(db)
        unknown = [i for i in select_ids if not cat.exists(i)]
        if unknown:
            hints = []
            for i in unknown:
                close = difflib.get_close_matches(i, list(cat.kinds), n=3)
                hints.append(f"{i!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
            raise Error(f"unknown {noun(len(hints), 'id')}: {'; '.join(hints)}. Nothing was written.")
    finally:
        db.close()
    started = time.perf_counter()
    try:
        from .gui.export_cli import cli_export

        written = cli_export(store, view=view, scenes=all_scenes, select=list(select_ids), window=window,
                             size=wh, fmt=fmt, naming=names, title=title, caption=caption, banner=banner, out=out)
    except exporter.ExportError as exc:
        raise Error(str(exc)) from None
    except StoreError as exc:
        raise Error(str(exc)) from None
    ms = (time.perf_counter() - started) * 1000
    for p in written:
        click.echo(f"Wrote {p}")
    click.echo(f"{counted(len(written), 'file')}, {wh[0]}x{wh[1]} {out.suffix.lower().lstrip('.') if deck else fmt}, {ms:.0f} ms")


@main.command()
@_db_option
def selftest(db_path: Path | None) -> None:
    """Open the full window offscreen, select from every panel, check every other panel follows.

    Prints one line per step with its time in milliseconds; exits 0, or 1 naming what failed.

    \b
    Example:
      karabakh-desktop selftest
    """
    from .gui.selftest import run_selftest

    store = _resolve_store(db_path)
    ok = run_selftest(store, echo=click.echo)
    if not ok:
        sys.exit(1)


main.add_command(cli_docs.doc)
db.add_command(cli_docs.db_conflicts)

if __name__ == "__main__":  # pragma: no cover
    main()
