"""The forms that record what a selected passage says: tag it as an entity (a searchable picker, or
a new actor, place or event), record a relation, record a claim. The passage becomes the item's
evidence (document, sentence, offsets, quote) in the core; each form makes one undoable command.

A form the core refuses (:class:`edits.EditError`) says why under its fields and stays open:
nothing typed is lost. ``submit()`` is what the OK button does (tests call it too).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ..core import datafiles, dates, record
from ..core.edits import EditError
from ..core.fold import fold
from . import knowledge_commands

ID_ROLE = 0x0101


class _Form(QDialog):
    """A form over a passage ``[start, end)`` of ``doc``; ``command()`` builds the core command."""

    title = ""

    def __init__(self, session, doc: str, start: int, end: int, parent=None):
        super().__init__(parent)
        self.session, self.doc, self.start, self.end = session, doc, start, end
        self.quote = record.passage(session.db, doc, start, end)[2]
        self.result_cmd = None
        self.setWindowTitle(self.title)
        self.setMinimumWidth(440)
        self.lay = QVBoxLayout(self)
        q = QLabel(f"“{self.quote}”")
        q.setWordWrap(True)
        q.setStyleSheet("font-style: italic")
        self.lay.addWidget(q)
        self.form = QFormLayout()
        self.lay.addLayout(self.form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#B00020")

    def finish(self) -> None:
        self.lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.lay.addWidget(buttons)

    def entity_box(self, kinds=("actor", "place", "event"), *, optional: bool = False) -> QComboBox:
        """A searchable (type to filter) choice of existing items of these kinds."""
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.NoInsert)
        if optional:
            box.addItem("—", None)
        cat = self.session.catalog
        for item in sorted((i for i, k in cat.kinds.items() if k in kinds), key=lambda i: fold(self.session.label(i))):
            box.addItem(f"{self.session.label(item)} ({cat.kinds[item]})", item)
        box.completer().setFilterMode(Qt.MatchContains)  # "karab" finds "Nagorno-Karabakh"
        return box

    def command(self):
        raise NotImplementedError

    def submit(self):
        """Build and do the command; on bad input say why and stay open."""
        try:
            cmd = self.command()
        except EditError as exc:
            self.error.setText(str(exc))
            return None
        self.result_cmd = knowledge_commands.run(self.session, cmd, self)
        if self.result_cmd is not None:
            self.accept()
        return self.result_cmd

    def run(self):
        self.exec()
        return self.result_cmd


class TagDialog(_Form):
    """Tag the passage as an existing entity (type to search), or as a new one."""

    title = "Tag as…"

    def __init__(self, session, doc, start, end, parent=None):
        super().__init__(session, doc, start, end, parent)
        self.search = QLineEdit(self.quote)
        self.search.setPlaceholderText("Search names and aliases")
        self.list = QListWidget()
        self.search.textChanged.connect(self.filter)
        self.form.addRow("Find", self.search)
        self.lay.addWidget(self.list, 1)
        new = QPushButton("New Entity…")
        new.clicked.connect(self.new_entity)
        self.lay.addWidget(new)
        self.finish()
        self.filter(self.quote)

    def filter(self, text: str) -> None:
        key = fold(text.strip())
        cat = self.session.catalog
        self.list.clear()
        for item, kind in sorted(cat.kinds.items(), key=lambda kv: fold(self.session.label(kv[0]))):
            if kind not in ("actor", "place", "event"):
                continue
            names = [cat.names[item], *(a[0] for a in cat.aliases.get(item, ()))]
            if key and not any(key in fold(n) for n in names):
                continue
            it = QListWidgetItem(f"{self.session.label(item)} ({kind})")
            it.setData(ID_ROLE, item)
            self.list.addItem(it)
        if self.list.count() == 0 and key:
            self.filter("")
        else:
            self.list.setCurrentRow(0)

    def command(self):
        it = self.list.currentItem()
        if it is None:
            raise EditError("choose an entity, or make a new one")
        return record.tag_command(self.session.db, self.doc, self.start, self.end, it.data(ID_ROLE))

    def new_entity(self):
        form = EntityDialog(self.session, self.doc, self.start, self.end, self.parent())
        self.result_cmd = form.run()
        if self.result_cmd is not None:
            self.accept()
        return self.result_cmd


class _Candidates(QThread):
    """The gazetteer's first read takes a while: off the GUI thread."""

    found = Signal(object, str)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name

    def run(self) -> None:
        try:
            self.found.emit(record.place_candidates(self.name), "")
        except EditError as exc:
            self.found.emit([], str(exc))


class EntityDialog(_Form):
    """A new actor, place or event: name, kind, subtype, aliases with usage, description; a place's
    coordinates (with the gazetteer's candidates, nearest to the region first); an event's dates."""

    title = "New entity"

    def __init__(self, session, doc, start, end, parent=None):
        super().__init__(session, doc, start, end, parent)
        self.kind = QComboBox()
        self.kind.addItems(list(record.ENTITY_KINDS))
        self.name = QLineEdit(self.quote.strip())
        self.subtype = QComboBox()
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText("other names, separated by ;")
        self.usage = QComboBox()
        self.usage.addItems(sorted(datafiles.USAGES))
        self.usage.setCurrentText("other")
        self.description = QLineEdit()
        # empty until the analyst types them or picks a candidate: never a made-up default position
        self.lat, self.lon = QLineEdit(), QLineEdit()
        self.lat.setPlaceholderText("e.g. 39.6014 (north)")
        self.lon.setPlaceholderText("e.g. 46.5469 (east)")
        self.candidates = QComboBox()
        self.candidates.activated.connect(self._use_candidate)
        self.find = QPushButton("Find in Gazetteer")
        self.find.clicked.connect(self.find_candidates)
        self.date_start, self.date_end = QLineEdit(), QLineEdit()
        self.date_start.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY")
        self.precision = QComboBox()
        self.precision.addItems(list(dates.PRECISIONS))
        self.event_place = self.entity_box(("place",), optional=True)
        for label, w in (("Kind", self.kind), ("Name", self.name), ("Type", self.subtype), ("Aliases", self.aliases),
                         ("Their usage", self.usage), ("Description", self.description), ("Latitude", self.lat),
                         ("Longitude", self.lon), ("", self.find), ("Candidates", self.candidates),
                         ("Start", self.date_start), ("End", self.date_end), ("Known to the", self.precision),
                         ("Where", self.event_place)):
            self.form.addRow(label, w)
        self.kind.currentTextChanged.connect(self._kind_changed)
        self._worker = None
        self.finish()
        self._kind_changed(self.kind.currentText())

    def _kind_changed(self, kind: str) -> None:
        self.subtype.clear()
        self.subtype.addItems(sorted(record.SUBTYPES[kind]))
        self.subtype.setCurrentText({"place": "town", "actor": "organisation"}.get(kind, ""))
        for rows, shown in (((self.lat, self.lon, self.find, self.candidates), kind == "place"),
                            ((self.date_start, self.date_end, self.precision, self.event_place), kind == "event")):
            for w in rows:
                self.form.setRowVisible(w, shown)

    def find_candidates(self) -> None:
        self.find.setEnabled(False)
        self.find.setText("Looking…")
        self._worker = _Candidates(self.name.text(), self)
        self._worker.found.connect(self._on_candidates)
        self._worker.start()

    def _on_candidates(self, hits, error: str) -> None:
        self._worker.wait()
        self.find.setEnabled(True)
        self.find.setText("Find in Gazetteer")
        self.candidates.clear()
        if error:
            self.error.setText(error)
        for h in hits:
            self.candidates.addItem(f"{h['name']} ({h['country']}), {h['lat']:.3f}, {h['lon']:.3f} — "
                                    f"{h['distance_km']} km from the region", (h["lat"], h["lon"]))
        if hits:
            self._use_candidate(0)
        elif not error:
            self.candidates.addItem("No town of this name in the gazetteer: enter the coordinates", None)

    def _use_candidate(self, index: int) -> None:
        data = self.candidates.itemData(index)
        if data:
            self.lat.setText(f"{data[0]:.4f}")
            self.lon.setText(f"{data[1]:.4f}")

    def command(self):
        kind = self.kind.currentText()
        aliases = [{"alias": a.strip(), "usage": self.usage.currentText()} for a in self.aliases.text().split(";")
                   if a.strip()]
        extra = {}
        if kind == "place":
            extra = {"lat": _number(self.lat.text()), "lon": _number(self.lon.text())}
        elif kind == "event":
            extra = {"date_start": self.date_start.text().strip() or None,
                     "date_end": self.date_end.text().strip() or None,
                     "precision": self.precision.currentText() if self.date_start.text().strip() else None,
                     "place": self.event_place.currentData()}
            if extra["date_start"]:
                extra["precision"] = dates.precision_of(extra["date_start"])
        return record.create_entity_command(self.session.db, self.doc, self.start, self.end, kind=kind,
                                            name=self.name.text(), subtype=self.subtype.currentText(),
                                            aliases=aliases, description=self.description.text().strip() or None,
                                            **extra)


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None  # the core says what it needs


class RelationDialog(_Form):
    title = "Record relation"

    def __init__(self, session, doc, start, end, parent=None):
        super().__init__(session, doc, start, end, parent)
        self.source, self.target = self.entity_box(), self.entity_box()
        self.kind = QLineEdit()
        self.kind.setPlaceholderText("supports, opposes, mediates … (a word)")
        self.sign = QComboBox()
        self.sign.addItems(sorted(datafiles.SIGNS))
        self.date_start, self.date_end = QLineEdit(), QLineEdit()
        self.date_start.setPlaceholderText("from (optional): YYYY-MM-DD, YYYY-MM or YYYY")
        self.directed = QCheckBox("Directed (source acts on target)")
        self.directed.setChecked(True)
        self.asserted_by = self.entity_box(("actor",), optional=True)
        for label, w in (("Source", self.source), ("Relation", self.kind), ("Target", self.target),
                         ("Sign", self.sign), ("From", self.date_start), ("Until", self.date_end), ("", self.directed),
                         ("Asserted by", self.asserted_by)):
            self.form.addRow(label, w)
        self.finish()

    def command(self):
        return record.relation_command(
            self.session.db, self.doc, self.start, self.end, source=self.source.currentData(),
            kind=self.kind.text().strip(), sign=self.sign.currentText(), target=self.target.currentData(),
            date_start=self.date_start.text().strip() or None, date_end=self.date_end.text().strip() or None,
            directed=self.directed.isChecked(), asserted_by=self.asserted_by.currentData())


class ClaimDialog(_Form):
    title = "Record claim"

    def __init__(self, session, doc, start, end, parent=None):
        super().__init__(session, doc, start, end, parent)
        self.claimant = self.entity_box(("actor",))
        self.kind = QComboBox()
        self.kind.addItems(sorted(datafiles.CLAIM_KINDS))
        self.summary = QLineEdit()
        self.subject = self.entity_box(optional=True)
        for label, w in (("Claimant", self.claimant), ("Kind", self.kind), ("Summary", self.summary),
                         ("About", self.subject)):
            self.form.addRow(label, w)
        self.finish()

    def command(self):
        return record.claim_command(self.session.db, self.doc, self.start, self.end,
                                    claimant=self.claimant.currentData(), kind=self.kind.currentText(),
                                    summary=self.summary.text().strip(), subject=self.subject.currentData())
