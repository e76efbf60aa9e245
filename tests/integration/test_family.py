"""Recording the family: the facts the policy categories are computed from."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseworker.models import MemberCondition, local_today
from caseworker.services.cases.detail import case_detail
from caseworker.services.children.family import MemberInput, add_member, family_of, update_member
from caseworker.services.errors import AccessDenied, ValidationError
from tests.support.casework import new_case
from tests.support.factories import actor, build_small_demo


def test_parents_facts_drive_the_categories(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    sw = actor(session, "pudong.sw1")
    case = new_case(session, sw, name="石喆")
    father = add_member(
        session,
        sw,
        case.id,
        MemberInput(name="石父", relationship="father", conditions=frozenset({"imprisoned"})),
    )
    add_member(session, sw, case.id, MemberInput(name="石母", relationship="mother", deceased=True))
    codes = {c.code for c in case_detail(session, sw, case.id).categories}
    assert {"de_facto_unsupported", "guardianship_deficient"} <= codes

    # Released: the condition ends (kept on record with its dates), the category goes.
    update_member(
        session,
        sw,
        case.id,
        father.id,
        MemberInput(
            name="石父", relationship="father", is_guardian=True, has_guardianship_capacity=True
        ),
    )
    rows = session.scalars(
        select(MemberCondition).where(MemberCondition.member_id == father.id)
    ).all()
    assert [(r.condition_code, r.until) for r in rows] == [("imprisoned", local_today())]
    assert "de_facto_unsupported" not in {
        c.code for c in case_detail(session, sw, case.id).categories
    }
    assert [m.name for m, _d in family_of(session, sw, case.id)] == ["石父", "石母"]


def test_family_input_is_checked(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    sw = actor(session, "pudong.sw1")
    case = new_case(session, sw)
    with pytest.raises(ValidationError) as err:
        add_member(
            session,
            sw,
            case.id,
            MemberInput(
                name=" ",
                relationship="uncle",
                is_guardian=True,
                deceased=True,
                id_number="123",
                refusing_duties_since=local_today() + timedelta(days=1),
                conditions=frozenset({"jail"}),
            ),
        )
    assert set(err.value.errors) == {
        "name",
        "relationship",
        "id_number",
        "conditions",
        "refusing_duties_since",
        "is_guardian",
    }
    with pytest.raises(AccessDenied):
        add_member(
            session,
            actor(session, "pudong.staff"),
            case.id,
            MemberInput(name="某", relationship="father"),
        )
