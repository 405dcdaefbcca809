from karabakh_desktop.core import naming
from karabakh_desktop.core.catalog import Catalog

STEP = [("Khankendi", "az", "name"), ("Stepanakert", "hy", "name")]


def test_both_usages_side_by_side():
    assert naming.display_name("Stepanakert", STEP, naming.BOTH) == "Khankendi / Stepanakert"
    assert naming.display_name("Stepanakert", STEP, naming.AZ) == "Khankendi"
    assert naming.display_name("Stepanakert", STEP, naming.HY) == "Stepanakert"
    assert naming.display_name("Stepanakert", STEP, naming.EN) == "Stepanakert"


def test_spellings_are_not_contested_names():
    aliases = [("Naxçıvan", "az", "spelling"), ("Nakhijevan", "hy", "spelling")]
    assert naming.display_name("Nakhchivan", aliases, naming.BOTH) == "Nakhchivan"
    assert not naming.is_contested("Nakhchivan", aliases)
    # A country's own name in its language is not a contest either.
    assert naming.display_name("Azerbaijan", [("Azərbaycan", "az", "name")], naming.BOTH) == "Azerbaijan"
    assert naming.display_name("Armenia", [("Hayastan", "hy", "name")], naming.HY) == "Armenia"


def test_native_spelling_gives_way_to_the_english_name():
    aliases = [("Laçın dəhlizi", "az", "name"), ("Berdzor corridor", "hy", "name")]
    assert naming.display_name("Lachin Corridor", aliases) == "Lachin Corridor / Berdzor corridor"
    kalbajar = [("Kəlbəcər", "az", "spelling"), ("Karvachar", "hy", "name")]
    assert naming.display_name("Kalbajar", kalbajar) == "Kalbajar / Karvachar"
    assert naming.display_name("Kalbajar", kalbajar, naming.AZ) == "Kalbajar"


def test_store_labels(db):
    cat = Catalog(db)
    assert cat.label("shusha", naming.BOTH) == "Shusha / Shushi"
    assert cat.label("syunik", naming.BOTH) == "Zangezur / Syunik"
    assert cat.label("azerbaijan", naming.BOTH) == "Azerbaijan"
    assert cat.label("shusha", naming.HY) == "Shushi"
    assert cat.label("khankendi-stepanakert", naming.BOTH) == "Khankendi / Stepanakert"
    rid = db.execute("SELECT id FROM relations WHERE source_id='russia' LIMIT 1").fetchone()[0]
    assert cat.label(rid).startswith("Russia →")
