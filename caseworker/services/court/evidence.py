"""Evidence for a petition: records already on the case (notes, capacity assessments,
emergency actions — the police's records —, investigations, interventions on guardians),
linked to the ground they support rather than copied."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _, gettext
from caseworker.models import (
    CapacityAssessment,
    Case,
    EmergencyAction,
    GuardianIntervention,
    Investigation,
    Note,
    PetitionEvidence,
)
from caseworker.security.actor import Actor
from caseworker.services.cases.access import load_case
from caseworker.services.court.labels import INTERVENTION_KINDS
from caseworker.services.reference.labels import EMERGENCY_ACTIONS, label

SOURCES = {
    "note": Note,
    "assessment": CapacityAssessment,
    "emergency_action": EmergencyAction,
    "investigation": Investigation,
    "intervention": GuardianIntervention,
}
SHORT = 60


@dataclass(frozen=True)
class EvidenceRef:
    kind: str  # a key of SOURCES
    id: int
    ground_code: str = ""  # the revocation ground it supports; "" = the petition in general


@dataclass(frozen=True)
class EvidenceChoice:
    kind: str
    id: int
    on: date
    text: str


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def evidence_choices(session: Session, actor: Actor, case_id: int) -> list[EvidenceChoice]:
    """Every record of the case that may be offered as evidence, newest first."""
    case = load_case(session, actor, case_id)
    out: list[EvidenceChoice] = []
    for n in session.scalars(select(Note).where(Note.case_id == case.id)):
        out.append(EvidenceChoice("note", n.id, n.created_at.date(), _short(n.text)))
    for a in session.scalars(
        select(CapacityAssessment).where(
            CapacityAssessment.case_id == case.id, CapacityAssessment.status == "final"
        )
    ):
        when = a.assessed_on or a.created_at.date()
        text = _("Assessment v{version}: {conclusion}").format(
            version=a.version, conclusion=_short(a.conclusion)
        )
        out.append(EvidenceChoice("assessment", a.id, when, text))
    for e in session.scalars(select(EmergencyAction).where(EmergencyAction.case_id == case.id)):
        text = f"{label(EMERGENCY_ACTIONS, e.action_code)}（{e.acted_by}）{_short(e.note)}"
        out.append(EvidenceChoice("emergency_action", e.id, e.acted_at.date(), text))
    for i in session.scalars(select(Investigation).where(Investigation.case_id == case.id)):
        text = _short(i.safety or i.guardianship or i.physical_health or i.mental_health)
        out.append(EvidenceChoice("investigation", i.id, i.recorded_at.date(), text))
    for g in session.scalars(
        select(GuardianIntervention).where(GuardianIntervention.case_id == case.id)
    ):
        kind = gettext(INTERVENTION_KINDS[g.kind]) if g.kind in INTERVENTION_KINDS else g.kind
        out.append(EvidenceChoice("intervention", g.id, g.issued_on, f"{kind}（{g.issuer}）"))
    out.sort(key=lambda c: (c.on, c.kind, c.id), reverse=True)
    return out


def check_evidence(
    session: Session, case: Case, refs: Sequence[EvidenceRef], grounds: Sequence[str]
) -> dict[str, str]:
    """Each reference must be a record of this case, for a ground the petition claims."""
    for ref in refs:
        model = SOURCES.get(ref.kind)
        row = session.get(model, ref.id) if model is not None else None
        if row is None or getattr(row, "case_id", None) != case.id:
            return {"evidence": _("Evidence must be records of this case.")}
        if ref.ground_code and ref.ground_code not in grounds:
            return {"evidence": _("Evidence is linked to a ground the petition does not claim.")}
    return {}


def evidence_of(session: Session, petition_id: int) -> list[PetitionEvidence]:
    return list(
        session.scalars(
            select(PetitionEvidence)
            .where(PetitionEvidence.petition_id == petition_id)
            .order_by(PetitionEvidence.id)
        )
    )
