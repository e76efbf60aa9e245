"""The classify command, driven through run() with in-memory streams."""

from __future__ import annotations

import argparse
import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from caseworker.cli import classify as classify_cmd
from caseworker.policy.id_number import check_character

VALID_ID = "31011520150601007" + check_character("31011520150601007")  # born 2015-06-01, male

BASE: dict[str, Any] = {
    "as_of": "2026-03-01",
    "child": {
        "id_number": VALID_ID,
        "hukou": "shanghai",
        "lives_in": "shanghai_suburban_rural",
        "family_economic": {"dibao": True},
    },
    "parents": [
        {"role": "father", "hukou_agricultural": True, "working_away_months": 10},
        {"role": "mother", "hukou_agricultural": True, "working_away_months": 10},
    ],
}


def run(argv: list[str], data: Any = None, raw: str | None = None) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="caseworker classify")
    classify_cmd.configure_parser(parser)
    args = parser.parse_args(argv)
    stdin = StringIO(raw if raw is not None else json.dumps(data, ensure_ascii=False))
    out, err = StringIO(), StringIO()
    code = classify_cmd.run(args, stdin, out, err)
    return code, out.getvalue(), err.getvalue()


def ok(argv: list[str], data: Any = BASE) -> dict[str, Any]:
    code, out, err = run(argv, data)
    assert (code, err) == (0, "")
    return json.loads(out)  # type: ignore[no-any-return]


def bad(data: Any = None, argv: list[str] | None = None, raw: str | None = None) -> str:
    code, out, err = run(argv or [], data, raw)
    assert code == 2 and out == ""
    return err


def with_child(**fields: Any) -> dict[str, Any]:
    return {**BASE, "child": {**BASE["child"], **fields}}


def test_output_shape_and_chinese_labels() -> None:
    result = ok(["-"])
    assert list(result) == [
        "as_of", "birth_date", "gender", "age", "rule_sets", "categories", "eligibility", "warnings"
    ]  # fmt: skip
    assert (result["as_of"], result["birth_date"], result["gender"], result["age"]) == (
        "2026-03-01",
        "2015-06-01",
        "male",
        10,
    )
    codes = {c["code"]: c for c in result["categories"]}
    assert set(codes) == {"poverty", "left_behind"}
    assert codes["poverty"]["label"] == "因家庭贫困导致生活、就医、就学困难的儿童"
    assert (codes["left_behind"]["rule_set"], codes["left_behind"]["status"]) == (
        "SH2020-29",
        "expired",
    )
    assert any("农村留守儿童" in w for w in result["warnings"])
    assert {"code", "label", "rule_set", "clause"} <= set(result["eligibility"][0])


def test_output_is_indented_utf8() -> None:
    code, out, _err = run([], BASE)
    assert code == 0 and "\n  " in out and "农村留守儿童" in out and "\\u" not in out


def test_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "child.json"
    path.write_text(json.dumps(BASE, ensure_ascii=False), encoding="utf-8")
    assert ok([str(path)])["age"] == 10


def test_as_of_option_overrides_the_input() -> None:
    result = ok(["--as-of", "2025-12-31"])
    assert result["as_of"] == "2025-12-31"
    left = next(c for c in result["categories"] if c["code"] == "left_behind")
    assert left["status"] == "in_force"


def test_as_of_defaults_to_today() -> None:
    data = {k: v for k, v in BASE.items() if k != "as_of"}
    assert ok([], data)["as_of"] == date.today().isoformat()


def test_rules_restrict_and_extend() -> None:
    only = ok(["--rules", "SH2022-4"])
    assert [r["id"] for r in only["rule_sets"]] == ["SH2022-4"]
    assert [c["code"] for c in only["categories"]] == ["poverty"]
    with_draft = ok(["--rules", "+DRAFT-2025"])
    assert [r["id"] for r in with_draft["rule_sets"]][-1] == "DRAFT-2025"
    assert all(r["id"] != "DRAFT-2025" for r in ok([])["rule_sets"])


def test_birth_date_instead_of_id_number() -> None:
    data = {**BASE, "child": {"birth_date": "2010-03-15", "hukou": "other"}, "parents": []}
    result = ok(["--as-of", "2028-03-14"], data)
    assert result["age"] == 17 and "gender" not in result


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {**BASE, "parents": [BASE["parents"][0], {"role": "mother", "conditions": ["jail"]}]},
            'parents[1].conditions[0]: 未知的情形代码 "jail"',
        ),
        (
            with_child(id_number=None, birth_date="2015-13-01"),
            'child.birth_date: 日期格式错误 "2015-13-01"',
        ),
        (with_child(id_number=VALID_ID[:-1] + "X"), "child.id_number: 身份证号码校验码错误"),
        (with_child(id_number="12345"), "child.id_number: 身份证号码长度应为18位，实为5位"),
        (
            with_child(birth_date="2015-06-02"),
            "child.birth_date: 与身份证号码中的出生日期 2015-06-01 不一致",
        ),
        (with_child(hukou="beijing"), 'child.hukou: 未知的户籍代码 "beijing"'),
        (with_child(lives_in="moon"), 'child.lives_in: 未知的居住地代码 "moon"'),
        (with_child(harm=["teasing"]), 'child.harm[0]: 未知的伤害情形代码 "teasing"'),
        (with_child(full_time_education="phd"), 'child.full_time_education: 未知的就学代码 "phd"'),
        (with_child(disability={"kind": "x"}), 'child.disability.kind: 未知的残疾类别代码 "x"'),
        (
            with_child(disability={"kind": "visual", "grade": 5}),
            "child.disability.grade: 残疾等级应为 1 至 4",
        ),
        (with_child(months_living_in_shanghai=-1), "child.months_living_in_shanghai: 应为非负整数"),
        (with_child(asks_for_help="yes"), "child.asks_for_help: 应为 true 或 false"),
        (with_child(family_economic={"rich": True}), "child.family_economic.rich: 未知的字段"),
        (with_child(nickname="小明"), "child.nickname: 未知的字段"),
        (with_child(id_number=None), "child: 须提供 id_number 或 birth_date"),
        ({**BASE, "as_of": "1 March 2026"}, 'as_of: 日期格式错误 "1 March 2026"'),
        ({**BASE, "as_of": "2014-01-01"}, "as_of: 评估日期 2014-01-01 早于出生日期 2015-06-01"),
        ({**BASE, "parents": [{"role": "uncle"}]}, 'parents[0].role: 未知的父母角色代码 "uncle"'),
        (
            {**BASE, "parents": [{"role": "father"}, {"role": "father"}]},
            'parents[1].role: 重复的角色 "father"',
        ),
        ({**BASE, "parents": [{"role": "father"}] * 3}, "parents: 最多两位父母"),
        (
            {**BASE, "parents": [{"role": "father", "has_guardianship_capacity": 1}]},
            "应为 true、false 或 null",
        ),
        ({"as_of": "2026-03-01"}, "child: 缺少儿童信息"),
        ([1, 2], "输入: 应为 JSON 对象"),
        ({**BASE, "extra": 1}, "extra: 未知的字段"),
    ],
)
def test_bad_input_names_the_field(data: Any, expected: str) -> None:
    assert expected in bad(data)


def test_several_problems_are_all_reported() -> None:
    data = with_child(hukou="x", lives_in="y")
    lines = bad(data).splitlines()
    assert (
        len(lines) == 2
        and lines[0].startswith("child.hukou")
        and lines[1].startswith("child.lives_in")
    )


def test_comment_keys_are_ignored() -> None:
    assert (
        ok([], {**BASE, "_comment": "例子", "child": {**BASE["child"], "_note": "x"}})["age"] == 10
    )


def test_invalid_json() -> None:
    assert "输入不是合法的 JSON：第1行" in bad(raw="{not json")


def test_bad_as_of_option() -> None:
    assert '--as-of: 日期格式错误 "2026/03/01"' in bad(BASE, ["--as-of", "2026/03/01"])


def test_unknown_rule_set() -> None:
    assert '--rules: 未知的规则集 "SH1999-1"' in bad(BASE, ["--rules", "SH2022-4,SH1999-1"])


def test_missing_file(tmp_path: Path) -> None:
    assert "FILE: 无法读取" in bad(BASE, [str(tmp_path / "absent.json")])
