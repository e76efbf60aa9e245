"""Demo staff, institutions, rooms and beds."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from pypinyin import lazy_pinyin

from caseworker.demo.people import NamePicker
from caseworker.demo.vocab import (
    DISTRICT_STREETS,
)
from caseworker.demo.writer import HISTORY_YEARS, DemoSummary, _Writer
from caseworker.services.accounts.signin import DEMO_PASSWORD, hash_password


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
    created: datetime  # in the inventory since; its stays begin after


def _institutions(
    w: _Writer,
    rng: random.Random,
    districts: list[str],
    short: dict[str, str],
    full: dict[str, str],
    summary: DemoSummary,
    today: date,
    seed: int,
) -> list[_Bed]:
    """The inventory with a history: most institutions there since before the first stay,
    some street stations opened later, a few beds taken out of service in the last year.
    The history draws from a generator of its own, so the rest of the demo stays as it was
    for a seed."""
    inst_cols = (
        "id",
        "name",
        "level",
        "setting_type",
        "district_code",
        "independent_zone",
        "dedicated_staff",
        "doc_prefix",
        "created_at",
    )
    bed_cols = ("id", "room_id", "label", "status", "created_at")
    change_cols = ("bed_id", "old_status", "new_status", "changed_at")
    fact_cols = (
        "institution_id",
        "old_independent_zone",
        "old_dedicated_staff",
        "new_independent_zone",
        "new_dedicated_staff",
        "changed_at",
    )
    beds: list[_Bed] = []
    ids = {"inst": 0, "room": 0, "bed": 0}
    history = random.Random(f"inventory-{seed}")
    first_day = today - timedelta(days=365 * HISTORY_YEARS + 30)
    opened_at = datetime.combine(first_day, time(1), tzinfo=UTC)  # 09:00 in Shanghai

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
        opened: datetime = opened_at,
    ) -> None:
        ids["inst"] += 1
        inst = ids["inst"]
        w.add(
            "institutions",
            inst_cols,
            (inst, name, level, setting, district, zone, staff, prefix, w.dt(opened)),
        )
        per_room = 4
        for r in range((n_beds + per_room - 1) // per_room):
            ids["room"] += 1
            w.add("rooms", ("id", "institution_id", "name"), (ids["room"], inst, f"{101 + r}室"))
            for b in range(min(per_room, n_beds - r * per_room)):
                ids["bed"] += 1
                status = "out_of_service" if rng.random() < 0.03 else "in_service"
                label = f"{101 + r}-{b + 1}"
                w.add("beds", bed_cols, (ids["bed"], ids["room"], label, status, w.dt(opened)))
                if status == "out_of_service":  # in service until some day of the last year
                    since = today - timedelta(days=history.randint(14, 365))
                    changed = datetime.combine(since, time(2), tzinfo=UTC)
                    row = (ids["bed"], "in_service", status, w.dt(changed))
                    w.add("bed_status_changes", change_cols, row)
                beds.append(
                    _Bed(ids["bed"], district or "", counted and status == "in_service", opened)
                )

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
            if zone and history.random() < 0.5:  # its zone and staff came a while ago
                since = today - timedelta(days=history.randint(365, 3 * 365))
                changed = datetime.combine(since, time(2), tzinfo=UTC)
                row = (ids["inst"], False, False, True, True, w.dt(changed))
                w.add("institution_fact_changes", fact_cols, row)
        if code not in short_of_minimum and rng.random() < 0.5:
            for street in rng.sample(DISTRICT_STREETS[code], 2):
                # Street stations came later: opened one to four years ago.
                opened = first_day + timedelta(days=history.randint(365, 365 * 4))
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
                    datetime.combine(opened, time(1), tzinfo=UTC),
                )
    summary.institutions = ids["inst"]
    summary.beds = ids["bed"]
    return beds
