"""The tests a rule names in its TOML file (``test = "..."``).

Each test looks at the facts and returns the reasons it matched (short Chinese phrases
shown to the caseworker) or None. Age limits are not checked here: the engine applies a
rule's ``max_age`` / ``min_age`` parameters, so thresholds stay in the data files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from caseworker.policy._text import _
from caseworker.policy.facts import CaseFacts, Parent

Reasons = tuple[str, ...]
Test = Callable[[CaseFacts, Mapping[str, Any]], Reasons | None]

_ECONOMIC_REASONS = {
    "dibao": _("低保家庭"),
    "dibao_edge": _("低保边缘家庭"),
    "tekun": _("特困供养人员"),
    "rigid_expense": _("刚性支出困难家庭"),
    "low_income": _("低收入家庭"),
    "sudden_hardship": _("遭遇突发性、临时性基本生活困难"),
}


def _yes(reason: str) -> Reasons:
    return (reason,)


def family_poor(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    econ = f.child.family_economic
    if econ is None:
        return None
    # A sudden, temporary hardship is not family poverty (it leads to 临时救助 instead).
    reasons = tuple(
        text
        for flag, text in _ECONOMIC_REASONS.items()
        if flag != "sudden_hardship" and getattr(econ, flag)
    )
    return reasons or None


def disabled(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    return _yes(_("儿童本人残疾")) if f.child.disability is not None else None


def severe_disability(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    d = f.child.disability
    return _yes(_("儿童本人重度残疾（一级或二级）")) if d is not None and d.severe else None


def both_parents_eight(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    both = f.both_parents
    if both and all(x.in_eight_conditions and not x.lost for x in both):
        return _yes(_("父母双方均符合八类情形之一"))
    return None


def _one_lost_other(f: CaseFacts, ok: Callable[[Parent], bool]) -> bool:
    both = f.both_parents
    if not both:
        return False
    a, b = both
    return (a.lost and not b.lost and ok(b)) or (b.lost and not a.lost and ok(a))


def one_lost_other_eight(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    if _one_lost_other(f, lambda x: x.in_eight_conditions):
        return _yes(_("父母一方死亡或失踪，另一方符合八类情形之一"))
    return None


def one_lost_other_remarried_or_assisted(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    def unable(x: Parent) -> bool:
        return (x.remarried or x.social_assistance) and x.has_guardianship_capacity is False

    if _one_lost_other(f, unable):
        return _yes(_("父母一方死亡或失踪，另一方再婚或为社会救助对象且无法履行抚养和监护职责"))
    return None


def harmed_by_guardian(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    return (
        _yes(_("因监护人虐待、遗弃、意外伤害、不法侵害等致人身安全受到威胁或侵害"))
        if f.child.harm
        else None
    )


def orphan(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    both = f.both_parents
    if both and all(x.lost for x in both):
        return _yes(_("父母双方均已死亡或失踪（查找不到）"))
    return None


def _working_away(x: Parent, months: int) -> bool:
    return x.working_away_months >= max(months, 1)


def _away_pattern(f: CaseFacts, months: int) -> Reasons | None:
    both = f.both_parents
    if not both:
        return None
    a, b = both
    if _working_away(a, months) and _working_away(b, months):
        return _yes(_("父母双方外出务工"))
    for away, other in ((a, b), (b, a)):
        if _working_away(away, months) and other.has_guardianship_capacity is False:
            return _yes(_("父母一方外出务工，另一方无监护能力"))
    return None


def left_behind_shanghai(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    """SH2020-29 §一: Shanghai-hukou child in a suburban rural area, parents' hukou pattern."""
    c, both = f.child, f.both_parents
    if not both or c.hukou != "shanghai" or c.lives_in != "shanghai_suburban_rural":
        return None
    a, b = both
    hukou_ok = (a.shanghai_agricultural and b.shanghai_agricultural) or any(
        x.shanghai_agricultural and y.non_local_with_permit for x, y in ((a, b), (b, a))
    )
    away = _away_pattern(f, int(p.get("min_working_away_months", 1)))
    if not hukou_ok or away is None:
        return None
    return (_("本市户籍、生活在郊区农村"), _("父母户籍符合本市农业户籍条件"), *away)


def left_behind_general(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    return _away_pattern(f, int(p.get("min_working_away_months", 6)))


def migrant_non_local(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    c = f.child
    if c.hukou != "other" or c.lives_in not in ("shanghai_urban", "shanghai_suburban_rural"):
        return None
    months = int(p.get("min_months", 6))
    if not c.with_parent_or_guardian or c.months_living_in_shanghai < months:
        return None
    return _yes(_("非本市户籍，随父母或监护人在沪连续居住满{m}个月").format(m=months))


def migrant_local_asking(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    c = f.child
    months = int(p.get("min_months", 6))
    if c.hukou != "shanghai" or c.months_cross_district < months or not c.asks_for_help:
        return None
    return _yes(_("本市户籍，跨行政区域连续居住满{m}个月并主动提出救助帮扶").format(m=months))


def lacks_guardianship(f: CaseFacts) -> bool:
    return bool(f.parents) and all(x.cannot_care for x in f.parents)


def migrant_focus_needs(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    c = f.child
    checks = (
        (c.family_economic is not None and c.family_economic.any_hardship, _("家庭生活困难")),
        (c.disability is not None, _("自身残疾")),
        (lacks_guardianship(f), _("监护缺失")),
        (c.vagrant, _("流浪")),
        (c.psych_or_behaviour_issue, _("心理和行为异常")),
        (c.asks_for_help, _("主动提出救助帮扶需求")),
    )
    return tuple(text for hit, text in checks if hit) or None


# --- eligibility tests -------------------------------------------------------------


def always(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    return ()


def shanghai_hukou(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    return _yes(_("本市户籍")) if f.child.hukou == "shanghai" else None


def deficient_in_full_time_education(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    """Continuation past 18 (SH2022-4 §二(一)): the guardianship facts still hold."""
    if f.child.hukou != "shanghai" or f.child.full_time_education not in (
        "high_school",
        "university",
    ):
        return None
    basis = both_parents_eight(f, p) or one_lost_other_eight(f, p) or harmed_by_guardian(f, p)
    if basis is None:
        return None
    level = (
        _("全日制高中阶段") if f.child.full_time_education == "high_school" else _("全日制大学阶段")
    )
    return (_("本市户籍"), *basis, _("年满18周岁后仍在{level}就读").format(level=level))


def no_capable_supporter(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    econ = f.child.family_economic
    if econ is not None and econ.tekun:
        return _yes(_("已认定为特困供养人员"))
    if lacks_guardianship(f) and f.both_parents:
        return _yes(_("无法定抚养人或法定抚养人无抚养能力"))
    return None


def _flag(name: str, reason: str) -> Test:
    def test(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
        econ = f.child.family_economic
        return _yes(reason) if econ is not None and getattr(econ, name) else None

    return test


def dibao_with_capable_supporter(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    """低保 for a child whose legal supporter can support it (else 特困 / basic living)."""
    econ = f.child.family_economic
    if econ is None or not econ.dibao or (f.both_parents and lacks_guardianship(f)):
        return None
    return _yes(_("低保家庭，法定抚养人有抚养能力"))


def dibao_or_low_income(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    econ = f.child.family_economic
    if econ is not None and (econ.dibao or econ.low_income):
        return _yes(_("低保或低收入家庭"))
    return None


def in_high_school(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    return _yes(_("就读高中阶段")) if f.child.full_time_education == "high_school" else None


def orphan_tekun_or_dibao(f: CaseFacts, p: Mapping[str, Any]) -> Reasons | None:
    econ = f.child.family_economic
    if orphan(f, p):
        return _yes(_("孤儿"))
    if econ is not None and (econ.tekun or econ.dibao):
        return _yes(_("纳入特困供养或最低生活保障范围"))
    return None


TESTS: Mapping[str, Test] = {
    "family_poor": family_poor,
    "disabled": disabled,
    "severe_disability": severe_disability,
    "both_parents_eight": both_parents_eight,
    "one_lost_other_eight": one_lost_other_eight,
    "one_lost_other_remarried_or_assisted": one_lost_other_remarried_or_assisted,
    "harmed_by_guardian": harmed_by_guardian,
    "orphan": orphan,
    "left_behind_shanghai": left_behind_shanghai,
    "left_behind_general": left_behind_general,
    "migrant_non_local": migrant_non_local,
    "migrant_local_asking": migrant_local_asking,
    "migrant_focus_needs": migrant_focus_needs,
    "always": always,
    "shanghai_hukou": shanghai_hukou,
    "deficient_in_full_time_education": deficient_in_full_time_education,
    "no_capable_supporter": no_capable_supporter,
    "dibao_family": _flag("dibao", _("低保家庭")),
    "dibao_with_capable_supporter": dibao_with_capable_supporter,
    "tekun_family": _flag("tekun", _("特困供养人员")),
    "sudden_hardship": _flag("sudden_hardship", _("遭遇突发性、紧迫性、临时性基本生活困难")),
    "dibao_or_low_income": dibao_or_low_income,
    "in_high_school": in_high_school,
    "orphan_tekun_or_dibao": orphan_tekun_or_dibao,
}
