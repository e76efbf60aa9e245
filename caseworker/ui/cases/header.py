"""The case window's header: who the child is, where the case stands, and which policy
categories apply, each with the clause it rests on."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QVBoxLayout, QWidget

from caseworker.i18n import N_, _, format_date, gettext, ngettext
from caseworker.policy.engine import Finding
from caseworker.policy.workflow_data import load_workflow
from caseworker.services.cases.detail import CaseDetail
from caseworker.services.reference.labels import CARE_FORMS, label, risk_label, stage_label
from caseworker.ui.cases.table_model import RISK_COLOURS
from caseworker.ui.cases.tabs.common import HINT_STYLE

GENDERS = {"M": N_("Male"), "F": N_("Female"), "U": N_("Gender unknown")}
CHIP = "border-radius: 9px; padding: 2px 9px; background: {bg}; color: {fg};"
CATEGORY_COLOURS = ("#e8f0fe", "#174ea6")
ELIGIBILITY_COLOURS = ("#e6f4ea", "#1e5b2c")
NOT_IN_FORCE_COLOURS = ("#fef7e0", "#7a4b00")


def clause_text(f: Finding) -> str:
    """沪府规〔2022〕4号 §一(一)：<quote> — the basis of a finding, for its tooltip."""
    text = f"{f.document_number} {f.clause}：{f.quote}"
    if not f.in_force:
        text += "\n" + _("This rule set is not in force on the evaluation date ({status}).").format(
            status=f.status
        )
    return text


def chip(f: Finding, colours: tuple[str, str]) -> QLabel:
    bg, fg = colours if f.in_force else NOT_IN_FORCE_COLOURS
    text = f.label if f.in_force else _("{label} (rule set not in force)").format(label=f.label)
    label_ = QLabel(text)
    label_.setStyleSheet(CHIP.format(bg=bg, fg=fg))
    label_.setToolTip(clause_text(f))
    label_.setObjectName(f"chip_{f.kind}_{f.code}")
    return label_


class FlowLayout(QLayout):
    """Chips left to right, wrapping to the next line when the window is narrow."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is not None and (widget := item.widget()) is not None:
            widget.deleteLater()


class CaseHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(_("Loading…"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setWordWrap(True)
        self.risk = QLabel()
        self.state = QLabel()
        self.state.setStyleSheet(HINT_STYLE)
        self.state.setWordWrap(True)
        self.chip_row = QWidget()
        self.flow = FlowLayout(self.chip_row)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(
            "color: #7a4b00; background: #fef7e0; border: 1px solid #f2c94c; padding: 4px;"
        )
        self.warnings.hide()

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.risk)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        layout.addWidget(self.state)
        layout.addWidget(self.chip_row)
        layout.addWidget(self.warnings)

    def show_detail(self, d: CaseDetail) -> None:
        self.title.setText(f"{d.case_number}　{d.child_name}")
        age = (
            ngettext("{n} year old", "{n} years old", d.age).format(n=d.age)
            if d.age is not None
            else _("Age unknown")
        )
        facts = [
            gettext(GENDERS.get(d.gender, GENDERS["U"])),
            age,
            _("ID {number}").format(number=d.id_number) if d.id_number else _("No ID number"),
            d.district,
            _("Stage: {stage}").format(stage=stage_label(d.stage)),
            _("Owner: {name}").format(name=d.owner or _("unassigned")),
            _("Opened {date}").format(date=format_date(d.opened_at.date())),
        ]
        self.facts.setText("　·　".join(facts))
        colour = RISK_COLOURS.get(d.risk_level)
        self.risk.setText(_("Risk: {level}").format(level=risk_label(d.risk_level)))
        self.risk.setStyleSheet(
            CHIP.format(bg=colour.name() if colour else "#5f6368", fg="white") + "font-weight: bold"
        )
        self.state.setText(self._state_text(d))
        self.state.setVisible(bool(self.state.text()))
        _clear(self.flow)
        self.categories_title = QLabel(
            _("Categories:")
            if d.categories or d.eligibility
            else _("No policy category found from the recorded facts.")
        )
        self.flow.addWidget(self.categories_title)
        for f in d.categories:
            self.flow.addWidget(chip(f, CATEGORY_COLOURS))
        if d.eligibility:
            self.eligibility_title = QLabel("　" + _("Eligible for:"))
            self.flow.addWidget(self.eligibility_title)
        for f in d.eligibility:
            self.flow.addWidget(chip(f, ELIGIBILITY_COLOURS))
        self.warnings.setText("\n".join(f"⚠ {w}" for w in d.policy_warnings))
        self.warnings.setVisible(bool(d.policy_warnings))

    def _state_text(self, d: CaseDetail) -> str:
        parts = []
        if d.closed_at is not None:
            reason = load_workflow().reason("closure_reasons", d.closure_reason or "")
            parts.append(
                _("Closed on {date} ({reason})").format(
                    date=format_date(d.closed_at.date()),
                    reason=reason.label if reason else (d.closure_reason or ""),
                )
            )
        g = d.guardianship
        if g is not None:
            parts.append(
                _("Temporary guardianship since {date}: {form} {caregiver}")
                .format(
                    date=format_date(g.started_on),
                    form=label(CARE_FORMS, g.care_form),
                    caregiver=g.caregiver,
                )
                .strip()
            )
        return "　".join(parts)

    def chips(self) -> list[QLabel]:
        items = (self.flow.itemAt(i) for i in range(self.flow.count()))
        return [
            w
            for item in items
            if item is not None and isinstance(w := item.widget(), QLabel) and w.objectName()
        ]
