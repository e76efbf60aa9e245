"""Demo staff, institutions, rooms and beds."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

from pypinyin import lazy_pinyin

from caseworker.demo.people import NamePicker
from caseworker.demo.vocab import (
    DISTRICT_STREETS,
)
from caseworker.demo.writer import DemoSummary, _Writer
from caseworker.services.accounts import DEMO_PASSWORD, hash_password


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
