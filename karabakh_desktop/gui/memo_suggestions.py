"""The memo panel's part in the analyst's own reading: suggested mentions drawn distinctly and
confirmed or rejected (one, or every one of that name in the document), and what is recorded
from a selected passage ("Tag as…", "Record relation…", "Record claim…").

Suggestions are drawn in the text's own colour with a dotted underline in the kind's colour (a
confirmed mention is written in the kind's colour), the confidence in the tooltip. Keys, when
the text has focus: C confirm, R reject, Shift+C / Shift+R all of that name, S next suggestion;
Ctrl+T tag the selected passage, Ctrl+Shift+R record a relation, Ctrl+Shift+L record a claim.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from ..core.wording import counted
from . import theme


def decorate(model, suggested, kinds: dict, label, only: set | None = None) -> None:
    """Keep the positions of the document's suggested mentions and draw them (``only``: just these
    (start, end, entity) document spans — the others are drawn already)."""
    model.suggested = []
    starts = [p[0] for p in model.para_pos]
    cur = QTextCursor(model.doc)
    cur.beginEditBlock()  # one layout pass for all, not one per span
    for mid, eid, start, end, conf in suggested:
        pos = _doc_pos(model, starts, start, end)
        if pos is None:
            continue
        a, b = pos
        model.suggested.append((a, b, mid, eid, conf))
        if only is not None and (a, b, eid) not in only:
            continue
        fmt = QTextCharFormat()
        fmt.setFontUnderline(True)
        fmt.setUnderlineStyle(QTextCharFormat.DotLine)
        fmt.setUnderlineColor(QColor(theme.kind_colour(kinds.get(eid))))
        fmt.setAnchor(True)
        fmt.setAnchorHref(f"suggest:{mid}")
        name = label(eid).replace("&", "&amp;").replace("<", "&lt;")
        fmt.setToolTip(f"<qt>Suggested: {name} ({kinds.get(eid)}), confidence {conf:.0%}<br>"
                       f"C confirm · R reject · Shift+C / Shift+R every one of this name here</qt>")
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.KeepAnchor)
        cur.mergeCharFormat(fmt)
    cur.endEditBlock()


def _doc_pos(model, starts: list[int], start: int, end: int) -> tuple[int, int] | None:
    i = bisect_right(starts, start) - 1
    if i < 0 or end > model.para_pos[i][1]:
        return None
    a = model.para_pos[i][2] + start - model.para_pos[i][0]
    return a, a + end - start


def restyle_mentions(model, content, kinds: dict, label, mention_format) -> None:
    """After confirmations or rejections: restyle only the spans whose status changed, instead of
    laying out the document again (a 300-page document takes most of a second to build, and an
    analyst confirms key after key). ``mention_format(entity)`` is a confirmed mention's format."""
    starts = [p[0] for p in model.para_pos]
    confirmed = {}
    for eid, start, end in content.mentions:
        pos = _doc_pos(model, starts, start, end)
        if pos is not None:
            confirmed[(*pos, eid)] = True
    old_confirmed = set(model.mentions)
    old_suggested = {(a, b, eid) for a, b, _mid, eid, _c in model.suggested}
    cur = QTextCursor(model.doc)
    cur.beginEditBlock()

    def span(a: int, b: int) -> QTextCursor:
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.KeepAnchor)
        return cur

    new_suggested = set()
    for _mid, eid, start, end, _conf in content.suggested:
        pos = _doc_pos(model, starts, start, end)
        if pos is not None:
            new_suggested.add((*pos, eid))
    for a, b, _eid in (old_confirmed | old_suggested) - set(confirmed) - new_suggested:  # back to plain text
        c = span(a, b)
        f = c.charFormat()
        f.clearForeground()
        f.setFontUnderline(False)
        f.setAnchor(False)
        f.setAnchorHref("")
        f.setToolTip("")
        c.setCharFormat(f)
    for a, b, eid in set(confirmed) - old_confirmed:
        c = span(a, b)
        f = c.charFormat()
        f.merge(mention_format(eid))
        f.setUnderlineColor(QColor())  # not a suggestion's coloured underline any more
        c.setCharFormat(f)
    cur.endEditBlock()
    model.mentions = sorted(confirmed, key=lambda m: m[0])
    model.by_entity = {}
    for a, b, eid in model.mentions:
        model.by_entity.setdefault(eid, []).append((a, b))
    decorate(model, content.suggested, kinds, label, only=new_suggested - old_suggested)


def text_offset(model, pos: int) -> int | None:
    """The offset in the document's text of a position in the shown QTextDocument."""
    origins = [p[2] for p in model.para_pos]
    i = bisect_right(origins, pos) - 1
    if i < 0:
        return None
    start, end, origin = model.para_pos[i]
    return min(start + pos - origin, end)


class SuggestionControls:
    """The bar under the memo's header and the keys and context menu of its text."""

    def __init__(self, panel):
        self.panel = panel
        self.current: int | None = None  # index into the shown document's suggestions
        self.label = QLabel()
        self.label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("888 suggested") + 4)
        self.buttons = {}
        # short texts: the memo usually lives in a narrow dock; the tooltips say it in full
        specs = (("next", "▸", "Next suggestion", "S", lambda: self.step(+1)),
                 ("confirm", "✓", "Confirm this suggestion", "C", lambda: self.set_status("confirmed")),
                 ("reject", "✗", "Reject this suggestion", "R", lambda: self.set_status("rejected")),
                 ("confirm_all", "✓ All", "Confirm every suggestion of this name in the document", "Shift+C",
                  lambda: self.set_status("confirmed", every=True)),
                 ("reject_all", "✗ All", "Reject every suggestion of this name in the document", "Shift+R",
                  lambda: self.set_status("rejected", every=True)))
        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 2)
        row.setSpacing(2)
        row.addWidget(self.label, 1)
        for key, text, tip, shortcut, slot in specs:
            b = self.buttons[key] = QToolButton(text=text)
            b.setToolTip(f"{tip} ({shortcut})")
            b.clicked.connect(slot)
            row.addWidget(b)
            act = QAction(panel.view)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.WidgetShortcut)
            act.triggered.connect(slot)
            panel.view.addAction(act)
        for shortcut, slot in (("Ctrl+T", self.tag), ("Ctrl+Shift+R", self.relation), ("Ctrl+Shift+L", self.claim)):
            act = QAction(panel.view)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.WidgetShortcut)
            act.triggered.connect(slot)
            panel.view.addAction(act)
        again = self.buttons["again"] = QToolButton(text="↻")
        again.setToolTip("Look for names in this document again, after you added entities or names "
                         "(only new finds; what you rejected stays rejected)")
        again.clicked.connect(self.suggest_again)
        row.addWidget(again)
        self.bar = QWidget()
        self.bar.setLayout(row)
        panel.view.anchorClicked.connect(self._on_anchor)
        panel.view.setContextMenuPolicy(Qt.CustomContextMenu)
        panel.view.customContextMenuRequested.connect(self._menu)
        self.refresh()

    # --- suggestions ------------------------------------------------------------------------------
    @property
    def suggested(self) -> list:
        return self.panel.shown.suggested if self.panel.shown else []

    def refresh(self) -> None:
        n = len(self.suggested)
        if self.current is not None and self.current >= n:
            self.current = None
        for key, b in self.buttons.items():
            b.setEnabled(n > 0 or key == "again")
            b.setVisible(n > 0 or key == "again")  # nothing to step through, confirm or reject: no buttons for it
        if n == 0:  # the memo itself, or every suggestion dealt with: say so, not "0 suggested"
            self.label.setText("No suggestions")
            self.label.setToolTip("No suggested mentions in this document to confirm or reject; "
                                  "↻ looks for them again")
        elif self.current is None:
            self.label.setText(f"{n} suggested")
            self.label.setToolTip(f"{counted(n, 'suggested mention')} to confirm or reject: "
                                  "Next Suggestion (S) goes to the first")
        else:
            _a, _b, _mid, eid, conf = self.suggested[self.current]
            name = self.panel.session.label(eid)
            self.label.setText(f"{self.current + 1}/{n}: {name} {conf:.0%}")
            self.label.setToolTip(f"Suggestion {self.current + 1} of {n}: {name}, confidence {conf:.0%}")

    def choose(self, index: int) -> None:
        """Make the index-th suggestion of the shown document the current one and show it."""
        if not self.suggested:
            return
        self.current = index % len(self.suggested)
        a, b, *_ = self.suggested[self.current]
        c = QTextCursor(self.panel.view.document())
        c.setPosition(a)
        c.setPosition(b, QTextCursor.KeepAnchor)
        self.panel.view.setTextCursor(c)
        self.panel.view.ensureCursorVisible()
        self.refresh()

    def step(self, direction: int) -> None:
        self.choose(-1 + direction if self.current is None and direction < 0 else
                    0 if self.current is None else self.current + direction)

    def _on_anchor(self, url) -> None:
        href = url.toString()
        if href.startswith("suggest:"):
            mid = int(href[8:])
            index = next((i for i, s in enumerate(self.suggested) if s[2] == mid), None)
            if index is not None:
                self.choose(index)

    def set_status(self, status: str, *, every: bool = False):
        """Confirm or reject the current suggestion (``every``: each one of that name in the document)."""
        if self.current is None:
            if not self.suggested:
                return None
            self.choose(0)
        from ..core import library  # the edit commands: when first used, not at start-up
        from . import knowledge_commands

        index = self.current
        _a, _b, mid, eid, _conf = self.suggested[index]
        s = self.panel.session
        if every:
            done = knowledge_commands.build(s, library.name_status_command, self.panel.shown.doc_id, eid, status,
                                            parent=self.panel)
        else:
            done = knowledge_commands.build(s, library.status_command, [mid], status, parent=self.panel)
        if done is not None and self.suggested:
            self.choose(min(index, len(self.suggested) - 1))  # on to the next one
        return done

    def suggest_again(self):
        """Run the suggester on the shown document again (an undoable command): new names are found."""
        if self.panel.shown is None:
            return None
        from ..core import library
        from . import knowledge_commands

        return knowledge_commands.run(self.panel.session, library.resuggest_command(self.panel.shown.doc_id),
                                      self.panel)

    # --- recording from a passage -------------------------------------------------------------------
    def passage(self) -> tuple[str, int, int] | None:
        """(document, start, end) of the selected text, or None when nothing is selected."""
        model, c = self.panel.shown, self.panel.view.textCursor()
        if model is None or not c.hasSelection():
            return None
        a, b = text_offset(model, c.selectionStart()), text_offset(model, c.selectionEnd())
        if a is None or b is None or b <= a:
            return None
        return model.doc_id, a, b

    def select_passage(self, start: int, end: int) -> None:
        """Select the text ``[start, end)`` of the shown document (as a drag does)."""
        model = self.panel.shown
        origins = [p[0] for p in model.para_pos]
        i = bisect_right(origins, start) - 1
        pos = model.para_pos[i][2] + start - model.para_pos[i][0]
        c = QTextCursor(self.panel.view.document())
        c.setPosition(pos)
        c.setPosition(pos + end - start, QTextCursor.KeepAnchor)
        self.panel.view.setTextCursor(c)

    def _record(self, dialog_name: str):
        # the forms and the edit commands (core.edits, the undo stack's wrappers): when one is
        # first opened, not at start-up
        from ..core.edits import EditError
        from . import knowledge_commands, record_dialogs

        dialog_class = getattr(record_dialogs, dialog_name)
        where = self.passage()
        if where is None:
            self.panel.session.status.emit("Select a passage of the text first.")
            return None
        try:
            dialog = dialog_class(self.panel.session, *where, self.panel)
        except EditError as exc:  # e.g. a passage over two sentences: say why, nothing is opened
            knowledge_commands.refused(self.panel.session, exc, self.panel)
            return None
        return dialog.run()

    def tag(self):
        return self._record("TagDialog")

    def relation(self):
        return self._record("RelationDialog")

    def claim(self):
        return self._record("ClaimDialog")

    def _menu(self, pos) -> None:
        self.context_menu(pos).exec(self.panel.view.mapToGlobal(pos))

    def context_menu(self, pos):
        """The text's context menu at ``pos`` (viewport coordinates): copy and select, then what can be
        recorded from the selected passage, then, on a suggestion, confirm or reject it."""
        view = self.panel.view
        menu = view.createStandardContextMenu(pos)
        menu.addSeparator()
        has = self.passage() is not None
        for text, slot in (("Tag as…\tCtrl+T", self.tag), ("Record Relation…\tCtrl+Shift+R", self.relation),
                           ("Record Claim…\tCtrl+Shift+L", self.claim)):
            act = menu.addAction(text, slot)
            act.setEnabled(has)
        at = view.cursorForPosition(pos).position()
        hit = next((i for i, s in enumerate(self.suggested) if s[0] <= at < s[1]), None)
        if hit is not None:
            menu.addSeparator()
            self.choose(hit)
            for text, status, every in (("Confirm Suggestion", "confirmed", False), ("Reject Suggestion", "rejected",
                                                                                     False),
                                        ("Confirm Every One of This Name", "confirmed", True),
                                        ("Reject Every One of This Name", "rejected", True)):
                menu.addAction(text, lambda s=status, e=every: self.set_status(s, every=e))
        return menu
