"""Eligibility hints: which benefits the documents point to, each with its clause.

These are hints for the caseworker, not decisions: each names the clause, and notes say
what still has to be checked (normal years of study, either-or choices).
"""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.policy._text import _
from caseworker.policy.classify import Classification
from caseworker.policy.engine import Finding, run_rules
from caseworker.policy.facts import CaseFacts
from caseworker.policy.rulesets import RuleBook, load_rulebook


@dataclass(frozen=True)
class Eligibility:
    hints: tuple[Finding, ...]
    warnings: tuple[str, ...]

    def hint(self, code: str) -> Finding | None:
        return next((h for h in self.hints if h.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(h.code for h in self.hints)


def assess_eligibility(
    facts: CaseFacts,
    classification: Classification,
    *,
    rulebook: RuleBook | None = None,
) -> Eligibility:
    """Benefits the facts point to, using the rule sets and date of ``classification``."""
    book = rulebook or load_rulebook()
    ids = tuple(u.id for u in classification.rule_sets)
    found = {c.code: c for c in classification.categories}
    hints, warnings = run_rules(
        book, "eligibility", ids, facts, classification.age, classification.as_of, found
    )
    present = {h.code for h in hints}
    extra: list[str] = []
    for h in hints:
        clash = [c for c in h.exclusive_with if c in present]
        if clash and h.code < clash[0]:  # say it once per pair
            extra.append(
                _("“{a}”与“{b}”只能择一享受（{doc}{clause}）。").format(
                    a=h.label,
                    b=book.label("eligibility", clash[0]),
                    doc=h.document_number,
                    clause=h.clause,
                )
            )
    return Eligibility(hints, warnings + tuple(extra))
