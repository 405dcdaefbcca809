import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from karabakh_desktop.cli import main
from karabakh_desktop.core import exports


def test_gexf_and_graphml_read_back(db, tmp_path):
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        out = tmp_path / f"n.{fmt}"
        exports.export(db, fmt, out)
        g = reader(out)
        assert "russia" in g.nodes and g.number_of_edges() >= 50
        assert g.nodes["russia"]["label"] == "Russia"


def test_geojson_has_every_place(db, tmp_path):
    out = tmp_path / "places.geojson"
    exports.export(db, "geojson", out)
    fc = json.loads(out.read_text(encoding="utf-8"))
    n_places = db.execute("SELECT count(*) FROM places").fetchone()[0]
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == n_places
    shusha = next(f for f in fc["features"] if f["id"] == "shusha")
    lon, lat = shusha["geometry"]["coordinates"]
    assert 46.6 < lon < 46.9 and 39.6 < lat < 39.9
    assert {"alias": "Shushi", "usage": "hy"}.items() <= {k: v for a in shusha["properties"]["aliases"]
                                                          if a["alias"] == "Shushi" for k, v in a.items()}.items()


def test_csv_tables(db, tmp_path):
    written = exports.export(db, "csv", tmp_path)
    assert sorted(p.name for p in written) == ["claims.csv", "events.csv", "relations.csv"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text(encoding="utf-8"))))
    assert any(r["start"] == "2020-09-27" for r in rows)


def test_write_atomic_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports.os, "fsync", full_disk)
    with pytest.raises(OSError):
        exports.write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_cli_export_to_missing_folder(built_store, tmp_path):
    res = CliRunner().invoke(main, ["db", "export", "--format", "gexf", "--out", str(tmp_path / "no" / "x.gexf"),
                                    "--db", str(built_store)])
    assert res.exit_code == 1 and "does not exist" in res.output and "Traceback" not in res.output


def test_exported_files_get_the_usual_permissions(tmp_path):
    old = exports.os.umask(0o022)
    try:
        exports.write_atomic(tmp_path / "x.png", b"data")
    finally:
        exports.os.umask(old)
    assert (tmp_path / "x.png").stat().st_mode & 0o777 == 0o644
