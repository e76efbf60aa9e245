"""Handing a case to another district's institution, or referring it to another province."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Approval, Case, CaseEvent, Child, District, Role, Transfer, utcnow
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case, require_case_worker, require_manager
from caseworker.services.errors import AccessDenied, NotFound, ValidationError, check_fields
from caseworker.services.tx import begin_write


def request_transfer(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    kind: str,
    reason: str,
    to_district: str | None = None,
    to_province: str = "",
    receiving_agency: str = "",
) -> Transfer:
    require_case_worker(actor)
    begin_write(session)
    case = load_case(session, actor, case_id, for_update=True)
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for the transfer.")
    if kind == "district":
        if to_district is None or session.get(District, to_district) is None:
            errors["to_district"] = _("Choose the receiving district.")
        elif to_district == case.district_code:
            errors["to_district"] = _("The case is already in this district.")
    elif kind == "cross_province":
        child = session.get(Child, case.child_id)
        if child is None or child.hukou_type != "other":
            errors["kind"] = _(
                "Cross-province referral is only for children without Shanghai hukou."
            )
        if not to_province.strip():
            errors["to_province"] = _("Name the province or city referred to.")
    else:
        raise ValueError(f"unknown transfer kind {kind!r}")
    check_fields(errors)
    if case.stage == "closed":
        raise ValidationError(_("A closed case cannot be transferred."))
    if session.scalar(
        select(Transfer.id).where(
            Transfer.case_id == case.id, Transfer.status.in_(("awaiting_approval", "pending"))
        )
    ):
        raise ValidationError(_("A transfer of this case is already under way."))
    manager = actor.role in (Role.MANAGER, Role.CITY)
    transfer = Transfer(
        case_id=case.id,
        kind=kind,
        from_district=case.district_code,
        to_district=to_district if kind == "district" else None,
        to_province=to_province.strip(),
        receiving_agency=receiving_agency.strip(),
        reason=reason.strip(),
        requested_by=actor.user_id,
        status=approved_status(kind) if manager else "awaiting_approval",
    )
    session.add(transfer)
    session.flush()
    now = utcnow()
    session.add(
        Approval(
            case_id=case.id,
            kind="transfer",
            subject_id=transfer.id,
            district_code=case.district_code,
            payload={"kind": kind, "to_district": to_district, "to_province": to_province},
            requested_by=actor.user_id,
            **(
                {
                    "status": "approved",
                    "decided_by": actor.user_id,
                    "decided_at": now,
                    "seen_at": now,
                }
                if manager
                else {}
            ),
        )
    )
    audit.record(
        session,
        actor,
        "case.transfer_request",
        entity_type="case",
        entity_id=case.id,
        district_code=case.district_code,
        kind=kind,
        to=to_district or to_province,
    )
    session.commit()
    return transfer


def approved_status(kind: str) -> str:
    # A district transfer then waits for the receiver; a referral leaves with its letter.
    return "pending" if kind == "district" else "referred"


def incoming_transfers(session: Session, actor: Actor) -> list[tuple[Transfer, str, str]]:
    """Transfers waiting for this manager's district: (transfer, case number, child name)."""
    if actor.role not in (Role.MANAGER, Role.CITY):
        return []
    stmt = (
        select(Transfer, Case.case_number, Child.name)
        .join(Case, Case.id == Transfer.case_id)
        .join(Child, Child.id == Case.child_id)
        .where(Transfer.status == "pending")
        .order_by(Transfer.requested_at)
    )
    visible = actor.visible_districts()
    if visible is not None:
        stmt = stmt.where(Transfer.to_district.in_(sorted(visible)))
    return [(t, n, c) for t, n, c in session.execute(stmt)]


def decide_transfer(
    session: Session, actor: Actor, transfer_id: int, *, accept: bool, reason: str = ""
) -> Transfer:
    """The receiving district's manager accepts (the case moves) or rejects with a reason."""
    begin_write(session)
    transfer = session.get(Transfer, transfer_id)
    if transfer is None or transfer.status != "pending" or transfer.to_district is None:
        raise NotFound(_("No such transfer is waiting for a decision."))
    if actor.role not in (Role.MANAGER, Role.CITY) or not actor.can_see_district(
        transfer.to_district
    ):
        raise AccessDenied(_("Only the receiving district's manager may decide this."))
    if not accept and not reason.strip():
        raise ValidationError(_("Give the reason for rejecting."), field="reason")
    case = session.get(Case, transfer.case_id)
    assert case is not None
    now = utcnow()
    transfer.status = "accepted" if accept else "rejected"
    transfer.decided_by, transfer.decided_at = actor.user_id, now
    transfer.decision_reason = reason.strip()
    if accept:
        session.add(
            CaseEvent(
                case_id=case.id,
                kind="transfer",
                value=transfer.to_district,
                from_stage=case.stage,
                to_stage=case.stage,
                actor_id=actor.user_id,
                occurred_at=now,
                reason=transfer.reason,
            )
        )
        case.district_code = transfer.to_district
        case.owner_id = None  # the receiving manager assigns a worker
    audit.record(
        session,
        actor,
        "case.transfer_decision",
        entity_type="case",
        entity_id=case.id,
        district_code=transfer.to_district,
        accepted=accept,
    )
    session.commit()
    return transfer


def decide_transfer_approval(
    session: Session, actor: Actor, approval: Approval, approve: bool
) -> None:
    """The sending district's manager approves the request (called from services.approvals)."""
    transfer = session.get(Transfer, approval.subject_id)
    assert transfer is not None
    require_manager(actor, transfer.from_district)
    transfer.status = approved_status(transfer.kind) if approve else "rejected"
    if not approve:
        transfer.decided_by, transfer.decided_at = actor.user_id, utcnow()
