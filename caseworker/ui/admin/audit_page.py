"""The audit trail for administrators: search by user, child, date and action; verify the chain."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.i18n import _, format_datetime
from caseworker.security.actor import Actor
from caseworker.services.audit import check as audit_check
from caseworker.services.audit.labels import action_label
from caseworker.services.audit.log import AuditFilter, search_audit
from caseworker.services.errors import DomainError
from caseworker.ui.common.tables import read_only_table
from caseworker.ui.shell.db_lane import DbLane


def _python_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class AuditPage(QWidget):
    def __init__(self, lane: DbLane, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane, self.actor = lane, actor
        self.username, self.action, self.child = QLineEdit(), QLineEdit(), QLineEdit()
        self.child.setPlaceholderText(_("child number"))
        self.day_from, self.day_to = (
            QDateEdit(QDate.currentDate().addDays(-30)),
            QDateEdit(QDate.currentDate()),
        )
        for d in (self.day_from, self.day_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        search = QPushButton(_("Search"))
        search.clicked.connect(self.refresh)
        self.message = QLabel()
        bar = QHBoxLayout()
        for label, widget in (
            (_("User"), self.username),
            (_("Action"), self.action),
            (_("Child"), self.child),
            (_("From"), self.day_from),
            (_("To"), self.day_to),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(search)
        self.table = read_only_table([_("Time"), _("User"), _("Action"), _("Record"), _("Detail")])
        # Verifying the whole trail: chain, head, append-only guard, anchors kept on paper.
        self.anchors = QLineEdit()
        self.anchors.setPlaceholderText(
            _("anchors written down earlier, e.g. 1234:9f86d081884c7d65")
        )
        self.verify_button = QPushButton(_("Verify the trail"))
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        check_bar = QHBoxLayout()
        check_bar.addWidget(QLabel(_("Anchors")))
        check_bar.addWidget(self.anchors, 1)
        check_bar.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(check_bar)
        layout.addWidget(self.verdict)

    def verify(self) -> None:
        anchors = self.anchors.text().replace(",", " ").replace("，", " ").split()
        actor = self.actor
        self.verify_button.setEnabled(False)
        self.verdict.setStyleSheet("")
        self.verdict.setText(_("Verifying the audit trail…"))
        self.lane.submit(
            lambda s: audit_check.check_trail_as(s, actor, anchors),
            self._verified,
            self._verify_failed,
        )

    def _verified(self, check: audit_check.TrailCheck) -> None:
        self.verify_button.setEnabled(True)
        self.verdict.setStyleSheet("" if check.ok else "color: #b3261e")
        self.verdict.setText("\n".join(audit_check.describe(check)))

    def _verify_failed(self, error: DomainError) -> None:
        self.verify_button.setEnabled(True)
        self.verdict.setStyleSheet("color: #b3261e")
        self.verdict.setText(error.message)

    def refresh(self) -> None:
        child = self.child.text().strip()
        if child and not child.isdigit():
            self.message.setText(_("The child number is a number."))
            return
        f = AuditFilter(
            username=self.username.text(),
            action=self.action.text(),
            child_id=int(child) if child else None,
            day_from=_python_date(self.day_from.date()),
            day_to=_python_date(self.day_to.date()),
        )
        actor = self.actor
        self.lane.submit(lambda s: search_audit(s, actor, f), self._show, self._error)

    def _error(self, error: DomainError) -> None:
        self.message.setText(error.message)

    def _show(self, events) -> None:  # type: ignore[no-untyped-def]
        self.message.setText(_("{n} events (newest first, at most 2,000)").format(n=len(events)))
        self.table.setRowCount(len(events))
        for i, e in enumerate(events):
            record = f"{e.entity_type} #{e.entity_id}" if e.entity_type else ""
            for j, value in enumerate(
                (
                    format_datetime(e.occurred_at),
                    e.username,
                    action_label(e.action),
                    record,
                    e.detail,
                )
            ):
                self.table.setItem(i, j, QTableWidgetItem(value))
            action = self.table.item(i, 2)
            if action is not None:
                action.setToolTip(e.action)  # the code, to type into the action filter
