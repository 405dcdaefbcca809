"""``karabakh-desktop doc …``: the analyst's documents and suggested mentions from the command line,
and ``db conflicts``. :mod:`cli` adds them to its groups."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from .cli_common import Error, _db_option, _resolve_store
from .core.wording import counted


@contextlib.contextmanager
def _writable(db_path: Path | None):
    from .core.edits import EditError
    from .core.importers import ReadError
    from .core.store import StoreError, open_store

    try:
        store = open_store(_resolve_store(db_path))
    except StoreError as exc:
        raise Error(str(exc)) from None
    try:
        yield store
    except (EditError, ReadError) as exc:
        raise Error(f"{exc}. The store was not changed.") from None
    finally:
        store.close()


def _open_current(db_path: Path | None):
    """The store for reading, brought to the current schema when it can be written (a store of an
    older version lacks the mention statuses these commands read); an old read-only store is a message."""
    from .core import schema
    from .core.store import StoreError, StoreReadOnly, open_store

    path = _resolve_store(db_path)
    try:
        return open_store(path)
    except StoreReadOnly:
        pass
    except StoreError as exc:
        raise Error(str(exc)) from None
    try:
        store = open_store(path, readonly=True)
    except StoreError as exc:
        raise Error(str(exc)) from None
    if schema.migrations.pending(store):
        store.close()
        raise Error(f"{path} is from an older version and read-only: open it once where it is writable "
                    "(the app adds the new columns), or work on a copy")
    return store


@click.group()
def doc() -> None:
    """Import documents and review the mentions suggested in them.

    \b
    Example:
      karabakh-desktop doc import statement.pdf --published 2020-11-10 && karabakh-desktop doc suggestions
    """


@doc.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@_db_option
@click.option("--title", default=None, help="Title (default: from the file's metadata, else its name).")
@click.option("--author", default=None, help="Author (default: from the file's metadata, if any).")
@click.option("--publisher", default=None, help="Publisher.")
@click.option("--published", default=None, metavar="YYYY-MM-DD", help="Publication date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--url", default=None, help="Where the document was published.")
@click.option("--licence", default=None, help="Its licence or terms of use.")
@click.option("--no-suggest", is_flag=True, help="Do not look for mentions of the store's entities.")
def doc_import(file: Path, db_path, title, author, publisher, published, url, licence, no_suggest) -> None:
    """Import a document: plain text, Markdown, HTML, PDF (with a text layer) or Word .docx.

    The text is split into paragraphs and sentences, made searchable, and every name and alias
    of every entity is looked for in it: the finds are suggested mentions, to confirm or reject.
    The import is one transaction: when it fails, the store is left as it was.

    \b
    Examples:
      karabakh-desktop doc import statement.txt --title "Statement of 10 November 2020" --published 2020-11-10
      karabakh-desktop doc import report.pdf --author "ICG" --url https://example.org/report.pdf
      karabakh-desktop doc import article.html --db ~/analysis.db
    """
    from .core import library

    with _writable(db_path) as store:
        cmd = library.import_command(store, file, title=title, author=author, publisher=publisher,
                                     published=published, url=url, licence=licence, suggest_mentions=not no_suggest)
        r = cmd.do(store)
        fmt = cmd.payload["format"] + (f", {counted(cmd.payload['pages'], 'page')}" if cmd.payload.get("pages") else "")
        ents = store.execute("SELECT count(DISTINCT entity_id) FROM mentions WHERE document_id = ? AND via IS NULL "
                             "AND status = 'suggested'", [r["id"]]).fetchone()[0]
        click.echo(f"Imported “{cmd.payload['title']}” from {file} ({fmt}) as document {r['id']}: "
                   f"{counted(r['paragraphs'], 'paragraph')}, {counted(r['sentences'], 'sentence')}, "
                   f"{counted(r['characters'], 'character')}.")
        click.echo(f"{counted(r['suggestions'], 'suggested mention')} of {counted(ents, 'entity', 'entities')} "
                   f"(review: karabakh-desktop doc suggestions {r['id']}).")
        from .core.suggest import fuzzy_available

        if not no_suggest and not fuzzy_available():
            click.echo("Close spellings were not looked for: rapidfuzz is not part of this build.")


@doc.command("edit")
@click.argument("document")
@_db_option
@click.option("--title", default=None, help="New title.")
@click.option("--author", default=None, help="New author.")
@click.option("--publisher", default=None, help="New publisher.")
@click.option("--published", default=None, metavar="YYYY-MM-DD", help="New publication date.")
@click.option("--url", default=None, help="New URL.")
@click.option("--licence", default=None, help="New licence or terms of use.")
def doc_edit(document, db_path, **fields) -> None:
    """Change a document's metadata (each change is one edit, kept over rebuilds).

    \b
    Example:
      karabakh-desktop doc edit my-report --published 2020-11-10 --publisher "Kremlin.ru"
    """
    from .core import library

    given = {k: v for k, v in fields.items() if v is not None}
    if not given:
        raise Error("give at least one of --title, --author, --publisher, --published, --url, --licence")
    with _writable(db_path) as store:
        cmds = [library.set_document_command(store, document, k, v) for k, v in given.items()]
        for cmd in cmds:
            cmd.do(store)
            click.echo(cmd.text)


@doc.command("list")
@_db_option
def doc_list(db_path) -> None:
    """List the documents with their counts of sentences and confirmed / suggested / rejected mentions.

    \b
    Example:
      karabakh-desktop doc list
    """
    from .core import library

    store = _open_current(db_path)
    try:
        for d in library.documents(store):
            who = ", ".join(x for x in (d.author, d.published) if x)
            click.echo(f"{d.id}  “{d.title}”" + (f" ({who})" if who else "")
                       + f"  [{d.layer}]  {counted(d.sentences, 'sentence')}, "
                       f"{d.confirmed} confirmed, {d.suggested} suggested, {d.rejected} rejected mentions")
    finally:
        store.close()


@doc.command("suggestions")
@click.argument("document", required=False)
@_db_option
@click.option("--status", type=click.Choice(["suggested", "rejected", "confirmed"]), default="suggested",
              show_default=True, help="Which mentions to list.")
def doc_suggestions(document, db_path, status) -> None:
    """List suggested mentions (id, document, offsets, text, entity, confidence), in text order.

    \b
    Examples:
      karabakh-desktop doc suggestions
      karabakh-desktop doc suggestions my-report --status rejected
    """
    from .core import suggest

    store = _open_current(db_path)
    try:
        rows = suggest.suggestions(store, document, status=status)
        for s in rows:
            if s["via"]:
                continue
            click.echo(f"{s['id']:>7}  {s['document_id']}  {s['start']}-{s['end']}  “{s['surface']}” → "
                       f"{s['entity_id']} ({s['name']})" + (f"  {s['confidence']:.2f}" if s["confidence"] else ""))
        click.echo(counted(sum(1 for s in rows if not s['via']), f"{status} mention"))
    finally:
        store.close()


def _status(status: str, ids, document, entity, surface, db_path) -> None:
    from .core import library

    if bool(ids) == bool(entity):
        raise Error("give mention ids, or --doc DOCUMENT --entity ID for all of one name")
    with _writable(db_path) as store:
        if ids:
            cmd = library.status_command(store, list(ids), status)
        else:
            if not document:
                raise Error("--entity needs --doc DOCUMENT")
            cmd = library.name_status_command(store, document, entity, status, surface=surface)
        cmd.do(store)
        click.echo(cmd.text)


_STATUS_OPTIONS = [
    click.argument("ids", nargs=-1, type=int),
    click.option("--doc", "document", default=None, help="With --entity: the document."),
    click.option("--entity", default=None, help="Every suggestion of this entity in --doc."),
    click.option("--surface", default=None, help="With --entity: only this spelling."),
    _db_option,
]


def _with_status_options(f):
    for deco in reversed(_STATUS_OPTIONS):
        f = deco(f)
    return f


@doc.command("confirm")
@_with_status_options
def doc_confirm(ids, document, entity, surface, db_path) -> None:
    """Confirm suggested mentions: by id, or all of one name in a document.

    \b
    Examples:
      karabakh-desktop doc confirm 412 415
      karabakh-desktop doc confirm --doc my-report --entity kalbajar
    """
    _status("confirmed", ids, document, entity, surface, db_path)


@doc.command("reject")
@_with_status_options
def doc_reject(ids, document, entity, surface, db_path) -> None:
    """Reject suggested mentions: by id, or all of one name in a document. A rejection is kept:
    running the suggester again does not bring it back.

    \b
    Examples:
      karabakh-desktop doc reject 413
      karabakh-desktop doc reject --doc my-report --entity turkey --surface TURKEY
    """
    _status("rejected", ids, document, entity, surface, db_path)


@doc.command("suggest")
@click.argument("document")
@_db_option
def doc_suggest(document, db_path) -> None:
    """Look again for mentions in a document (after names or aliases were added); only new ones are added.

    \b
    Example:
      karabakh-desktop doc suggest my-report
    """
    from .core import library

    with _writable(db_path) as store:
        if not store.execute("SELECT 1 FROM documents WHERE id = ?", [document]).fetchone():
            raise Error(f"no document {document!r} (see karabakh-desktop doc list)")
        r = library.resuggest_command(document).do(store)
        click.echo(f"{counted(r['suggestions'], 'new suggested mention')} in {document}")


@click.command("conflicts")
@_db_option
def db_conflicts(db_path) -> None:
    """List the analyst's edits that the last rebuild could not apply cleanly.

    A conflict is the shipped data having changed an item you edited, or no longer having an
    item an edit needs. Exit status 1 when there are conflicts.

    \b
    Example:
      karabakh-desktop db build && karabakh-desktop db conflicts
    """
    from .core import layer

    store = _open_current(db_path)
    try:
        rows = layer.conflicts(store)
    finally:
        store.close()
    for c in rows:
        detail = "".join(f"; {k}: {c[k]}" for k in ("shipped", "analyst") if c[k] is not None)
        click.echo(f"{c['id']:>4}  edit {c['edit_id']} ({c['op']}) {c['kind']}: {c['message']}{detail}")
    if rows:
        raise Error(f"{counted(len(rows), 'conflict')} between your edits and the shipped data")
    click.echo("No conflicts.")
