"""Builders for bed tests: rows go straight into the tables (setup, not the use cases)."""

from __future__ import annotations

import itertools
from datetime import datetime

from sqlalchemy.orm import Session

from caseworker.models import Bed, Case, Child, Institution, Placement, Room

CHONGMING = "310151"
_serial = itertools.count(1)


def make_ward(
    session: Session,
    district: str | None,
    *,
    beds: int,
    level: str = "district",
    setting: str = "protection_institution",
    zone: bool = False,
    staff: bool = False,
    name: str = "测试未成年人保护中心",
) -> tuple[Institution, Room, list[Bed]]:
    inst = Institution(
        name=name,
        level=level,
        setting_type=setting,
        district_code=district,
        independent_zone=zone,
        dedicated_staff=staff,
    )
    room = Room(institution=inst, name="201室")
    made = [Bed(room=room, label=f"201-{i + 1}", status="in_service") for i in range(beds)]
    session.add_all([inst, room, *made])
    session.flush()
    return inst, room, made


def make_cases(
    session: Session, district: str, n: int, stage: str = "emergency", names: str = "王子涵"
) -> list[Case]:
    made = []
    for _ in range(n):
        k = next(_serial)
        child = Child(name=names, gender="F", id_number=f"99000020150601{k:03d}X")
        case = Case(
            case_number=f"{district}-2026-9{k:04d}",
            child=child,
            district_code=district,
            stage=stage,
        )
        session.add_all([child, case])
        made.append(case)
    session.flush()
    return made


def stay(
    session: Session,
    bed: Bed,
    case: Case,
    admitted: datetime,
    discharged: datetime | None,
    reason: str | None = None,
) -> Placement:
    """A past stay with chosen times (history the services would have written)."""
    p = Placement(
        bed_id=bed.id,
        case_id=case.id,
        child_id=case.child_id,
        admitted_at=admitted,
        discharged_at=discharged,
        discharge_reason=reason if discharged else None,
    )
    session.add(p)
    session.flush()
    return p


def chinese(text: str) -> bool:
    """A message the user reads in Chinese, not an untranslated English msgid."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
