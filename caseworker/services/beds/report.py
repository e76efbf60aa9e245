"""The monthly 床位占用情况报告: plain data first, then a writer per format.

The data (`MonthlyReport`) knows nothing about files. Writers register by format:
"xlsx" is built in (openpyxl); the documents engine adds "pdf" with
`register_writer("pdf", write_pdf)` when it lands, and every caller (board, scripts) gets
it through `export_monthly_report` without change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import Bed, Institution, Placement, Room, utcnow
from caseworker.security.actor import Actor
from caseworker.services.beds.access import record_read
from caseworker.services.beds.board import InstitutionRow, institution_rows
from caseworker.services.beds.history import InventoryTimeline, bed_rows_query
from caseworker.services.beds.occupancy import bed_days, month_bounds
from caseworker.services.beds.placements import TRANSFER
from caseworker.services.beds.report_data import DistrictMonth, MonthlyReport
from caseworker.services.beds.rules import CLAUSE, MINIMUM_BEDS, may_ever_qualify
from caseworker.services.beds.summary import district_beds
from caseworker.services.documents.export_guard import protect_pdf, protect_xlsx, write_export
from caseworker.services.errors import ValidationError

Writer = Callable[[MonthlyReport], bytes]  # the file's bytes; export writes and protects them
_WRITERS: dict[str, Writer] = {}
_PROTECTORS: dict[str, Callable[[bytes, str], bytes]] = {"xlsx": protect_xlsx, "pdf": protect_pdf}


def register_writer(fmt: str, writer: Writer) -> None:
    _WRITERS[fmt] = writer


def formats() -> list[str]:
    _builtin()
    return sorted(_WRITERS)


def _builtin() -> None:
    if "xlsx" not in _WRITERS:  # imported late: openpyxl is needed only for a report
        from caseworker.services.beds.report_xlsx import write_xlsx

        register_writer("xlsx", write_xlsx)


def transfer_moments(session: Session, lo: datetime, hi: datetime) -> set[tuple[int, datetime]]:
    """(child, moment) of each transfer in [lo, hi): the stay that begins at that moment
    continues one, so it is neither an admission nor a discharge (the report's rule)."""
    rows = session.execute(
        select(Placement.child_id, Placement.discharged_at).where(
            Placement.discharge_reason == TRANSFER,
            Placement.discharged_at >= lo,
            Placement.discharged_at < hi,
        )
    )
    return {(child_id, at) for child_id, at in rows if at is not None}


def _movements(
    session: Session, lo: datetime, hi: datetime
) -> tuple[list[tuple[int, datetime]], list[tuple[int, datetime]]]:
    """(bed, when) of the stays begun and of those ended in [lo, hi), transfers not
    counted."""
    transfers_out = transfer_moments(session, lo, hi)
    begun = [
        (bed_id, at)
        for bed_id, child_id, at in session.execute(
            select(Placement.bed_id, Placement.child_id, Placement.admitted_at).where(
                Placement.admitted_at >= lo, Placement.admitted_at < hi
            )
        )
        if (child_id, at) not in transfers_out
    ]
    ended: list[tuple[int, datetime]] = [
        (bed_id, at)
        for bed_id, at in session.execute(
            select(Placement.bed_id, Placement.discharged_at).where(
                Placement.discharged_at >= lo,
                Placement.discharged_at < hi,
                Placement.discharge_reason.is_distinct_from(TRANSFER),
            )
        )
        if at is not None
    ]
    return begun, ended


def monthly_report(session: Session, actor: Actor, year: int, month: int) -> MonthlyReport:
    if not 1 <= month <= 12 or year < 2000:
        raise ValidationError(_("Choose a month."), field="month")
    lo, hi = month_bounds(year, month)
    now = utcnow()
    if lo >= now:
        raise ValidationError(_("Choose this month or a past one."), field="month")
    as_of = min(hi, now)
    ends = district_beds(session, actor, as_of)
    days = bed_days(session, actor, [(year, month)])
    begun, ended = _movements(session, lo, min(hi, now))
    # A movement counts for its district if the bed's institution counted at that moment.
    timeline = InventoryTimeline.load(
        session,
        session.execute(
            bed_rows_query()
            .join(Room, Room.id == Bed.room_id)
            .join(Institution, Institution.id == Room.institution_id)
            .where(may_ever_qualify())
        ).all(),
        lo,
    )
    admissions: dict[str, int] = defaultdict(int)
    discharges: dict[str, int] = defaultdict(int)
    for moves, tally in ((begun, admissions), (ended, discharges)):
        for bed_id, at in moves:
            if bed_id in timeline.beds and timeline.qualifies(bed_id, at):
                tally[timeline.beds[bed_id].district_code] += 1
    rows = []
    institutions: list[tuple[str, InstitutionRow]] = []
    for d in ends:
        point = days.get((d.district_code, year, month))
        rows.append(
            DistrictMonth(
                d,
                admissions[d.district_code],
                discharges[d.district_code],
                point.occupied_days if point else 0.0,
                point.bed_days if point else 0.0,
            )
        )
        for inst in institution_rows(session, actor, d.district_code, as_of):
            institutions.append((d.district, inst))
    return MonthlyReport(
        year, month, as_of, now, actor.display_name, MINIMUM_BEDS, CLAUSE, rows, institutions
    )


def export_monthly_report(
    session: Session,
    actor: Actor,
    year: int,
    month: int,
    path: Path,
    fmt: str = "xlsx",
    password: str | None = None,
) -> MonthlyReport:
    """Build the report and write it in `fmt`, locked with `password` if one is given;
    audited (it leaves the system) with whether it was protected, never the password.
    The report itself names who generated it and when."""
    _builtin()
    if fmt not in _WRITERS:
        raise ValidationError(_("This report format is not available yet."), field="format")
    if password and fmt not in _PROTECTORS:
        raise ValidationError(
            _("A {format} report cannot be password-protected.").format(format=fmt),
            field="format",
        )
    report = monthly_report(session, actor, year, month)
    data = _WRITERS[fmt](report)
    if password:
        data = _PROTECTORS[fmt](data, password)
    write_export(path, data)
    record_read(
        session, actor, "beds.report_export", year=year, month=month, format=fmt,
        path=str(path), protected=bool(password),
    )  # fmt: skip
    return report
