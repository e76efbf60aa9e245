"""The monthly bed report as an Excel workbook: a summary sheet and an institutions sheet."""

from __future__ import annotations

import io

# openpyxl ships no type hints (types-openpyxl is not a dependency).
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from caseworker.i18n import _, format_datetime, gettext
from caseworker.services.beds.report_data import MonthlyReport
from caseworker.services.beds.rules import LEVEL_LABELS, SETTING_LABELS

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
ALERT = PatternFill("solid", fgColor="F9DEDC")
PERCENT, DAYS = "0.0%", "0.0"


def report_title(report: MonthlyReport) -> str:
    return _("Care bed occupancy report, {year}-{month:02d}").format(
        year=report.year, month=report.month
    )


def _header(ws: Worksheet, row: int, labels: list[str], widths: list[int]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width


def _summary(ws: Worksheet, report: MonthlyReport) -> None:
    ws.title = _("Summary")
    ws["A1"] = report_title(report)
    ws["A1"].font = TITLE
    ws["A2"] = _("Each district must keep at least {n} care beds ({clause}).").format(
        n=report.minimum, clause=report.clause
    )
    ws["A3"] = _("Figures at {moment}; generated {when} by {who}.").format(
        moment=format_datetime(report.as_of),
        when=format_datetime(report.generated_at),
        who=report.generated_by,
    )
    labels = [
        _("District"),
        _("Counted beds"),
        _("Occupied"),
        _("Reserved"),
        _("Free"),
        _("Average occupancy"),
        _("Occupied bed-days"),
        _("Available bed-days"),
        _("Admissions"),
        _("Discharges"),
        _("Status"),
    ]
    _header(ws, 5, labels, [12, 10, 10, 10, 10, 12, 12, 12, 10, 10, 22])
    row = 6
    for d in report.districts:
        e = d.end
        status = (
            _("Below minimum: {missing} beds short").format(missing=report.minimum - e.counted)
            if e.below_minimum
            else _("Meets minimum")
        )
        values = [
            e.district,
            e.counted,
            e.occupied,
            e.reserved,
            e.free,
            d.average_rate,
            round(d.occupied_days, 1),
            round(d.bed_days, 1),
            d.admissions,
            d.discharges,
            status,
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            if e.below_minimum:
                cell.fill = ALERT
        ws.cell(row=row, column=6).number_format = PERCENT
        ws.cell(row=row, column=7).number_format = DAYS
        ws.cell(row=row, column=8).number_format = DAYS
        row += 1
    if report.districts:
        ws.cell(row=row, column=1, value=_("Total")).font = BOLD
        for col in (2, 3, 4, 5, 7, 8, 9, 10):
            letter = ws.cell(row=5, column=col).column_letter
            cell = ws.cell(row=row, column=col, value=f"=SUM({letter}6:{letter}{row - 1})")
            cell.font = BOLD
        occupied_days = sum(d.occupied_days for d in report.districts)
        bed_days = sum(d.bed_days for d in report.districts)
        total_rate = ws.cell(
            row=row, column=6, value=occupied_days / bed_days if bed_days else None
        )
        total_rate.number_format, total_rate.font = PERCENT, BOLD
    ws.freeze_panes = "B6"


def _institutions(ws: Worksheet, report: MonthlyReport) -> None:
    labels = [
        _("District"),
        _("Institution"),
        _("Level"),
        _("Kind"),
        _("Counts toward the minimum"),
        _("Why"),
        _("Beds"),
        _("Occupied"),
        _("Out of service"),
    ]
    _header(ws, 1, labels, [10, 30, 10, 14, 12, 44, 8, 8, 8])
    for row, (district, inst) in enumerate(report.institutions, start=2):
        values = [
            district,
            inst.name,
            gettext(LEVEL_LABELS.get(inst.level, inst.level)),
            gettext(SETTING_LABELS.get(inst.setting_type, inst.setting_type)),
            _("Yes") if inst.counts else _("No"),
            inst.why,
            inst.beds,
            inst.occupied,
            inst.out_of_service,
        ]
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value)
    ws.freeze_panes = "C2"


def write_xlsx(report: MonthlyReport) -> bytes:
    wb = Workbook()
    active = wb.active
    assert isinstance(active, Worksheet)
    _summary(active, report)
    _institutions(wb.create_sheet(_("Institutions")), report)
    # who and when also in the file's properties (File → Info in Excel)
    wb.properties.creator = report.generated_by
    wb.properties.lastModifiedBy = report.generated_by
    wb.properties.created = report.generated_at.replace(tzinfo=None)
    wb.properties.title = report_title(report)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
