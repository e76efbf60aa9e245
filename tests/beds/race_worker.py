"""One workstation in the race tests: a separate OS process with its own engine.

Runs a plan of steps against the shared database; `sync` steps first wait at a barrier
shared by every process, so all of them hit the same bed at the same moment. Outcomes go
back through a queue: ok / refused (with the rule) / denied / error (a bug: any other
exception, a leaked IntegrityError or a "database is locked").
"""

from __future__ import annotations

import random
import time
import traceback
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import select


@dataclass(frozen=True)
class Step:
    name: str  # scenario and round, for the report
    op: str  # admit, out_of_service, storm
    args: tuple[Any, ...] = ()
    sync: bool = True


@dataclass
class Outcome:
    step: str
    op: str
    result: str  # ok, refused, denied, error
    rule: str = ""
    detail: str = ""
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def _storm(sessions: Any, actor: Any, step: Step, seed: int) -> list[Outcome]:
    """Random admits, transfers and discharges on a few shared beds, reading the current
    (soon stale) state first, as a person at a workstation does."""
    from caseworker.models import Placement
    from caseworker.services.beds.placements import admit, discharge, transfer

    beds, cases, ops = step.args
    rng = random.Random(seed)
    out = []
    for i in range(ops):
        with sessions() as s:
            rows = s.execute(
                select(Placement.id, Placement.bed_id).where(
                    Placement.bed_id.in_(beds), Placement.discharged_at.is_(None)
                )
            ).all()
        open_stays = [r.id for r in rows]
        # A person picks a bed that looked free a moment ago (if any did): the read is stale
        # by the time the write lands, which is the race; a random bed would mostly just be
        # refused and leave the storm without a single transfer.
        free = [b for b in beds if b not in {r.bed_id for r in rows}] or list(beds)
        kind = rng.choice(["admit", "admit", "transfer", "discharge"])
        if kind != "admit" and not open_stays:
            kind = "admit"
        with sessions() as s:
            if kind == "admit":
                call = partial(admit, s, actor, rng.choice(free), rng.choice(cases))
            elif kind == "transfer":
                call = partial(transfer, s, actor, rng.choice(open_stays), rng.choice(free))
            else:
                call = partial(discharge, s, actor, rng.choice(open_stays), "hospital")
            out.append(_attempt(f"{step.name}.{i}", kind, call))
    return out


def _attempt(name: str, op: str, call: Any) -> Outcome:
    from caseworker.services.beds.access import PlacementRefused
    from caseworker.services.errors import AccessDenied, DomainError

    t0 = time.perf_counter()
    try:
        call()
    except PlacementRefused as exc:
        return Outcome(name, op, "refused", exc.rule, exc.message, time.perf_counter() - t0)
    except AccessDenied as exc:
        return Outcome(name, op, "denied", "", exc.message, time.perf_counter() - t0)
    except DomainError as exc:
        return Outcome(name, op, "refused", "other", exc.message, time.perf_counter() - t0)
    except Exception:
        return Outcome(name, op, "error", "", traceback.format_exc(), time.perf_counter() - t0)
    return Outcome(name, op, "ok", "", "", time.perf_counter() - t0)


def run(
    url: str, username: str, index: int, plan: list[Step], barrier: Any, login: Any, queue: Any
) -> None:
    from caseworker import i18n
    from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate
    from caseworker.services.beds.inventory import set_bed_in_service
    from caseworker.services.beds.placements import admit
    from caseworker.storage.database import make_engine, make_sessionmaker

    i18n.activate("zh_CN")
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    outcomes: list[Outcome] = []
    try:
        # Signing in is not under test: the four do it one after another.
        with login, sessions() as s:
            actor = authenticate(s, username, DEMO_PASSWORD)
        for step in plan:
            if step.sync:
                barrier.wait(timeout=60)
            if step.op == "storm":
                outcomes.extend(_storm(sessions, actor, step, seed=index))
                continue
            with sessions() as s:
                if step.op == "admit":
                    call = partial(admit, s, actor, *step.args)
                elif step.op == "out_of_service":
                    call = partial(set_bed_in_service, s, actor, step.args[0], False)
                else:
                    raise ValueError(step.op)
                outcomes.append(_attempt(step.name, step.op, call))
    except Exception:
        outcomes.append(Outcome("worker", "", "error", "", traceback.format_exc()))
        barrier.abort()
    finally:
        engine.dispose()
        queue.put((index, outcomes))
