"""Case figures per district and stage add up to the cases the user may see."""

from __future__ import annotations

from sqlalchemy import func, select

from caseworker.models import Case
from caseworker.services.cases.statistics import cases_by_district_and_stage
from tests.support.factories import actor, build_small_demo


def test_figures_match_the_cases(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=200)
    city = cases_by_district_and_stage(session, actor(session, "city"))
    assert len(city) == 16
    assert sum(r.total for r in city) == session.scalar(select(func.count()).select_from(Case))
    closed = session.scalar(select(func.count()).select_from(Case).where(Case.stage == "closed"))
    assert sum(r.total - r.open for r in city) == closed
    pudong = cases_by_district_and_stage(session, actor(session, "pudong.manager"))
    assert [r.district_code for r in pudong] == ["310115"]
    assert pudong[0].by_stage == next(r for r in city if r.district_code == "310115").by_stage
