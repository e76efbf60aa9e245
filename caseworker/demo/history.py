"""Five years of placements in the demo's counted beds."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from caseworker.demo.cases import _Buckets, _month
from caseworker.demo.org import _Bed
from caseworker.demo.writer import HISTORY_YEARS, DemoSummary, _Writer


def _placements(
    w: _Writer,
    rng: random.Random,
    beds: list[_Bed],
    buckets: _Buckets,
    today: date,
    summary: DemoSummary,
) -> None:
    """Five years of stays per counted bed; the last stay is open for children in care now."""
    cols = (
        "id",
        "bed_id",
        "case_id",
        "child_id",
        "admitted_at",
        "discharged_at",
        "discharge_reason",
    )
    pid = 0
    start = datetime.combine(today - timedelta(days=365 * HISTORY_YEARS), time(9), tzinfo=UTC)
    now = datetime.combine(today, time(0), tzinfo=UTC)
    for bed in beds:
        if not bed.counted:
            continue
        t = max(start, bed.created) + timedelta(days=rng.randint(0, 60))
        while True:
            stay = timedelta(days=rng.randint(7, 150), hours=rng.randint(0, 8))
            if t + stay >= now:
                break
            bucket = buckets.history.get((bed.district, _month(t)))
            if bucket:
                case_id, child_id, _opened = bucket.pop()
                pid += 1
                w.add(
                    "placements",
                    cols,
                    (pid, bed.id, case_id, child_id, w.dt(t), w.dt(t + stay), "结案离院"),
                )
            t += stay + timedelta(days=rng.randint(0, 20))
        current = buckets.current.get(bed.district)
        if current and rng.random() < 0.75:
            case_id, child_id, since = current.pop()
            admitted = max(since, t) if max(since, t) < now else now - timedelta(hours=1)
            pid += 1
            w.add("placements", cols, (pid, bed.id, case_id, child_id, w.dt(admitted), None, None))
    summary.placements = pid
