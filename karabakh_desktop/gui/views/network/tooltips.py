"""The network's tooltips: what a node or a tie is, in a few lines, with its first quote (and
the document it is from, when that is not the memo)."""

from __future__ import annotations

from html import escape

from ....core import activity, read
from ....core.views import network as nv
from ....core.wording import counted

CONTEXT_NOTE = "<span style='color:#8A5A00'>Added for context: not stated in the memo.</span>"


def _quote(session, item: str) -> str:
    q, source = read.first_quote_cited(session.db, item)
    return (f"<br><i>“{escape(q)}”</i>" + (f" — in “{escape(source)}”" if source else "")) if q else ""


def _activity_note(model, item: str) -> list[str]:
    state = model.states.get(item) if model.states else None
    if state and state != activity.ACTIVE:
        return [f"<i>{'possibly ' if state == activity.POSSIBLY else 'not '}active in the time window</i>"]
    return []


def node_tooltip(session, m: nv.NetworkModel, state: nv.NetworkState, item: str) -> str:
    """A node's tooltip: name, kind, ties and measures, activity, its first quote."""
    d = m.g.nodes[item]
    kind = d["actor_type"].replace("_", " ") or d["kind"]
    lines = [f"<b>{escape(session.label(item))}</b> — {escape(kind)}"]
    if d["context"]:
        lines.append(CONTEXT_NOTE)
    parts = [counted(m.degree.get(item, 0), "tie")]
    for name, values in m.known_measures().items():
        if name in ("betweenness", "eigenvector"):
            parts.append(f"{name} {values.get(item, 0):.2f} of the top")
    lines.append(", ".join(parts))
    if state.colour == "community":
        lines.append(f"community {m.communities().get(item, 0) + 1}")
    return "<br>".join(lines + _activity_note(m, item)) + _quote(session, item)


def edge_tooltip(session, m: nv.NetworkModel, rid: str) -> str:
    """A tie's tooltip: its kind and sign, dates, who asserts it, activity, its first quote."""
    e = m.edge_index[rid]
    rel = read.relation(session.db, rid)
    row = (rel.start, rel.end, rel.asserted_by, rel.context) if rel else None
    lines = [f"<b>{escape(session.label(rid))}</b>",
             f"{escape(nv.SIGN_LABELS[m.edge_sign[e]])} · {escape(m.edge_kind[e].replace('_', ' '))}"
             f"{' · directed' if m.edge_directed[e] else ''}"]
    if row:
        start, end, asserted_by, context = row
        if start or end:
            lines.append(f"{escape(start or '…')} – {escape(end or '…')}")
        if asserted_by:
            lines.append(f"asserted by {escape(session.label(asserted_by))}")
        if context:
            lines.append(CONTEXT_NOTE)
    return "<br>".join(lines + _activity_note(m, rid)) + _quote(session, rid)
