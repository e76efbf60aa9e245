"""Court dates as work: the institution's calendar of sessions and order deadlines, and the
reminders "my work" shows for the user's own cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from caseworker.i18n import _, gettext
from caseworker.models import (
    Case,
    Child,
    Court,
    FamilyMember,
    GuardianIntervention,
    Hearing,
    Petition,
    Ruling,
)
from caseworker.policy.rulesets import load_rulebook
from caseworker.security.actor import Actor
from caseworker.services.cases.interventions import checks_of, next_check
from caseworker.services.cases.work_item import WorkItem
from caseworker.services.court.grounds import must_petition
from caseworker.services.court.labels import HEARING_KINDS, INTERVENTION_KINDS
from caseworker.services.court.petitions import superseded_ids

SOON = timedelta(days=7)
EXPIRED_SHOWN = timedelta(days=30)  # an expired protection order stays on the list this long
ORDER_BASIS = "反家庭暴力法第三十条"
COMPLIANCE_BASIS = "沪府规〔2022〕4号 §三(四)"


@dataclass(frozen=True)
class CalendarEntry:
    on: date
    kind: str  # hearing / order_expiry / compliance
    case_id: int
    case_number: str
    child_name: str
    title: str
    detail: str = ""


def _cases(actor: Actor) -> Select:  # type: ignore[type-arg]
    stmt = select(Case.id, Case.case_number, Child.name).join(Child, Child.id == Case.child_id)
    visible = actor.visible_districts()
    return stmt if visible is None else stmt.where(Case.district_code.in_(visible))


def _hearings(session: Session, cases: Select, start: date, end: date):  # type: ignore[no-untyped-def,type-arg]
    sub = cases.add_columns(Petition.id.label("pid"), Petition.court_case_number, Court.name)
    sub = sub.join(Petition, Petition.case_id == Case.id).join(
        Court, Court.code == Petition.court_code
    )
    rows = session.execute(
        sub.add_columns(Hearing)
        .join(Hearing, Hearing.petition_id == Petition.id)
        .where(Hearing.scheduled_on.between(start, end), Hearing.outcome.is_(None))
        .order_by(Hearing.scheduled_on, Hearing.id)
    )
    for case_id, number, child, _pid, court_number, court, h in rows:
        kind = gettext(HEARING_KINDS.get(h.kind, h.kind))
        where = "　".join(x for x in (h.time_text, court, h.place, court_number or "") if x)
        yield h, case_id, number, child, kind, where


def _orders(session: Session, cases: Select, start: date, end: date):  # type: ignore[no-untyped-def,type-arg]
    rows = session.execute(
        cases.add_columns(Ruling)
        .join(Petition, Petition.case_id == Case.id)
        .join(Ruling, Ruling.petition_id == Petition.id)
        .where(
            Petition.kind == "protection_order",
            Ruling.outcome == "granted",
            Ruling.order_valid_until.between(start, end),
            Ruling.id.not_in(superseded_ids()),
        )
    )
    for case_id, number, child, r in rows:
        renewed = session.scalar(
            select(Petition.id).where(
                Petition.case_id == case_id,
                Petition.kind == "protection_order",
                Petition.created_at > r.recorded_at,
            )
        )
        if renewed is None:
            yield r, case_id, number, child


def _compliance(session: Session, cases: Select, start: date, end: date):  # type: ignore[no-untyped-def,type-arg]
    rows = session.execute(
        cases.add_columns(GuardianIntervention, FamilyMember.name)
        .join(GuardianIntervention, GuardianIntervention.case_id == Case.id)
        .join(FamilyMember, FamilyMember.id == GuardianIntervention.member_id)
    ).all()
    checks = checks_of(session, [row[3].id for row in rows])
    for case_id, number, child, g, member in rows:
        due = next_check(g, checks[g.id])
        if due is not None and start <= due <= end:
            kind = gettext(INTERVENTION_KINDS.get(g.kind, g.kind))
            yield due, case_id, number, child, f"{kind}：{member}", g.issuer


def court_calendar(
    session: Session, actor: Actor, start: date, days: int = 60
) -> list[CalendarEntry]:
    """Sessions, protection-order expiries and compliance checks in the user's districts."""
    actor.require_case_access()
    end = start + timedelta(days=days)
    cases = _cases(actor)
    out = [
        CalendarEntry(h.scheduled_on, "hearing", c, n, ch, kind, where)
        for h, c, n, ch, kind, where in _hearings(session, cases, start, end)
    ]
    out += [
        CalendarEntry(r.order_valid_until, "order_expiry", c, n, ch, _("Protection order expires"))
        for r, c, n, ch in _orders(session, cases, start, end)
        if r.order_valid_until is not None
    ]
    out += [
        CalendarEntry(due, "compliance", c, n, ch, _("Compliance check: {what}").format(what=w), d)
        for due, c, n, ch, w, d in _compliance(session, cases, start, end)
    ]
    out.sort(key=lambda e: (e.on, e.kind, e.case_number))
    return out


def _petition_basis(today: date) -> str:
    rs = load_rulebook().rule_sets["SH2020-29"]
    basis = f"{rs.document_number} §四(四)"
    if rs.status_on(today) == "expired" and rs.valid_to is not None:
        basis += _(" (expired {date})").format(date=rs.valid_to.isoformat())
    return basis


def court_work_items(session: Session, actor: Actor, today: date) -> list[WorkItem]:
    """Reminders for the user's own open cases (called at the end of `my_work`)."""

    actor.require_case_access()
    mine = _cases(actor).where(Case.owner_id == actor.user_id, Case.stage != "closed")
    items: list[WorkItem] = []
    past = today - timedelta(days=3650)
    for h, c, n, ch, kind, where in _hearings(session, mine, past, today + SOON):
        if h.scheduled_on < today:
            title = _("Record what happened at the court session ({kind}).").format(kind=kind)
            items.append(WorkItem("overdue", h.scheduled_on, c, n, ch, title, where))
        else:
            title = _("Court session: {kind}").format(kind=kind)
            items.append(WorkItem("due_soon", h.scheduled_on, c, n, ch, title, where))
    for r, c, n, ch in _orders(session, mine, today - EXPIRED_SHOWN, today + SOON):
        due = r.order_valid_until
        assert due is not None
        title = _("Protection order expires: apply for an extension if the child is still at risk")
        group = "overdue" if due < today else "due_soon"
        items.append(WorkItem(group, due, c, n, ch, title, ORDER_BASIS))
    for due, c, n, ch, what, _issuer in _compliance(session, mine, past, today + SOON):
        group = "overdue" if due < today else "due_soon"
        title = _("Compliance check: {what}").format(what=what)
        items.append(WorkItem(group, due, c, n, ch, title, COMPLIANCE_BASIS))
    for c, n, ch in session.execute(mine):
        case = session.get(Case, c)
        assert case is not None
        duty = must_petition(session, case, today)
        if duty is not None and duty.due <= today + SOON:
            group = "overdue" if duty.overdue else "due_soon"
            title = _("Civil affairs must petition for revocation: nobody else has")
            items.append(WorkItem(group, duty.due, c, n, ch, title, _petition_basis(today)))
    return items
