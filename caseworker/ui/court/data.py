"""Everything the court panel shows for one case, loaded in one lane job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from caseworker.models import Court, FamilyMember
from caseworker.security.actor import Actor
from caseworker.services.cases.access import load_case
from caseworker.services.cases.interventions import InterventionView, interventions_of
from caseworker.services.court.evidence import EvidenceChoice, evidence_choices
from caseworker.services.court.grounds import GroundsView, grounds_view
from caseworker.services.court.petitions import courts
from caseworker.services.court.views import (
    PetitionDefaults,
    PetitionView,
    case_family,
    petition_defaults,
    petitions_of,
)


@dataclass(frozen=True)
class PanelData:
    case_number: str
    stage: str
    interventions: list[InterventionView]
    petitions: list[PetitionView]
    grounds: GroundsView
    family: list[FamilyMember]
    evidence: list[EvidenceChoice]
    courts: list[Court]
    defaults: PetitionDefaults


def load_panel(session: Session, actor: Actor, case_id: int, today: date) -> PanelData:
    case = load_case(session, actor, case_id)
    data = PanelData(
        case.case_number,
        case.stage,
        interventions_of(session, actor, case_id, today),
        petitions_of(session, actor, case_id, today),
        grounds_view(session, actor, case_id, today),
        case_family(session, actor, case_id),
        evidence_choices(session, actor, case_id),
        courts(session),
        petition_defaults(session, actor, case_id),
    )
    session.expunge_all()  # handed to the UI thread: plain objects, no lazy loads
    return data
