"""Statutory clocks: when is something due, and has that date come.

Each clock is a ``kind = "clock"`` rule in a rule set, with its span in ``params``
(``months`` or ``years``), so the span and the clause come from the data files.

Conventions (see dates.py): the due date is the start plus the span, computed as in
民法典 第二百零三条 (the corresponding day, or the month's last day if there is none:
6 months after 2026-08-31 is 2027-02-28). ``passed`` is true from the due date itself:
on that day the span is complete (the guardian has refused for 6 months; the child is
18; the 3 months of relief are used up; the next half-yearly comparison is due).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from caseworker.policy._text import _
from caseworker.policy.dates import add_months
from caseworker.policy.rulesets import Rule, RuleBook, Status, load_rulebook

_RANK = {"in_force": 0, "expired": 1, "not_yet_in_force": 2, "draft": 3}


@dataclass(frozen=True)
class ClockResult:
    code: str
    label: str
    start: date
    due: date
    as_of: date
    passed: bool
    rule_set: str
    document_number: str
    clause: str
    status: Status  # of the rule set on ``as_of``
    warning: str | None = None

    @property
    def days_left(self) -> int:
        """Days from ``as_of`` to the due date (0 on the day, negative once past)."""
        return (self.due - self.as_of).days


def _span_months(rule: Rule) -> int:
    if "months" in rule.params:
        return int(rule.params["months"])
    return 12 * int(rule.params["years"])


def clock(
    code: str,
    start: date,
    as_of: date,
    *,
    rulebook: RuleBook | None = None,
    rule_sets: Iterable[str] | None = None,
) -> ClockResult:
    """The clock ``code`` running from ``start``, judged on ``as_of``."""
    book = rulebook or load_rulebook()
    rules = book.rules("clock", book.resolve(rule_sets))
    candidates = [r for r in rules if r.code == code]
    if not candidates:
        raise KeyError(code)
    rule = min(candidates, key=lambda r: _RANK[book.rule_sets[r.rule_set].status_on(as_of)])
    rs = book.rule_sets[rule.rule_set]
    status = rs.status_on(as_of)
    due = add_months(start, _span_months(rule))
    label = book.label("clocks", code)
    warning = None
    if status == "expired":
        warning = _("“{label}”依据{doc}{clause}，该文件有效期至{end}，评估日{on}已失效。").format(
            label=label, doc=rs.name, clause=rule.clause, end=rs.valid_to, on=as_of
        )
    elif status == "not_yet_in_force":
        warning = _(
            "“{label}”依据{doc}{clause}，该文件自{start}起施行，评估日{on}尚未施行。"
        ).format(label=label, doc=rs.name, clause=rule.clause, start=rs.valid_from, on=as_of)
    elif status == "draft":
        warning = _("“{label}”依据征求意见稿{doc}{clause}，尚未生效。").format(
            label=label, doc=rs.name, clause=rule.clause
        )
    return ClockResult(
        code=code,
        label=label,
        start=start,
        due=due,
        as_of=as_of,
        passed=as_of >= due,
        rule_set=rs.id,
        document_number=rs.document_number,
        clause=rule.clause,
        status=status,
        warning=warning,
    )


def guardian_refusal_clock(
    refusing_since: date, as_of: date, *, rulebook: RuleBook | None = None
) -> ClockResult:
    """Guardian refusing duties ≥ 6 months: a ground to petition for revocation."""
    return clock("guardian_refusal", refusing_since, as_of, rulebook=rulebook)


def temporary_assistance_clock(
    assistance_start: date, as_of: date, *, rulebook: RuleBook | None = None
) -> ClockResult:
    """临时救助 normally lasts no more than 3 months (SH2025-MIG annex item 29)."""
    return clock("temporary_assistance_limit", assistance_start, as_of, rulebook=rulebook)


def age_clock(
    birth_date: date, age: int, as_of: date, *, rulebook: RuleBook | None = None
) -> ClockResult:
    """Turning 16 or 18 (the thresholds the categories use)."""
    if age not in (16, 18):
        raise ValueError("only 16 and 18 are statutory thresholds")
    return clock(f"turns_{age}", birth_date, as_of, rulebook=rulebook)


def migrant_data_comparison_clock(
    last_comparison: date | None, as_of: date, *, rulebook: RuleBook | None = None
) -> ClockResult:
    """Half-yearly data comparison for migrant children (from 2025 on).

    With no comparison on record the clock runs from 2025-01-01, so the first one was
    due by 2025-07-01.
    """
    start = last_comparison if last_comparison is not None else date(2025, 1, 1)
    return clock("migrant_data_comparison", start, as_of, rulebook=rulebook)
