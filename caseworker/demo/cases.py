"""Demo children, families and cases with their history, support plans and requests."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from caseworker.demo.households import _family, _open_work
from caseworker.demo.people import IdNumbers, NamePicker, address_code_for, birth_date
from caseworker.demo.vocab import (
    COMMITTEE_SUFFIXES,
    DISTRICT_STREETS,
    OTHER_PROVINCES,
    ROADS,
    SCHOOLS,
    SUBURBAN,
)
from caseworker.demo.writer import CHUNK, HISTORY_YEARS, DemoSummary, Progress, _utc, _Writer
from caseworker.services.children.names import initials

STAGE_WEIGHTS = [
    ("report", 5),
    ("emergency", 3),
    ("assessment", 10),
    ("support", 27),
    ("temporary_guardianship", 8),
    ("intervention", 5),
    ("closed", 42),
]
PATHS = {
    "report": ["report"],
    "emergency": ["report", "emergency"],
    "assessment": ["report", "assessment"],
    "support": ["report", "assessment", "support"],
    "temporary_guardianship": ["report", "emergency", "temporary_guardianship"],
    "intervention": ["report", "emergency", "temporary_guardianship", "intervention"],
}
CLOSED_PATHS = [
    (["report", "assessment", "support", "closed"], "returned_to_guardian"),
    (["report", "emergency", "temporary_guardianship", "closed"], "returned_to_guardian"),
    (
        ["report", "emergency", "temporary_guardianship", "intervention", "closed"],
        "court_designated_guardian",
    ),
    (["report", "assessment", "support", "closed"], "reached_adulthood"),
    (["report", "emergency", "temporary_guardianship", "closed"], "kinship_or_foster_care"),
]
DISABILITY_KINDS = [
    "visual",
    "hearing",
    "speech",
    "physical",
    "intellectual",
    "mental",
    "multiple",
    "autism",
]
ECONOMIC = [None] * 6 + ["dibao", "dibao_edge", "low_income", "rigid_expense", "tekun"]


@dataclass
class _Buckets:
    """Cases a placement can belong to, by district (and month of opening for history)."""

    current: dict[str, list[tuple[int, int, datetime]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    history: dict[tuple[str, int], list[tuple[int, int, datetime]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def _month(d: datetime) -> int:
    return d.year * 12 + d.month - 1


def _children_and_cases(
    w: _Writer,
    rng: random.Random,
    districts: list[str],
    social_workers: dict[str, list[int]],
    total: int,
    today: date,
    summary: DemoSummary,
    progress: Progress | None,
) -> _Buckets:
    names = NamePicker(rng)
    numbers = IdNumbers()
    child_cols = (
        "id",
        "name",
        "name_initials",
        "gender",
        "id_number",
        "birth_date",
        "hukou_place",
        "hukou_type",
        "hukou_agricultural",
        "residence_district_code",
        "residence_street",
        "residence_committee",
        "address",
        "school",
        "disability_kind",
        "disability_grade",
        "family_economic_status",
        "created_at",
    )
    member_cols = (
        "id",
        "child_id",
        "name",
        "relationship_code",
        "is_guardian",
        "contact_phone",
        "deceased",
        "missing",
        "remarried",
        "social_assistance",
        "hukou_agricultural",
        "shanghai_residence_permit",
        "has_guardianship_capacity",
        "working_away_since",
    )
    cond_cols = ("id", "member_id", "condition_code", "since", "recorded_at")
    case_cols = (
        "id",
        "case_number",
        "child_id",
        "district_code",
        "stage",
        "risk_level",
        "owner_id",
        "opened_at",
        "closed_at",
        "closure_reason",
    )
    event_cols = (
        "id",
        "case_id",
        "kind",
        "from_stage",
        "to_stage",
        "actor_id",
        "occurred_at",
        "reason",
    )
    stage_codes = [s for s, _ in STAGE_WEIGHTS]
    stage_weights = [n for _, n in STAGE_WEIGHTS]
    district_weights = [3 if d == "310115" else 1 for d in districts]
    history_start = today - timedelta(days=365 * HISTORY_YEARS)
    counters: dict[tuple[str, int], int] = defaultdict(int)
    seq = {"member": 0, "cond": 0, "event": 0, "item": 0, "approval": 0}
    buckets = _Buckets()
    stages: dict[str, int] = defaultdict(int)

    for cid in range(1, total + 1):
        district = rng.choices(districts, district_weights)[0]
        gender = "M" if rng.random() < 0.52 else "F"
        surname = names.surname()
        name = names.full(gender, surname)
        born = birth_date(today, rng)
        migrant = rng.random() < 0.18
        if migrant:
            code, place = rng.choice(OTHER_PROVINCES)
            hukou_type, agricultural = "other", rng.random() < 0.6
        else:
            code, place = address_code_for(district, born, rng), "上海市"
            hukou_type, agricultural = "shanghai", district in SUBURBAN and rng.random() < 0.3
        number = numbers.issue(code, born, gender) if rng.random() > 0.02 else None
        street = rng.choice(DISTRICT_STREETS[district])
        committee = street[:2] + rng.choice(COMMITTEE_SUFFIXES)
        address = f"{rng.choice(ROADS)}{rng.randint(1, 999)}弄{rng.randint(1, 60)}号"
        disabled = rng.random() < 0.08
        age = (today - born).days // 365
        school = "" if age < 3 else street[:2] + rng.choice(SCHOOLS)
        opened_day = history_start + timedelta(days=int(rng.random() ** 0.7 * 365 * HISTORY_YEARS))
        opened_day = max(opened_day, born + timedelta(days=1))
        opened = _utc(opened_day, rng)
        w.add(
            "children",
            child_cols,
            (
                cid,
                name,
                initials(name),
                gender,
                number,
                born,
                place,
                hukou_type,
                agricultural,
                district,
                street,
                committee,
                address,
                school,
                rng.choice(DISABILITY_KINDS) if disabled else None,
                rng.randint(1, 4) if disabled else None,
                rng.choice(ECONOMIC),
                w.dt(opened),
            ),
        )
        _family(w, rng, names, cid, surname, today, member_cols, cond_cols, seq)

        stage = rng.choices(stage_codes, stage_weights)[0]
        stages[stage] += 1
        reason = None
        if stage == "closed":
            path, reason = rng.choice(CLOSED_PATHS)
        else:
            path = PATHS[stage]
        key = (district, opened.year)
        counters[key] += 1
        case_number = f"{district}-{opened.year}-{counters[key]:05d}"
        owner = rng.choice(social_workers[district])
        # Steps spaced over the time since opening; a closed case ends before today.
        span = max(1, (today - opened_day).days)
        step_days = sorted(rng.randint(0, span) for _ in path[1:])
        moments = [opened] + [
            opened + timedelta(days=d, minutes=i + 1) for i, d in enumerate(step_days)
        ]
        closed_at = moments[-1] if stage == "closed" else None
        risk = rng.choices(["high", "medium", "low"], [2, 5, 3])[0]
        w.add(
            "cases",
            case_cols,
            (
                cid,
                case_number,
                cid,
                district,
                stage,
                risk,
                owner,
                w.dt(opened),
                w.dt(closed_at),
                reason,
            ),
        )
        prev = None
        for to_stage, moment in zip(path, moments, strict=True):
            seq["event"] += 1
            w.add(
                "case_events",
                event_cols,
                (
                    seq["event"],
                    cid,
                    "transition",
                    prev,
                    to_stage,
                    owner,
                    w.dt(moment),
                    reason if to_stage == "closed" else "",
                ),
            )
            prev = to_stage
        _open_work(w, rng, seq, cid, stage, district, owner, moments[-1], today)
        if stage in ("temporary_guardianship", "emergency"):
            buckets.current[district].append((cid, cid, moments[-1]))
        elif stage == "closed" and "temporary_guardianship" in path:
            bucket = buckets.history[(district, _month(opened))]
            if len(bucket) < 40:
                bucket.append((cid, cid, opened))

        if cid % CHUNK == 0 or cid == total:
            w.flush()
            if progress:
                progress("children", cid, total)

    for (district, year), last in counters.items():
        w.add(
            "case_number_counters", ("district_code", "year", "last_value"), (district, year, last)
        )
    w.flush()
    summary.children = total
    summary.cases = total
    summary.family_members = seq["member"]
    summary.case_events = seq["event"]
    summary.stages = dict(stages)
    return buckets
