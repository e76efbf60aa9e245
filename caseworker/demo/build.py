"""Build a demo database: staff, institutions and beds, children, families, cases, history.

Everything comes from one seeded random generator and the `today` anchor, so the same seed
and day give the same data. Rows go in by bulk load in chunks, which keeps a million
children to a few minutes.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import Engine, select, text

from caseworker.demo.bulk import reset_sequences
from caseworker.demo.cases import _children_and_cases
from caseworker.demo.history import _placements
from caseworker.demo.org import _institutions, _users
from caseworker.demo.writer import DemoError, DemoSummary, Progress, _Writer
from caseworker.models import District


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
        beds = _institutions(w, rng, districts, short, full, summary, today, seed)
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
