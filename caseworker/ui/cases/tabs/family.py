"""The family tab: parents, guardians and relatives with the facts the rules read.

Selecting a member loads their facts into the form; saving updates that member (or adds a
new one after "New member"). The policy categories in the header follow on reload.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from caseworker.i18n import N_, _, gettext
from caseworker.models import FamilyMember
from caseworker.security.actor import Actor
from caseworker.services.children import family
from caseworker.services.children.family import CONDITIONS, RELATIONSHIPS, MemberInput
from caseworker.ui.cases.tabs.common import (
    Form,
    cell,
    date_edit,
    field_rows,
    may_record,
    not_allowed_text,
    shanghai_today,
    table,
)
from caseworker.ui.court.common import date_of, qdate
from caseworker.ui.shell.db_lane import DbLane

CAPACITY = [
    (None, N_("Not assessed")),
    (True, N_("Has guardianship capacity")),
    (False, N_("No capacity")),
]


class _OptionalDate(QWidget):
    """A date that may be absent: a check box switches the date field on."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.on = QCheckBox(title)
        self.edit = date_edit(shanghai_today())
        self.edit.setEnabled(False)
        self.on.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.on)
        row.addWidget(self.edit)

    def value(self) -> date | None:
        return date_of(self.edit) if self.on.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.on.setChecked(value is not None)
        self.edit.setDate(qdate(value or shanghai_today()))


class MemberForm(Form):
    def __init__(self, lane: DbLane, actor: Actor, case_id: int) -> None:
        super().__init__(_("Family member"), lane, actor, _("Save member"))
        self.case_id = case_id
        self.member_id: int | None = None
        self.name, self.phone, self.id_number = QLineEdit(), QLineEdit(), QLineEdit()
        self.relationship = QComboBox()
        for code, text in RELATIONSHIPS.items():
            self.relationship.addItem(gettext(text), code)
        self.capacity = QComboBox()
        for value, text in CAPACITY:
            self.capacity.addItem(_(text), value)
        self.flags = {
            name: QCheckBox(text)
            for name, text in (
                ("is_guardian", _("Guardian")),
                ("deceased", _("Deceased")),
                ("missing", _("Missing")),
                ("remarried", _("Remarried")),
                ("social_assistance", _("Receives social assistance")),
                ("hukou_agricultural", _("Agricultural hukou")),
                ("shanghai_residence_permit", _("Shanghai residence permit")),
            )
        }
        self.away = _OptionalDate(_("Working away since"))
        self.refusing = _OptionalDate(_("Refusing guardianship duties since"))
        self.conditions = {code: QCheckBox(gettext(text)) for code, text in CONDITIONS.items()}
        form = QFormLayout()
        field_rows(
            form,
            self.errors,
            [
                ("name", _("Name"), self.name),
                ("relationship", _("Relationship"), self.relationship),
                ("contact_phone", _("Phone"), self.phone),
                ("id_number", _("ID number"), self.id_number),
                ("has_guardianship_capacity", _("Capacity"), self.capacity),
                ("working_away_since", "", self.away),
                ("refusing_duties_since", "", self.refusing),
            ],
        )
        flags = QGridLayout()
        for i, box in enumerate(self.flags.values()):
            flags.addWidget(box, i // 3, i % 3)
        self.errors.bind("is_guardian", self.flags["is_guardian"])
        conditions = QGroupBox(_("The eight conditions (八类情形)"))
        grid = QGridLayout(conditions)
        for i, box in enumerate(self.conditions.values()):
            grid.addWidget(box, i // 3, i % 3)
        self.errors.bind("conditions", conditions)
        self.body.addLayout(form)
        self.body.addLayout(flags)
        self.body.addWidget(conditions)
        self.finish()

    def load(self, member_id: int | None, data: MemberInput | None) -> None:
        self.errors.clear()
        self.member_id = member_id
        data = data or MemberInput(name="", relationship="father")
        self.name.setText(data.name)
        self.relationship.setCurrentIndex(max(0, self.relationship.findData(data.relationship)))
        self.phone.setText(data.contact_phone)
        self.id_number.setText(data.id_number)
        self.capacity.setCurrentIndex(
            [v for v, _t in CAPACITY].index(data.has_guardianship_capacity)
        )
        for name, box in self.flags.items():
            box.setChecked(bool(getattr(data, name)))
        self.away.set_value(data.working_away_since)
        self.refusing.set_value(data.refusing_duties_since)
        for code, box in self.conditions.items():
            box.setChecked(code in data.conditions)
        self.setTitle(_("Family member") if member_id else _("New family member"))
        self.mark_clean()

    def current(self) -> MemberInput:
        return MemberInput(
            name=self.name.text(),
            relationship=self.relationship.currentData(),
            contact_phone=self.phone.text(),
            id_number=self.id_number.text(),
            has_guardianship_capacity=self.capacity.currentData(),
            working_away_since=self.away.value(),
            refusing_duties_since=self.refusing.value(),
            conditions=frozenset(c for c, box in self.conditions.items() if box.isChecked()),
            **{name: box.isChecked() for name, box in self.flags.items()},
        )

    def job(self) -> Callable[[Session], Any]:
        data, actor, case_id, member_id = self.current(), self.actor, self.case_id, self.member_id
        if member_id is None:
            return lambda s: family.add_member(s, actor, case_id, data)
        return lambda s: family.update_member(s, actor, case_id, member_id, data)

    def saved_text(self) -> str:
        return _("Family member saved.")

    def after_save(self, result: Any) -> None:
        self.member_id = result.id


class FamilyTab(QWidget):
    def __init__(self, lane: DbLane, actor: Actor, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.lane, self.actor, self.case_id = lane, actor, case_id
        self.members: list[tuple[FamilyMember, MemberInput]] = []
        self.table = table([_("Name"), _("Relationship"), _("Guardian"), _("Situation")])
        self.table.itemSelectionChanged.connect(self._selected)
        self.new_button = QPushButton(_("New member"))
        self.new_button.clicked.connect(self._new_member)
        self.form = MemberForm(lane, actor, case_id)
        allowed = may_record(actor)
        self.form.set_allowed(allowed, not_allowed_text())
        self.new_button.setEnabled(allowed)
        self.table.setMinimumHeight(140)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.new_button)
        layout.addWidget(self.form)

    def refresh(self) -> None:
        actor, case_id = self.actor, self.case_id
        self.lane.submit(lambda s: family.family_of(s, actor, case_id), self._show)

    def _show(self, members: list[tuple[FamilyMember, MemberInput]]) -> None:
        keep = self.form.member_id
        self.members = members
        self.table.setRowCount(len(members))
        for row, (m, data) in enumerate(members):
            situation = [gettext(CONDITIONS[c]) for c in sorted(data.conditions)]
            if data.deceased:
                situation.insert(0, _("Deceased"))
            if data.missing:
                situation.insert(0, _("Missing"))
            values = (
                m.name,
                gettext(RELATIONSHIPS.get(m.relationship_code, m.relationship_code)),
                _("Yes") if m.is_guardian else "",
                "、".join(situation),
            )
            for col, text in enumerate(values):
                self.table.setItem(row, col, cell(text, m.id))
            if m.id == keep:
                self.table.selectRow(row)

    def _new_member(self) -> None:
        self.table.clearSelection()
        self.form.load(None, None)

    def _selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.members):
            m, data = self.members[row]
            self.form.load(m.id, data)
