"""Sensitive health and harm details: readable by few, every read audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseworker.models import AuditEvent
from caseworker.services.children.sensitive import add_sensitive, sensitive_records
from caseworker.services.errors import AccessDenied, NotFound, ValidationError
from tests.support.casework import new_case
from tests.support.factories import actor, build_small_demo


def test_who_reads_what(engine, session) -> None:  # type: ignore[no-untyped-def]
    build_small_demo(engine, children=20)
    sw = actor(session, "pudong.sw1")
    case = new_case(session, sw)
    add_sensitive(session, sw, case.id, "hiv_status", "母婴传播，规律服药")
    with pytest.raises(ValidationError) as err:
        add_sensitive(session, sw, case.id, "other", " ")
    assert set(err.value.errors) == {"kind", "text"}

    manager = sensitive_records(session, actor(session, "pudong.manager"), case.id)
    assert [r.text for r in manager] == ["母婴传播，规律服药"]
    staff = sensitive_records(session, actor(session, "pudong.staff"), case.id)
    assert [(r.kind, r.text) for r in staff] == [("hiv_status", "")]  # exists, unread
    with pytest.raises(AccessDenied):
        add_sensitive(session, actor(session, "pudong.staff"), case.id, "medical", "x")
    with pytest.raises(NotFound):
        sensitive_records(session, actor(session, "huangpu.manager"), case.id)
    reads = session.scalars(
        select(AuditEvent.username).where(AuditEvent.action == "sensitive.read")
    ).all()
    assert reads == ["pudong.manager"]  # staff saw no text, so nothing was read
