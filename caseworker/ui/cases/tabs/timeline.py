"""Timeline tab: everything that happened on the case, newest first, with its attachments."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import N_, _, format_datetime, gettext, ngettext
from caseworker.security.actor import Actor
from caseworker.services.cases.timeline import Entry
from caseworker.ui.cases.tabs.common import hint, save_attachment
from caseworker.ui.shell.db_lane import DbLane

KINDS = {
    "transition": N_("Stage"),
    "risk": N_("Risk"),
    "owner": N_("Owner"),
    "transfer": N_("Case transfer"),
    "report": N_("Report"),
    "emergency": N_("Emergency"),
    "investigation": N_("Investigation"),
    "assessment": N_("Assessment"),
    "support": N_("Support"),
    "approval": N_("Approval"),
    "placement": N_("Care bed"),
    "note": N_("Note"),
    "document": N_("Document"),
}
ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole


def kind_label(kind: str) -> str:
    return gettext(KINDS[kind]) if kind in KINDS else kind


class EntryTree(QTreeWidget):
    """Entries as rows; attachments as child rows that can be saved to a file."""

    attachment_chosen = Signal(int, str)

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(headers)
        self.setRootIsDecorated(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(True)
        self.itemActivated.connect(self._activated)

    def add_attachments(self, item: QTreeWidgetItem, entry: Entry, column: int) -> None:
        for att_id, filename, sha in entry.attachments:
            child = QTreeWidgetItem(item)
            child.setText(column, _("Attachment: {name}").format(name=filename))
            child.setToolTip(
                column,
                _("SHA-256 {sha}\nEnter or double-click to save a copy.").format(sha=sha),
            )
            child.setData(0, ATTACHMENT_ROLE, (att_id, filename))
        item.setExpanded(True)

    def selected_attachment(self) -> tuple[int, str] | None:
        item = self.currentItem()
        data = item.data(0, ATTACHMENT_ROLE) if item is not None else None
        return tuple(data) if data else None  # type: ignore[return-value]

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, ATTACHMENT_ROLE)
        if data:
            self.attachment_chosen.emit(int(data[0]), str(data[1]))


class AttachmentSaver:
    """The "Save attachment as…" button of a tree of entries."""

    def __init__(
        self, tree: EntryTree, lane: DbLane, actor: Actor, report: Callable[[str], None]
    ) -> None:
        self.tree, self.lane, self.actor, self.report = tree, lane, actor, report
        self.button = QPushButton(_("Save attachment as…"))
        self.button.setEnabled(False)
        self.button.clicked.connect(self.save_selected)
        tree.currentItemChanged.connect(
            lambda *_a: self.button.setEnabled(tree.selected_attachment() is not None)
        )
        tree.attachment_chosen.connect(self.save)

    def save_selected(self) -> None:
        chosen = self.tree.selected_attachment()
        if chosen is not None:
            self.save(*chosen)

    def save(self, attachment_id: int, filename: str) -> None:
        save_attachment(self.tree, self.lane, self.actor, attachment_id, filename, self.report)


class TimelineTab(QWidget):
    message = Signal(str)

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = EntryTree([_("When"), _("What"), _("Event"), _("By"), _("Details")])
        for col, width in enumerate((130, 70, 260, 90)):
            self.tree.setColumnWidth(col, width)
        self.saver = AttachmentSaver(self.tree, lane, actor, self.message.emit)
        self.count = hint()
        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        bar.addWidget(self.saver.button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Everything recorded on this case, newest first.")))
        layout.addWidget(self.tree, 1)
        layout.addLayout(bar)

    def show_entries(self, entries: Sequence[Entry]) -> None:
        self.tree.clear()
        for e in reversed(entries):
            item = QTreeWidgetItem(
                [format_datetime(e.when), kind_label(e.kind), e.title, e.who, e.detail]
            )
            item.setToolTip(4, e.detail)
            item.setData(1, Qt.ItemDataRole.UserRole, e.kind)
            self.tree.addTopLevelItem(item)
            self.tree.add_attachments(item, e, 4)
        self.count.setText(
            ngettext("{n} entry", "{n} entries", len(entries)).format(n=len(entries))
        )
