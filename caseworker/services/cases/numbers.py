"""Readable case numbers, unique per district and year: 310115-2026-00046."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from caseworker.models import CaseNumberCounter


def format_case_number(district_code: str, year: int, seq: int) -> str:
    return f"{district_code}-{year}-{seq:05d}"


def next_case_number(session: Session, district_code: str, year: int) -> str:
    """Take the next number. The caller's transaction holds the lock until it commits, so
    two workstations never get the same number (begin_write on SQLite, FOR UPDATE here)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(CaseNumberCounter)
        .values(district_code=district_code, year=year, last_value=0)
        .on_conflict_do_nothing()
    )
    counter = session.scalars(
        select(CaseNumberCounter)
        .where(CaseNumberCounter.district_code == district_code, CaseNumberCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    counter.last_value += 1
    session.flush()
    return format_case_number(district_code, year, counter.last_value)
