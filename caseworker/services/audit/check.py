"""Checking the audit trail, in words: the chain, its head, the append-only guard and any
anchors kept outside the database. `caseworker audit verify` and the administrators'
audit screen say the same thing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Role
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.errors import AccessDenied


@dataclass(frozen=True)
class TrailCheck:
    report: audit.ChainReport
    missing_guards: list[str]
    anchors: list[tuple[str, str]]  # (anchor, "" if it holds, else "missing" or "changed")

    @property
    def ok(self) -> bool:
        return (
            self.report.intact
            and not self.missing_guards
            and not any(problem for _a, problem in self.anchors)
        )

    @property
    def new_anchor(self) -> str | None:
        """The anchor to write down now; only offered for a trail that checked out."""
        head = self.report.head
        return head.anchor if self.ok and head is not None else None


def check_trail(session: Session, anchors: Sequence[str] = ()) -> TrailCheck:
    """Everything `audit verify` checks, without an acting user (the command line runs
    with the database key, which already opens every record)."""
    report = audit.verify_chain(session)
    missing = audit.guard_status(session)
    held = [(a, audit.check_anchor(session, a)) for a in anchors]
    return TrailCheck(report, missing, held)


def check_trail_as(session: Session, actor: Actor, anchors: Sequence[str] = ()) -> TrailCheck:
    """The audit screen's check: administrators only, and itself audited."""
    if actor.role is not Role.ADMIN:
        raise AccessDenied(_("Only a system administrator may read the audit trail."))
    for anchor in anchors:
        audit.parse_anchor(anchor)
    check = check_trail(session, anchors)
    session.rollback()  # the walk was a read; the audit row gets a transaction of its own
    audit.record(session, actor, "audit.verify", ok=check.ok, anchors=list(anchors))
    session.commit()
    return check


def describe(check: TrailCheck) -> list[str]:
    """What the check found, one message per finding, then the anchor to keep."""
    lines = [chain_message(check.report)]
    if check.missing_guards:
        lines.append(
            _(
                "The database no longer refuses changes to the audit trail: these triggers are "
                "missing or disabled: {names}. Someone with rights to change the database "
                "schema removed them."
            ).format(names=", ".join(check.missing_guards))
        )
    for anchor, problem in check.anchors:
        lines.append(anchor_message(anchor, problem))
    if check.new_anchor:
        lines.append(
            _(
                "Anchor: {anchor}. Write it down or file it away from this computer; "
                "`caseworker audit verify --anchor {anchor}` later shows whether any event "
                "up to it was changed or removed, even by someone who can change the database."
            ).format(anchor=check.new_anchor)
        )
    return lines


def anchor_message(anchor: str, problem: str) -> str:
    if not problem:
        return _("Anchor {anchor} holds.").format(anchor=anchor)
    event_id = audit.parse_anchor(anchor)[0]
    reason = (
        _(
            "there is no event #{id}: the trail was cut before it (or the anchor is "
            "from another database)"
        )
        if problem == "missing"
        else _(
            "event #{id} has another hash: the trail was rewritten up to it (or the "
            "anchor is from another database)"
        )
    ).format(id=event_id)
    return _("Anchor {anchor} does not hold: {reason}.").format(anchor=anchor, reason=reason)


def chain_message(report: audit.ChainReport) -> str:
    if report.intact:
        return _("Audit chain intact: {n} events verified.").format(n=report.checked)
    head = report.head
    if report.reason in ("link", "content"):
        what = (
            _("a link is missing or out of order")
            if report.reason == "link"
            else _("its content was changed")
        )
        return _(
            "Audit chain broken at event #{id} ({when}): {what}. {n} events before it verified."
        ).format(
            id=report.broken_at,
            when=report.when.isoformat() if report.when else "?",
            what=what,
            n=report.checked,
        )
    if head is None:
        return _(
            "The audit head record is missing, so events removed from the end of the trail "
            "cannot be ruled out. {n} events verified."
        ).format(n=report.checked)
    if report.reason == "truncated":
        return _(
            "Audit trail cut short: the head record counts {count} events up to event #{id}, "
            "but the chain holds {n} events and ends at event #{last}."
        ).format(
            count=head.event_count, id=head.last_event_id, n=report.checked, last=report.last_id
        )
    return _(
        "The audit head record does not match the chain: it counts {count} events up to "
        "event #{id}; the chain holds {n} events and ends at event #{last}."
    ).format(count=head.event_count, id=head.last_event_id, n=report.checked, last=report.last_id)
