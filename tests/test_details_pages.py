"""The Details page: its links select what they name, its text is copied as text, a theme recolours it."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
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


def _fresh_look(session, show_panel, width, height):
    """What a new Details panel shows for the selection as it stands: its text and its pixels."""
    fresh = show_panel(DetailsPanel(session), width, height)
    QApplication.processEvents()
    try:
        return fresh.view.toHtml(), fresh.view.viewport().grab().toImage()
    finally:
        fresh.close()


def test_a_page_shown_again_is_its_kept_document_and_looks_as_when_fresh(session, show_panel):
    """A page shown lately is swapped in as the document it was parsed into, not parsed again. It
    opens at its top (though its last showing was scrolled down), is laid out at the panel's width
    of now, and after a theme change is parsed anew: each time it looks as a new panel shows it."""
    panel = show_panel(DetailsPanel(session), 300, 320)

    def same_as_fresh():
        QApplication.processEvents()
        html, image = _fresh_look(session, show_panel, panel.width(), panel.height())
        assert panel.view.toHtml() == html
        assert panel.view.viewport().grab().toImage() == image

    session.select("azerbaijan")
    kept = panel.view.document()
    bar = panel.view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())  # read to its end
    for item in ("shusha", "sentence:4", "russia"):
        session.select(item)
    session.select("azerbaijan")
    assert panel.view.document() is kept  # not parsed again
    assert bar.value() == 0
    same_as_fresh()
    panel.resize(420, 300)  # a wider panel: the kept page is laid out again at its width
    session.select("shusha")
    session.select("azerbaijan")
    assert panel.view.document() is kept
    same_as_fresh()
    # The same HTML in both themes (its links take the palette's colour as it is parsed): a page
    # kept from the light theme would show light links on a dark page.
    for item in ("ankara", "anar-valiyev", "ankara"):
        session.select(item)
    kept = panel.view.document()
    try:
        session.set_theme("dark")
        assert panel.view.document() is not kept
        session.select("anar-valiyev")
        session.select("ankara")
        assert {colour for _, colour, _ in _links(panel, "sentence:")} == {theme.link_colour("dark").name()}
        same_as_fresh()
    finally:
        session.set_theme("light")


def test_a_kept_page_takes_the_font_of_now(session, show_panel, qapp):
    """The application's font can change without a theme (a presenter's larger type): a kept page
    shown again is laid out in the font of now, as a new panel lays it out."""
    panel = show_panel(DetailsPanel(session), 330, 400)
    session.select("azerbaijan")
    session.select("shusha")
    font = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(font.pointSizeF() * 1.5)
    try:
        qapp.setFont(bigger)
        QApplication.processEvents()  # the widgets take it
        session.select("azerbaijan")
        doc = panel.view.document()
        page_font = QFont(bigger)  # the application's, drawn without shaping (see DetailsPanel)
        page_font.setStyleStrategy(QFont.PreferNoShaping)
        assert doc.defaultFont() == panel.view.font() == page_font
        fresh = QTextDocument()  # the page as a new panel parses and lays it out, at this width
        fresh.setDefaultFont(page_font)
        fresh.setHtml(panel.view.toHtml())
        fresh.setTextWidth(doc.textWidth())
        assert doc.size() == fresh.size()
    finally:
        qapp.setFont(font)
        QApplication.processEvents()


def test_a_link_on_a_kept_page_selects_what_it_names(session, show_panel, qtbot):
    panel = show_panel(DetailsPanel(session), 330, 600)
    session.select("azerbaijan")
    kept = panel.view.document()
    session.select("shusha")
    session.select("azerbaijan")
    assert panel.view.document() is kept
    href, _, position = next(link for link in _links(panel, "item:") if link[0] != "item:azerbaijan")
    with qtbot.waitSignal(session.selectionChanged):
        _click(panel, qtbot, position)
    assert session.selection.items[-1] == href.removeprefix("item:")


def test_kept_pages_show_a_naming_choice_and_an_edit_at_once(session, show_panel):
    """Kept pages are of the knowledge and the naming as they were: after a change of either, a page
    shown again says what the store says now (a kept page of before would not)."""
    from karabakh_desktop.core import item_edits, naming
    from karabakh_desktop.gui import knowledge_commands

    panel = show_panel(DetailsPanel(session), 330, 600)
    for item in ("kalbajar", "shusha", "kalbajar"):
        session.select(item)
    before = panel.view.toPlainText()
    assert knowledge_commands.build(session, item_edits.set_field_command, "kalbajar", "description",
                                    "my own words")
    session.select("shusha")
    session.select("kalbajar")
    assert "my own words" in panel.view.toPlainText()
    session.undo_stack.undo()
    session.select("shusha")
    session.select("kalbajar")
    assert panel.view.toPlainText() == before
    session.select("shusha")
    heading = panel.view.document().firstBlock().text()
    other = naming.AZ if session.label("shusha") != naming.display_name(
        session.catalog.names["shusha"], session.catalog.aliases["shusha"], naming.AZ) else naming.HY
    session.select("rel-capture-shusha")  # a page that names Shusha in a link, shown under the old naming
    session.set_naming(other)
    session.select("kalbajar")
    session.select("shusha")
    assert panel.view.document().firstBlock().text() == session.label("shusha") != heading
    session.select("rel-capture-shusha")  # its links are named anew too
    text = panel.view.toPlainText()
    assert session.label("shusha") in text and heading not in text


def test_kept_pages_are_bounded_and_the_page_shown_is_never_dropped(session, show_panel, monkeypatch):
    import shiboken6
    from PySide6.QtCore import QEvent

    from karabakh_desktop.gui import details_panel

    monkeypatch.setattr(details_panel, "KEPT_DOCUMENTS", 3)
    panel = show_panel(DetailsPanel(session), 330, 400)
    docs = []
    for item in ("azerbaijan", "shusha", "russia", "armenia", "kalbajar"):
        session.select(item)
        docs.append(panel.view.document())
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert len(panel.kept_pages()) == 3 and panel.view.document() in panel.kept_pages()
    assert [shiboken6.isValid(d) for d in docs] == [False, False, True, True, True]  # the oldest went
    # a page larger than all the room there is stays while shown, and goes when another replaces it
    monkeypatch.setattr(details_panel, "KEPT_DOCUMENT_CHARS", 10)
    session.select("shusha")
    big = panel.view.document()
    assert panel.kept_pages() == [big]
    session.select("russia")
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert not shiboken6.isValid(big) and panel.view.toPlainText().startswith(session.label("russia"))


def test_a_kept_page_tells_assistive_technology_its_text_changed(session, show_panel, monkeypatch):
    from karabakh_desktop.gui import details_panel

    told = []

    class Accessible:
        isActive = staticmethod(lambda: True)
        updateAccessibility = staticmethod(lambda event: told.append((event.textInserted(), event.textRemoved())))

    monkeypatch.setattr(details_panel, "QAccessible", Accessible)
    panel = show_panel(DetailsPanel(session), 330, 400)  # its first page replaces the view's own document
    assert [new.split("\n")[0] for new, _ in told] == ["Nothing selected."]
    session.select("shusha")
    session.select("azerbaijan")
    session.select("shusha")  # a kept page
    assert [(new.split("\n")[0], old.split("\n")[0]) for new, old in told[2:]] == [
        (session.label("azerbaijan"), session.label("shusha")), (session.label("shusha"), session.label("azerbaijan"))]
    assert told[-1][0] == panel.view.toPlainText()


def test_notes_on_a_page_shown_again_save_and_undo(session, show_panel):
    """The page and its notes editor read the item's notes once between them; a note saved shows on the
    page and in the editor's list at once, and goes from both with an undo."""
    panel = show_panel(DetailsPanel(session), 330, 600)
    for item in ("shusha", "azerbaijan", "shusha"):
        session.select(item)
    editor = panel.note_editor
    editor.start_edit(None)
    editor.editor.setPlainText("written on a page shown again")
    assert editor.save() is not None
    assert "written on a page shown again" in panel.view.toPlainText()
    assert editor.list.count() == 1 and editor.heading.text() == "Notes: 1"
    assert editor.edit_row.isHidden() and editor.editor.toPlainText() == ""
    session.select("azerbaijan")
    session.select("shusha")
    assert "written on a page shown again" in panel.view.toPlainText() and editor.list.count() == 1
    session.undo_stack.undo()
    assert "written on a page shown again" not in panel.view.toPlainText()
    assert editor.list.count() == 0 and editor.heading.text() == "No notes"
    editor.start_edit(None)  # a draft is dropped when another item is shown, as before
    editor.editor.setPlainText("a draft")
    session.select("azerbaijan")
    assert editor.edit_row.isHidden() and editor.editor.toPlainText() == ""


def test_the_edit_bar_follows_the_kind_of_each_item(session, show_panel):
    """Names and merges are for entities: the bar's buttons for them grey for a claim and come back
    for an actor, whatever came between (the bar is touched only when what it shows changes)."""
    panel = show_panel(DetailsPanel(session), 330, 600)
    claim = next(i for i, k in sorted(session.catalog.kinds.items()) if k == "claim")
    for item, entity in (("azerbaijan", True), ("russia", True), (claim, False), ("sentence:4", False),
                         ("shusha", True), (claim, False), ("azerbaijan", True)):
        session.select(item)
        assert [panel.editor.buttons[k].isEnabled() for k in ("add_alias", "remove_alias", "merge")] == [entity] * 3
        assert panel.editor.buttons["field"].isEnabled() == (not item.startswith("sentence:")), item


def test_only_the_page_shown_is_laid_out(session, show_panel):
    """The view lays a page out afresh at its own width each time it shows it (whatever the page knows),
    so the pages kept but not shown keep no lines (their memory, and no layout left running in the
    background for a long one) and a new page is laid out by the view alone."""
    panel = show_panel(DetailsPanel(session), 330, 400)
    for item in ("azerbaijan", "shusha", "russia", "azerbaijan", "sentence:4"):
        session.select(item)
    QApplication.processEvents()
    shown = panel.view.document()
    kept = panel.kept_pages()
    assert len(kept) == 5 and shown in kept  # "Nothing selected." too
    for doc in kept:
        lines = sum(doc.findBlockByNumber(n).layout().lineCount() for n in range(doc.blockCount()))
        if doc is shown:
            assert doc.pageSize().width() == panel.view.viewport().width() and lines >= doc.blockCount()
        else:
            assert doc.pageSize().isNull() and lines == 0


def test_a_page_that_fits_and_one_that_does_not_are_laid_out_at_one_width(session, show_panel):
    """The scroll bar stays (greyed) on a page that fits: shown and hidden page by page, it laid each
    such page out twice, once at each width, and rewrapped the text 14 px wider or narrower."""
    panel = show_panel(DetailsPanel(session), 330, 400)
    bar, widths = panel.view.verticalScrollBar(), set()
    for item, fits in (("caucasus", True), ("armenia", False), ("caucasus", True)):
        session.select(item)
        QApplication.processEvents()
        assert (bar.maximum() == 0) == fits, item
        assert bar.isVisible()
        widths.add(panel.view.viewport().width())
    assert len(widths) == 1
