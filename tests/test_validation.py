"""Each class of broken data fails the build with a message naming the file and the record."""

import re

import pytest

from karabakh_desktop.core.build import build
from karabakh_desktop.core.datafiles import DataError, load


def _edit(folder, name, old, new, count=1):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture anchor {old!r} missing from {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _first_value(folder, name, key):
    m = re.search(rf'^{key} = (.+)$', (folder / name).read_text(encoding="utf-8"), re.M)
    return m.group(0)


def _fails(folder, *patterns):
    with pytest.raises(DataError) as err:
        load(folder)
    msg = str(err.value)
    for p in patterns:
        assert re.search(p, msg), f"{p!r} not in:\n{msg}"
    return msg


def test_shipped_data_is_valid():
    kb = load(__import__("karabakh_desktop.paths", fromlist=["x"]).data_dir())
    assert len(kb.all("actor")) > 30 and len(kb.all("relation")) > 30


def test_quote_not_in_the_memo(data_copy):
    _edit(data_copy, "relations.toml", "evidence = [", 'evidence = ["Baku annexed the Moon.", ')
    _fails(data_copy, r"relations\.toml, record '[a-z0-9-]+': quote not found verbatim in the memo: 'Baku annexed")


def test_id_that_points_nowhere(data_copy):
    line = _first_value(data_copy, "relations.toml", "target")
    _edit(data_copy, "relations.toml", line, 'target = "atlantis"')
    _fails(data_copy, r"relations\.toml, record '[a-z0-9-]+': field 'target' points to unknown id 'atlantis'")


def test_alias_claimed_by_two_entities(data_copy):
    _edit(data_copy, "actors.toml", 'name = "Turkey"\n', 'name = "Shushi"\n')
    _fails(data_copy, r"'Shushi' is already claimed by")


def test_impossible_date_and_period_ending_before_start(data_copy):
    _edit(data_copy, "events.toml", 'start = "2020-11-08"', 'start = "2020-11-31"')
    _edit(data_copy, "events.toml", 'end = "2020-11-10"', 'end = "2019-01-01"')
    _fails(data_copy, r"events\.toml, record '[a-z0-9-]+': impossible date '2020-11-31'",
           r"events\.toml, record '[a-z0-9-]+': period ends \(2019-01-01\) before it starts")


def test_coordinates_out_of_range(data_copy):
    line = _first_value(data_copy, "places.toml", "lat")
    _edit(data_copy, "places.toml", line, "lat = 123.0")
    _fails(data_copy, r"places\.toml, record '[a-z0-9-]+': latitude 123\.0 is out of range")


def test_wrong_type_and_missing_field(data_copy):
    line = _first_value(data_copy, "figures.toml", "value")
    _edit(data_copy, "figures.toml", line, 'value = "three thousand"')
    _edit(data_copy, "places.toml", 'place_type = ', 'place_kind = ')
    _fails(data_copy, r"figures\.toml, record '[a-z0-9-]+': field 'value' must be int/float, got str",
           r"places\.toml, record '[a-z0-9-]+': missing field 'place_type'")


def test_bad_syntax_names_the_file(data_copy):
    (data_copy / "claims.toml").write_text("[[claim]\nid = ", encoding="utf-8")
    _fails(data_copy, r"claims\.toml: not valid TOML")


def test_duplicate_id_across_files(data_copy):
    line = _first_value(data_copy, "figures.toml", "id")
    _edit(data_copy, "figures.toml", line, 'id = "shusha"')
    _fails(data_copy, r"figures\.toml, record 'shusha': id 'shusha' is already used in")


def test_context_item_needs_a_source(data_copy):
    _edit(data_copy, "events.toml", 'start = "2020-11-08"', 'start = "2020-11-08"\ncontext = true\nsource = ""')
    _fails(data_copy, r"events\.toml, record '[a-z0-9-]+': a context item \(context = true\) needs a 'source'")


def test_build_reports_all_problems_and_writes_nothing(data_copy, tmp_path):
    _edit(data_copy, "places.toml", 'place_type = ', 'place_kind = ')
    out = tmp_path / "kb.db"
    with pytest.raises(DataError):
        build(data_copy, out)
    assert not out.exists()
