"""New report (发现报告): the report, the child, and the duplicate check before a case opens."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _
from caseworker.security.actor import Actor
from caseworker.services.cases.intake import ChildInput, DuplicateSuspected, ReportInput, open_case
from caseworker.services.children.duplicates import Candidate
from caseworker.services.errors import DomainError
from caseworker.services.reference.labels import CHANNELS, REPORTER_TYPES, SITUATIONS
from caseworker.services.reference.lists import district_choices
from caseworker.ui.cases.tabs.common import (
    date_edit,
    date_of,
    datetime_edit,
    edited_time,
    shanghai_today,
)
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.shell.db_lane import DbLane


def _combo(table: dict[str, str]) -> QComboBox:
    box = QComboBox()
    for code, text in table.items():
        box.addItem(_(text), code)
    return box


class IntakeDialog(QDialog):
    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.case_id: int | None = None
        self.case_number = ""
        self.setWindowTitle(_("New report"))
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        self._build_report_fields()
        self._build_child_fields()
        columns = QHBoxLayout()
        columns.addWidget(self._report_group(), 3)
        columns.addWidget(self._child_group(), 2)
        self._build_duplicates()

        self.save = QPushButton(_("Open the case"))
        self.save.setDefault(True)
        self.save.clicked.connect(lambda: self.submit())
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.dup_box)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        for name, widget in (
            ("reporter_type", self.reporter_type),
            ("channel", self.channel),
            ("received_at", self.received_at),
            ("situations", self.situation_group),
            ("narrative", self.narrative),
            ("district", self.district),
            ("name", self.name),
            ("id_number", self.id_number),
            ("birth_date", self.birth_date),
            ("hukou_type", self.hukou),
        ):
            self.errors.bind(name, widget)
        self.resize(1000, 720)
        lane.submit(district_choices, self._districts)

    # --- building ------------------------------------------------------------------
    def _build_report_fields(self) -> None:
        self.district = QComboBox()
        self.reporter_type = _combo(REPORTER_TYPES)
        self.reporter_name, self.reporter_unit = QLineEdit(), QLineEdit()
        self.reporter_contact = QLineEdit()
        self.channel = _combo(CHANNELS)
        self.received_at = datetime_edit()  # Shanghai time, whatever the computer's zone
        self.situations = {code: QCheckBox(_(text)) for code, text in SITUATIONS.items()}
        self.location = QLineEdit()
        self.narrative = QPlainTextEdit()
        self.narrative.setFixedHeight(90)
        self.police = QCheckBox(_("The police have been notified"))

    def _build_child_fields(self) -> None:
        self.name, self.id_number = QLineEdit(), QLineEdit()
        self.id_number.setMaxLength(18)
        self.birth_known = QCheckBox(_("Birth date known"))
        today = shanghai_today()
        self.birth_date = date_edit(date(today.year - 8, today.month, 1))  # a start for the picker
        self.birth_date.setEnabled(False)
        self.birth_known.toggled.connect(self.birth_date.setEnabled)
        self.gender = QComboBox()
        for code, text in (("U", _("Unknown")), ("M", _("Male")), ("F", _("Female"))):
            self.gender.addItem(text, code)
        self.hukou = QComboBox()
        self.hukou.addItem(_("Shanghai"), "shanghai")
        self.hukou.addItem(_("Outside Shanghai"), "other")
        self.hukou_place, self.street = QLineEdit(), QLineEdit()
        self.address, self.school = QLineEdit(), QLineEdit()

    def _report_group(self) -> QGroupBox:
        form = QFormLayout()
        form.addRow(_("District"), self.district)
        form.addRow(_("Reporter type"), self.reporter_type)
        form.addRow(_("Reporter name"), self.reporter_name)
        form.addRow(_("Reporter unit"), self.reporter_unit)
        form.addRow(_("Reporter contact"), self.reporter_contact)
        form.addRow(_("Channel"), self.channel)
        form.addRow(_("Time received"), self.received_at)
        boxes = QVBoxLayout()
        for box in self.situations.values():
            boxes.addWidget(box)
        self.situation_group = QGroupBox(_("Situations"))
        self.situation_group.setLayout(boxes)
        form.addRow(self.situation_group)
        form.addRow(_("Location"), self.location)
        form.addRow(_("What was reported"), self.narrative)
        form.addRow(self.police)
        group = QGroupBox(_("The report"))
        group.setLayout(form)
        return group

    def _child_group(self) -> QGroupBox:
        form = QFormLayout()
        form.addRow(_("Child's name"), self.name)
        form.addRow(_("ID number"), self.id_number)
        form.addRow(self.birth_known, self.birth_date)
        form.addRow(_("Gender"), self.gender)
        form.addRow(_("Household registration"), self.hukou)
        form.addRow(_("Place of registration"), self.hukou_place)
        form.addRow(_("Street or town"), self.street)
        form.addRow(_("Address"), self.address)
        form.addRow(_("School"), self.school)
        group = QGroupBox(_("The child"))
        group.setLayout(form)
        return group

    def _build_duplicates(self) -> None:
        self.candidates: list[Candidate] = []
        self.dup_box = QGroupBox(_("Possibly the same child"))
        self.dup_table = QTableWidget(0, 6)
        self.dup_table.setHorizontalHeaderLabels(
            [_("Name"), _("Birth date"), _("ID number"), _("District"), _("Open cases"), _("Why")]
        )
        self.dup_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.dup_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.dup_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.same_button = QPushButton(_("Same child: open the case for this child"))
        self.new_button = QPushButton(_("A different child: register as new"))
        self.same_button.clicked.connect(self._same_child)
        self.new_button.clicked.connect(lambda: self.submit(confirmed_new=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.same_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self.dup_box)
        layout.addWidget(self.dup_table)
        layout.addLayout(buttons)
        self.dup_box.hide()

    def _districts(self, rows: list[tuple[str, str]]) -> None:
        for code, name in rows:
            if self.actor.can_see_district(code):
                self.district.addItem(name, code)
        self.district.setEnabled(self.district.count() > 1)

    # --- input and submission ---------------------------------------------------------
    def report_input(self) -> ReportInput:
        received = edited_time(self.received_at)
        return ReportInput(
            reporter_type=self.reporter_type.currentData(),
            channel=self.channel.currentData(),
            received_at=received,
            situations=tuple(c for c, box in self.situations.items() if box.isChecked()),
            narrative=self.narrative.toPlainText(),
            reporter_name=self.reporter_name.text(),
            reporter_unit=self.reporter_unit.text(),
            reporter_contact=self.reporter_contact.text(),
            location=self.location.text(),
            police_notified=self.police.isChecked(),
        )

    def child_input(self) -> ChildInput:
        return ChildInput(
            name=self.name.text(),
            gender=self.gender.currentData(),
            id_number=self.id_number.text(),
            birth_date=date_of(self.birth_date) if self.birth_known.isChecked() else None,
            hukou_type=self.hukou.currentData(),
            hukou_place=self.hukou_place.text(),
            residence_street=self.street.text(),
            address=self.address.text(),
            school=self.school.text(),
        )

    def submit(self, *, confirmed_new: bool = False, existing_child_id: int | None = None) -> None:
        actor, district = self.actor, self.district.currentData()
        report = self.report_input()
        child = None if existing_child_id is not None else self.child_input()
        self._busy(True)
        self.errors.clear()
        self.lane.submit(
            lambda s: open_case(
                s,
                actor,
                district_code=district,
                report=report,
                child=child,
                existing_child_id=existing_child_id,
                confirmed_new=confirmed_new,
            ),
            self._opened,
            self._refused,
        )

    def _busy(self, busy: bool) -> None:
        for button in (self.save, self.same_button, self.new_button):
            button.setEnabled(not busy)

    def _opened(self, case) -> None:  # type: ignore[no-untyped-def]
        self._busy(False)
        self.case_id, self.case_number = case.id, case.case_number
        self.accept()

    def _refused(self, error: DomainError) -> None:
        self._busy(False)
        if isinstance(error, DuplicateSuspected):
            self._show_candidates(error.candidates)
        self.errors.show(error)

    def _show_candidates(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        self.dup_table.setRowCount(len(candidates))
        for row, c in enumerate(candidates):
            values = [
                c.name or "—",
                c.birth_date.isoformat() if c.birth_date else "",
                c.id_number,
                c.district,
                str(c.open_cases),
                c.reason_label,
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c.child_id is None:  # outside the user's districts: nothing to pick
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.dup_table.setItem(row, col, item)
        self.dup_box.show()

    def _same_child(self) -> None:
        row = self.dup_table.currentRow()
        if not 0 <= row < len(self.candidates) or self.candidates[row].child_id is None:
            self.summary.setText(_("Choose the matching child in the list first."))
            return
        self.submit(existing_child_id=self.candidates[row].child_id)
