"""Build a demo database: staff, institutions and beds, children, families, cases, history.

Everything comes from one seeded random generator and the `today` anchor, so the same seed
and day give the same data. Rows go in by bulk load in chunks, which keeps a million
children to a few minutes.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pypinyin import lazy_pinyin
from sqlalchemy import Engine, select, text

from caseworker.demo.bulk import insert_rows, reset_sequences
from caseworker.demo.people import IdNumbers, NamePicker, address_code_for, birth_date
from caseworker.demo.vocab import (
    COMMITTEE_SUFFIXES,
    DISTRICT_STREETS,
    OTHER_PROVINCES,
    ROADS,
    SCHOOLS,
    SUBURBAN,
)
from caseworker.models import District
from caseworker.services.accounts import DEMO_PASSWORD, hash_password
from caseworker.services.names import initials

CHUNK = 20_000
HISTORY_YEARS = 5

# Share of cases at each stage; the rest of a case's path is derived from its stage.
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


class DemoError(Exception):
    pass


@dataclass
class DemoSummary:
    children: int = 0
    family_members: int = 0
    cases: int = 0
    case_events: int = 0
    users: int = 0
    institutions: int = 0
    beds: int = 0
    placements: int = 0
    stages: dict[str, int] = field(default_factory=dict)


Progress = Callable[[str, int, int], None]


def _utc(d: date, rng: random.Random) -> datetime:
    return datetime.combine(d, time(rng.randint(0, 23), rng.randint(0, 59)), tzinfo=UTC)


class _Writer:
    """Formats values for the backend and buffers rows per table."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.buffers: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)

    def dt(self, value: datetime | None) -> Any:
        if value is None or not self.sqlite:
            return value
        # The exact text SQLAlchemy writes for SQLite, so stored values sort and parse alike.
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def add(self, table: str, columns: tuple[str, ...], row: tuple[Any, ...]) -> None:
        self.buffers[(table, columns)].append(row)

    def flush(self) -> None:
        for (table, columns), rows in self.buffers.items():
            insert_rows(self.conn, table, columns, rows)
        self.buffers.clear()


def build_demo(
    engine: Engine,
    *,
    children: int,
    seed: int,
    today: date,
    progress: Progress | None = None,
) -> DemoSummary:
    if children < 1:
        raise DemoError("children must be at least 1")
    rng = random.Random(seed)
    summary = DemoSummary()
    with engine.begin() as conn:
        for table in ("users", "children", "institutions"):
            if conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first():
                raise DemoError(
                    f"the database already holds data (table {table}); use an empty one"
                )
        districts = [
            r[0] for r in conn.execute(select(District.code).order_by(District.sort_order))
        ]
        short = dict(conn.execute(select(District.code, District.short_name)).all())
        w = _Writer(conn)
        staff = _users(w, rng, districts, short, summary)
        full = dict(conn.execute(select(District.code, District.name)).all())
        beds = _institutions(w, rng, districts, short, full, summary)
        w.flush()
        buckets = _children_and_cases(w, rng, districts, staff, children, today, summary, progress)
        _placements(w, rng, beds, buckets, today, summary)
        w.add("app_meta", ("key", "value"), ("demo", "1"))
        w.add("app_meta", ("key", "value"), ("demo_seed", str(seed)))
        w.add("app_meta", ("key", "value"), ("demo_today", today.isoformat()))
        w.flush()
        reset_sequences(
            conn,
            [
                "users",
                "institutions",
                "rooms",
                "beds",
                "children",
                "family_members",
                "member_conditions",
                "cases",
                "case_events",
                "placements",
                "support_items",
                "support_updates",
                "approvals",
            ],
        )
    return summary


def _users(
    w: _Writer,
    rng: random.Random,
    districts: list[str],
    short: dict[str, str],
    summary: DemoSummary,
) -> dict[str, list[int]]:
    """admin, city, and per district a manager, two social workers and a staff member."""
    names = NamePicker(rng)
    pw = hash_password(DEMO_PASSWORD)  # one hash for all: argon2 is slow by design
    now = w.dt(datetime(2020, 1, 1, tzinfo=UTC))
    cols = (
        "id",
        "username",
        "display_name",
        "password_hash",
        "role",
        "district_code",
        "active",
        "failed_logins",
        "created_at",
    )
    uid = 0

    def add(username: str, role: str, district: str | None) -> int:
        nonlocal uid
        uid += 1
        gender = rng.choice("MF")
        w.add("users", cols, (uid, username, names.full(gender), pw, role, district, True, 0, now))
        return uid

    add("admin", "admin", None)
    add("city", "city", None)
    social_workers: dict[str, list[int]] = {}
    for code in districts:
        slug = "".join(lazy_pinyin(short[code]))
        add(f"{slug}.manager", "manager", code)
        social_workers[code] = [add(f"{slug}.sw{i}", "social_worker", code) for i in (1, 2)]
        add(f"{slug}.staff", "staff", code)
    summary.users = uid
    return social_workers


@dataclass
class _Bed:
    id: int
    district: str
    counted: bool


def _institutions(
    w: _Writer,
    rng: random.Random,
    districts: list[str],
    short: dict[str, str],
    full: dict[str, str],
    summary: DemoSummary,
) -> list[_Bed]:
    inst_cols = (
        "id",
        "name",
        "level",
        "setting_type",
        "district_code",
        "independent_zone",
        "dedicated_staff",
        "doc_prefix",
    )
    beds: list[_Bed] = []
    ids = {"inst": 0, "room": 0, "bed": 0}

    def institution(
        name: str,
        level: str,
        setting: str,
        district: str | None,
        zone: bool,
        staff: bool,
        prefix: str,
        n_beds: int,
        counted: bool,
    ) -> None:
        ids["inst"] += 1
        inst = ids["inst"]
        w.add(
            "institutions", inst_cols, (inst, name, level, setting, district, zone, staff, prefix)
        )
        per_room = 4
        for r in range((n_beds + per_room - 1) // per_room):
            ids["room"] += 1
            w.add("rooms", ("id", "institution_id", "name"), (ids["room"], inst, f"{101 + r}室"))
            for b in range(min(per_room, n_beds - r * per_room)):
                ids["bed"] += 1
                status = "out_of_service" if rng.random() < 0.03 else "in_service"
                w.add(
                    "beds",
                    ("id", "room_id", "label", "status"),
                    (ids["bed"], ids["room"], f"{101 + r}-{b + 1}", status),
                )
                beds.append(_Bed(ids["bed"], district or "", counted and status == "in_service"))

    institution(
        "上海市未成年人救助保护中心",
        "city",
        "protection_institution",
        None,
        False,
        False,
        "沪民未保",
        40,
        False,
    )
    short_of_minimum = set(rng.sample(districts, 4))  # some districts lag the 25-bed rule
    for code in districts:
        name, district_name = short[code], full[code]
        main = rng.randint(12, 18) if code in short_of_minimum else rng.randint(20, 32)
        prefix = f"{name}民未保"
        institution(
            f"{district_name}未成年人保护中心",
            "district",
            "protection_institution",
            code,
            False,
            False,
            prefix,
            main,
            True,
        )
        if rng.random() < 0.5:
            zone = rng.random() < 0.5
            institution(
                f"{district_name}社会福利院",
                "district",
                "welfare_facility",
                code,
                zone,
                zone,
                prefix,
                rng.randint(4, 10),
                zone,
            )
        if code not in short_of_minimum and rng.random() < 0.5:
            for street in rng.sample(DISTRICT_STREETS[code], 2):
                institution(
                    f"{street}未成年人保护工作站",
                    "street",
                    "street_station",
                    code,
                    False,
                    False,
                    prefix,
                    rng.randint(2, 3),
                    True,
                )
    summary.institutions = ids["inst"]
    summary.beds = ids["bed"]
    return beds


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


def _placements(
    w: _Writer,
    rng: random.Random,
    beds: list[_Bed],
    buckets: _Buckets,
    today: date,
    summary: DemoSummary,
) -> None:
    """Five years of stays per counted bed; the last stay is open for children in care now."""
    cols = (
        "id",
        "bed_id",
        "case_id",
        "child_id",
        "admitted_at",
        "discharged_at",
        "discharge_reason",
    )
    pid = 0
    start = datetime.combine(today - timedelta(days=365 * HISTORY_YEARS), time(9), tzinfo=UTC)
    now = datetime.combine(today, time(0), tzinfo=UTC)
    for bed in beds:
        if not bed.counted:
            continue
        t = start + timedelta(days=rng.randint(0, 60))
        while True:
            stay = timedelta(days=rng.randint(7, 150), hours=rng.randint(0, 8))
            if t + stay >= now:
                break
            bucket = buckets.history.get((bed.district, _month(t)))
            if bucket:
                case_id, child_id, _opened = bucket.pop()
                pid += 1
                w.add(
                    "placements",
                    cols,
                    (pid, bed.id, case_id, child_id, w.dt(t), w.dt(t + stay), "结案离院"),
                )
            t += stay + timedelta(days=rng.randint(0, 20))
        current = buckets.current.get(bed.district)
        if current and rng.random() < 0.75:
            case_id, child_id, since = current.pop()
            admitted = max(since, t) if max(since, t) < now else now - timedelta(hours=1)
            pid += 1
            w.add("placements", cols, (pid, bed.id, case_id, child_id, w.dt(admitted), None, None))
    summary.placements = pid
