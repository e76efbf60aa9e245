from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseworker.policy.id_number import (
    WEIGHTS,
    IdNumberError,
    check_character,
    id_number_problem,
    is_valid_id_number,
    parse_id_number,
)


def with_check(first17: str) -> str:
    return first17 + check_character(first17)


def reference_check(first17: str) -> str:
    """GB 11643-1999 spelled out: weights, mod 11, then 1 0 X 9 8 7 6 5 4 3 2."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def test_weights_are_the_standard_ones() -> None:
    assert WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@pytest.mark.parametrize(
    ("number", "born", "gender", "place", "retired"),
    [
        ("11010519491231002X", date(1949, 12, 31), "female", "北京市朝阳区", False),
        (with_check("31010320080315123"), date(2008, 3, 15), "male", "上海市卢湾区", True),
        (with_check("31010219900101002"), date(1990, 1, 1), "female", "上海市南市区", True),
        (with_check("31010820120229001"), date(2012, 2, 29), "male", "上海市闸北区", True),
        (with_check("31011920050707004"), date(2005, 7, 7), "female", "上海市南汇区", True),
        (with_check("31022519750101003"), date(1975, 1, 1), "male", "上海市南汇县", True),
        (with_check("31023020100601005"), date(2010, 6, 1), "male", "上海市崇明县", True),
        (with_check("31015120180601006"), date(2018, 6, 1), "female", "上海市崇明区", False),
        (with_check("31011520150601007"), date(2015, 6, 1), "male", "上海市浦东新区", False),
    ],
)
def test_valid_numbers(number: str, born: date, gender: str, place: str, retired: bool) -> None:
    parsed = parse_id_number(number)
    assert parsed.birth_date == born
    assert parsed.gender == gender
    assert parsed.place.name == place
    assert parsed.place.retired is retired


def test_retired_code_valid_even_outside_its_years() -> None:
    # 南汇县 (310225) was in use 1982-2001; someone born in 1975 got the code when
    # the number was issued. stdnum's validate() would reject this; we accept it.
    assert is_valid_id_number(with_check("31022519750101003"))


def test_lowercase_x_and_spaces_are_accepted() -> None:
    assert parse_id_number(" 110105 19491231 002x ").number == "11010519491231002X"


@pytest.mark.parametrize(
    ("text", "reason", "fragment"),
    [
        ("", "empty", "为空"),
        ("3101032008031512", "length", "长度应为18位，实为16位"),
        ("3101032008031512371", "length", "实为19位"),
        ("310103080315123", "length", "15位旧身份证号码"),
        ("31010320080315123A", "format", "第18位应为数字或X"),
        ("3101032008031512X7", "format", "前17位应为数字"),
        ("310103200803151230", "check", "校验码错误：按前17位应为 7，实为 0"),
        (with_check("31010320080230123"), "date", "20080230 不是有效日期"),
        (with_check("31010320081301123"), "date", "不是有效日期"),
        (with_check("31010318000101123"), "date", "不合理"),
        (with_check("99010320080315123"), "address", "地址码 990103"),
        (with_check("31019920080315123"), "address", "地址码 310199"),
    ],
)
def test_invalid_numbers_say_why(text: str, reason: str, fragment: str) -> None:
    with pytest.raises(IdNumberError) as info:
        parse_id_number(text)
    assert info.value.reason == reason
    assert fragment in info.value.message
    assert id_number_problem(text) == info.value.message


def test_birth_date_in_the_future() -> None:
    number = with_check("31010120300101001")
    assert is_valid_id_number(number)
    with pytest.raises(IdNumberError, match="不合理"):
        parse_id_number(number, today=date(2026, 3, 1))


# --- properties ---------------------------------------------------------------------

SHANGHAI_CODES = ["310101", "310103", "310104", "310108", "310115", "310119", "310225", "310230"]


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    address = draw(st.sampled_from(SHANGHAI_CODES))
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2026, 1, 1)))
    sequence = draw(st.integers(min_value=0, max_value=999))
    return with_check(f"{address}{born:%Y%m%d}{sequence:03d}")


@settings(max_examples=300, deadline=None)
@given(id_numbers())
def test_generated_numbers_are_valid(number: str) -> None:
    parsed = parse_id_number(number)
    assert parsed.number == number
    assert check_character(number[:17]) == reference_check(number[:17])
    assert parsed.gender == ("male" if int(number[16]) % 2 else "female")


@settings(max_examples=300, deadline=None)
@given(id_numbers(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10))
def test_any_single_character_change_fails_the_check(number: str, pos: int, shift: int) -> None:
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    old = alphabet.index(number[pos])
    new = alphabet[(old + shift) % len(alphabet)]
    if new == number[pos]:
        return  # shift wrapped to the same character (only possible for the digits)
    changed = number[:pos] + new + number[pos + 1 :]
    with pytest.raises(IdNumberError) as info:
        parse_id_number(changed)
    assert info.value.reason == "check"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_character_matches_the_standard(first17: str) -> None:
    assert check_character(first17) == reference_check(first17)
