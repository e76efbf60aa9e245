"""Check a move of a case from one stage to another against the workflow data.

``check_transition(from_stage, transition_code, facts)`` is pure: the case services give
it the facts they hold and get back whether the move is allowed or, if not, every rule
that refused it, what is missing, and the clause behind each (Chinese messages).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from caseworker.policy._text import _
from caseworker.policy.clocks import guardian_refusal_clock
from caseworker.policy.rulesets import load_rulebook
from caseworker.policy.workflow_data import (
    Reason,
    Stage,
    Transition,
    Workflow,
    WorkflowError,
    load_workflow,
)

__all__ = [
    "Refusal",
    "Reason",
    "Stage",
    "Transition",
    "TransitionFacts",
    "TransitionResult",
    "Workflow",
    "WorkflowError",
    "check_transition",
    "load_workflow",
]


@dataclass(frozen=True)
class TransitionFacts:
    """What the case holds that a transition may depend on."""

    reason: str | None = None  # closure or intervention reason code
    reason_text: str = ""  # written explanation (required to reopen)
    ground: str | None = None  # revocation ground, with reason "revoke_guardianship"
    capacity_assessed_on: date | None = None  # latest family guardianship-capacity assessment
    capacity_found: bool | None = None  # its result: True = the guardian is capable
    temporary_guardianship_since: date | None = None
    child_age: int | None = None
    child_hukou: str | None = None  # "shanghai" / "other"
    court_order: bool = False
    approvals: frozenset[str] = field(default_factory=frozenset)  # e.g. {"manager"}
    duty_refusal_since: date | None = None  # guardian refusing duties since
    as_of: date | None = None  # the date of the move (for clocks and document validity)


@dataclass(frozen=True)
class Refusal:
    rule: str  # a stable code: the guard name or the structural check that failed
    message: str
    rule_set: str | None = None
    clause: str | None = None
    missing: tuple[str, ...] = ()  # TransitionFacts fields that would be needed


@dataclass(frozen=True)
class TransitionResult:
    transition: str
    from_stage: str
    to_stage: str | None
    allowed: bool
    needs_approval: bool
    refusals: tuple[Refusal, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return "；".join(r.message for r in self.refusals)


Cited = Transition | Reason
Guard = Callable[[TransitionFacts, str, Cited], Refusal | None]


def _refuse(rule: str, message: str, item: Cited, *missing: str) -> Refusal:
    return Refusal(rule, message, item.rule_set, item.clause, tuple(missing))


def _capacity_assessed(f: TransitionFacts, stage: str, item: Cited) -> Refusal | None:
    if f.capacity_assessed_on is None or f.capacity_found is None:
        return _refuse(
            "capacity_assessed",
            _("尚无家庭监护能力评估结果"),
            item,
            "capacity_assessed_on",
            "capacity_found",
        )
    return None


def _capacity_found(f: TransitionFacts, stage: str, item: Cited) -> Refusal | None:
    missing = _capacity_assessed(f, stage, item)
    if missing is not None:
        return Refusal(
            "capacity_found", missing.message, item.rule_set, item.clause, missing.missing
        )
    if not f.capacity_found:
        return _refuse(
            "capacity_found", _("最近一次家庭监护能力评估认定监护人不具备监护能力"), item
        )
    return None


def _capacity_restored(f: TransitionFacts, stage: str, item: Cited) -> Refusal | None:
    refusal = _capacity_found(f, stage, item)
    if refusal is not None:
        return Refusal(
            "capacity_restored", refusal.message, item.rule_set, item.clause, refusal.missing
        )
    since = f.temporary_guardianship_since
    if since is None and stage == "temporary_guardianship":
        return _refuse(
            "capacity_restored", _("缺少临时监护开始日期"), item, "temporary_guardianship_since"
        )
    assert f.capacity_assessed_on is not None
    if since is not None and f.capacity_assessed_on <= since:
        return _refuse(
            "capacity_restored",
            _("家庭监护能力评估（{d}）须在临时监护开始（{s}）之后重新进行").format(
                d=f.capacity_assessed_on, s=since
            ),
            item,
            "capacity_assessed_on",
        )
    return None


def _court_order(f: TransitionFacts, stage: str, item: Cited) -> Refusal | None:
    if not f.court_order:
        return _refuse("court_order", _("须有人民法院的指定或判决"), item, "court_order")
    return None


def _adult(f: TransitionFacts, stage: str, item: Cited) -> Refusal | None:
    if f.child_age is None:
        return _refuse("adult", _("缺少儿童年龄"), item, "child_age")
    if f.child_age < 18:
        return _refuse("adult", _("儿童未满18周岁（{age}周岁）").format(age=f.child_age), item)
    return None


def _non_shanghai_hukou(f: TransitionFacts, stage: str, item: Cited) -> Refusal | None:
    if f.child_hukou is None:
        return _refuse("non_shanghai_hukou", _("缺少儿童户籍"), item, "child_hukou")
    if f.child_hukou == "shanghai":
        return _refuse("non_shanghai_hukou", _("跨省转介仅适用于非本市户籍儿童"), item)
    return None


def _reason_text(f: TransitionFacts, stage: str, item: Cited) -> Refusal | None:
    if not f.reason_text.strip():
        return _refuse("reason_text", _("须填写重新开案的理由"), item, "reason_text")
    return None


def _refusal_6_months(f: TransitionFacts, stage: str, item: Cited) -> Refusal | None:
    missing = [n for n in ("duty_refusal_since", "as_of") if getattr(f, n) is None]
    if f.duty_refusal_since is None or f.as_of is None:
        msg = _("缺少监护人拒不履行监护职责的起始日期或本次日期")
        return _refuse("refusal_6_months", msg, item, *missing)
    result = guardian_refusal_clock(f.duty_refusal_since, f.as_of)
    if not result.passed:
        return _refuse(
            "refusal_6_months",
            _("监护人拒不履行监护职责自{start}起未满6个月（{due}届满）").format(
                start=result.start, due=result.due
            ),
            item,
        )
    return None


GUARD_CHECKS: dict[str, Guard] = {
    "capacity_assessed": _capacity_assessed,
    "capacity_found": _capacity_found,
    "capacity_restored": _capacity_restored,
    "court_order": _court_order,
    "adult": _adult,
    "non_shanghai_hukou": _non_shanghai_hukou,
    "reason_text": _reason_text,
    "refusal_6_months": _refusal_6_months,
}


def _stage_names(workflow: Workflow, codes: tuple[str, ...]) -> str:
    return "、".join(s.label if (s := workflow.stage(c)) else c for c in codes)


def _chosen(
    workflow: Workflow, list_name: str, code: str | None, stage: str, item: Cited, field_name: str
) -> tuple[Reason | None, Refusal | None]:
    """The reason picked from ``list_name``, or the refusal saying why it is not usable."""
    options = "、".join(f"{r.code}（{r.label}）" for r in workflow.reasons(list_name))
    if not code:
        msg = _("须选择理由：{options}").format(options=options)
        return None, _refuse("reason_required", msg, item, field_name)
    reason = workflow.reason(list_name, code)
    if reason is None:
        msg = _('未知的理由代码 "{code}"（可选：{options}）').format(code=code, options=options)
        return None, _refuse("unknown_reason", msg, item, field_name)
    if reason.from_stages and stage not in reason.from_stages:
        msg = _("理由“{label}”只能在以下阶段使用：{stages}").format(
            label=reason.label, stages=_stage_names(workflow, reason.from_stages)
        )
        return None, _refuse("reason_not_allowed_here", msg, reason)
    return reason, None


def check_transition(
    from_stage: str,
    transition_code: str,
    facts: TransitionFacts,
    *,
    workflow: Workflow | None = None,
) -> TransitionResult:
    """Whether ``transition_code`` may be taken from ``from_stage`` given ``facts``."""
    wf = workflow or load_workflow()
    t = wf.transition(transition_code)
    if wf.stage(from_stage) is None:
        msg = _('未知的阶段代码 "{code}"').format(code=from_stage)
        return TransitionResult(
            transition_code, from_stage, None, False, False, (Refusal("unknown_stage", msg),)
        )
    if t is None:
        msg = _('未知的流转代码 "{code}"').format(code=transition_code)
        return TransitionResult(
            transition_code, from_stage, None, False, False, (Refusal("unknown_transition", msg),)
        )

    refusals: list[Refusal] = []
    cited: list[Cited] = [t]
    if from_stage not in t.from_stages:
        msg = _("“{label}”只能从以下阶段发起：{stages}（当前：{now}）").format(
            label=t.label,
            stages=_stage_names(wf, t.from_stages),
            now=_stage_names(wf, (from_stage,)),
        )
        refusals.append(_refuse("wrong_stage", msg, t))
    checks: list[tuple[str, Cited]] = [(g, t) for g in t.guards]
    if t.reasons:
        reason, refusal = _chosen(wf, t.reasons, facts.reason, from_stage, t, "reason")
        refusals += [refusal] if refusal else []
        if reason is not None:
            cited.append(reason)
            checks += [(g, reason) for g in reason.guards]
            if reason.grounds:
                ground, refusal = _chosen(
                    wf, reason.grounds, facts.ground, from_stage, reason, "ground"
                )
                refusals += [refusal] if refusal else []
                if ground is not None:
                    cited.append(ground)
                    checks += [(g, ground) for g in ground.guards]
    for name, item in checks:
        refusal = GUARD_CHECKS[name](facts, from_stage, item)
        refusals += [refusal] if refusal else []
    if t.approval and t.approval not in facts.approvals:
        refusals.append(_refuse("approval_required", _("须经负责人审批"), t, "approvals"))
    return TransitionResult(
        transition=t.code,
        from_stage=from_stage,
        to_stage=t.to_stage,
        allowed=not refusals,
        needs_approval=t.approval is not None,
        refusals=tuple(refusals),
        warnings=_validity_warnings(cited, facts.as_of),
    )


def _validity_warnings(cited: list[Cited], on: date | None) -> tuple[str, ...]:
    if on is None:
        return ()
    book = load_rulebook()
    out: list[str] = []
    for item in cited:
        rs = book.rule_sets.get(item.rule_set)
        if rs is not None and rs.status_on(on) != "in_force":
            out.append(
                _(
                    "“{label}”依据{doc}{clause}，该文件在{on}不在有效期内（{start}至{end}）。"
                ).format(
                    label=item.label,
                    doc=rs.name,
                    clause=item.clause,
                    on=on,
                    start=rs.valid_from or "",
                    end=rs.valid_to or "",
                )
            )
    return tuple(dict.fromkeys(out))
