"""The bed-occupancy report takes its figures from the bed records: the institution's beds at
the month's end as on the board, admissions and discharges as the monthly report counts them
(transfers are neither), discharges by reason, and the time in bed of the children there."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from sqlalchemy.orm import Session

import caseworker
from caseworker import i18n
from caseworker.i18n import format_date
from caseworker.models import Institution, utcnow
from caseworker.operations import issuing
from caseworker.security.actor import Actor
from caseworker.services.beds import placements
from caseworker.services.beds.board import institution_rows
from caseworker.services.beds.letter import (
    InstitutionMonth,
    institution_month,
    letter_values,
    parse_month,
    previous_month,
)
from caseworker.services.beds.occupancy import add_months, month_bounds
from caseworker.services.beds.report import monthly_report
from caseworker.services.beds.rules import institution_verdict, shanghai_today
from caseworker.services.documents.register import issuing_institution
from caseworker.services.errors import AccessDenied, ValidationError
from tests.beds.helpers import make_cases, make_ward
from tests.register.bed_history import PUDONG, month_of_stays, room_of_beds
from tests.register.helpers import World, pdf_text
from tests.support.factories import actor

PENDING = i18n.TRANSLATIONS_DIR / "pending" / "bed_letter.json"
FIELDS = [
    "period",
    "as_of",
    "total",
    "occupied",
    "vacant",
    "occupancy_rate",
    "admitted",
    "discharged",
    "returned",
    "fostered",
    "referred",
    "average_stay",
]


def _centre(world: World) -> Institution:
    """The institution that issues Pudong's letters (its district protection centre)."""
    return issuing_institution(world.session, world.manager, None)


def _month_now() -> tuple[int, int]:
    today = shanghai_today(utcnow())
    return today.year, today.month


def _check_against_the_report(session: Session, who: Actor, year: int, month: int) -> None:
    """Pudong's counted institutions add up to Pudong's row in the monthly report, and each
    institution's end figures are its row in the report (the board's at that moment)."""
    report = monthly_report(session, who, year, month)
    [district] = [d for d in report.districts if d.end.district_code == PUDONG]
    rows = {row.id: row for _name, row in report.institutions if row.district_code == PUDONG}
    figures = [institution_month(session, who, i, year, month) for i in sorted(rows)]
    counted = [
        f
        for f in figures
        if institution_verdict(
            rows[f.institution_id].level,
            rows[f.institution_id].setting_type,
            rows[f.institution_id].independent_zone,
            rows[f.institution_id].dedicated_staff,
        ).counts
    ]
    assert sum(f.admitted for f in counted) == district.admissions
    assert sum(f.discharged for f in counted) == district.discharges
    assert sum(f.beds for f in counted) == district.end.counted
    assert sum(f.occupied for f in counted) == district.end.occupied
    for f in figures:
        row = rows[f.institution_id]
        assert (f.beds, f.occupied) == (row.beds - row.out_of_service, row.occupied)
        assert f.vacant == f.beds - f.occupied


def _delta(after: InstitutionMonth, before: InstitutionMonth) -> dict[str, int]:
    return {
        "admitted": after.admitted - before.admitted,
        "discharged": after.discharged - before.discharged,
        "returned": after.in_category("returned") - before.in_category("returned"),
        "fostered": after.in_category("fostered") - before.in_category("fostered"),
        "referred": after.in_category("referred") - before.in_category("referred"),
        "other": after.uncategorised - before.uncategorised,
        "occupied": after.occupied - before.occupied,
        "beds": after.beds - before.beds,
    }


def test_this_month_after_admits_transfers_and_discharges(world: World) -> None:
    """Through the placement services (now, so this month): the letter's figures match the
    monthly report and the live board for the same institution."""
    s, manager = world.session, world.manager
    centre = _centre(world)
    year, month = _month_now()
    before = institution_month(s, manager, centre.id, year, month)
    beds = room_of_beds(s, centre, 7)
    station, _room, station_beds = make_ward(
        s, PUDONG, beds=2, level="street", setting="street_station", name="花木街道未成年人保护工作站"
    )  # fmt: skip
    cases = make_cases(s, PUDONG, 6)
    s.commit()
    stays = [placements.admit(s, manager, beds[i].id, cases[i].id) for i in range(6)]
    moved = placements.transfer(s, manager, stays[0].id, beds[6].id)  # no new admission …
    placements.discharge(s, manager, moved.id, "returned_to_guardian")  # … one discharge
    placements.transfer(s, manager, stays[1].id, station_beds[0].id)  # leaves for the station
    placements.discharge(s, manager, stays[2].id, "kinship_or_foster_care", "外祖母")
    placements.discharge(s, manager, stays[3].id, "reached_adulthood")  # in no category
    # Left in the centre's beds: cases 4 and 5.

    after = institution_month(s, manager, centre.id, year, month)
    assert _delta(after, before) == {
        "admitted": 6,
        "discharged": 3,
        "returned": 1,
        "fostered": 1,
        "referred": 0,
        "other": 1,
        "occupied": 2,
        "beds": 7,
    }
    there = institution_month(s, manager, station.id, year, month)
    assert (there.admitted, there.discharged, there.occupied, there.beds) == (0, 0, 1, 2)
    assert there.average_stay is not None and there.average_stay < 1  # the stay began today
    [live] = institution_rows(s, manager, PUDONG, None, centre.id)  # the board, now
    assert (after.beds, after.occupied) == (live.beds - live.out_of_service, live.occupied)
    assert after.end_day == shanghai_today(utcnow())
    _check_against_the_report(s, manager, year, month)


def test_a_past_month_from_the_stays_in_it(world: World) -> None:
    s, manager = world.session, world.manager
    centre = _centre(world)
    year, month = add_months(*_month_now(), -2)  # whole, and 40 days after it are past too
    before = institution_month(s, manager, centre.id, year, month)
    station = month_of_stays(s, centre, year, month)

    after = institution_month(s, manager, centre.id, year, month)
    assert _delta(after, before) == {
        "admitted": 4,  # c0, c1 (once), c3, c5; c2 and c4 came before the month
        "discharged": 4,  # c0, c1, c2, c5; c4's transfer to the station is not one
        "returned": 1,
        "fostered": 1,
        "referred": 1,
        "other": 1,
        "occupied": 1,  # c3
        "beds": after.beds - before.beds,  # the inventory then: _check_against_the_report
    }
    assert after.as_of == month_bounds(year, month)[1]
    there = institution_month(s, manager, station.id, year, month)
    assert (there.admitted, there.discharged, there.occupied, there.beds) == (1, 0, 2, 3)
    # In bed at the end: c4 since 40 days before the month (the transfer continues the
    # stay), c6 since day 25 of the month.
    days = (month_bounds(year, month)[1] - month_bounds(year, month)[0]).days
    assert there.average_stay == pytest.approx(((days + 40) + (days - 25)) / 2)
    assert letter_values(there)["beds.average_stay"] == int((2 * days + 15) / 2 + 0.5)
    _check_against_the_report(s, manager, year, month)


def test_the_issued_letter_prints_the_figures_of_the_chosen_month(
    world: World, tmp_path: Path
) -> None:
    s, manager = world.session, world.manager
    centre = _centre(world)
    year, month = add_months(*_month_now(), -2)
    month_of_stays(s, centre, year, month)
    draft = issuing.prepare(s, manager, None, "bed_occupancy_report", (year, month))
    assert draft.inputs == ()  # nothing to type but the two free paragraphs
    figures = institution_month(s, manager, centre.id, year, month)
    v = letter_values(figures)
    assert {f"beds.{f}" for f in FIELDS} <= set(draft.fields.values)
    doc = issuing.issue_letter(
        s, manager, case_id=None, letter_code="bed_occupancy_report", entered={}, edits={},
        month=(year, month),
    )  # fmt: skip
    text = pdf_text(doc.pdf, tmp_path)
    assert f"关于{year}年{month}月困境儿童照料床位占用情况的报告" in text
    assert f"本机构核定困境儿童照料床位{v['beds.total']}张" in text
    assert (
        f"截至{format_date(v['beds.as_of'])}，在床儿童{v['beds.occupied']}人，"
        f"空余床位{v['beds.vacant']}张，床位占用率为{v['beds.occupancy_rate']}。"
    ) in text
    assert (
        f"本期新入住儿童{v['beds.admitted']}人，离开{v['beds.discharged']}人，"
        f"其中送回监护人抚养{v['beds.returned']}人，委托亲属抚养或者家庭寄养"
        f"{v['beds.fostered']}人，跨省转介{v['beds.referred']}人。"
        f"在床儿童平均在床{v['beds.average_stay']}天。"
    ) in text
    assert v["beds.returned"] >= 1 and v["beds.referred"] >= 1
    stored = doc.fields_json["fields"]
    assert stored["beds.total"] == figures.beds and stored["beds.period"] == f"{year}年{month}月"
    assert json.dumps(stored)  # the register keeps what was printed


def test_the_month_defaults_to_the_last_and_figures_cannot_be_typed(world: World) -> None:
    s, manager = world.session, world.manager
    draft = issuing.prepare(s, manager, None, "bed_occupancy_report")
    assert draft.month == previous_month(shanghai_today(utcnow()))
    with pytest.raises(ValidationError, match="核定床位数") as typed:
        issuing.issue_letter(
            s, manager, case_id=None, letter_code="bed_occupancy_report",
            entered={"beds.total": "30"}, edits={},
        )  # fmt: skip
    assert typed.value.field == "month"
    with pytest.raises(ValidationError, match="本月或以前") as future:
        issuing.prepare(s, manager, None, "bed_occupancy_report", add_months(*_month_now(), 1))
    assert future.value.field == "month"
    assert parse_month("2026-10") == parse_month(" 2026/10") == parse_month("202610") == (2026, 10)
    for wrong in ("2026-13", "10-2026", "十月"):
        with pytest.raises(ValidationError, match="2026-10"):
            parse_month(wrong)
    # A case letter is not about the beds: no figures are worked out for it.
    case_draft = issuing.prepare(s, world.sw, world.case.id, "temporary_guardianship_decision")
    assert case_draft.month is None


def test_only_the_institutions_district_sees_its_figures(world: World) -> None:
    s = world.session
    centre = _centre(world)
    year, month = add_months(*_month_now(), -1)
    xuhui = actor(s, "xuhui.manager")
    with pytest.raises(AccessDenied):
        institution_month(s, xuhui, centre.id, year, month)
    with pytest.raises(AccessDenied):
        institution_month(s, actor(s, "admin"), centre.id, year, month)
    city = institution_month(s, actor(s, "city"), centre.id, year, month)
    assert city == institution_month(s, world.manager, centre.id, year, month)
    # Issuing, a Xuhui manager reports on Xuhui's own centre, never on Pudong's beds.
    draft = issuing.prepare(s, xuhui, None, "bed_occupancy_report", (year, month))
    own = issuing_institution(s, xuhui, None)
    assert own.id != centre.id and "徐汇" in draft.fields.issuer_name
    assert (
        draft.fields.values["beds.total"] == institution_month(s, xuhui, own.id, year, month).beds
    )
    with pytest.raises(AccessDenied):  # institution staff may not issue letters at all
        issuing.prepare(s, actor(s, "pudong.staff"), None, "bed_occupancy_report")


def test_every_message_of_the_feature_is_translated() -> None:
    """Its new messages wait in the pending file (the catalogue scripts run at merge time),
    with the same placeholders as their msgids."""
    root = Path(caseworker.__file__).parent
    pending = json.loads(PENDING.read_text(encoding="utf-8"))
    with (i18n.TRANSLATIONS_DIR / "zh_CN" / "LC_MESSAGES" / "caseworker.po").open("rb") as fh:
        po = read_po(fh, locale="zh_CN")
    files = [
        "services/beds/letter.py",
        "operations/issuing.py",
        "cli/letter.py",
        "ui/documents/dialog.py",
    ]
    ids = {
        message
        for name in files
        for _line, message, _comments, _ctx in extract_from_file(
            "python", str(root / name), keywords={"_": None, "gettext": None, "N_": None}
        )
    }
    assert [m for m in sorted(ids) if m not in pending and not (m in po and po[m].string)] == []
    for msgid, text in pending.items():
        assert sorted(_placeholders(msgid)) == sorted(_placeholders(text)), msgid


def _placeholders(text: str) -> list[str]:
    return [f for _l, f, _s, _c in string.Formatter().parse(text) if f]
