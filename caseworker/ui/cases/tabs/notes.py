"""Notes tab: the case notes with their authors and files; write a note, attach files."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import _, format_datetime
from caseworker.security.actor import Actor
from caseworker.services.cases import casework
from caseworker.services.cases.timeline import Entry
from caseworker.services.errors import ValidationError
from caseworker.ui.cases.tabs.common import Form, field, hint, text_box
from caseworker.ui.cases.tabs.timeline import AttachmentSaver, EntryTree
from caseworker.ui.shell.db_lane import DbLane

PATH_ROLE = Qt.ItemDataRole.UserRole


def _read(paths: list[str]) -> tuple[casework.NewAttachment, ...]:
    """Read the chosen files (in the lane, off the UI thread)."""
    files = []
    for p in paths:
        path = Path(p)
        try:
            if path.stat().st_size > casework.MAX_ATTACHMENT:  # refuse before reading it all
                raise ValidationError(
                    _("{name} is larger than 20 MB.").format(name=path.name), field="attachments"
                )
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError(
                _("Could not read {name}: {error}").format(name=path.name, error=exc.strerror),
                field="attachments",
            ) from exc
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        files.append(casework.NewAttachment(path.name, data, kind))
    return tuple(files)


class NoteForm(Form):
    def __init__(self, lane: DbLane, actor: Actor, case_id: int) -> None:
        super().__init__(_("Add a note"), lane, actor, _("Save note"))
        self.case_id = case_id
        self.text = text_box(4)
        self.text.setPlaceholderText(_("What happened, what was agreed, what comes next"))
        self.files = QListWidget()
        self.files.setFixedHeight(self.files.fontMetrics().lineSpacing() * 3 + 10)
        self.attach_button = QPushButton(_("Attach files…"))
        self.remove_button = QPushButton(_("Remove file"))
        self.attach_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_file)
        text_box_, text_message = field(self.text)
        files_box, files_message = field(self.files)
        self.errors.bind("text", self.text, text_message)
        self.errors.bind("attachments", self.files, files_message)
        buttons = QVBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(files_box, 1)
        files_row.addLayout(buttons)
        self.body.addWidget(text_box_)
        self.body.addWidget(hint(_("Files (at most 20 MB each):")))
        self.body.addLayout(files_row)
        self.finish()

    def paths(self) -> list[str]:
        return [str(self.files.item(i).data(PATH_ROLE)) for i in range(self.files.count())]

    def choose_files(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(self, _("Attach files to the note"))
        known = set(self.paths())
        for p in chosen:
            if p not in known:
                item = QListWidgetItem(Path(p).name)
                item.setData(PATH_ROLE, p)
                item.setToolTip(p)
                self.files.addItem(item)

    def remove_file(self) -> None:
        row = self.files.currentRow()
        if row >= 0:
            self.files.takeItem(row)

    def job(self) -> Callable[[Session], Any]:
        text, paths, actor, case_id = (
            self.text.toPlainText(),
            self.paths(),
            self.actor,
            self.case_id,
        )
        return lambda s: casework.add_note(s, actor, case_id, text, _read(paths))

    def saved_text(self) -> str:
        return _("Note saved.")

    def after_save(self, result: Any) -> None:
        self.text.clear()
        self.files.clear()


class NotesTab(QWidget):
    message = Signal(str)

    def __init__(self, lane: DbLane, actor: Actor, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.tree = EntryTree([_("When"), _("Author"), _("Note")])
        self.tree.setColumnWidth(0, 130)
        self.tree.setColumnWidth(1, 100)
        self.saver = AttachmentSaver(self.tree, lane, actor, self.message.emit)
        self.form = NoteForm(lane, actor, case_id)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.tree, 1)
        top_layout.addWidget(self.saver.button, 0, Qt.AlignmentFlag.AlignRight)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.form)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def show_notes(self, entries: Sequence[Entry]) -> None:
        self.tree.clear()
        for e in reversed([e for e in entries if e.kind == "note"]):
            item = QTreeWidgetItem([format_datetime(e.when), e.who, e.detail])
            item.setToolTip(2, e.detail)
            self.tree.addTopLevelItem(item)
            self.tree.add_attachments(item, e, 2)
