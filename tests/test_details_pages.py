"""The Details page: its links select what they name, its text is copied as text, a theme recolours it."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from karabakh_desktop.gui import theme
from karabakh_desktop.gui.details_panel import DetailsPanel


def _links(panel, prefix=""):
    """(href, colour, position) of every link on the page shown."""
    doc, out = panel.view.document(), []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            f = it.fragment()
            fmt = f.charFormat()
            if fmt.isAnchor() and fmt.anchorHref().startswith(prefix):
                out.append((fmt.anchorHref(), fmt.foreground().color().name(), f.position() + f.length() // 2))
            it += 1
        block = block.next()
    return out


def _click(panel, qtbot, position):
    cursor = panel.view.textCursor()
    cursor.setPosition(position)
    panel.view.setTextCursor(cursor)
    panel.view.ensureCursorVisible()
    at = panel.view.cursorRect(cursor).center()
    qtbot.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=at)


def test_the_links_of_a_page_select_and_its_text_is_copied(session, show_panel, qtbot):
    panel = show_panel(DetailsPanel(session), 330, 600)
    session.select("shusha")
    session.select("azerbaijan")
    href, _, position = next(link for link in _links(panel, "item:") if link[0] != "item:azerbaijan")
    with qtbot.waitSignal(session.selectionChanged):
        _click(panel, qtbot, position)
    assert session.selection.items[-1] == href.removeprefix("item:")
    session.select("azerbaijan")
    panel.view.selectAll()
    panel.view.copy()
    assert "Azerbaijan" in QApplication.clipboard().text()
    assert panel.view.textInteractionFlags() & Qt.TextSelectableByMouse


def test_a_theme_change_recolours_the_page_shown(session, show_panel):
    """A link without a kind colour takes the palette's link colour when its page is parsed: after
    a theme change it must not keep the old theme's (dark blue on a dark page)."""
    panel = show_panel(DetailsPanel(session), 330, 600)
    session.select("shusha")
    session.select("azerbaijan")
    light = {colour for _, colour, _ in _links(panel, "sentence:")}
    assert light == {theme.link_colour("light").name()}
    try:
        session.set_theme("dark")
        assert {colour for _, colour, _ in _links(panel, "sentence:")} == {theme.link_colour("dark").name()}
        session.select("shusha")
        session.select("azerbaijan")
        assert {colour for _, colour, _ in _links(panel, "sentence:")} == {theme.link_colour("dark").name()}
    finally:
        session.set_theme("light")


def test_a_sentence_between_items_lays_out_neither_the_window_nor_its_docks(window, window_layouts):
    """The edit bar stays in place (greyed) for a sentence: hiding it and showing it again for the next
    item laid out the Details dock and then every dock of the window."""
    panel = window.panels["details"]
    first = window.session.db.execute("SELECT id FROM sentences ORDER BY id LIMIT 1").fetchone()[0]
    sentence = f"sentence:{first}"

    def check(item):
        assert panel.editor.bar.isVisible()
        assert panel.editor.bar.isEnabled() == (item != sentence), item
        assert panel.editor.buttons["field"].isEnabled() == (item != sentence)

    assert window_layouts((sentence, "baku", sentence, "armenia"), after=check) == []
    window.session.clear_selection()  # nothing selected: nothing to edit, no bar
    QApplication.processEvents()
    assert not panel.editor.bar.isVisible()


def test_a_page_shown_again_is_not_read_again_until_the_knowledge_changes(session, show_panel):
    """An item's page is read from the store once (≈ 10 queries): shown again it is the same page, read
    again only after an edit of the knowledge (done or undone), which it then shows at once."""
    from karabakh_desktop.core import item_edits
    from karabakh_desktop.gui import knowledge_commands

    panel = show_panel(DetailsPanel(session), 330, 600)
    queries = []
    session.db.conn.set_trace_callback(queries.append)
    try:
        session.select("kalbajar")
        first = panel.view.toPlainText()
        read_first = len(queries)
        session.select("shusha")
        queries.clear()
        session.select("kalbajar")
        assert panel.view.toPlainText() == first
        # the page itself is kept; only the analyst's notes on it are read afresh (one query)
        assert read_first >= 5 and len(queries) <= 2, queries
        assert knowledge_commands.build(session, item_edits.set_field_command, "kalbajar", "description",
                                        "my own words")
        assert "my own words" in panel.view.toPlainText()
        session.undo_stack.undo()
        assert "my own words" not in panel.view.toPlainText() and panel.view.toPlainText() == first
    finally:
        session.db.conn.set_trace_callback(None)
