from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from karabakh_desktop.core.search import search


def ids(db, q):
    return [h.item_id for h in search(db, q)]


def test_search_with_and_without_diacritics(db):
    for q in ("Nakhchivan", "Naxçıvan", "naxcivan", "NAKHCHIVAN"):
        assert "nakhchivan" in ids(db, q)[:3], q


def test_search_finds_contested_names_either_way(db):
    assert ids(db, "stepanakert")[0] == ids(db, "Khankendi")[0]
    assert "shusha" in ids(db, "Şuşa")[:3]
    assert "shusha" in ids(db, "Shushi")[:3]


def test_search_finds_full_text_and_prefixes(db):
    hits = search(db, "outsiders ought")
    assert any(h.kind in ("sentence", "claim") for h in hits)
    assert "nikol-pashinyan" in ids(db, "Pashin")


def test_notes_are_searchable(store_copy):
    from karabakh_desktop.core.store import open_store

    d = open_store(store_copy)
    with d.atomic():
        d["user_notes"].insert({"item_id": "ganja", "text": "Çox vacib: verify strike dates", "created": 1,
                                "updated": 1})
    assert any(h.item_id == "ganja" and h.field == "note" for h in search(d, "cox vacib"))
    d.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_search_never_raises(db, q):
    for hit in search(db, q):
        assert hit.item_id
