"""The care-bed board on 16 districts with five years of placement history.

    python -m bench.beds [--children 100000] [--db PATH_OR_URL] [--rebuild] [--runs 15]
                         [--older K]

Builds the demo database once (kept at --db; a PostgreSQL URL works too), then measures in
this run, median of --runs:
- the board: every district's counted, occupied, reserved and free beds (target ≤ 50 ms);
- date travel: the same figures at the end of past days spread over the history (and,
  with --older K, a database that has kept K × 5 more years of stays);
- one institution's bed grid, the 12-month trend and a monthly report;
and the naive baselines the same figures would take without the SQL (ORM objects and a
Python loop over beds and stays), with the ratio. Both answers are checked to agree.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 22)


def median_ms(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, result


def naive_figures(session: Any, as_of: datetime | None) -> dict[str, tuple[int, int]]:
    """What a first version would do: load beds, stays and the inventory's changes as
    objects, loop in Python."""
    from sqlalchemy import select

    from caseworker.models import (
        Bed,
        BedStatusChange,
        Institution,
        InstitutionFactChange,
        Placement,
        Room,
    )
    from caseworker.services.beds.rules import IN_SERVICE, institution_verdict

    def first_after(rows: list[Any], key: str) -> dict[int, Any]:
        """Per owner, the first change after as_of: its "before" held at as_of."""
        found: dict[int, Any] = {}
        for row in sorted(rows, key=lambda r: (r.changed_at, r.id)):
            if as_of is not None and row.changed_at > as_of:
                found.setdefault(getattr(row, key), row)
        return found

    bed_next = first_after(session.scalars(select(BedStatusChange)).all(), "bed_id")
    fact_next = first_after(session.scalars(select(InstitutionFactChange)).all(), "institution_id")
    stays = session.scalars(select(Placement)).all()
    occupied = {
        p.bed_id
        for p in stays
        if (as_of is None and p.discharged_at is None)
        or (
            as_of is not None
            and p.admitted_at <= as_of
            and (p.discharged_at is None or p.discharged_at > as_of)
        )
    }
    figures: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for bed, _room, inst in session.execute(
        select(Bed, Room, Institution)
        .join(Room, Room.id == Bed.room_id)
        .join(Institution, Institution.id == Room.institution_id)
    ):
        facts = fact_next.get(inst.id)
        zone, staff = (
            (facts.old_independent_zone, facts.old_dedicated_staff)
            if facts
            else (inst.independent_zone, inst.dedicated_staff)
        )
        verdict = institution_verdict(inst.level, inst.setting_type, zone, staff)
        if not verdict.counts:
            continue
        change = bed_next.get(bed.id)
        status = change.old_status if change else bed.status
        there = as_of is None or bed.created_at is None or bed.created_at <= as_of
        if (there and status == IN_SERVICE) or (as_of is not None and bed.id in occupied):
            figures[inst.district_code][0] += 1
            figures[inst.district_code][1] += bed.id in occupied
    return {code: (c, o) for code, (c, o) in figures.items()}


def range_scan(as_of: datetime | None) -> Any:
    """The plain SQL for 'open at T' (a scan of every stay begun before T), swapped into
    the board's query to compare with its one-probe-per-bed form."""
    from sqlalchemy import or_, select

    from caseworker.models import Placement

    assert as_of is not None
    return (
        select(Placement.bed_id, Placement.id.label("placement_id"))
        .where(
            Placement.admitted_at <= as_of,
            or_(Placement.discharged_at.is_(None), Placement.discharged_at > as_of),
        )
        .subquery("occ")
    )


def add_older_history(ctx: Any, copies: int) -> None:
    """Copy the stays K times, each 1,900 days earlier (more than the five years the demo
    spans), so that no bed or child is ever in two stays at once."""
    from sqlalchemy import insert, select

    from caseworker.models import Placement

    with ctx.sessions() as s:
        rows = s.execute(
            select(
                Placement.bed_id,
                Placement.case_id,
                Placement.child_id,
                Placement.admitted_at,
                Placement.discharged_at,
            )
        ).all()
        for k in range(1, copies + 1):
            shift = timedelta(days=1900 * k)
            s.execute(
                insert(Placement),
                [
                    {
                        "bed_id": r.bed_id,
                        "case_id": r.case_id,
                        "child_id": r.child_id,
                        "admitted_at": r.admitted_at - shift,
                        "discharged_at": (r.discharged_at or r.admitted_at + timedelta(days=30))
                        - shift,
                        "discharge_reason": "结案离院",
                    }
                    for r in rows
                ],
            )
        s.commit()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--children", type=int, default=100_000)
    p.add_argument("--db", default=str(Path(__file__).resolve().parent / ".data" / "beds.db"))
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--runs", type=int, default=15)
    p.add_argument(
        "--older",
        type=int,
        default=0,
        metavar="K",
        help="add K earlier copies of the five-year history (a longer-lived database)",
    )
    args = p.parse_args()

    # The embedded database is encrypted; a bench has no keyring or terminal to ask.
    os.environ.setdefault("CASEWORKER_DB_PASSPHRASE", "bench passphrase, not a secret")
    from sqlalchemy import func, select

    from caseworker.app import start
    from caseworker.demo.build import build_demo
    from caseworker.models import Bed, Case, Institution, Placement, Room
    from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate
    from caseworker.services.beds.board import bed_grid
    from caseworker.services.beds.occupancy import monthly_trend
    from caseworker.services.beds.report import monthly_report
    from caseworker.services.beds.rules import last_instant
    from caseworker.services.beds.summary import district_beds

    db = args.db
    if "://" not in db and args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    ctx = start(db)
    with ctx.sessions() as s:
        empty = s.scalar(select(Case.id).limit(1)) is None
    if empty:
        t0 = time.perf_counter()
        summary = build_demo(ctx.engine, children=args.children, seed=1, today=TODAY)
        print(f"demo build: {summary.children:,} children in {time.perf_counter() - t0:.1f} s")
        if args.older:
            add_older_history(ctx, args.older)
        if ctx.engine.dialect.name == "postgresql":
            with ctx.engine.begin() as conn:  # what autovacuum does after a bulk load
                conn.exec_driver_sql("ANALYZE")
    with ctx.sessions() as s:
        beds = s.scalar(select(func.count(Bed.id)))
        stays = s.scalar(select(func.count(Placement.id)))
        first = s.scalar(select(func.min(Placement.admitted_at)))
        institutions = s.scalar(select(func.count(Institution.id)))
        city = authenticate(s, "city", DEMO_PASSWORD)
        biggest = s.execute(
            select(Room.institution_id, func.count(Bed.id))
            .join(Bed, Bed.room_id == Room.id)
            .group_by(Room.institution_id)
            .order_by(func.count(Bed.id).desc())
            .limit(1)
        ).one()[0]
    print(
        f"database: {ctx.url.split('@')[-1]} — 16 districts, {institutions} institutions, "
        f"{beds} beds, {stays:,} stays since {first:%Y-%m-%d}"
    )
    assert first is not None, "no placements: build the demo with more children"
    span = (TODAY - first.date()).days
    days = [TODAY - timedelta(days=int(i * span / 21)) for i in range(1, 21)]
    moments = [last_instant(d) for d in days]

    def check(figures: list[Any], naive: dict[str, tuple[int, int]]) -> None:
        mine = {f.district_code: (f.counted, f.occupied) for f in figures}
        assert mine == {k: naive.get(k, (0, 0)) for k in mine}, (mine, naive)

    results: list[tuple[str, float]] = []
    with ctx.sessions() as s:
        board_ms, figures = median_ms(partial(district_beds, s, city), args.runs)
        s.rollback()
        naive_ms, naive = median_ms(lambda: naive_figures(s, None), max(3, args.runs // 3))
        check(figures, naive)
        s.rollback()
        travel = []
        for when in moments:
            ms, past = median_ms(partial(district_beds, s, city, when), 3)
            travel.append(ms)
            check(past, naive_figures(s, when))
            s.rollback()
        travel_ms = statistics.median(travel)
        from caseworker.services.beds import summary as bed_summary

        probe = bed_summary.occupied_at
        bed_summary.occupied_at = range_scan  # type: ignore[assignment]
        scans = []
        for when in moments:
            ms, past = median_ms(partial(district_beds, s, city, when), 3)
            scans.append(ms)
            check(past, naive_figures(s, when))
            s.rollback()
        bed_summary.occupied_at = probe  # type: ignore[assignment]
        scan_ms = statistics.median(scans)
        naive_travel_ms, _ = median_ms(
            lambda: naive_figures(s, moments[len(moments) // 2]), max(3, args.runs // 3)
        )
        s.rollback()
        results.append(("board (today)", board_ms))
        results.append(("board on a past day", travel_ms))
        grid_ms, grid = median_ms(lambda: bed_grid(s, city, biggest), args.runs)
        past_grid_ms, _ = median_ms(lambda: bed_grid(s, city, biggest, moments[10]), args.runs)
        trend_ms, _ = median_ms(lambda: monthly_trend(s, city, 12, TODAY), 5)
        report_ms, _ = median_ms(lambda: monthly_report(s, city, 2026, 10), 3)
    target = "✓" if board_ms <= 50 else "✗ over the 50 ms target"
    print(f"board, today: median {board_ms:.1f} ms {target}")
    print(
        f"  naive baseline (ORM objects, Python loop): {naive_ms:.1f} ms "
        f"→ {naive_ms / board_ms:.1f}× slower"
    )
    print(
        f"board on a past day (20 days across the history): median {travel_ms:.1f} ms, "
        f"slowest {max(travel):.1f} ms"
    )
    print(
        f"  naive baseline (every stay loaded, filtered in Python): {naive_travel_ms:.1f} ms "
        f"→ {naive_travel_ms / travel_ms:.1f}× slower"
    )
    print(
        f"  plain SQL range scan over the stays instead of one probe per bed: "
        f"{scan_ms:.1f} ms (slowest {max(scans):.1f} ms) → {scan_ms / travel_ms:.1f}×"
    )
    print(
        f"bed grid of the largest institution ({len(grid.beds)} beds, audited): "
        f"{grid_ms:.1f} ms today, {past_grid_ms:.1f} ms on a past day"
    )
    print(f"12-month trend (bed-days): {trend_ms:.1f} ms; monthly report: {report_ms:.1f} ms")
    print(f"measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, python {sys.version.split()[0]}")
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
