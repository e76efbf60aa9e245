"""The case workflow as data: stages, transitions and reason lists from TOML.

Load it with ``load_workflow()``; ``Workflow.stages`` and ``Workflow.transitions`` carry
the codes and Chinese labels, ``Workflow.reasons("closure_reasons")`` the closure list.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from caseworker.policy.resources import resources_dir

GUARDS = (
    "capacity_assessed",
    "capacity_found",
    "capacity_restored",
    "court_order",
    "adult",
    "non_shanghai_hukou",
    "reason_text",
    "refusal_6_months",
)
REASON_LISTS = ("closure_reasons", "intervention_reasons", "revocation_grounds")


class WorkflowError(ValueError):
    """The workflow file is malformed."""


@dataclass(frozen=True)
class Stage:
    code: str
    label: str


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    rule_set: str
    clause: str
    quote: str
    from_stages: tuple[str, ...] = ()  # empty: allowed from any stage the transition allows
    guards: tuple[str, ...] = ()
    grounds: str | None = None  # a reason list the reason needs a choice from


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    from_stages: tuple[str, ...]
    to_stage: str
    rule_set: str
    clause: str
    quote: str
    guards: tuple[str, ...] = ()
    approval: str | None = None  # "manager" when the move needs approval
    reasons: str | None = None  # the reason list a reason must come from


@dataclass(frozen=True)
class Workflow:
    version: int
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    reason_lists: Mapping[str, tuple[Reason, ...]]

    def stage(self, code: str) -> Stage | None:
        return next((s for s in self.stages if s.code == code), None)

    def transition(self, code: str) -> Transition | None:
        return next((t for t in self.transitions if t.code == code), None)

    def transitions_from(self, stage: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if stage in t.from_stages)

    def reasons(self, list_name: str) -> tuple[Reason, ...]:
        return self.reason_lists.get(list_name, ())

    def reason(self, list_name: str, code: str) -> Reason | None:
        return next((r for r in self.reasons(list_name) if r.code == code), None)


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise WorkflowError(message)


def _guards(item: Mapping[str, Any], where: str) -> tuple[str, ...]:
    guards = tuple(item.get("guards", ()))
    for g in guards:
        _check(g in GUARDS, f"{where}: unknown guard {g!r}")
    return guards


def parse_workflow(data: Mapping[str, Any]) -> Workflow:
    stages = tuple(Stage(s["code"], s["label"]) for s in data["stages"])
    codes = {s.code for s in stages}
    _check(len(codes) == len(stages), "duplicate stage code")
    lists: dict[str, tuple[Reason, ...]] = {}
    for name in REASON_LISTS:
        items = []
        for i, r in enumerate(data.get(name, ())):
            where = f"{name}[{i}]"
            for s in r.get("from", ()):
                _check(s in codes, f"{where}: unknown stage {s!r}")
            _check(r.get("grounds") in (None, *REASON_LISTS), f"{where}: unknown grounds list")
            items.append(
                Reason(
                    code=r["code"],
                    label=r["label"],
                    rule_set=r["rule_set"],
                    clause=r["clause"],
                    quote=r["quote"],
                    from_stages=tuple(r.get("from", ())),
                    guards=_guards(r, where),
                    grounds=r.get("grounds"),
                )
            )
        lists[name] = tuple(items)
    transitions = []
    for i, t in enumerate(data["transitions"]):
        where = f"transitions[{i}] {t.get('code')}"
        for s in (*t["from"], t["to"]):
            _check(s in codes, f"{where}: unknown stage {s!r}")
        _check(t.get("reasons") in (None, *REASON_LISTS), f"{where}: unknown reason list")
        _check(t.get("approval") in (None, "manager"), f"{where}: unknown approval")
        transitions.append(
            Transition(
                code=t["code"],
                label=t["label"],
                from_stages=tuple(t["from"]),
                to_stage=t["to"],
                rule_set=t["rule_set"],
                clause=t["clause"],
                quote=t["quote"],
                guards=_guards(t, where),
                approval=t.get("approval"),
                reasons=t.get("reasons"),
            )
        )
    _check(len({t.code for t in transitions}) == len(transitions), "duplicate transition code")
    return Workflow(int(data.get("version", 1)), stages, tuple(transitions), lists)


def load_workflow(root: Path | str | None = None) -> Workflow:
    """Read ``<resources>/workflow/intervention.toml`` (cached per root)."""
    return _load(str(resources_dir(root)))


@lru_cache(maxsize=4)
def _load(root: str) -> Workflow:
    path = Path(root) / "workflow" / "intervention.toml"
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    try:
        return parse_workflow(data)
    except (KeyError, TypeError) as exc:
        raise WorkflowError(f"{path.name}: {exc}") from exc
