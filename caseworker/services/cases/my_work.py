""" "My work": what is overdue, what falls due within 7 days, and what waits for me —
from the support plan's due dates, the statutory clocks, approvals and transfers."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Case, Child, FamilyMember, SupportItem
from caseworker.policy.clocks import age_clock, guardian_refusal_clock
from caseworker.policy.dates import add_years
from caseworker.security.actor import Actor
from caseworker.services.cases.approvals import answers_for, pending_for
from caseworker.services.cases.transfers import incoming_transfers
from caseworker.services.cases.work_item import WorkItem
from caseworker.services.court.work import court_work_items
from caseworker.services.reference.labels import (
    APPROVAL_STATUSES,
    SUPPORT_SERVICES,
    approval_subject,
    label,
)

SOON = timedelta(days=7)


def my_work(session: Session, actor: Actor, today: date) -> list[WorkItem]:
    actor.require_case_access()
    items: list[WorkItem] = []
    mine = select(Case.id).where(Case.owner_id == actor.user_id, Case.stage != "closed")
    for item, number, name in session.execute(
        select(SupportItem, Case.case_number, Child.name)
        .join(Case, Case.id == SupportItem.case_id)
        .join(Child, Child.id == Case.child_id)
        .where(
            SupportItem.case_id.in_(mine),
            SupportItem.status.in_(("planned", "in_progress")),
            SupportItem.due_on <= today + SOON,
        )
    ):
        group = "overdue" if item.due_on < today else "due_soon"
        title = _("{service} by {provider}").format(
            service=label(SUPPORT_SERVICES, item.service_code), provider=item.provider
        )
        items.append(WorkItem(group, item.due_on, item.case_id, number, name, title))

    # Children of my open cases who turn 18 within the week (or did so while the case was open).
    latest_birth = add_years(today + SOON, -18)
    for case_id, number, name, born in session.execute(
        select(Case.id, Case.case_number, Child.name, Child.birth_date)
        .join(Child, Child.id == Case.child_id)
        .where(Case.id.in_(mine), Child.birth_date <= latest_birth)
    ):
        assert born is not None  # the WHERE clause above excludes unknown birth dates
        c = age_clock(born, 18, today)
        items.append(
            WorkItem(
                "overdue" if c.passed else "due_soon",
                c.due,
                case_id,
                number,
                name,
                _("Child turns 18: consider closing the case"),
                f"{c.document_number} {c.clause}",
            )
        )

    # Guardians refusing their duties: six months is a ground for revocation.
    for case_id, number, name, since in session.execute(
        select(Case.id, Case.case_number, Child.name, FamilyMember.refusing_duties_since)
        .join(Child, Child.id == Case.child_id)
        .join(FamilyMember, FamilyMember.child_id == Child.id)
        .where(Case.id.in_(mine), FamilyMember.refusing_duties_since.is_not(None))
    ):
        assert since is not None  # the WHERE clause above excludes NULL
        c = guardian_refusal_clock(since, today)
        if c.passed or c.due <= today + SOON:
            items.append(
                WorkItem(
                    "overdue" if c.passed else "due_soon",
                    c.due,
                    case_id,
                    number,
                    name,
                    _("Guardian has refused duties for 6 months: revocation ground"),
                    f"{c.document_number} {c.clause}",
                )
            )

    for a in pending_for(session, actor):
        items.append(
            WorkItem(
                "approval",
                None,
                a.case_id,
                a.case_number,
                a.child_name,
                _("To approve: {what} (requested by {who})").format(
                    what=approval_subject(a.kind, a.transition_code), who=a.requested_by
                ),
                ref_id=a.id,
            )
        )
    for a in answers_for(session, actor):
        items.append(
            WorkItem(
                "answer",
                None,
                a.case_id,
                a.case_number,
                a.child_name,
                _("{what}: {answer} by {who}").format(
                    what=approval_subject(a.kind, a.transition_code),
                    answer=label(APPROVAL_STATUSES, a.status),
                    who=a.decided_by,
                ),
                ref_id=a.id,
            )
        )
    for t, number, name in incoming_transfers(session, actor):
        items.append(
            WorkItem(
                "transfer",
                None,
                t.case_id,
                number,
                name,
                _("Transfer to your district waiting for acceptance"),
                ref_id=t.id,
            )
        )
    items += court_work_items(session, actor, today)
    order = ["overdue", "approval", "transfer", "answer", "due_soon"]
    items.sort(key=lambda w: (order.index(w.group), w.due or today, w.case_number))
    return items
