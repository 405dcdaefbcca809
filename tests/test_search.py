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


def test_russian_names_of_the_memos_places_are_aliases_marked_as_context(db):
    for q, item in (("Шуша", "shusha"), ("шуша", "shusha"), ("Степанакерт", "khankendi-stepanakert"),
                    ("Лачинский коридор", "lachin-corridor"), ("Нахичевань", "nakhchivan"), ("Россия", "russia")):
        assert item in ids(db, q), q
    rows = [r for r in db.execute("SELECT alias, usage, used_by FROM aliases WHERE usage = 'ru'").fetchall()
            if any("а" <= ch.lower() <= "я" for ch in r[0])]  # the Cyrillic ones
    assert len(rows) >= 20
    assert all("not in the memo" in used_by and "source" in used_by for _, _, used_by in rows)


def test_the_search_box_says_when_nothing_matches(session, qtbot):
    from karabakh_desktop.gui.search_box import ID_ROLE, SearchBox

    box = SearchBox(session)
    qtbot.addWidget(box)
    for text in ("qwxzzv", "*", "Шушаград"):
        box.refresh(text)
        assert box.hits == [] and box.no_results
        assert box.model.rowCount() == 1 and box.model.item(0).text().startswith("No matches")
        assert box.model.item(0).data(ID_ROLE) is None  # nothing to select
    box.refresh("Шуша")
    assert not box.no_results and box.hits[0].item_id == "shusha"
