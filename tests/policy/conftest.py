"""Fixtures for the policy tests: builders for facts, and the loaded rule book.

Builders are handed out as fixtures (not imported) so this works under any import mode
next to the project's own tests/conftest.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from caseworker.policy.facts import CaseFacts, Child, Disability, FamilyEconomic, Parent
from caseworker.policy.rulesets import RuleBook, load_rulebook

BORN = date(2015, 6, 1)


def _make_child(**kw: Any) -> Child:
    kw.setdefault("birth_date", BORN)
    kw.setdefault("hukou", "shanghai")
    if isinstance(kw.get("family_economic"), dict):
        kw["family_economic"] = FamilyEconomic(**kw["family_economic"])
    if isinstance(kw.get("disability"), dict):
        kw["disability"] = Disability(**kw["disability"])
    for key in ("harm",):
        if key in kw:
            kw[key] = frozenset(kw[key])
    return Child(**kw)


def make_parent(role: str, **kw: Any) -> Parent:
    if "conditions" in kw:
        kw["conditions"] = frozenset(kw["conditions"])
    return Parent(role=role, **kw)


def build_facts(
    child: dict[str, Any] | None = None, father: Any = None, mother: Any = None
) -> CaseFacts:
    """``father`` / ``mother``: a dict of Parent fields, or None to leave the parent out."""
    parents = tuple(
        make_parent(role, **fields)
        for role, fields in (("father", father), ("mother", mother))
        if fields is not None
    )
    return CaseFacts(_make_child(**(child or {})), parents)


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return load_rulebook()


@pytest.fixture
def make_facts() -> Any:
    return build_facts


@pytest.fixture
def make_child() -> Any:
    return _make_child
