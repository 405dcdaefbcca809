from karabakh_desktop.core.wording import counted


def test_a_count_agrees_with_its_noun():
    assert counted(1, "item") == "1 item"
    assert counted(0, "item") == "0 items"
    assert counted(2, "sentence") == "2 sentences"
    assert counted(12000, "passage") == "12,000 passages"
    assert counted(3, "country", "countries") == "3 countries"
