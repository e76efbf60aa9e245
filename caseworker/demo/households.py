"""Demo families (parents with the situations the rules read) and open work on cases:
support plans and requests waiting for a manager."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta

from caseworker.demo.people import NamePicker
from caseworker.demo.writer import _Writer

EIGHT_CONDITIONS = [
    "severe_disability",
    "severe_illness",
    "imprisoned",
    "compulsory_rehab",
    "liberty_restricted",
    "lost_contact",
    "guardianship_revoked",
    "deported",
]

SUPPORT_CODES = [
    "guardianship_guidance",
    "medical",
    "psychological",
    "behavioural",
    "legal_service",
    "legal_aid",
    "family_education",
    "social_assistance",
]
PROVIDERS = [
    "街道社工站",
    "区未成年人保护中心",
    "社区卫生服务中心",
    "区心理咨询中心",
    "区法律援助中心",
    "学校心理老师",
    "区妇联家庭教育指导中心",
]


def _open_work(
    w: _Writer,
    rng: random.Random,
    seq: dict[str, int],
    case_id: int,
    stage: str,
    district: str,
    owner: int,
    since: datetime,
    today: date,
) -> None:
    """A support plan for cases in support, and requests waiting for the district manager,
    so "my work" shows what a real caseload looks like."""
    if stage == "support":
        for _ in range(rng.randint(1, 2)):
            seq["item"] += 1
            due = today + timedelta(days=rng.randint(-20, 60))
            status = rng.choice(["planned", "in_progress"])
            w.add(
                "support_items",
                (
                    "id",
                    "case_id",
                    "service_code",
                    "provider",
                    "due_on",
                    "status",
                    "outcome",
                    "created_by",
                    "created_at",
                ),
                (
                    seq["item"],
                    case_id,
                    rng.choice(SUPPORT_CODES),
                    rng.choice(PROVIDERS),
                    due,
                    status,
                    "",
                    owner,
                    w.dt(since),
                ),
            )
            w.add(
                "support_updates",
                ("item_id", "status", "outcome", "updated_by", "updated_at"),
                (seq["item"], status, "", owner, w.dt(since)),
            )
    elif stage == "emergency" and rng.random() < 0.3:
        seq["approval"] += 1
        payload = json.dumps(
            {
                "code": "start_temporary_guardianship",
                "reason": None,
                "reason_text": "父母无法联系，需由民政部门临时监护",
                "ground": None,
                "care_form": "institution_bed",
                "caregiver": "",
                "legal_basis": "",
            },
            ensure_ascii=False,
        )
        w.add(
            "approvals",
            (
                "id",
                "case_id",
                "kind",
                "transition_code",
                "payload",
                "district_code",
                "status",
                "requested_by",
                "requested_at",
                "comment",
            ),
            (
                seq["approval"],
                case_id,
                "transition",
                "start_temporary_guardianship",
                payload,
                district,
                "pending",
                owner,
                w.dt(since),
                "",
            ),
        )


def _family(
    w: _Writer,
    rng: random.Random,
    names: NamePicker,
    child_id: int,
    surname: str,
    today: date,
    member_cols: tuple[str, ...],
    cond_cols: tuple[str, ...],
    seq: dict[str, int],
) -> None:
    """Father and mother, with the situations of DOMAIN §2 in realistic proportions."""
    for relation, gender in (("father", "M"), ("mother", "F")):
        seq["member"] += 1
        mid = seq["member"]
        deceased = rng.random() < 0.04
        missing = not deceased and rng.random() < 0.03
        away = not deceased and not missing and rng.random() < 0.12
        working_since = today - timedelta(days=rng.randint(60, 2000)) if away else None
        name = names.full(gender, surname if relation == "father" else None)
        phone = f"13{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
        w.add(
            "family_members",
            member_cols,
            (
                mid,
                child_id,
                name,
                relation,
                not deceased and not missing,
                phone,
                deceased,
                missing,
                rng.random() < 0.06,
                rng.random() < 0.08,
                rng.random() < 0.2,
                rng.random() < 0.3,
                None if deceased else rng.random() > 0.15,
                working_since,
            ),
        )
        if not deceased and rng.random() < 0.07:
            seq["cond"] += 1
            since = today - timedelta(days=rng.randint(30, 3000))
            w.add(
                "member_conditions",
                cond_cols,
                (
                    seq["cond"],
                    mid,
                    rng.choice(EIGHT_CONDITIONS),
                    since,
                    w.dt(
                        datetime.now(UTC).replace(year=since.year, month=since.month, day=since.day)
                    ),
                ),
            )
    if rng.random() < 0.1:
        seq["member"] += 1
        w.add(
            "family_members",
            member_cols,
            (
                seq["member"],
                child_id,
                names.full(rng.choice("MF"), surname),
                "grandparent",
                True,
                "",
                False,
                False,
                False,
                False,
                False,
                False,
                True,
                None,
            ),
        )
