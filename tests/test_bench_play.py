"""The benchmark's Play goal: a figure to reach (steps per second), not one to stay under."""

from karabakh_desktop import bench


def _result(steps_per_s):
    return {"startup_ratio": 1.0, "startup_s": {"median": 1.0}, "selection": {"total": {"p95": 1.0}},
            "window": {"total": {"p95": 1.0}}, "export": {"map@1920x1080": {"median": 1.0}}, "peak_mb": 1.0,
            "startup_peak_mb": 1.0, "play": {"steps_per_s": steps_per_s}}


def _play_goal(steps_per_s):
    return next(g for g in bench.goals({"10000": _result(steps_per_s)}) if g["metric"] == "play_steps_per_s")


def test_play_passes_at_or_above_twenty_steps_a_second_and_misses_below():
    assert _play_goal(20.0)["pass"] and _play_goal(31.5)["pass"]
    assert not _play_goal(19.9)["pass"]
    assert not _play_goal(None)["pass"]  # not measured is not met
    assert "Play" in bench.report_text({"machine": {"date": "", "cores": 2, "cpu": "", "python": "", "qt": ""},
                                        "runs": 1, "results": {}, "goals": [_play_goal(25.0)]})
