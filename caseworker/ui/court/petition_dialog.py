"""Filing (or drafting) a petition: what it asks, who petitions, against whom, before which
court; for a revocation the three grounds as a checklist with the case's records linked as
evidence, the 6-month clock and the warning when civil affairs must petition itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, gettext
from caseworker.security.actor import Actor
from caseworker.services.court.evidence import EvidenceRef
from caseworker.services.court.labels import (
    EVIDENCE_KINDS,
    NEW_GUARDIAN_KINDS,
    PETITION_KINDS,
    PETITIONER_KINDS,
)
from caseworker.services.court.petitions import GUARDIANSHIP_KINDS, PetitionInput, create_petition
from caseworker.ui.court.common import (
    WARN_FG,
    CourtDialog,
    cell,
    choose,
    combo,
    date_edit,
    date_of,
    hint,
    shanghai_today,
    table,
    text_box,
)
from caseworker.ui.court.data import PanelData
from caseworker.ui.court.dialogs import member_combo
from caseworker.ui.shell.db_lane import DbLane


class PetitionDialog(CourtDialog):
    def __init__(
        self,
        lane: DbLane,
        actor: Actor,
        case_id: int,
        data: PanelData,
        kind: str = "revocation",
        parent: QWidget | None = None,
    ):
        super().__init__(_("File a petition"), lane, actor, parent, scroll=True)
        self.case_id, self.data = case_id, data
        d = data.defaults
        self.kind = self.add("kind", _("The petition asks for"), combo(PETITION_KINDS))
        self.petitioner_kind = self.add("petitioner_kind", _("Petitioner"), combo(PETITIONER_KINDS))
        self.petitioner = self.add("petitioner_name", _("Petitioner's name"), QLineEdit(d.agency))
        self.address = self.add(
            "petitioner_address", _("Petitioner's address"), QLineEdit(d.address)
        )
        self.head = self.add("petitioner_head", _("Person in charge"), QLineEdit(d.head))
        self.head_title = self.add(
            "petitioner_head_title", _("Their title"), QLineEdit(d.head_title)
        )
        self.contact = self.add("contact_name", _("Contact person"), QLineEdit(d.contact_name))
        self.phone = self.add("contact_phone", _("Contact phone"), QLineEdit(d.contact_phone))
        self.respondent = self.add(
            "respondent_id", _("Against (respondent)"), member_combo(data.family)
        )
        self.respondent_address = self.add(
            "respondent_address", _("Respondent's address"), QLineEdit()
        )
        self.court = self.add("court_code", _("Court"), QComboBox())
        for c in data.courts:
            self.court.addItem(c.name, c.code)
        choose(self.court, d.court_code)
        self.filed = QCheckBox(_("Already filed"))
        self.form.addRow("", self.filed)
        self.filed_on = self.add("filed_on", _("Filed on"), date_edit(shanghai_today()))
        self.number = self.add("court_case_number", _("Court case number"), QLineEdit())
        self.number.setPlaceholderText("（2026）沪0115民特123号")
        self.facts = self.add("facts", _("Facts and reasons"), text_box(5))
        self.grounds_box = self.add("grounds", _("Grounds"), self._grounds())
        self.evidence = self.add("evidence", _("Evidence from the case"), self._evidence())
        self.guardian_kind = self.add(
            "proposed_guardian_kind",
            _("Proposed guardian"),
            combo(NEW_GUARDIAN_KINDS, _("Choose…")),
        )
        self.guardian_name = self.add("proposed_guardian_name", _("Their name"), QLineEdit())
        self.guardian_relation = self.add(
            "proposed_guardian_relation", _("Relation to the child"), QLineEdit()
        )
        self.guardian_relation.setPlaceholderText(_("e.g. 外祖母"))
        self.guardian_id = self.add(
            "proposed_guardian_id_number", _("Their ID number"), QLineEdit()
        )
        self.guardian_address = self.add(
            "proposed_guardian_address", _("Their address"), QLineEdit()
        )
        self.amount = QSpinBox()
        self.amount.setRange(0, 100000)
        self.amount.setSuffix(_(" yuan"))
        self.add("support_monthly_amount", _("Monthly support claimed"), self.amount)
        self.support_from = self.add("support_from", _("Claimed from"), date_edit(shanghai_today()))
        self.filed.toggled.connect(self._filed_toggled)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        choose(self.kind, kind)
        self._kind_changed()
        self._filed_toggled(False)
        self.finish()
        self.resize(760, 720)

    def _grounds(self) -> QGroupBox:
        box = QGroupBox(_("Grounds for revocation (tick those that hold)"))
        lay = QVBoxLayout(box)
        self.ground_checks: dict[str, QCheckBox] = {}
        view = self.data.grounds
        for g in view.grounds:
            check = QCheckBox(g.label)
            check.setChecked(g.holds is True)
            self.ground_checks[g.code] = check
            state = {True: _("holds"), False: _("does not hold yet"), None: _("to be shown")}
            lay.addWidget(check)
            lay.addWidget(hint(f"{g.basis} · {state[g.holds]} {g.detail}".strip()))
        for c in view.clocks:
            lay.addWidget(
                hint(
                    _("{name} refuses duties since {start}: 6 months on {due}.").format(
                        name=c.name, start=c.clock.start.isoformat(), due=c.clock.due.isoformat()
                    )
                )
            )
        notes = ([view.must_petition.message] if view.must_petition else []) + list(view.warnings)
        if notes:
            warn = QLabel("\n".join(notes))
            warn.setWordWrap(True)
            warn.setStyleSheet(f"color: {WARN_FG}")
            lay.addWidget(warn)
        return box

    def _evidence(self) -> QTableWidget:
        t = table([_("Use"), _("Date"), _("Record"), _("Supports")])
        t.setRowCount(len(self.data.evidence))
        self.ground_combos: list[QComboBox] = []
        for row, e in enumerate(self.data.evidence):
            use = QTableWidgetItem(gettext(EVIDENCE_KINDS.get(e.kind, e.kind)))
            use.setFlags(use.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            use.setCheckState(Qt.CheckState.Unchecked)
            use.setData(Qt.ItemDataRole.UserRole, (e.kind, e.id))
            t.setItem(row, 0, use)
            t.setItem(row, 1, cell(e.on.isoformat()))
            t.setItem(row, 2, cell(e.text))
            ground = QComboBox()
            ground.addItem(_("The petition in general"), "")
            for g in self.data.grounds.grounds:
                ground.addItem(g.label, g.code)
            t.setCellWidget(row, 3, ground)
            self.ground_combos.append(ground)
        for col, width in enumerate((150, 90, 260)):
            t.setColumnWidth(col, width)
        t.setMinimumHeight(160)
        return t

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        by_institution = kind == "protection_order"
        choose(self.petitioner_kind, "institution" if by_institution else "civil_affairs")
        d = self.data.defaults
        if self.petitioner.text() in (d.agency, d.institution, ""):
            self.petitioner.setText(d.institution if by_institution else d.agency)
        for widget, shown in (
            (self.grounds_box, kind == "revocation"),
            (self.evidence, True),
            (self.guardian_kind, kind in GUARDIANSHIP_KINDS),
            (self.guardian_name, kind in GUARDIANSHIP_KINDS),
            (self.guardian_relation, kind in GUARDIANSHIP_KINDS),
            (self.guardian_id, kind == "change_guardian"),
            (self.guardian_address, kind == "change_guardian"),
            (self.amount, kind == "child_support"),
            (self.support_from, kind == "child_support"),
        ):
            holder = widget.parentWidget()  # the field's box with its message line
            assert holder is not None
            self.form.setRowVisible(holder, shown)
        for combo_ in self.ground_combos:
            combo_.setEnabled(kind == "revocation")

    def _filed_toggled(self, on: bool) -> None:
        self.filed_on.setEnabled(on)
        self.number.setEnabled(on)

    def evidence_refs(self) -> tuple[EvidenceRef, ...]:
        refs = []
        revocation = self.kind.currentData() == "revocation"
        for row in range(self.evidence.rowCount()):
            item = self.evidence.item(row, 0)
            if item is None or item.checkState() != Qt.CheckState.Checked:
                continue
            kind, ref = item.data(Qt.ItemDataRole.UserRole)
            ground = self.ground_combos[row].currentData() if revocation else ""
            refs.append(EvidenceRef(kind, ref, ground or ""))
        return tuple(refs)

    def petition_input(self) -> PetitionInput:
        filed = self.filed.isChecked()
        return PetitionInput(
            kind=self.kind.currentData() or "",
            petitioner_kind=self.petitioner_kind.currentData() or "",
            petitioner_name=self.petitioner.text(),
            petitioner_address=self.address.text(),
            petitioner_head=self.head.text(),
            petitioner_head_title=self.head_title.text(),
            contact_name=self.contact.text(),
            contact_phone=self.phone.text(),
            respondent_id=self.respondent.currentData(),
            respondent_address=self.respondent_address.text(),
            court_code=self.court.currentData() or "",
            facts=self.facts.toPlainText(),
            grounds=tuple(c for c, box in self.ground_checks.items() if box.isChecked()),
            evidence=self.evidence_refs(),
            proposed_guardian_kind=self.guardian_kind.currentData() or None,
            proposed_guardian_name=self.guardian_name.text(),
            proposed_guardian_relation=self.guardian_relation.text(),
            proposed_guardian_id_number=self.guardian_id.text(),
            proposed_guardian_address=self.guardian_address.text(),
            support_monthly_amount=self.amount.value() or None,
            support_from=date_of(self.support_from),
            filed_on=date_of(self.filed_on) if filed else None,
            court_case_number=self.number.text() if filed else "",
        )

    def job(self):  # type: ignore[no-untyped-def]
        actor, case_id, data = self.actor, self.case_id, self.petition_input()
        return lambda s: create_petition(s, actor, case_id, data)
