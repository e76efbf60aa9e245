"""Classification plus eligibility for one child, and its JSON-ready form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from caseworker.policy.classify import Classification, classify
from caseworker.policy.eligibility import Eligibility, assess_eligibility
from caseworker.policy.engine import Finding
from caseworker.policy.facts import CaseFacts
from caseworker.policy.rulesets import RuleBook, load_rulebook


@dataclass(frozen=True)
class Report:
    facts: CaseFacts
    classification: Classification
    eligibility: Eligibility

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.classification.warnings + self.eligibility.warnings))


def evaluate(
    facts: CaseFacts,
    as_of: date,
    *,
    rule_sets: Iterable[str] | None = None,
    rulebook: RuleBook | None = None,
) -> Report:
    book = rulebook or load_rulebook()
    classification = classify(facts, as_of, rule_sets=rule_sets, rulebook=book)
    return Report(facts, classification, assess_eligibility(facts, classification, rulebook=book))


def _finding(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": f.code,
        "label": f.label,
        "rule_set": f.rule_set,
        "document_number": f.document_number,
        "clause": f.clause,
        "status": f.status,
        "basis": list(f.reasons),
    }
    if f.notes:
        out["notes"] = list(f.notes)
    if f.exclusive_with:
        out["exclusive_with"] = list(f.exclusive_with)
    if f.also:
        out["also"] = [
            {"rule_set": b.rule_set, "clause": b.clause, "status": b.status} for b in f.also
        ]
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    """The classify command's output: English keys, Chinese labels."""
    c, child = report.classification, report.facts.child
    out: dict[str, Any] = {"as_of": c.as_of.isoformat(), "birth_date": child.birth_date.isoformat()}
    if child.gender:
        out["gender"] = child.gender
    out["age"] = c.age
    out["rule_sets"] = [
        {"id": u.id, "document_number": u.document_number, "title": u.title, "status": u.status}
        for u in c.rule_sets
    ]
    out["categories"] = [_finding(f) for f in c.categories]
    out["eligibility"] = [_finding(f) for f in report.eligibility.hints]
    out["warnings"] = list(report.warnings)
    return out
