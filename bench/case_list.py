"""The case list on a million cases: build time, first paint, paging, memory.

    python -m bench.case_list [--children 1000000] [--db PATH] [--rebuild]

Builds the demo database once (kept at --db for later runs), then measures, in this run:
- the id query behind the list (all ids, newest first) and one 100-row page by ids;
- the baseline a naive list would use: every row as a joined tuple (ratio printed);
- the Qt window offscreen: time from opening to the first page painted, scrolling jumps,
  and the process's peak memory (RSS).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mb() -> float:
    """Resident memory now (not the peak), from /proc."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--children", type=int, default=1_000_000)
    p.add_argument("--db", default=str(Path(__file__).resolve().parent / ".data" / "bench-1m.db"))
    p.add_argument("--rebuild", action="store_true")
    args = p.parse_args()

    from sqlalchemy import select

    from caseworker.app import start
    from caseworker.demo.build import build_demo
    from caseworker.models import Case, Child, District, User
    from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate
    from caseworker.services.cases.listing import CaseQuery, case_ids, case_rows

    db = Path(args.db)
    if args.rebuild and db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    ctx = start(str(db))
    with ctx.sessions() as s:
        existing = s.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0
    if existing == 0:
        t0 = time.perf_counter()
        summary = build_demo(
            ctx.engine,
            children=args.children,
            seed=1,
            today=date(2026, 11, 22),
            progress=lambda _w, d, t: print(f"\r  building {d:,}/{t:,}", end="", file=sys.stderr),
        )
        build = time.perf_counter() - t0
        print(file=sys.stderr)
        print(
            f"demo build: {summary.children:,} children, {summary.case_events:,} events, "
            f"{summary.placements:,} placements in {build:.1f} s "
            f"({summary.children / build:,.0f} children/s)"
        )
    print(f"database: {db} ({db.stat().st_size / 2**20:,.0f} MiB)")

    with ctx.sessions() as s:
        actor = authenticate(s, "city", DEMO_PASSWORD)
    times = []
    for _ in range(3):
        with ctx.sessions() as s:
            t0 = time.perf_counter()
            ids = case_ids(s, actor, CaseQuery())
            times.append(time.perf_counter() - t0)
    ids_ms = statistics.median(times) * 1000
    print(
        f"all case ids ({len(ids):,}), newest first: median {ids_ms:.0f} ms, {len(ids) * 8 / 2**20:.1f} MiB"
    )
    page_times = []
    with ctx.sessions() as s:
        for start_row in (0, len(ids) // 2, len(ids) - 100):
            t0 = time.perf_counter()
            case_rows(s, actor, list(ids[start_row : start_row + 100]))
            page_times.append(time.perf_counter() - t0)
    page_ms = statistics.median(page_times) * 1000
    print(f"one 100-row page by ids: median {page_ms:.1f} ms")
    search = []
    with ctx.sessions() as s:
        for q in ("王", "王子", "wzh", "310115201"):
            t0 = time.perf_counter()
            n = len(case_ids(s, actor, CaseQuery(text=q)))
            search.append(f"{q!r}: {n:,} in {(time.perf_counter() - t0) * 1000:.0f} ms")
    print("search: " + "; ".join(search))
    before_gui = rss_mb()

    from caseworker.ui.shell.start import make_application, open_main_window

    app = make_application()
    t0 = time.perf_counter()
    window = open_main_window(ctx, actor)
    done: list[float] = []
    window.cases.model.first_page.connect(lambda _elapsed: done.append(time.perf_counter() - t0))
    window.show_screen("cases")
    window.show()
    while not done:
        app.processEvents()
        time.sleep(0.001)
    print(f"window open → first page painted: {done[0] * 1000:.0f} ms")
    table = window.cases.table
    model = window.cases.model
    jumps = []
    for frac in (0.25, 0.5, 0.75, 1.0):
        row = min(model.rowCount() - 1, int(model.rowCount() * frac))
        t0 = time.perf_counter()
        table.scrollTo(model.index(row, 0))
        app.processEvents()
        while model.row_at(row) is None:
            app.processEvents()
            time.sleep(0.001)
        jumps.append((time.perf_counter() - t0) * 1000)
    print("scroll jumps to 25/50/75/100 %: " + ", ".join(f"{j:.0f} ms" for j in jumps))
    t0 = time.perf_counter()
    for _ in range(200):
        table.verticalScrollBar().setValue(table.verticalScrollBar().value() + 30 * 26)
        app.processEvents()
    print(f"200 scroll steps of 30 rows: {(time.perf_counter() - t0) * 1000 / 200:.1f} ms per step")
    window.lane.shutdown()
    print(
        f"memory with the window open on {len(ids):,} cases: {rss_mb():.0f} MB "
        f"(before the window: {before_gui:.0f} MB)"
    )
    window.close()
    with ctx.sessions() as s:
        t0 = time.perf_counter()
        rows = s.execute(
            select(
                Case.case_number,
                Child.name,
                Child.id_number,
                District.short_name,
                Case.stage,
                Case.risk_level,
                User.display_name,
                Case.opened_at,
            )
            .join(Child, Child.id == Case.child_id)
            .join(District, District.code == Case.district_code)
            .outerjoin(User, User.id == Case.owner_id)
            .order_by(Case.opened_at.desc(), Case.id.desc())
        ).all()
        naive = time.perf_counter() - t0
        del rows
    print(
        f"baseline, every row as a joined tuple: {naive * 1000:.0f} ms "
        f"→ the id list is {naive * 1000 / (ids_ms + page_ms):.1f}× faster to first page"
    )
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
