"""The register keeps what was issued: voids keep the number, reprints are the stored bytes
(hash-checked, never regenerated), every copy is audited, and the case timeline shows it."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select, update

from caseworker.models import AuditEvent, IssuedDocument
from caseworker.operations import issuing
from caseworker.services.cases.timeline import timeline
from caseworker.services.documents import register as documents
from caseworker.services.errors import AccessDenied, NotFound, ValidationError
from tests.register.helpers import RECEIPT_INPUT, World, pdf_text
from tests.support.casework import new_case
from tests.support.factories import actor

DECISION_INPUT = {"guardianship.ground_item": "六"}
FACTS = "经核实，被监护人之父长期酗酒并多次殴打被监护人，被监护人之母下落不明。"


def _decision(w: World, facts: str = FACTS) -> IssuedDocument:
    return issuing.issue_letter(
        w.session,
        w.sw,
        case_id=w.case.id,
        letter_code="temporary_guardianship_decision",
        entered=DECISION_INPUT,
        edits={"facts": facts},
    )


def _actions(session, doc_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity_type == "document", AuditEvent.entity_id == doc_id)
            .order_by(AuditEvent.id)
        )
    )


def test_issuing_stores_the_pdf_its_hash_and_who_and_when(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = _decision(world)
    stored = world.session.get(IssuedDocument, doc.id)
    assert stored.sha256 == hashlib.sha256(stored.pdf).hexdigest() and stored.size == len(
        stored.pdf
    )
    assert stored.issued_by == world.sw.user_id and stored.issued_at is not None
    assert stored.issuer_name == "上海市浦东新区民政局"  # the bureau decides
    assert stored.fields_json["edits"] == {"facts": FACTS}
    assert stored.fields_json["fields"]["child.name"] == "王堃"
    text = pdf_text(stored.pdf, tmp_path)
    assert doc.number_text in text and FACTS in text and "王堃" in text
    assert _actions(world.session, doc.id) == ["document.issue"]


def test_a_void_keeps_the_number_with_its_reason(world: World) -> None:
    first, second = _decision(world), _decision(world)
    with pytest.raises(AccessDenied):
        documents.void(world.session, world.sw, first.id, "写错了")
    with pytest.raises(ValidationError) as err:
        documents.void(world.session, world.manager, first.id, "  ")
    assert err.value.field == "reason"
    voided = documents.void(world.session, world.manager, first.id, "监护人姓名有误，重新签发")
    assert voided.voided_by == world.manager.user_id and voided.voided_at is not None
    with pytest.raises(ValidationError):
        documents.void(world.session, world.manager, first.id, "再次作废")
    third = _decision(world)
    assert [first.serial, second.serial, third.serial] == [1, 2, 3]  # 1 is not reused
    rows = documents.register(world.session, world.sw)
    by_serial = {r.doc.serial: r for r in rows}
    assert by_serial[1].doc.void_reason == "监护人姓名有误，重新签发"
    assert by_serial[1].voided_by == world.manager.display_name
    assert by_serial[1].doc.number_text == first.number_text
    assert [r.doc.serial for r in rows] == [3, 2, 1]
    assert _actions(world.session, first.id) == ["document.issue", "document.void"]


def test_reprint_is_the_stored_copy_byte_for_byte(world: World) -> None:
    doc = _decision(world)
    issued_bytes = bytes(doc.pdf)
    world.session.expunge_all()
    assert documents.reprint(world.session, world.sw, doc.id) == issued_bytes
    assert documents.stored_copy(world.session, world.manager, doc.id, "save_as") == issued_bytes
    assert _actions(world.session, doc.id) == [
        "document.issue",
        "document.reprint",
        "document.save_as",
    ]


def test_a_damaged_copy_is_refused_never_regenerated(world: World) -> None:
    doc = _decision(world)
    world.session.execute(
        update(IssuedDocument).where(IssuedDocument.id == doc.id).values(pdf=b"%PDF-1.4 tampered")
    )
    world.session.commit()
    world.session.expunge_all()
    with pytest.raises(documents.StoredCopyDamaged, match="SHA-256"):
        documents.reprint(world.session, world.sw, doc.id)
    assert _actions(world.session, doc.id)[-1] == "document.damaged"
    # The register still holds the damaged bytes: nothing rewrote them behind the user's back.
    assert world.session.get(IssuedDocument, doc.id).pdf == b"%PDF-1.4 tampered"


def test_a_void_document_is_saved_but_not_printed_again(world: World) -> None:
    doc = _decision(world)
    documents.void(world.session, world.manager, doc.id, "作废测试")
    with pytest.raises(ValidationError, match="作废"):
        documents.reprint(world.session, world.sw, doc.id)
    assert documents.stored_copy(world.session, world.sw, doc.id, "save_as").startswith(b"%PDF")


def test_who_may_see_issue_and_copy(world: World) -> None:
    doc = _decision(world)
    staff = actor(world.session, "pudong.staff")
    with pytest.raises(AccessDenied):  # letters print full ID numbers
        documents.reprint(world.session, staff, doc.id)
    assert [r.doc.id for r in documents.register(world.session, staff)] == [doc.id]
    outsider = actor(world.session, "huangpu.sw1")
    with pytest.raises(NotFound):
        documents.reprint(world.session, outsider, doc.id)
    assert documents.register(world.session, outsider) == []
    city = actor(world.session, "city")
    assert [r.doc.id for r in documents.register(world.session, city)] == [doc.id]


def test_the_case_timeline_lists_its_documents_and_voids(world: World) -> None:
    doc = _decision(world)
    documents.void(world.session, world.manager, doc.id, "监护人姓名有误")
    entries = [e for e in timeline(world.session, world.sw, world.case.id) if e.kind == "document"]
    assert len(entries) == 2
    assert doc.number_text in entries[0].title and "临时监护决定书" in entries[0].title
    assert entries[1].detail == "监护人姓名有误" and "作废" in entries[1].title
    assert [
        r.doc.id for r in documents.register(world.session, world.sw, case_id=world.case.id)
    ] == [doc.id]


def test_letters_follow_the_case_stage(world: World) -> None:
    with pytest.raises(ValidationError, match="阶段"):
        issuing.issue_letter(
            world.session,
            world.sw,
            case_id=world.case.id,
            letter_code="report_receipt",
            entered=RECEIPT_INPUT,
            edits={},
        )
    fresh = new_case(world.session, world.sw, name="李喆", residence_street="花木街道")
    codes = {lt.code for lt in issuing.letters_for_stage("report")}
    assert codes == {"report_receipt"}
    assert issuing.prepare(world.session, world.sw, fresh.id, "report_receipt").letter.title == (
        "强制报告受理回执"
    )
