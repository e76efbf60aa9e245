"""Document numbers: per institution and year, gapless and unique, also with several
workstations issuing at once; a number is consumed only when its document is stored."""

from __future__ import annotations

import multiprocessing
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker.docs_gen import DocNumber
from caseworker.models import AuditEvent, DocumentCounter, IssuedDocument
from caseworker.operations import issuing
from caseworker.services.documents import register as documents
from caseworker.services.errors import ValidationError
from tests.register.helpers import RECEIPT_INPUT, case_in, pdf_text
from tests.register.race_worker import issue_many
from tests.support.casework import new_case
from tests.support.factories import actor


def _receipt(session, who, case_id):  # type: ignore[no-untyped-def]
    return issuing.issue_letter(
        session,
        who,
        case_id=case_id,
        letter_code="report_receipt",
        entered=RECEIPT_INPUT,
        edits={},
    )


def _docs(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(IssuedDocument))


def test_the_register_prints_numbers_as_the_pdf_engine_does() -> None:
    assert str(documents.Number("沪民未保", 2026, 12)) == str(DocNumber("沪民未保", 2026, 12))
    assert str(documents.Number("沪民未保", 2026, 12)) == "沪民未保〔2026〕12号"


def test_numbers_run_per_institution_and_year_without_gaps(demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    case = new_case(demo, sw, name="王堃", residence_street="花木街道")
    docs = [_receipt(demo, sw, case.id) for _ in range(3)]
    year = issuing.shanghai_today().year
    assert [d.serial for d in docs] == [1, 2, 3]
    assert docs[2].number_text == f"浦东民未保〔{year}〕3号"
    assert f"浦东民未保〔{year}〕3号" in pdf_text(
        demo.get(IssuedDocument, docs[2].id).pdf, tmp_path
    )

    # Another district's institution keeps its own register, from 1.
    hp = actor(demo, "huangpu.sw1")
    other = case_in(demo, hp, "310101", "李喆", "外滩街道")
    assert _receipt(demo, hp, other.id).number_text == f"黄浦民未保〔{year}〕1号"

    # A new year starts again at 1; the old year's counter is untouched.
    def draw(number: documents.Number) -> bytes:
        return b"%PDF-1.4 " + str(number).encode()

    nextyear = documents.issue(
        demo, sw, case_id=case.id, letter_code="report_receipt", title="回执",
        issue_date=date(year + 1, 1, 2), issuer_name="x", fields={}, edits={}, render=draw,
    )  # fmt: skip
    assert (nextyear.year, nextyear.serial) == (year + 1, 1)
    counters = dict(
        demo.execute(select(DocumentCounter.year, DocumentCounter.last_value)
                     .where(DocumentCounter.institution_id == docs[0].institution_id)).all()
    )  # fmt: skip
    assert counters == {year: 3, year + 1: 1}


def test_a_failed_render_consumes_no_number(demo) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    case = new_case(demo, sw, name="王堃", residence_street="花木街道")
    fresh = new_case(demo, sw, name="李喆", residence_street="花木街道")
    first = _receipt(demo, sw, case.id)
    audits = demo.scalar(select(func.count()).select_from(AuditEvent))
    seen: list[documents.Number] = []

    def broken(number: documents.Number) -> bytes:
        seen.append(number)
        raise RuntimeError("printer driver crashed")

    with pytest.raises(RuntimeError):
        documents.issue(
            demo, sw, case_id=case.id, letter_code="report_receipt", title="回执",
            issue_date=first.issue_date, issuer_name="x", fields={}, edits={}, render=broken,
        )  # fmt: skip
    assert seen[0].serial == 2  # the number was taken inside the transaction …
    with pytest.raises(ValueError, match="no PDF"):
        documents.issue(
            demo, sw, case_id=case.id, letter_code="report_receipt", title="回执",
            issue_date=first.issue_date, issuer_name="x", fields={}, edits={},
            render=lambda n: b"",
        )  # fmt: skip
    # … and missing fields are refused before any number is taken (a new case: nothing to
    # remember from an earlier letter of it).
    with pytest.raises(ValidationError) as refused:
        issuing.issue_letter(
            demo, sw, case_id=fresh.id, letter_code="report_receipt", entered={}, edits={}
        )
    assert "case.police_station" in refused.value.errors
    assert "公安派出所" in refused.value.message
    # Nothing was stored or audited, and the next document gets the number that failed.
    assert _docs(demo) == 1
    assert demo.scalar(select(func.count()).select_from(AuditEvent)) == audits
    assert _receipt(demo, sw, case.id).serial == 2


def test_workstations_issuing_at_once_never_share_or_skip_a_number(engine, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sw = actor(demo, "pudong.sw1")
    case = new_case(demo, sw, name="王堃", residence_street="花木街道")
    url = engine.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    users = ["pudong.sw1", "pudong.sw2", "pudong.manager", "pudong.sw1"]
    procs = [ctx.Process(target=issue_many, args=(url, u, case.id, 5, out)) for u in users]
    for p in procs:
        p.start()
    issued = [out.get(timeout=120) for _ in range(20)]
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    serials = sorted(serial for serial, _n in issued)
    assert serials == list(range(1, 21))  # unique and gapless
    stored = demo.scalars(select(IssuedDocument).order_by(IssuedDocument.serial)).all()
    assert [d.serial for d in stored] == serials
    counter = demo.scalars(select(DocumentCounter)).one()
    assert counter.last_value == 20
    # Each PDF carries its own number: the number was rendered in, not stamped on later.
    for d in stored[::4]:
        assert d.number_text in pdf_text(d.pdf, tmp_path, f"{d.serial}.pdf")
