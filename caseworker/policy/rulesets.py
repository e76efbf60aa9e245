"""Rule sets as data: one TOML file per policy document in resources/rules/sets/.

A successor document (say, the one replacing SH2020-29) is added as a new file; the
engine picks, for each category or benefit, the rule whose document is in force on the
date in question and says which one it applied.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from caseworker.policy._text import _
from caseworker.policy.predicates import TESTS
from caseworker.policy.resources import resources_dir

Status = Literal["in_force", "expired", "not_yet_in_force", "draft"]
KINDS = ("category", "eligibility", "clock")
# The app serves Shanghai: national ("CN") and Shanghai ("CN-SH") documents apply directly.
APP_JURISDICTION = "CN-SH"


class RuleSetError(ValueError):
    """A rule-set file is malformed."""


class UnknownRuleSet(ValueError):
    def __init__(self, rule_set_id: str, known: Iterable[str]) -> None:
        self.rule_set_id = rule_set_id
        self.known = tuple(known)
        super().__init__(
            _('未知的规则集 "{id}"（可用：{known}）').format(
                id=rule_set_id, known="、".join(self.known)
            )
        )


@dataclass(frozen=True)
class Rule:
    rule_set: str
    id: str
    kind: str
    code: str
    clause: str
    quote: str
    test: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    requires_any_category: tuple[str, ...] = ()
    requires_all_categories: tuple[str, ...] = ()
    unless_categories: tuple[str, ...] = ()
    exclusive_with: tuple[str, ...] = ()
    note: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.rule_set}/{self.id}"


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    document_number: str
    issuer: str
    jurisdiction: str
    valid_from: date | None
    valid_to: date | None
    draft: bool
    text: str
    rules: tuple[Rule, ...]
    validity_quote: str | None = None
    note: str | None = None

    def status_on(self, on: date) -> Status:
        if self.draft:
            return "draft"
        if self.valid_from is not None and on < self.valid_from:
            return "not_yet_in_force"
        if self.valid_to is not None and on > self.valid_to:
            return "expired"
        return "in_force"

    @property
    def applies_here(self) -> bool:
        j = self.jurisdiction
        return j == APP_JURISDICTION or APP_JURISDICTION.startswith(j + "-")

    @property
    def name(self) -> str:
        """How a message names the document: its number, or the title for a draft."""
        return f"{self.title}（{_('征求意见稿')}）" if self.draft else self.document_number


@dataclass(frozen=True)
class RuleBook:
    rule_sets: Mapping[str, RuleSet]
    labels: Mapping[str, Mapping[str, str]]  # section -> code -> Chinese label

    def label(self, section: str, code: str) -> str:
        return self.labels.get(section, {}).get(code, code)

    def codes(self, section: str) -> tuple[str, ...]:
        return tuple(self.labels.get(section, {}))

    @property
    def default_ids(self) -> tuple[str, ...]:
        """Every enacted rule set; drafts only when asked for by name."""
        return tuple(rid for rid, rs in self.rule_sets.items() if not rs.draft)

    def resolve(self, spec: Iterable[str] | None) -> tuple[str, ...]:
        """Rule-set ids to use: plain ids restrict to those, ``+ID`` adds to the defaults."""
        if spec is None:
            return self.default_ids
        items = [s.strip() for s in spec if s.strip()]
        plain = [s for s in items if not s.startswith("+")]
        added = [s[1:] for s in items if s.startswith("+")]
        chosen = list(plain) if plain else list(self.default_ids)
        for rid in plain + added:
            if rid not in self.rule_sets:
                raise UnknownRuleSet(rid, self.rule_sets)
        chosen += [rid for rid in added if rid not in chosen]
        return tuple(dict.fromkeys(chosen))

    def rules(self, kind: str, ids: Iterable[str]) -> tuple[Rule, ...]:
        return tuple(r for rid in ids for r in self.rule_sets[rid].rules if r.kind == kind)


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise RuleSetError(f"{where}: missing '{key}'")
    return data[key]


def _rule(rule_set: str, data: Mapping[str, Any], where: str, labels: Mapping[str, Any]) -> Rule:
    kind = _require(data, "kind", where)
    if kind not in KINDS:
        raise RuleSetError(f"{where}: unknown kind {kind!r}")
    code = _require(data, "code", where)
    section = {"category": "categories", "eligibility": "eligibility", "clock": "clocks"}[kind]
    if code not in labels.get(section, {}):
        raise RuleSetError(f"{where}: code {code!r} is not listed in codes.toml [{section}]")
    test = data.get("test")
    if kind != "clock" and test not in TESTS:
        raise RuleSetError(f"{where}: unknown test {test!r}")
    needs = (
        *data.get("requires_any_category", ()),
        *data.get("requires_all_categories", ()),
        *data.get("unless_categories", ()),
    )
    for cat in needs:
        if cat not in labels.get("categories", {}):
            raise RuleSetError(f"{where}: unknown category {cat!r}")
    return Rule(
        rule_set=rule_set,
        id=_require(data, "id", where),
        kind=kind,
        code=code,
        clause=_require(data, "clause", where),
        quote=_require(data, "quote", where),
        test=test,
        params=dict(data.get("params", {})),
        requires_any_category=tuple(data.get("requires_any_category", ())),
        requires_all_categories=tuple(data.get("requires_all_categories", ())),
        unless_categories=tuple(data.get("unless_categories", ())),
        exclusive_with=tuple(data.get("exclusive_with", ())),
        note=data.get("note"),
    )


def load_rule_set(path: Path, labels: Mapping[str, Any]) -> RuleSet:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    where = path.name
    rid = _require(data, "id", where)
    rules = tuple(
        _rule(rid, r, f"{where} rules[{i}]", labels) for i, r in enumerate(data.get("rules", ()))
    )
    if len({r.id for r in rules}) != len(rules):
        raise RuleSetError(f"{where}: duplicate rule id")
    draft = bool(data.get("draft", False))
    valid_from = data.get("valid_from")
    if not draft and not isinstance(valid_from, date):
        raise RuleSetError(f"{where}: an enacted rule set needs valid_from (a TOML date)")
    return RuleSet(
        id=rid,
        title=_require(data, "title", where),
        document_number=_require(data, "document_number", where),
        issuer=_require(data, "issuer", where),
        jurisdiction=_require(data, "jurisdiction", where),
        valid_from=valid_from,
        valid_to=data.get("valid_to"),
        draft=draft,
        text=data.get("text", f"{rid}.txt"),
        rules=rules,
        validity_quote=data.get("validity_quote"),
        note=data.get("note"),
    )


def load_rulebook(root: Path | str | None = None) -> RuleBook:
    """Read codes.toml and every rule set in ``<resources>/rules/sets`` (cached per root)."""
    return _load(str(resources_dir(root)))


@lru_cache(maxsize=8)
def _load(root: str) -> RuleBook:
    rules_dir = Path(root) / "rules"
    with (rules_dir / "codes.toml").open("rb") as fh:
        labels = {
            section: {code: entry["label"] for code, entry in table.items()}
            for section, table in tomllib.load(fh).items()
        }
    sets: dict[str, RuleSet] = {}
    for path in sorted((rules_dir / "sets").glob("*.toml")):
        rs = load_rule_set(path, labels)
        if rs.id in sets:
            raise RuleSetError(f"{path.name}: rule set {rs.id} defined twice")
        sets[rs.id] = rs
    return RuleBook(sets, labels)
