"""Classify a child's facts on a date into the category codes, each with its document."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from caseworker.policy._text import _
from caseworker.policy.dates import age_on
from caseworker.policy.engine import Finding, run_rules
from caseworker.policy.facts import CaseFacts
from caseworker.policy.rulesets import RuleBook, Status, load_rulebook


@dataclass(frozen=True)
class RuleSetUse:
    """A rule set taken into account, and its standing on the evaluation date."""

    id: str
    document_number: str
    title: str
    status: Status


@dataclass(frozen=True)
class Classification:
    as_of: date
    age: int
    rule_sets: tuple[RuleSetUse, ...]
    categories: tuple[Finding, ...]
    warnings: tuple[str, ...]

    def category(self, code: str) -> Finding | None:
        return next((c for c in self.categories if c.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)


def classify(
    facts: CaseFacts,
    as_of: date,
    *,
    rule_sets: Iterable[str] | None = None,
    rulebook: RuleBook | None = None,
) -> Classification:
    """Categories of the child on ``as_of``.

    ``rule_sets``: None for every enacted rule set; plain ids restrict to those; ``+ID``
    adds one (the draft DRAFT-2025 is used only when named). Raises UnknownRuleSet, or
    ValueError when ``as_of`` is before the birth date.
    """
    book = rulebook or load_rulebook()
    ids = book.resolve(rule_sets)
    if as_of < facts.child.birth_date:
        raise ValueError(_("评估日期早于出生日期"))
    age = age_on(facts.child.birth_date, as_of)
    categories, warnings = run_rules(book, "category", ids, facts, age, as_of)
    uses = tuple(
        RuleSetUse(rid, rs.document_number, rs.title, rs.status_on(as_of))
        for rid in ids
        for rs in (book.rule_sets[rid],)
    )
    extra: list[str] = []
    if age >= 18:
        extra.append(_("评估日已年满18周岁，不再属于儿童类别。"))
    for rid in ids:
        rs = book.rule_sets[rid]
        if not rs.applies_here:
            extra.append(
                _("规则集 {id}（{doc}）的适用地域为 {j}，不是本市或国家文件。").format(
                    id=rid, doc=rs.name, j=rs.jurisdiction
                )
            )
    return Classification(as_of, age, uses, categories, tuple(extra) + warnings)
