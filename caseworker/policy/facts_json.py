"""Read the JSON description of a child and parents (docs/classify.md) into CaseFacts.

Every problem is reported with the path of the field, e.g.
``parents[1].conditions[0]: 未知的情形代码 "jail"``. Keys starting with "_" are comments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from caseworker.policy import facts as F
from caseworker.policy._text import _
from caseworker.policy.dates import parse_iso_date
from caseworker.policy.id_number import IdNumberError, parse_id_number


class InputError(ValueError):
    """The input is malformed; ``problems`` lists each as "path: message"."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class ClassifyInput:
    facts: F.CaseFacts
    as_of: date | None


_VOCAB = {
    "hukou": (F.HUKOU, _("户籍代码")),
    "lives_in": (F.LIVES_IN, _("居住地代码")),
    "full_time_education": (F.EDUCATION, _("就学代码")),
    "harm": (F.HARM, _("伤害情形代码")),
    "conditions": (F.EIGHT_CONDITIONS, _("情形代码")),
    "kind": (F.DISABILITY_KINDS, _("残疾类别代码")),
    "role": (F.PARENT_ROLES, _("父母角色代码")),
}
_CHILD_KEYS = (
    "id_number", "birth_date", "hukou", "hukou_agricultural", "lives_in",
    "months_living_in_shanghai", "months_cross_district", "asks_for_help",
    "with_parent_or_guardian", "disability", "family_economic", "full_time_education",
    "harm", "vagrant", "psych_or_behaviour_issue",
)  # fmt: skip
_PARENT_KEYS = (
    "role", "conditions", "dead", "missing", "working_away_months",
    "has_guardianship_capacity", "remarried", "social_assistance",
    "shanghai_residence_permit", "hukou_agricultural", "hukou",
)  # fmt: skip


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def obj(self, value: Any, path: str, allowed: Sequence[str]) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, _("应为对象"))
            return {}
        for key in value:
            if key not in allowed and not str(key).startswith("_"):
                self.fail(f"{path}.{key}" if path else key, _("未知的字段"))
        return value

    def flag(self, data: Mapping[str, Any], key: str, path: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{path}.{key}", _("应为 true 或 false"))
            return default
        return value

    def optional_flag(self, data: Mapping[str, Any], key: str, path: str) -> bool | None:
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            self.fail(f"{path}.{key}", _("应为 true、false 或 null"))
            return None
        return value

    def months(self, data: Mapping[str, Any], key: str, path: str) -> int:
        value = data.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(f"{path}.{key}", _("应为非负整数（月数）"))
            return 0
        return value

    def code(self, value: Any, path: str, vocab: str) -> str | None:
        allowed, what = _VOCAB[vocab]
        if not isinstance(value, str) or value not in allowed:
            shown = value if isinstance(value, str) else repr(value)
            message = _('未知的{what} "{v}"（可选：{allowed}）')
            self.fail(path, message.format(what=what, v=shown, allowed="、".join(allowed)))
            return None
        return value

    def codes(self, data: Mapping[str, Any], key: str, path: str, vocab: str) -> frozenset[str]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(f"{path}.{key}", _("应为列表"))
            return frozenset()
        found = (self.code(v, f"{path}.{key}[{i}]", vocab) for i, v in enumerate(value))
        return frozenset(c for c in found if c is not None)

    def date(self, value: Any, path: str) -> date | None:
        try:
            return parse_iso_date(value) if isinstance(value, str) else parse_iso_date("")
        except ValueError:
            self.fail(path, _('日期格式错误 "{v}"（应为 YYYY-MM-DD）').format(v=value))
            return None


def _disability(r: _Reader, value: Any, path: str) -> F.Disability | None:
    if value is None:
        return None
    data = r.obj(value, path, ("kind", "grade"))
    kind = r.code(data.get("kind"), f"{path}.kind", "kind")
    grade = data.get("grade")
    if grade is not None and (isinstance(grade, bool) or grade not in F.DISABILITY_GRADES):
        r.fail(f"{path}.grade", _("残疾等级应为 1 至 4（一级至四级）或 null"))
        grade = None
    return F.Disability(kind, grade) if kind else None


def _economic(r: _Reader, value: Any, path: str) -> F.FamilyEconomic | None:
    if value is None:
        return None
    data = r.obj(value, path, F.ECONOMIC_FLAGS)
    return F.FamilyEconomic(**{k: r.flag(data, k, path) for k in F.ECONOMIC_FLAGS})


def _child(r: _Reader, value: Any) -> F.Child | None:
    path = "child"
    data = r.obj(value, path, _CHILD_KEYS)
    born = gender = id_number = None
    if data.get("id_number") is not None:
        try:
            parsed = parse_id_number(str(data["id_number"]))
            born, gender, id_number = parsed.birth_date, parsed.gender, parsed.number
        except IdNumberError as exc:
            r.fail(f"{path}.id_number", exc.message)
    if data.get("birth_date") is not None:
        stated = r.date(data["birth_date"], f"{path}.birth_date")
        if stated and born and stated != born:
            r.fail(f"{path}.birth_date", _("与身份证号码中的出生日期 {d} 不一致").format(d=born))
        born = born or stated
    elif data.get("id_number") is None:
        r.fail(path, _("须提供 id_number 或 birth_date"))
    hukou = r.code(data.get("hukou"), f"{path}.hukou", "hukou")
    lives_in = data.get("lives_in")
    if lives_in is not None:
        lives_in = r.code(lives_in, f"{path}.lives_in", "lives_in")
    education = r.code(
        data.get("full_time_education", "none"),
        f"{path}.full_time_education",
        "full_time_education",
    )
    child = F.Child(
        birth_date=born or date.min,
        hukou=hukou or "",
        id_number=id_number,
        gender=gender,
        hukou_agricultural=r.flag(data, "hukou_agricultural", path),
        lives_in=lives_in,
        months_living_in_shanghai=r.months(data, "months_living_in_shanghai", path),
        months_cross_district=r.months(data, "months_cross_district", path),
        asks_for_help=r.flag(data, "asks_for_help", path),
        with_parent_or_guardian=r.flag(data, "with_parent_or_guardian", path, default=True),
        disability=_disability(r, data.get("disability"), f"{path}.disability"),
        family_economic=_economic(r, data.get("family_economic"), f"{path}.family_economic"),
        full_time_education=education or "none",
        harm=r.codes(data, "harm", path, "harm"),
        vagrant=r.flag(data, "vagrant", path),
        psych_or_behaviour_issue=r.flag(data, "psych_or_behaviour_issue", path),
    )
    return child if born and hukou else None


def _parent(r: _Reader, value: Any, path: str) -> F.Parent | None:
    data = r.obj(value, path, _PARENT_KEYS)
    role = r.code(data.get("role"), f"{path}.role", "role")
    hukou = data.get("hukou")
    if hukou is not None:
        hukou = r.code(hukou, f"{path}.hukou", "hukou")
    parent = F.Parent(
        role=role or "",
        conditions=r.codes(data, "conditions", path, "conditions"),
        dead=r.flag(data, "dead", path),
        missing=r.flag(data, "missing", path),
        working_away_months=r.months(data, "working_away_months", path),
        has_guardianship_capacity=r.optional_flag(data, "has_guardianship_capacity", path),
        remarried=r.flag(data, "remarried", path),
        social_assistance=r.flag(data, "social_assistance", path),
        shanghai_residence_permit=r.flag(data, "shanghai_residence_permit", path),
        hukou_agricultural=r.flag(data, "hukou_agricultural", path),
        hukou=hukou,
    )
    return parent if role else None


def read_classify_input(data: Any) -> ClassifyInput:
    """Turn parsed JSON into facts; raise InputError listing every problem found."""
    if not isinstance(data, dict):
        raise InputError([_("输入: 应为 JSON 对象")])
    r = _Reader()
    top = r.obj(data, "", ("as_of", "child", "parents"))
    as_of = r.date(top["as_of"], "as_of") if top.get("as_of") is not None else None
    child = _child(r, top["child"]) if "child" in top else None
    if "child" not in top:
        r.fail("child", _("缺少儿童信息"))
    parents_raw = top.get("parents", [])
    parents: list[F.Parent] = []
    if not isinstance(parents_raw, list):
        r.fail("parents", _("应为列表"))
    elif len(parents_raw) > 2:
        r.fail("parents", _("最多两位父母（father、mother）"))
    else:
        for i, p in enumerate(parents_raw):
            parent = _parent(r, p, f"parents[{i}]")
            if parent and any(q.role == parent.role for q in parents):
                r.fail(f"parents[{i}].role", _('重复的角色 "{role}"').format(role=parent.role))
            elif parent:
                parents.append(parent)
    if r.problems or child is None:
        raise InputError(r.problems or [_("child: 信息不完整")])
    return ClassifyInput(F.CaseFacts(child, tuple(parents)), as_of)
