"""The case list: search by name, pinyin initials, ID number or case number; filter by stage."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, ngettext
from caseworker.security.actor import Actor
from caseworker.services.cases.listing import CaseQuery
from caseworker.services.reference.labels import STAGES, stage_label
from caseworker.ui.cases.table_model import CaseTableModel
from caseworker.ui.shell.db_lane import DbLane

ROW_HEIGHT = 26
SEARCH_DELAY_MS = 300


class CaseListPage(QWidget):
    status_message = Signal(str)
    open_case = Signal(int)
    new_report = Signal()

    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(lane, actor, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(
            _("Search: child name, pinyin initials, ID number or case number")
        )
        self.search.setClearButtonEnabled(True)
        self.stage = QComboBox()
        self.stage.addItem(_("All stages"), None)
        for code in STAGES:
            self.stage.addItem(stage_label(code), code)
        self.count = QLabel()
        self.new_button = QPushButton(_("New report…"))
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.setToolTip(_("Record a new report and open a case (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_report)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # A fixed row height lets the view scroll a million rows without measuring them.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((150, 90, 170, 70, 110, 50, 90, 100)):
            self.table.setColumnWidth(col, width)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Search")))
        bar.addWidget(self.search, 1)
        bar.addWidget(QLabel(_("Stage")))
        bar.addWidget(self.stage)
        bar.addWidget(self.count)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.refresh)
        self.stage.currentIndexChanged.connect(self.refresh)
        self.model.loaded.connect(self._show_count)
        self.model.failed.connect(self._show_error)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activated.connect(lambda index: self._open(index.row()))
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_case.emit(self.model.case_id_at(row))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        self._debounce.stop()
        self.count.setText(_("Searching…"))
        self.model.set_query(CaseQuery(text=self.search.text(), stage=self.stage.currentData()))

    def _show_count(self, n: int) -> None:
        self.count.setText(ngettext("{n} case", "{n} cases", n).format(n=f"{n:,}"))

    def _show_error(self, message: str) -> None:
        self.count.setText("")
        self.status_message.emit(message)
