from karabakh_desktop.core.selection import Selection


def test_same_selection_twice_notifies_nobody():
    sel, seen = Selection(), []
    sel.subscribe(seen.append)
    assert sel.set(["a"]) and not sel.set(["a"])
    assert len(seen) == 1 and seen[0].added == {"a"}


def test_ctrl_click_adds_and_toggles():
    sel = Selection()
    sel.select("a")
    sel.select("b", add=True)
    assert sel.items == ("a", "b") and sel.primary == "b"
    sel.select("a", add=True)
    assert sel.items == ("b",)


def test_history_back_and_forward_like_a_browser():
    sel = Selection()
    for x in ("a", "b", "c"):
        sel.select(x)
    assert sel.back() and sel.items == ("b",)
    assert sel.back() and sel.items == ("a",)
    assert sel.forward() and sel.items == ("b",)
    sel.select("z")  # a new step forgets the forward history
    assert not sel.can_go_forward()
    assert sel.back() and sel.items == ("b",)


def test_unsubscribe():
    sel, seen = Selection(), []
    off = sel.subscribe(seen.append)
    off()
    sel.select("a")
    assert seen == []
