"""SceneState: the Qt-free record of a window, to and from the JSON kept in the store."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from karabakh_desktop.core.scene_state import SceneState

ids = st.lists(st.text(min_size=1, max_size=12), max_size=5).map(tuple)


@given(selection=ids, naming=st.sampled_from([None, "both", "az", "hy", "en"]), open_=ids,
       days=st.none() | st.tuples(st.integers(0, 3000), st.integers(1, 400)))
def test_round_trip(selection, naming, open_, days):
    window = None if days is None else (dt.date(2000, 1, 1) + dt.timedelta(days[0]),
                                        dt.date(2000, 1, 1) + dt.timedelta(days[0] + days[1]))
    state = SceneState(selection, window, naming, {"map": {"view": "region"}}, open_, open_[:1])
    assert SceneState.from_json(state.to_json()) == state


def test_a_broken_state_reads_as_much_as_it_can():
    state = SceneState.from_json({"selection": ["shusha", 3], "time_window": ["2020-11-10", "2020-01-01"],
                                  "naming": "nonsense", "views": {"map": "not a dict", "network": {"layout": "x"}},
                                  "open": "memo"})
    assert state.selection == ("shusha", "3")
    assert state.time_window is None and state.naming is None and state.open == ()
    assert state.views == {"network": {"layout": "x"}}
    assert SceneState.from_json("garbage") == SceneState()


def test_shown_panels_fall_back_to_open_then_the_main_views():
    assert SceneState(shown=("memo", "scenes")).shown_panels() == ["memo"]
    assert SceneState(open=("details",)).shown_panels() == ["details"]
    assert SceneState().shown_panels() == ["network", "map", "timeline"]
