"""Small dialogs of the bed board: admit, transfer, discharge, reserve, export.

They only collect a choice; the page runs the service on the database lane and shows the
outcome. Opened with open() (window-modal, not a nested event loop), so tests drive them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, gettext
from caseworker.services.beds.choices import BedChoice, CaseChoice
from caseworker.services.beds.placements import DISCHARGE_REASONS
from caseworker.services.errors import ValidationError
from caseworker.services.reference.labels import stage_label
from caseworker.ui.common.export_options import ProtectBox, checked_target, stamp_notice
from caseworker.ui.common.forms import FieldErrors


class _ChoiceDialog(QDialog):
    """A filterable list of choices with OK/Cancel; `choice()` is the chosen item's data."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.list.currentRowChanged.connect(lambda row: self.ok.setEnabled(row >= 0))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(460, 420)

    def add(self, text: str, data: object) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        self.list.addItem(item)

    def choice(self) -> int | None:
        """The chosen id (a case or a bed), or None."""
        item = self.list.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(data) if data is not None else None

    def _apply_filter(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(text) and text not in item.text())


class AdmitDialog(_ChoiceDialog):
    def __init__(self, bed: str, cases: list[CaseChoice], parent: QWidget | None = None) -> None:
        super().__init__(
            _("Admit a child"),
            _("Admit to bed {bed} the child of the case:").format(bed=bed),
            parent,
        )
        for c in cases:
            mark = _(" (reserved here)") if c.reserved_here else ""
            self.add(f"{c.case_number}  {c.child}  {stage_label(c.stage)}{mark}", c.case_id)
        if not cases:
            empty = QListWidgetItem(
                _("No case in emergency response or temporary guardianship waits.")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)


class TransferDialog(_ChoiceDialog):
    def __init__(self, child: str, beds: list[BedChoice], parent: QWidget | None = None) -> None:
        super().__init__(
            _("Transfer"), _("Move {child} to the free bed:").format(child=child), parent
        )
        for b in beds:
            counted = "" if b.counts else _(" (not counted)")
            self.add(f"{b.district} {b.institution} {b.room} {b.label}{counted}", b.bed_id)


class ReserveDialog(_ChoiceDialog):
    def __init__(self, bed: str, cases: list[CaseChoice], parent: QWidget | None = None) -> None:
        super().__init__(_("Reserve"), _("Hold bed {bed} for the case:").format(bed=bed), parent)
        for c in cases:
            self.add(f"{c.case_number}  {c.child}  {stage_label(c.stage)}", c.case_id)


class DischargeDialog(QDialog):
    def __init__(self, child: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Discharge"))
        self.reason = QComboBox()
        self.reason.addItem(_("Choose a reason"), "")
        for code, label in DISCHARGE_REASONS.items():
            self.reason.addItem(gettext(label), code)
        self.note = QLineEdit()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout(self)
        form.addRow(QLabel(_("Discharge {child} from the bed.").format(child=child)))
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Note"), self.note)
        form.addRow(self.buttons)

    def reason_code(self) -> str:
        return str(self.reason.currentData() or "")


class ExportDialog(QDialog):
    def __init__(
        self,
        months: list[tuple[int, int]],
        formats: list[str],
        folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export the monthly report"))
        self.month = QComboBox()
        for year, month in months:
            self.month.addItem(f"{year}-{month:02d}", (year, month))
        self.format = QComboBox()
        for fmt in formats:
            self.format.addItem(fmt.upper(), fmt)
        self.path = QLineEdit()
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        self._folder = folder
        self.month.currentIndexChanged.connect(self._suggest)
        self.format.currentIndexChanged.connect(self._suggest)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.protect = ProtectBox()
        self.summary, path_error = QLabel(), QLabel()
        self.errors = FieldErrors(self.summary)
        self.errors.bind("path", self.path, path_error)
        self.protect.bind_errors(self.errors)
        form = QFormLayout(self)
        form.addRow(_("Month"), self.month)
        form.addRow(_("Format"), self.format)
        form.addRow(_("File"), row)
        form.addRow("", path_error)
        form.addRow(stamp_notice())
        form.addRow(self.protect)
        form.addRow(self.summary)
        form.addRow(self.buttons)
        self._suggest()
        self._target: tuple[Path, str | None] | None = None

    def _suggest(self) -> None:
        year, month = self.month.currentData() or (0, 0)
        name = _("Care bed occupancy {year}-{month:02d}").format(year=year, month=month)
        self.path.setText(str(self._folder / f"{name}.{self.format.currentData()}"))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), self.path.text())
        if path:
            self.path.setText(path)

    def accept(self) -> None:
        """A missing folder or a bad password keeps the dialog open with its message."""
        try:
            self._target = (checked_target(self.path.text()), self.protect.chosen_password())
        except ValidationError as error:
            self.errors.show(error)
            return
        self.errors.clear()
        super().accept()

    def choice(self) -> tuple[int, int, str, Path, str | None]:
        year, month = self.month.currentData()
        path, password = self._target or (Path(self.path.text()), None)
        return year, month, str(self.format.currentData()), path, password
