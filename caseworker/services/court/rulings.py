"""The court's ruling on a petition — and what it changes on the case.

Revocation or change of guardian granted: the guardian stops being one (revocation also
records the condition 被撤销监护资格 from the ruling date, one of the eight conditions the
category rules read), the court-designated guardian is added to the family, and the case
may now close with `court_designated_guardian` or `long_term_guardianship_cwi` (the
`court_order` fact). A denial returns an intervention case to support through the workflow
rules. A protection order's expiry becomes a reminder (court_work). A correction is a new
ruling row that supersedes the old one; it cannot silently undo a guardian's change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import (
    Case,
    FamilyMember,
    MemberCondition,
    Petition,
    Ruling,
    local_today,
)
from caseworker.policy.dates import add_months
from caseworker.security.actor import Actor
from caseworker.services.cases.access import not_visible, require_case_worker
from caseworker.services.cases.flow import TransitionRefused, TransitionRequest, request_transition
from caseworker.services.court.labels import (
    CITY_CWI_NAME,
    NEW_GUARDIAN_KINDS,
    NEW_GUARDIAN_RELATIONSHIPS,
    RULING_OUTCOMES,
)
from caseworker.services.court.petitions import (
    GUARDIANSHIP_KINDS,
    audit_petition,
    current_ruling,
    load_petition,
    superseded_ids,
)
from caseworker.services.errors import ValidationError, check_fields
from caseworker.services.tx import begin_write

ORDER_MONTHS = 6  # 反家庭暴力法第三十条: a protection order lasts at most six months


@dataclass(frozen=True)
class RulingInput:
    outcome: str
    ruled_on: date
    summary: str = ""
    new_guardian_kind: str | None = None
    new_guardian_name: str = ""
    order_valid_from: date | None = None
    order_valid_until: date | None = None
    support_monthly_amount: int | None = None


@dataclass(frozen=True)
class RulingOutcome:
    ruling_id: int
    guardian_changed: bool
    closure_reason: str | None  # the closure the case may now ask for
    moved_to: str | None  # the stage a denial moved the case to
    messages: tuple[str, ...]


def _check(p: Petition, data: RulingInput) -> RulingInput:
    errors: dict[str, str] = {}
    if data.outcome not in RULING_OUTCOMES:
        errors["outcome"] = _("Choose the court's decision.")
    if p.filed_on is None:
        errors["ruled_on"] = _("Record the filing first: a draft has no ruling.")
    elif not p.filed_on <= data.ruled_on <= local_today():
        errors["ruled_on"] = _("The ruling's date must be between filing and today.")
    granted = data.outcome == "granted"
    if granted and p.kind in GUARDIANSHIP_KINDS:
        if data.new_guardian_kind not in NEW_GUARDIAN_KINDS:
            errors["new_guardian_kind"] = _("Say whom the court designated as guardian.")
        elif data.new_guardian_kind == "person" and not data.new_guardian_name.strip():
            errors["new_guardian_name"] = _("Name the guardian the court designated.")
    if granted and p.kind == "protection_order":
        start, end = data.order_valid_from, data.order_valid_until
        if start is None or end is None:
            errors["order_valid_until"] = _("Give the protection order's validity.")
        elif not start <= end <= add_months(start, ORDER_MONTHS):
            errors["order_valid_until"] = _(
                "A protection order is valid for at most six months from its start."
            )
    if data.support_monthly_amount is not None and data.support_monthly_amount <= 0:
        errors["support_monthly_amount"] = _("The monthly amount must be more than 0 yuan.")
    check_fields(errors)
    if data.new_guardian_kind == "city_child_welfare_institution":
        data = replace(data, new_guardian_name=data.new_guardian_name.strip() or CITY_CWI_NAME)
    return data


def _change_guardian(session: Session, p: Petition, case: Case, r: Ruling) -> None:
    """The ruling's effect on the family: the old guardian out, the designated one in."""
    member = session.get(FamilyMember, p.respondent_id)
    assert member is not None
    member.is_guardian = False
    if p.kind == "revocation":
        session.add(
            MemberCondition(
                member_id=member.id, condition_code="guardianship_revoked", since=r.ruled_on
            )
        )
    kind = r.new_guardian_kind or "person"
    new = FamilyMember(
        child_id=case.child_id,
        name=r.new_guardian_name,
        relationship_code=NEW_GUARDIAN_RELATIONSHIPS[kind],
        is_guardian=True,
        has_guardianship_capacity=True,
    )
    session.add(new)
    session.flush()
    r.new_guardian_id = new.id


def _open_petitions(session: Session, case_id: int, but: int) -> int:
    """Filed petitions of the case still waiting for a ruling, other than `but`."""
    ruled = select(Ruling.petition_id).where(Ruling.id.not_in(superseded_ids()))
    ids = session.scalars(
        select(Petition.id).where(
            Petition.case_id == case_id,
            Petition.id != but,
            Petition.filed_on.is_not(None),
            Petition.id.not_in(ruled),
        )
    ).all()
    return len(ids)


def _row(p: Petition, data: RulingInput, actor: Actor, supersedes: int | None) -> Ruling:
    order = p.kind == "protection_order" and data.outcome == "granted"
    return Ruling(
        petition_id=p.id,
        outcome=data.outcome,
        ruled_on=data.ruled_on,
        summary=data.summary.strip(),
        new_guardian_kind=data.new_guardian_kind if p.kind in GUARDIANSHIP_KINDS else None,
        new_guardian_name=data.new_guardian_name.strip() if p.kind in GUARDIANSHIP_KINDS else "",
        order_valid_from=data.order_valid_from if order else None,
        order_valid_until=data.order_valid_until if order else None,
        support_monthly_amount=data.support_monthly_amount,
        supersedes_id=supersedes,
        recorded_by=actor.user_id,
    )


def _save(
    session: Session, actor: Actor, p: Petition, case: Case, r: Ruling, previous: Ruling | None
) -> bool:
    """Add the ruling, carry over or apply its effect on the family; True if newly applied."""
    session.add(r)
    session.flush()
    changed = False
    if previous is not None and previous.new_guardian_id is not None:
        r.new_guardian_id = previous.new_guardian_id  # the effect stands; only details change
        if p.kind == "revocation" and previous.ruled_on != r.ruled_on:
            cond = session.scalar(
                select(MemberCondition).where(
                    MemberCondition.member_id == p.respondent_id,
                    MemberCondition.condition_code == "guardianship_revoked",
                    MemberCondition.since == previous.ruled_on,
                )
            )
            if cond is not None:
                cond.since = r.ruled_on
    elif r.outcome == "granted" and p.kind in GUARDIANSHIP_KINDS:
        _change_guardian(session, p, case, r)
        changed = True
    audit_petition(
        session,
        actor,
        case,
        "court.ruling",
        p.id,
        ruling=r.id,
        outcome=r.outcome,
        supersedes=r.supersedes_id or "",
        guardian=r.new_guardian_id or "",
    )
    session.commit()
    return changed


def _after(
    session: Session, actor: Actor, p: Petition, case: Case, r: Ruling, changed: bool, move: bool
) -> RulingOutcome:
    """What the ruling offers or does next: closure after a grant, support after a denial."""
    messages: list[str] = []
    closure = None
    if r.outcome == "granted" and p.kind in GUARDIANSHIP_KINDS:
        cwi = r.new_guardian_kind == "city_child_welfare_institution"
        closure = "long_term_guardianship_cwi" if cwi else "court_designated_guardian"
        if changed:
            messages.append(
                _("The guardian's status is updated and {name} is recorded as guardian.").format(
                    name=r.new_guardian_name
                )
            )
        messages.append(_("The case may now be closed on the court's designation."))
    moved = None
    if r.outcome == "denied" and move:
        if case.stage != "intervention":
            messages.append(_("The case is not in intervention; it stays where it is."))
        elif _open_petitions(session, case.id, p.id):
            messages.append(_("Other petitions on the case are still before the court."))
        else:
            try:
                text = _("Petition denied on {date}.").format(date=r.ruled_on.isoformat())
                req = TransitionRequest("intervention_to_support", reason_text=text)
                moved = request_transition(session, actor, case.id, req).stage
                messages.append(_("The case returns to support."))
            except TransitionRefused as refused:
                messages.append(refused.message)
    return RulingOutcome(r.id, changed, closure, moved, tuple(messages))


def record_ruling(
    session: Session, actor: Actor, petition_id: int, data: RulingInput, *, move_case: bool = True
) -> RulingOutcome:
    require_case_worker(actor)
    begin_write(session)
    p, case = load_petition(session, actor, petition_id, for_update=True)
    if current_ruling(session, p.id) is not None:
        raise ValidationError(
            _("A ruling is already recorded; correct it instead."), field="outcome"
        )
    data = _check(p, data)
    r = _row(p, data, actor, None)
    changed = _save(session, actor, p, case, r, None)
    return _after(session, actor, p, case, r, changed, move_case)


def correct_ruling(
    session: Session, actor: Actor, ruling_id: int, data: RulingInput
) -> RulingOutcome:
    """A new ruling row superseding `ruling_id` (a typo, a date, a corrected decision)."""
    require_case_worker(actor)
    begin_write(session)
    old = session.get(Ruling, ruling_id)
    if old is None:
        raise not_visible()
    p, case = load_petition(session, actor, old.petition_id, for_update=True)
    current = current_ruling(session, p.id)
    if current is None or current.id != old.id:
        raise ValidationError(_("Only the current ruling can be corrected."), field="outcome")
    data = _check(p, data)
    if old.new_guardian_id is not None and (
        data.outcome != "granted"
        or data.new_guardian_kind != old.new_guardian_kind
        or data.new_guardian_name.strip() != old.new_guardian_name
    ):
        raise ValidationError(
            _(
                "This ruling has already changed the child's guardian; the decision and the "
                "designated guardian can no longer be corrected here."
            ),
            field="outcome",
        )
    r = _row(p, data, actor, old.id)
    changed = _save(session, actor, p, case, r, old)
    return _after(session, actor, p, case, r, changed, move=False)
