"""The score sheet of a capacity-assessment instrument: per area, per indicator, its text,
guidance and a score from 0 to its maximum, or "not scored" while the assessment is a draft."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, ngettext
from caseworker.policy.instrument import Indicator, Instrument, Scored, score
from caseworker.ui.cases.tabs.common import hint

NOT_SCORED = -1


def points(hundredths: int) -> str:
    """8125 → "81.25"."""
    return f"{hundredths / 100:.2f}"


class ScoreSheet(QWidget):
    changed = Signal()

    def __init__(self, inst: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inst = inst
        self.spins: dict[str, QSpinBox] = {}
        self.message_labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for area in inst.areas:
            box = QGroupBox(area.title)
            if not area.indicators:
                inner = QVBoxLayout(box)
                inner.addWidget(hint(_("Not scored; describe these in the conclusion:")))
                inner.addWidget(QLabel("\n".join(f"• {item}" for item in area.items)))
            else:
                grid = QGridLayout(box)
                grid.setColumnStretch(0, 1)
                for n, ind in enumerate(area.indicators):
                    self._indicator_rows(grid, n * 3, ind)
            layout.addWidget(box)

    def _indicator_rows(self, grid: QGridLayout, row: int, ind: Indicator) -> None:
        title = QLabel(
            _("{code} {text} (weight {weight})").format(
                code=ind.code, text=ind.text, weight=ind.weight
            )
        )
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        spin = QSpinBox()
        spin.setRange(NOT_SCORED, ind.max)
        spin.setSpecialValueText(_("not scored"))
        spin.setValue(NOT_SCORED)
        spin.setMinimumWidth(90)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setToolTip(ind.guidance)
        spin.setAccessibleName(f"{ind.code} {ind.text}")
        spin.setObjectName(f"score_{ind.code}")
        spin.valueChanged.connect(self.changed)
        title.setBuddy(spin)
        guidance = hint(ind.guidance)
        if ind.veto:
            guidance.setText(
                ind.guidance
                + "\n"
                + _("A score of 0 caps the grade at “{grade}”.").format(
                    grade=self.inst.grade(ind.veto).label
                )
            )
        message = QLabel()
        grid.addWidget(title, row, 0)
        grid.addWidget(spin, row, 1)
        grid.addWidget(QLabel(_("of {max}").format(max=ind.max)), row, 2)
        grid.addWidget(guidance, row + 1, 0, 1, 3)
        grid.addWidget(message, row + 2, 0, 1, 3)
        self.spins[ind.code] = spin
        self.message_labels[ind.code] = message

    def scores(self) -> dict[str, int]:
        return {code: s.value() for code, s in self.spins.items() if s.value() != NOT_SCORED}

    def set_scores(self, scores: Mapping[str, int]) -> None:
        for code, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(int(scores.get(code, NOT_SCORED)))
            spin.blockSignals(False)
        self.changed.emit()

    def missing(self) -> list[str]:
        return [code for code, s in self.spins.items() if s.value() == NOT_SCORED]

    def result(self) -> Scored | None:
        return None if self.missing() else score(self.inst, self.scores())

    def summary(self) -> str:
        """The live total and grade, or how many indicators are left."""
        left = len(self.missing())
        if left:
            return ngettext(
                "Incomplete: {n} indicator left to score",
                "Incomplete: {n} indicators left to score",
                left,
            ).format(n=left)
        result = self.result()
        assert result is not None
        text = _("Total {total} points — {grade}").format(
            total=points(result.total), grade=result.grade.label
        )
        areas = "　".join(
            f"{a.title} {points(result.area_totals[a.code])}"
            for a in self.inst.areas
            if a.code in result.area_totals
        )
        text += "\n" + areas
        if result.vetoed:
            text += "\n" + _("Capped by a score of 0 on {codes}.").format(
                codes="、".join(result.vetoed)
            )
        return text

    def set_read_only(self, read_only: bool) -> None:
        for spin in self.spins.values():
            spin.setReadOnly(read_only)
            spin.setButtonSymbols(
                QAbstractSpinBox.ButtonSymbols.NoButtons
                if read_only
                else QAbstractSpinBox.ButtonSymbols.UpDownArrows
            )
