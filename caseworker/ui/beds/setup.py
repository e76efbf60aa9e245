"""Dialogs that set up the bed inventory: add an institution, edit its facts, add a room,
add beds. Each saves through one inventory service on the database lane; a refusal marks
the field it names and keeps what was typed (the service is the real check).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import _, gettext
from caseworker.models import Bed, Institution, Room
from caseworker.security.actor import Actor
from caseworker.services.beds.board import InstitutionRow
from caseworker.services.beds.inventory import (
    add_bed,
    add_institution,
    add_room,
    set_institution_facts,
)
from caseworker.services.beds.rules import (
    CLAUSE,
    LEVEL_LABELS,
    LEVEL_SETTINGS,
    MINIMUM_BEDS,
    SETTING_LABELS,
    institution_verdict,
)
from caseworker.services.errors import DomainError, ValidationError
from caseworker.ui.cases.tabs.common import alive, hint
from caseworker.ui.cases.tabs.common import field as field_box
from caseworker.ui.common.forms import FieldErrors
from caseworker.ui.shell.db_lane import DbLane

W = TypeVar("W", bound=QWidget)
COUNTS_FG, NOT_COUNTED_FG = "#2e6b30", "#6b6b6b"
MAX_BEDS_AT_ONCE = 60
NAME_LENGTH = Institution.name.type.length or 100
ROOM_LENGTH = Room.name.type.length or 40
LABEL_LENGTH = Bed.label.type.length or 20


class SetupDialog(QDialog):
    """A small form saved by one lane job; `result_value` holds what the job returned."""

    def __init__(self, title: str, lane: DbLane, actor: Actor, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.lane, self.actor = lane, actor
        self.result_value: Any = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.summary = QLabel()
        self.errors = FieldErrors(self.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save.setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.setMinimumWidth(460)

    def field(self, name: str, title: str, widget: W) -> W:
        """A form row whose error message appears right under the field."""
        box, message = field_box(widget)
        self.form.addRow(title, box)
        self.errors.bind(name, widget, message)
        return widget

    def finish(self) -> None:
        self.body.addWidget(self.summary)
        self.body.addWidget(self.buttons)

    def job(self) -> Callable[[Session], Any]:
        raise NotImplementedError

    def accept(self) -> None:
        if not self.save.isEnabled():
            return  # a save is in flight
        try:
            job = self.job()
        except ValidationError as error:  # a check the form can make before asking
            self._failed(error)
            return
        self.save.setEnabled(False)
        self.lane.submit(job, alive(self, self._done), alive(self, self._failed))

    def _done(self, result: Any) -> None:
        self.result_value = result
        self.save.setEnabled(True)
        self.errors.clear()
        super().accept()

    def _failed(self, error: DomainError) -> None:
        self.save.setEnabled(True)
        self.errors.show(error)
        self.adjustSize()  # grow for the messages rather than squeeze the wrapped hints


def verdict_text(level: str, setting: str, zone: bool, staff: bool) -> tuple[str, bool]:
    verdict = institution_verdict(level, setting, zone, staff)
    why = gettext(verdict.why)
    if verdict.counts:
        text = _("Its beds count toward the district's minimum of {n}: {why}")
    else:
        text = _("Its beds do not count toward a district's minimum of {n}: {why}")
    return text.format(n=MINIMUM_BEDS, why=why), verdict.counts


class InstitutionDialog(SetupDialog):
    """Add an institution to a district (None: a city-level one), or, given `current`,
    edit the facts that decide whether a welfare facility's beds count."""

    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        district_code: str | None,
        district_label: str,
        current: InstitutionRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Add an institution") if current is None else _("Edit institution")
        super().__init__(title, lane, actor, parent)
        self.district_code, self.current = district_code, current
        self.name = QLineEdit(current.name if current else "")
        self.name.setMaxLength(NAME_LENGTH)
        self.name.setPlaceholderText(_("For example: Chongming District Minor Protection Centre"))
        self.field("name", _("Institution name"), self.name)
        self.form.addRow(_("District"), QLabel(district_label))
        self.level = self.field("district", _("Level"), QComboBox())
        levels = ["city"] if district_code is None else ["district", "street"]
        for level in levels:
            self.level.addItem(gettext(LEVEL_LABELS[level]), level)
        self.kind = self.field("setting_type", _("Kind"), QComboBox())
        self.zone = QCheckBox(_("Independent zone for children"))
        self.staff = QCheckBox(_("Dedicated staff"))
        self.form.addRow("", self.zone)
        self.form.addRow("", self.staff)
        self.form.addRow(
            "",
            hint(
                _(
                    "A welfare facility's beds count toward the district's minimum only if "
                    "the children have an independent zone there with dedicated staff ({clause})."
                ).format(clause=CLAUSE)
            ),
        )
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        # Room for the longest verdict, so the dialog need not grow while choices change.
        self.verdict.setMinimumHeight(self.verdict.fontMetrics().lineSpacing() * 3)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.form.addRow(self.verdict)
        self.level.currentIndexChanged.connect(lambda _i: self._fill_kinds())
        self.kind.currentIndexChanged.connect(lambda _i: self._update())
        self.zone.toggled.connect(lambda _on: self._update())
        self.staff.toggled.connect(lambda _on: self._update())
        if current is not None:
            self.level.setCurrentIndex(max(0, self.level.findData(current.level)))
            self._fill_kinds()
            self.kind.setCurrentIndex(max(0, self.kind.findData(current.setting_type)))
            self.zone.setChecked(current.independent_zone)
            self.staff.setChecked(current.dedicated_staff)
            fixed = _("The name, level and kind are set when an institution is added.")
            self.name.setReadOnly(True)
            for widget in (self.name, self.level, self.kind):
                widget.setToolTip(fixed)
            self.level.setEnabled(False)
            self.kind.setEnabled(False)
        else:
            self._fill_kinds()
        self.finish()

    def _fill_kinds(self) -> None:
        self.kind.blockSignals(True)
        self.kind.clear()
        for setting in LEVEL_SETTINGS.get(self.level.currentData(), ()):
            self.kind.addItem(gettext(SETTING_LABELS[setting]), setting)
        self.kind.blockSignals(False)
        self._update()

    def welfare(self) -> bool:
        return self.kind.currentData() == "welfare_facility"

    def _update(self) -> None:
        welfare = self.welfare()
        for box in (self.zone, self.staff):
            box.setEnabled(welfare)
            if not welfare:
                box.setChecked(False)
        text, counts = verdict_text(
            str(self.level.currentData()),
            str(self.kind.currentData()),
            self.zone.isChecked(),
            self.staff.isChecked(),
        )
        self.verdict.setText(text)
        colour = COUNTS_FG if counts else NOT_COUNTED_FG
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def job(self) -> Callable[[Session], Any]:
        actor, zone, staff = self.actor, self.zone.isChecked(), self.staff.isChecked()
        if self.current is not None:
            iid = self.current.id
            return lambda s: (
                set_institution_facts(
                    s, actor, iid, independent_zone=zone, dedicated_staff=staff
                ).id
            )
        name, level, setting = self.name.text(), self.level.currentData(), self.kind.currentData()
        district = None if level == "city" else self.district_code
        return lambda s: (
            add_institution(
                s,
                actor,
                name=name,
                level=level,
                setting_type=setting,
                district_code=district,
                independent_zone=zone,
                dedicated_staff=staff,
            ).id
        )


class RoomDialog(SetupDialog):
    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        institution_id: int,
        institution_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Add a room"), lane, actor, parent)
        self.institution_id = institution_id
        self.form.addRow(_("Institution"), QLabel(institution_name))
        self.name = self.field("name", _("Room name"), QLineEdit())
        self.name.setMaxLength(ROOM_LENGTH)
        self.name.setPlaceholderText(_("For example: Room 101"))
        self.finish()

    def job(self) -> Callable[[Session], Any]:
        actor, iid, name = self.actor, self.institution_id, self.name.text()
        return lambda s: add_room(s, actor, iid, name).id


def bed_labels(first: str, count: int) -> list[str]:
    """The labels of `count` new beds numbered on from `first`: 101-1 ×3 → 101-1, 101-2,
    101-3; a label without a number gets one (A ×2 → A-1, A-2)."""
    first = first.strip()
    if count <= 1 or not first:
        return [first]
    numbered = re.fullmatch(r"(.*?)(\d+)", first)
    if numbered is None:
        return [f"{first}-{i + 1}" for i in range(count)]
    prefix, digits = numbered.groups()
    start, width = int(digits), len(digits)
    return [f"{prefix}{start + i:0{width}d}" for i in range(count)]


def next_label(existing: list[str], room_name: str) -> str:
    """A suggestion for the next bed of a room: after its highest number, else 101-1 for a
    room called 101室, else 1."""
    best: tuple[str, int, int] | None = None
    for label in existing:
        numbered = re.fullmatch(r"(.*?)(\d+)", label)
        if numbered is not None:
            prefix, digits = numbered.groups()
            if best is None or int(digits) > best[1]:
                best = (prefix, int(digits), len(digits))
    if best is not None:
        prefix, number, width = best
        return f"{prefix}{number + 1:0{width}d}"
    room_number = re.search(r"\d+", room_name)
    return f"{room_number.group()}-1" if room_number else "1"


def _preview(labels: list[str]) -> str:
    shown = labels if len(labels) <= 5 else [*labels[:3], "…", labels[-1]]
    return "、".join(shown)


class BedsDialog(SetupDialog):
    """Add one or more beds to a room of the institution."""

    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        rooms: list[tuple[int, str]],
        labels: dict[int, list[str]],
        room_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Add beds"), lane, actor, parent)
        self._labels = labels
        self.room = self.field("room", _("Room"), QComboBox())
        for rid, name in rooms:
            self.room.addItem(name, rid)
        self.room.setCurrentIndex(max(0, self.room.findData(room_id)))
        self.first = self.field("label", _("Label of the first bed"), QLineEdit())
        self.first.setMaxLength(LABEL_LENGTH)
        self.count = self.field("count", _("Number of beds"), QSpinBox())
        self.count.setRange(1, MAX_BEDS_AT_ONCE)
        self.preview = hint()
        self.form.addRow("", self.preview)
        self.room.currentIndexChanged.connect(lambda _i: self._suggest())
        self.first.textChanged.connect(lambda _t: self._update())
        self.count.valueChanged.connect(lambda _n: self._update())
        self._suggest()
        self.finish()

    def _suggest(self) -> None:
        rid = self.room.currentData()
        self.first.setText(next_label(self._labels.get(rid, []), self.room.currentText()))

    def labels(self) -> list[str]:
        return bed_labels(self.first.text(), self.count.value())

    def _update(self) -> None:
        labels = self.labels()
        shown = _preview(labels) if any(labels) else "—"
        self.preview.setText(_("Beds to add: {labels}").format(labels=shown))

    def job(self) -> Callable[[Session], Any]:
        actor, room, labels = self.actor, self.room.currentData(), self.labels()
        too_long = next((label for label in labels if len(label) > LABEL_LENGTH), None)
        if too_long is not None:  # before any bed is saved, so the batch is all or nothing
            message = _("Too long: at most {n} characters.").format(n=LABEL_LENGTH)
            raise ValidationError(f"{too_long}: {message}", field="label")

        def save(session: Session) -> int:
            # One service call per bed, each its own transaction and audit record; the
            # labels share one prefix, so a refusal comes with the first bed, before any
            # is saved.
            for label in labels:
                add_bed(session, actor, room, label)
            return int(room)

        return save
