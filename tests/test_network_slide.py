"""A network slide of its own reads from the back of a room: with nothing selected, or a hub
selected in a big network, it no longer draws every node with a key of numbered names. It shows
the nodes that fit with their names (the most connected; or the selection and what it touches),
laid out over the slide, and counts the rest at its foot."""

import re
import xml.etree.ElementTree as ET

import pytest

from karabakh_desktop.gui import slides as ex
from karabakh_desktop.gui.panels import PANELS, make_panel


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    """A synthetic network of 600 entities (fixed seed): a framed hub took in hundreds of nodes."""
    from karabakh_desktop.core import synthetic
    from karabakh_desktop.core.build import build

    folder = tmp_path_factory.mktemp("big")
    synthetic.generate(folder / "data", 600, seed=5)
    build(folder / "data", folder / "big.db")
    return folder / "big.db"


def _network(session, qtbot):
    panel = make_panel(next(s for s in PANELS if s.panel_id == "network"), session)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    return panel


def _words(svg: bytes) -> str:
    return " ".join(t.text or "" for t in ET.fromstring(svg).iter() if t.tag.endswith("text"))


def _drawn(fig, m):
    """The nodes the slide's figure drew inside itself (those a view of a few leaves out are not)."""
    w, h = fig.last_size
    return [i for i in range(len(m.node_ids)) if 0 <= fig.last_xy[i][0] <= w and 0 <= fig.last_xy[i][1] <= h
            and i in fig.test_drawn]


def _export(panel, fmt="svg"):
    data = ex.export(panel, fmt, (1920, 1080), frame=True)
    fig, m = panel._export_figure, panel.model
    fig.test_drawn = {lab.node for lab in fig.last_labels} | {i for i, _ in fig.last_unnamed}
    return data, fig, m


def test_the_memos_network_with_nothing_selected_names_the_nodes_that_fit(session, qtbot):
    """Before: all 48 nodes in the panel's layout, the hub's names on top of each other and a key
    "Not named for room: 1 … 7". Now the most connected that fit, each named, the ties among them."""
    panel = _network(session, qtbot)
    assert not session.touch.selected
    svg, fig, m = _export(panel)
    said = re.search(r"Shown: the (\d+) most connected of (\d+) nodes and the ties among them", _words(svg))
    assert said, _words(svg)[-300:]
    shown, total = int(said.group(1)), int(said.group(2))
    assert total == int(m.node_visible.sum()) > shown >= 20
    named = {lab.node for lab in fig.last_labels}
    # every one named (before the framing kept its best arrangement, its last left one crowded and
    # the figure numbered it: "Not named for room: 1 UN High Commissioner for Refugees")
    assert not fig.last_unnamed and not fig.last_unnumbered
    assert named == set(m.label_order(panel.state.measure)[:shown])
    assert panel.model.node_visible.sum() == total  # the panel itself is left as it was


@pytest.mark.parametrize("select_hub", [False, True], ids=["nothing selected", "a hub selected"])
def test_a_big_networks_slide_names_what_it_shows_and_counts_the_rest(big_store, qapp, qtbot, select_hub):
    """Before, at 600 entities: ~30 faded context nodes numbered in a key ("+N more" besides). Now no
    number: the slide shows what fits with names and says how much it leaves out."""
    from karabakh_desktop.gui import theme
    from karabakh_desktop.gui.session import Session

    theme.apply(qapp, "light")
    session = Session(big_store, follow=False)
    try:
        panel = _network(session, qtbot)
        m = panel.model
        hub = m.node_ids[m.label_order(panel.state.measure)[0]]
        if select_hub:
            session.select(hub)
        svg, fig, m = _export(panel)
        words = _words(svg)
        assert not fig.last_unnamed and not fig.last_unnumbered and "Not named for room" not in words
        drawn = {m.node_ids[i] for i in _drawn(fig, m)}
        assert len(drawn) >= 8
        if select_hub:
            said = re.search(r"Shown: the selection and the (\d+) (?:most connected of the (\d+) )?nodes? it touches; "
                             r"([\d,]+) other nodes left out", words)
            assert said, words[-300:]
            touched = set(session.touch.items) | set(session.touch.selected)
            assert hub in drawn and drawn <= touched  # nothing unrelated, faded behind it
            assert int(said.group(3).replace(",", "")) == int(m.node_visible.sum()) - len(drawn)
        else:
            assert re.search(r"Shown: the \d+ most connected of \d+ nodes", words)
        png = ex.export(panel, "png", (1920, 1080), frame=True)
        pdf = ex.export(panel, "pdf", (1920, 1080), frame=True)
        assert png[:4] == b"\x89PNG" and pdf[:5] == b"%PDF-"
    finally:
        session.close()
