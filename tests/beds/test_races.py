"""Several workstations (real OS processes, each with its own engine) act on the same beds
at the same moment, on SQLite (one file) and on PostgreSQL (one database).

Scenarios, all in one run of four processes so the start-up cost is paid once:
- same bed: each round, four children are admitted to one bed at once → one stays;
- same child: each round, one child is admitted to four beds at once → one bed;
- bed out of service vs admissions: the manager takes a bed out while three others admit
  to it → exactly one of the four wins, and an out-of-service bed holds no child;
- storm: random admits, transfers and discharges on three shared beds, from stale reads.
Then the history must be whole: no bed or child ever in two stays at once, every transfer
followed by the next stay at the same instant, and the counts of open and all stays equal
to what the successful calls imply (no lost placement), with one audit event per success.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, defaultdict

from sqlalchemy import func, select

from caseworker.models import AuditEvent, Bed, Placement
from tests.beds import race_worker
from tests.beds.helpers import CHONGMING, make_cases, make_ward
from tests.beds.race_worker import Outcome, Step

USERS = ["chongming.manager", "chongming.sw1", "chongming.sw2", "chongming.staff"]
ROUNDS = 4
STORM_OPS = 12


def _plans(beds: list[int], cases: list[int]) -> tuple[list[list[Step]], dict[str, list[int]]]:
    n = len(USERS)
    bed_iter, case_iter = iter(beds), iter(cases)
    plans: list[list[Step]] = [[] for _ in USERS]
    scope: dict[str, list[int]] = defaultdict(list)
    for r in range(ROUNDS):  # same bed
        bed = next(bed_iter)
        for p in range(n):
            plans[p].append(Step(f"same_bed.{r}", "admit", (bed, next(case_iter))))
    for r in range(ROUNDS):  # same child
        case = next(case_iter)
        for p in range(n):
            plans[p].append(Step(f"same_child.{r}", "admit", (next(bed_iter), case)))
    for r in range(ROUNDS):  # out of service vs admissions
        bed = next(bed_iter)
        scope["oos_beds"].append(bed)
        plans[0].append(Step(f"oos.{r}", "out_of_service", (bed,)))
        for p in range(1, n):
            plans[p].append(Step(f"oos.{r}", "admit", (bed, next(case_iter))))
    storm_beds = [next(bed_iter) for _ in range(3)]
    storm_cases = [next(case_iter) for _ in range(6)]
    for p in range(n):
        plans[p].append(Step("storm", "storm", (storm_beds, storm_cases, STORM_OPS)))
    return plans, scope


def _race(url: str, plans: list[list[Step]]) -> list[Outcome]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(USERS))
    login = ctx.Lock()
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=race_worker.run, args=(url, user, i, plans[i], barrier, login, queue))
        for i, user in enumerate(USERS)
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    return [o for _i, outcomes in sorted(results, key=lambda r: r[0]) for o in outcomes]


def test_workstations_racing_for_the_same_beds(db_url, demo) -> None:  # type: ignore[no-untyped-def]
    _inst, _room, beds = make_ward(demo, CHONGMING, beds=ROUNDS * (2 + len(USERS)) + 3)
    cases = make_cases(demo, CHONGMING, ROUNDS * (len(USERS) + 1 + len(USERS) - 1) + 6)
    demo.commit()
    bed_ids, case_ids = [b.id for b in beds], [c.id for c in cases]
    plans, scope = _plans(bed_ids, case_ids)
    demo.close()

    outcomes = _race(db_url, plans)

    errors = [o.detail for o in outcomes if o.result in ("error", "denied")]
    assert errors == [], errors[0]
    by_step: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_step[o.step].append(o)
    for r in range(ROUNDS):
        same_bed = by_step[f"same_bed.{r}"]
        assert [o.result for o in same_bed].count("ok") == 1
        assert {o.rule for o in same_bed if o.result == "refused"} == {"bed_occupied"}
        same_child = by_step[f"same_child.{r}"]
        assert [o.result for o in same_child].count("ok") == 1
        assert {o.rule for o in same_child if o.result == "refused"} == {"child_placed"}
        oos = by_step[f"oos.{r}"]
        assert [o.result for o in oos].count("ok") == 1
        rules = {o.rule for o in oos if o.result == "refused"}
        assert rules <= {"bed_occupied", "bed_out_of_service"}

    # The out-of-service beds hold no child; the others hold exactly the winner.
    for bed_id in scope["oos_beds"]:
        bed = demo.get(Bed, bed_id)
        open_here = demo.scalar(
            select(func.count())
            .select_from(Placement)
            .where(Placement.bed_id == bed_id, Placement.discharged_at.is_(None))
        )
        assert (bed.status, open_here) in (("out_of_service", 0), ("in_service", 1))

    _assert_history_is_whole(demo, bed_ids, outcomes)


def _assert_history_is_whole(demo, bed_ids: list[int], outcomes: list[Outcome]) -> None:  # type: ignore[no-untyped-def]
    ok = Counter(o.op for o in outcomes if o.result == "ok")
    stays = demo.scalars(
        select(Placement).where(Placement.bed_id.in_(bed_ids)).order_by(Placement.admitted_at)
    ).all()
    assert len(stays) == ok["admit"] + ok["transfer"]
    assert sum(s.discharged_at is None for s in stays) == ok["admit"] - ok["discharge"]
    assert ok["transfer"] > 0 and ok["discharge"] > 0, ok  # the storm really stormed
    for key in ("bed_id", "child_id"):
        runs = defaultdict(list)
        for s in stays:
            runs[getattr(s, key)].append(s)
        for seq in runs.values():
            for a, b in zip(seq, seq[1:], strict=False):
                assert a.discharged_at is not None and a.discharged_at <= b.admitted_at
    # No lost placement: every stay a transfer ended has its successor at that instant.
    starts = {(s.child_id, s.admitted_at) for s in stays}
    for s in stays:
        if s.discharge_reason == "transfer":
            assert (s.child_id, s.discharged_at) in starts
    events = Counter(
        demo.scalars(select(AuditEvent.action).where(AuditEvent.action.like("placement.%"))).all()
    )
    assert events == Counter(
        {f"placement.{op}": n for op, n in ok.items() if op != "out_of_service"}
    )
    slowest = max(o.seconds for o in outcomes)
    assert slowest < 15, slowest
