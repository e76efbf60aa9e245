"""The monthly report (Excel) and `caseworker occupancy`: the board's figures elsewhere."""

from __future__ import annotations

import argparse
import io
import json
from datetime import timedelta

import msoffcrypto
import msoffcrypto.exceptions
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from caseworker import i18n
from caseworker.app import start
from caseworker.cli.occupancy import configure_parser, run
from caseworker.models import AuditEvent, utcnow
from caseworker.services.beds.occupancy import add_months, occupancy_on
from caseworker.services.beds.placements import admit, discharge
from caseworker.services.beds.report import export_monthly_report, formats, monthly_report
from caseworker.services.beds.rules import day_start, shanghai_today
from caseworker.services.errors import ValidationError
from tests.beds.helpers import CHONGMING, chinese, stay
from tests.support.factories import actor


def test_the_monthly_report_counts_stays_and_is_written_to_excel(ward, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    today = shanghai_today(utcnow())
    year, month = add_months(today.year, today.month, -1)
    first = today.replace(year=year, month=month, day=1)
    b0, b1 = ward.beds[:2]
    c0, c1 = ward.cases[:2]
    before = monthly_report(demo, city, year, month)
    stay(demo, b0, c0, day_start(first + timedelta(days=2)), day_start(first + timedelta(days=6)))
    # A transfer inside the month is not an admission nor a discharge.
    moment = day_start(first + timedelta(days=3))
    stay(demo, b1, c1, day_start(first), moment, reason="transfer")
    stay(demo, ward.beds[2], c1, moment, None)
    demo.commit()
    report = monthly_report(demo, city, year, month)
    [old] = [d for d in before.districts if d.end.district_code == CHONGMING]
    [new] = [d for d in report.districts if d.end.district_code == CHONGMING]
    assert new.admissions - old.admissions == 2  # c0, and c1's first stay
    assert new.discharges - old.discharges == 1  # c0 only
    assert new.occupied_days - old.occupied_days > 4
    assert new.end.occupied - old.end.occupied == 1  # c1 is still in at the month's end
    assert "xlsx" in formats()

    path = tmp_path / "report.xlsx"
    export_monthly_report(demo, city, year, month, path)
    book = load_workbook(path)
    summary, institutions = book.worksheets
    assert summary.title == i18n._("Summary") and chinese(summary.title)
    assert f"{year}" in summary["A1"].value and chinese(summary["A1"].value)
    districts = [summary.cell(row=r, column=1).value for r in range(6, 22)]
    assert districts[-1] == "崇明区" and len(set(districts)) == 16
    assert summary.cell(row=22, column=1).value == i18n._("Total")
    assert summary.cell(row=21, column=2).value == new.end.counted
    names = [row[1].value for row in institutions.iter_rows(min_row=2)]
    assert "测试未成年人保护中心" in names
    with pytest.raises(ValidationError):
        monthly_report(demo, city, today.year + 1, 1)
    with pytest.raises(ValidationError):
        export_monthly_report(demo, city, year, month, tmp_path / "r.pdf", "pdf")


def _cli(ctx, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    out, err = io.StringIO(), io.StringIO()
    code = run(parser.parse_args(list(argv)), ctx, out, err)
    return code, out.getvalue(), err.getvalue()


def test_the_occupancy_command_prints_the_board(db_url, ward, demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "chongming.sw1")
    p = admit(demo, sw, ward.beds[0].id, ward.cases[0].id)
    board = occupancy_on(demo, actor(demo, "city")).districts
    demo.rollback()  # end the read: on SQLite it holds the write lock (BEGIN IMMEDIATE)
    ctx = start(db_url)
    try:
        code, out, _err = _cli(ctx, "--json")
        assert code == 0
        data = json.loads(out)
        assert data["live"] and data["minimum"] == 25 and len(data["districts"]) == 16
        for row, d in zip(data["districts"], board, strict=True):
            assert (row["code"], row["counted"], row["occupied"], row["free"]) == (
                d.district_code,
                d.counted,
                d.occupied,
                d.free,
            )
            assert row["below_minimum"] == d.below_minimum
        chongming = data["districts"][-1]

        yesterday = shanghai_today(utcnow()) - timedelta(days=1)
        discharge(demo, sw, p.id, "returned_to_guardian")
        code, out, _err = _cli(ctx, "--json", "--date", yesterday.isoformat())
        past = json.loads(out)
        assert code == 0 and not past["live"] and past["date"] == yesterday.isoformat()
        assert past["districts"][-1]["occupied"] == chongming["occupied"] - 1

        code, out, _err = _cli(ctx, "--user", "chongming.staff")
        lines = out.splitlines()
        assert code == 0 and chinese(lines[0]) and len(lines) == 3
        assert lines[2].startswith("崇明区\t")
        assert lines[2].endswith(i18n._("Meets minimum")) or i18n._("Below minimum")[:4] in lines[2]

        future = shanghai_today(utcnow()) + timedelta(days=2)
        code, _out, err = _cli(ctx, "--date", future.isoformat())
        assert code == 2 and err.strip() == i18n._("Choose today or a past day.")
        code, _out, err = _cli(ctx, "--user", "admin")
        assert code == 2 and chinese(err)
    finally:
        ctx.close()


def test_the_report_can_be_locked_with_a_password_and_says_who_made_it(demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    city = actor(demo, "city")
    today = shanghai_today(utcnow())
    year, month = add_months(today.year, today.month, -1)
    plain = tmp_path / "plain.xlsx"
    export_monthly_report(demo, city, year, month, plain)
    book = load_workbook(plain)
    assert book.properties.creator == city.display_name
    assert city.display_name in book.worksheets[0]["A3"].value

    locked = tmp_path / "locked.xlsx"
    export_monthly_report(demo, city, year, month, locked, password="Beds-2026-monthly")
    data = locked.read_bytes()
    assert not data.startswith(b"PK") and "崇明区".encode() not in data  # not a readable zip
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    assert office.is_encrypted()
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        office.load_key(password="wrong password")
        office.decrypt(io.BytesIO())
    opened = io.BytesIO()
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password="Beds-2026-monthly")
    office.decrypt(opened)
    summary = load_workbook(opened).worksheets[0]
    assert "崇明区" in [summary.cell(row=r, column=1).value for r in range(6, 22)]
    row = demo.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "beds.report_export")
        .order_by(AuditEvent.id.desc())
    ).first()
    detail = json.loads(row.detail)
    assert detail["protected"] is True and "Beds-2026-monthly" not in row.detail
