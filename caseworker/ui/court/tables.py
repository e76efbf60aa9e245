"""Filling the court panel's tables and its warning line from the loaded data."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget

from caseworker.i18n import _, gettext
from caseworker.services.cases.interventions import InterventionView
from caseworker.services.court.grounds import GroundsView
from caseworker.services.court.labels import (
    INTERVENTION_KINDS,
    ISSUING_BODIES,
    PETITION_KINDS,
    PETITION_STATUSES,
)
from caseworker.services.court.views import PetitionView
from caseworker.ui.court.common import WARN_BG, cell, short_date


def panel_warnings(g: GroundsView) -> list[str]:
    """The duty to petition and the 6-month clocks, with the engine's validity warnings."""
    lines = [g.must_petition.message] if g.must_petition else []
    lines += [
        _("{name} has refused guardianship duties since {start}; 6 months on {due}.").format(
            name=c.name, start=c.clock.start.isoformat(), due=c.clock.due.isoformat()
        )
        for c in g.clocks
    ]
    return lines + list(g.warnings) if lines else []


def closure_offer(views: list[PetitionView]) -> str | None:
    """The closure reason a granted guardianship ruling opens, if any."""
    for v in views:
        if v.ruling is not None and v.ruling.new_guardian_id is not None:
            cwi = v.ruling.new_guardian_kind == "city_child_welfare_institution"
            return "long_term_guardianship_cwi" if cwi else "court_designated_guardian"
    return None


def fill_interventions(table: QTableWidget, views: list[InterventionView]) -> None:
    table.setRowCount(len(views))
    late = QBrush(QColor(WARN_BG))
    for row, v in enumerate(views):
        g = v.intervention
        nxt = short_date(v.next_check_on)
        if v.due == "overdue":
            nxt = _("{date} (overdue)").format(date=nxt)
        elif v.due == "due_soon":
            nxt = _("{date} (due soon)").format(date=nxt)
        values = (
            gettext(INTERVENTION_KINDS.get(g.kind, g.kind)),
            v.member_name,
            f"{gettext(ISSUING_BODIES.get(g.issuing_body, g.issuing_body))}：{g.issuer}",
            g.issued_on.isoformat(),
            nxt,
            g.requirements,
        )
        for col, text in enumerate(values):
            item = cell(text, g.id)
            if v.due == "overdue":
                item.setBackground(late)
                item.setToolTip(_("Compliance check overdue"))
            table.setItem(row, col, item)


def _status(v: PetitionView) -> str:
    text = gettext(PETITION_STATUSES.get(v.status, v.status))
    r = v.ruling
    if r is not None and r.order_valid_until is not None:
        text += " " + _("(valid until {date})").format(date=r.order_valid_until.isoformat())
    return text


def fill_petitions(table: QTableWidget, views: list[PetitionView], chosen: int | None) -> None:
    table.setRowCount(len(views))
    for row, v in enumerate(views):
        p, h = v.petition, v.next_hearing
        values = (
            gettext(PETITION_KINDS.get(p.kind, p.kind)),
            v.court_name,
            p.court_case_number or "",
            short_date(p.filed_on),
            f"{h.scheduled_on.isoformat()} {h.time_text}".strip() if h else "",
            _status(v),
        )
        for col, text in enumerate(values):
            table.setItem(row, col, cell(text, p.id))
        if p.id == chosen:
            table.selectRow(row)
