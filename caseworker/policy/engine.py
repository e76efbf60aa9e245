"""Run the rules of one kind and choose, per code, the document that decides it.

Choice among matching rules: a document in force beats an expired one, which beats a
draft; then a document that applies in Shanghai beats one that does not; then the more
local document (SH beats national); then the newer one. Documents not yet in force on
the date are never applied, but a warning says what they would have given.

Expired documents (decision): a category or benefit that rests only on an expired
document is still reported, marked ``status = "expired"`` with a warning naming the
document and its end date, so the caseworker sees it and checks for a successor. It is
never silently dropped and never presented as current.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from caseworker.policy._text import _
from caseworker.policy.facts import CaseFacts
from caseworker.policy.predicates import TESTS
from caseworker.policy.rulesets import Rule, RuleBook, Status

_STATUS_RANK: Mapping[str, int] = {"in_force": 0, "expired": 1, "draft": 2}


@dataclass(frozen=True)
class Basis:
    """One rule that supports a finding."""

    rule_set: str
    document_number: str
    clause: str
    status: Status


@dataclass(frozen=True)
class Finding:
    """A category or an eligibility hint, with the rule that decided it."""

    kind: str
    code: str
    label: str
    rule_set: str
    document_number: str
    clause: str
    quote: str
    status: Status
    reasons: tuple[str, ...]
    also: tuple[Basis, ...] = ()
    notes: tuple[str, ...] = ()
    exclusive_with: tuple[str, ...] = ()

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"


def _filters_ok(rule: Rule, facts: CaseFacts, age: int) -> bool:
    """The generic parameters: ``max_age`` (under), ``min_age`` (at least), ``hukou``."""
    max_age, min_age = rule.params.get("max_age"), rule.params.get("min_age")
    hukou = rule.params.get("hukou")
    return (
        (max_age is None or age < int(max_age))
        and (min_age is None or age >= int(min_age))
        and (hukou is None or facts.child.hukou == hukou)
    )


def _needed(rule: Rule, found: Mapping[str, Finding]) -> list[Finding] | None:
    """The found categories a rule rests on, or None when its requirements are not met."""
    if any(c not in found for c in rule.requires_all_categories):
        return None
    if any(c in found for c in rule.unless_categories):
        return None
    any_of = [found[c] for c in rule.requires_any_category if c in found]
    if rule.requires_any_category and not any_of:
        return None
    return [found[c] for c in rule.requires_all_categories] + any_of


def _worst(a: Status, b: Status) -> Status:
    return a if _STATUS_RANK[a] >= _STATUS_RANK[b] else b


Match = tuple[Rule, Status, tuple[str, ...]]


def run_rules(
    book: RuleBook,
    kind: str,
    rule_set_ids: Sequence[str],
    facts: CaseFacts,
    age: int,
    on: date,
    categories: Mapping[str, Finding] | None = None,
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """Evaluate the rules of ``kind``; return findings in catalogue order and warnings.

    ``categories`` are the categories already found. A rule that rests on categories
    (``requires_*``) takes the weakest status among them and its own document. Rules that
    rest on nothing run first, so a category may rest on another (migrant_focus on migrant).
    """
    section = "categories" if kind == "category" else "eligibility"
    found = dict(categories or {})
    rules = book.rules(kind, rule_set_ids)
    matched: dict[str, list[Match]] = {}
    pending: dict[str, Rule] = {}
    dependent = [
        r
        for r in rules
        if r.requires_any_category or r.requires_all_categories or r.unless_categories
    ]
    independent = [r for r in rules if r not in dependent]
    for batch in (independent, dependent):
        for rule in batch:
            _match(book, rule, facts, age, on, found, matched, pending)
        if kind == "category":
            found.update(
                {c: _choose(book, kind, c, book.label(section, c), m) for c, m in matched.items()}
            )

    findings: list[Finding] = []
    warnings: list[str] = []
    for code in book.codes(section):
        label = book.label(section, code)
        if code in matched:
            finding = _choose(book, kind, code, label, matched[code])
            findings.append(finding)
            warnings.extend(_warnings_for(book, finding, on))
        elif code in pending:
            rule = pending[code]
            rs = book.rule_sets[rule.rule_set]
            warnings.append(
                _(
                    "“{label}”的依据{doc}{clause}自{start}起施行，评估日{on}尚未施行，未列出。"
                ).format(label=label, doc=rs.name, clause=rule.clause, start=rs.valid_from, on=on)
            )
    return tuple(findings), tuple(warnings)


def _match(
    book: RuleBook,
    rule: Rule,
    facts: CaseFacts,
    age: int,
    on: date,
    found: Mapping[str, Finding],
    matched: dict[str, list[Match]],
    pending: dict[str, Rule],
) -> None:
    needed = _needed(rule, found)
    if needed is None or not _filters_ok(rule, facts, age) or rule.test is None:
        return
    reasons = TESTS[rule.test](facts, rule.params)
    if reasons is None:
        return
    status = book.rule_sets[rule.rule_set].status_on(on)
    if status == "not_yet_in_force":
        pending.setdefault(rule.code, rule)
        return
    for category in needed:
        status = _worst(status, category.status)
    if not reasons:  # a rule that rests on categories alone: name them as its basis
        reasons = tuple(_("属于“{label}”").format(label=c.label) for c in needed)
    matched.setdefault(rule.code, []).append((rule, status, reasons))


def _choose(
    book: RuleBook,
    kind: str,
    code: str,
    label: str,
    candidates: list[Match],
) -> Finding:
    def rank(item: Match) -> tuple[int, int, int, int]:
        rule, status, _reasons = item
        rs = book.rule_sets[rule.rule_set]
        start = rs.valid_from.toordinal() if rs.valid_from else 0
        return (
            _STATUS_RANK[status],
            0 if rs.applies_here else 1,
            -rs.jurisdiction.count("-"),
            -start,
        )

    ordered = sorted(candidates, key=rank)
    rule, status, reasons = ordered[0]
    rs = book.rule_sets[rule.rule_set]
    also = tuple(
        Basis(r.rule_set, book.rule_sets[r.rule_set].document_number, r.clause, s)
        for r, s, _reasons in ordered[1:]
    )
    # Reasons from every rule of the winning status (e.g. two patterns of one category).
    merged = tuple(dict.fromkeys(t for _rule, st, why in ordered if st == status for t in why))
    return Finding(
        kind=kind,
        code=code,
        label=label,
        rule_set=rule.rule_set,
        document_number=rs.document_number,
        clause=rule.clause,
        quote=rule.quote,
        status=status,
        reasons=merged or reasons,
        also=also,
        notes=(rule.note,) if rule.note else (),
        exclusive_with=rule.exclusive_with,
    )


def _warnings_for(book: RuleBook, finding: Finding, on: date) -> list[str]:
    # Documents from elsewhere are flagged once per rule set, by classify().
    rs = book.rule_sets[finding.rule_set]
    out: list[str] = []
    if finding.status != rs.status_on(on):
        # The rule's own document is in force, but the categories it rests on are not.
        out.append(
            _("“{label}”所依据的儿童类别仅有已失效文件或征求意见稿支持，请核实。").format(
                label=finding.label
            )
        )
    elif finding.status == "expired":
        out.append(
            _(
                "“{label}”仅依据{doc}{clause}，该文件有效期至{end}，评估日{on}已失效；"
                "仍列出供核实，请确认是否有后续文件。"
            ).format(
                label=finding.label, doc=rs.name, clause=finding.clause, end=rs.valid_to, on=on
            )
        )
    elif finding.status == "draft":
        out.append(
            _(
                "“{label}”依据{doc}{clause}，该文件为征求意见稿，尚未生效，仅因指定使用而列出。"
            ).format(label=finding.label, doc=rs.name, clause=finding.clause)
        )
    return out
