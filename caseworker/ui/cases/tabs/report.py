"""Report tab: the report(s) that opened the case, read-only. The reporter's identity comes
masked from the service for roles that may not see it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, format_datetime
from caseworker.models import Report
from caseworker.services.reference.labels import CHANNELS, REPORTER_TYPES, SITUATIONS, label
from caseworker.ui.cases.tabs.common import hint


def value(text: str) -> QLabel:
    shown = QLabel(text or "—")
    shown.setWordWrap(True)
    shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return shown


class ReportTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inner = QWidget()
        self.reports = QVBoxLayout(self.inner)
        self.reports.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.values: list[dict[str, QLabel]] = []  # per report, field → label (for tests)

    def show_reports(self, reports: Sequence[Report]) -> None:
        while self.reports.count() > 1:
            item = self.reports.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.values = []
        if not reports:
            self.reports.insertWidget(0, hint(_("No report is recorded on this case.")))
        for n, r in enumerate(reports, start=1):
            self.reports.insertWidget(n - 1, self._report_box(n, r))

    def _report_box(self, n: int, r: Report) -> QGroupBox:
        box = QGroupBox(
            _("Report {n}, received {when}").format(n=n, when=format_datetime(r.received_at))
        )
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        situations = "\n".join(f"• {label(SITUATIONS, s)}" for s in r.situations)
        rows = {
            "reporter_type": (_("Reporter type"), label(REPORTER_TYPES, r.reporter_type)),
            "reporter_name": (_("Reporter"), r.reporter_name),
            "reporter_unit": (_("Reporter's unit"), r.reporter_unit),
            "reporter_contact": (_("Contact"), r.reporter_contact),
            "channel": (_("Channel"), label(CHANNELS, r.channel)),
            "received_at": (_("Received"), format_datetime(r.received_at)),
            "situations": (_("Situations"), situations),
            "location": (_("Location"), r.location),
            "narrative": (_("What was reported"), r.narrative),
            "police_notified": (
                _("Police notified"),
                _("Yes") if r.police_notified else _("No"),
            ),
        }
        shown = {}
        for key, (title, text) in rows.items():
            shown[key] = value(text)
            form.addRow(title, shown[key])
        if r.reporter_name == "***" or r.reporter_contact == "***":
            form.addRow("", hint(_("The reporter's identity is confidential for your role.")))
        self.values.append(shown)
        return box
