"""Files that leave the system say who took them out and when, and can be locked with a
password; the register's stored copy is never changed by an export."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess

import pytest
import pyzipper
from pypdf import PdfReader
from sqlalchemy import select

from caseworker.models import Attachment, AuditEvent, IssuedDocument
from caseworker.operations import exporting, issuing
from caseworker.services.cases import casework
from caseworker.services.documents.export_guard import check_export_password, protect_pdf
from caseworker.services.errors import DomainError, ValidationError
from tests.register.helpers import World, pdf_text

PASSWORD = "护童2026-secret"


def _receipt(w: World) -> IssuedDocument:
    return issuing.issue_letter(
        w.session,
        w.sw,
        case_id=w.case.id,
        letter_code="temporary_guardianship_decision",
        entered={"guardianship.ground_item": "六"},
        edits={"facts": "经核实，被监护人之父长期酗酒。"},
    )


def _last_detail(session, action: str) -> dict:  # type: ignore[no-untyped-def]
    row = session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
    ).first()
    return json.loads(row.detail)


def test_a_saved_document_is_stamped_with_who_and_when(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = _receipt(world)
    stored = world.session.get(IssuedDocument, doc.id).pdf
    path = exporting.export_document(world.session, world.sw, doc.id, tmp_path / "回执.pdf")
    data = path.read_bytes()
    text = pdf_text(data, tmp_path, "out.pdf")
    who = world.sw.display_name
    assert f"本件由{who}（{world.sw.username}）于" in text and "导出" in text
    assert doc.number_text in text  # the letter itself is all there
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta["/ExportedBy"].startswith(who) and meta["/ExportedAt"].endswith("+08:00")
    # the register keeps the bytes as issued
    kept = world.session.get(IssuedDocument, doc.id)
    assert kept.pdf == stored and hashlib.sha256(stored).hexdigest() == kept.sha256
    detail = _last_detail(world.session, "document.save_as")
    assert detail["protected"] is False and detail["path"] == str(path)
    assert not list(tmp_path.glob("*.part"))


def test_a_protected_document_opens_only_with_its_password(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = _receipt(world)
    path = exporting.export_document(
        world.session, world.sw, doc.id, tmp_path / "locked.pdf", PASSWORD
    )
    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted and reader.decrypt("wrong password") == 0
    assert reader.decrypt(PASSWORD) != 0
    assert reader.metadata["/ExportedBy"].startswith(world.sw.display_name)
    # poppler (what most Linux readers use) refuses without it and reads it with it
    refused = subprocess.run(["pdftotext", str(path), "-"], capture_output=True)
    assert refused.returncode != 0
    opened = subprocess.run(
        ["pdftotext", "-upw", PASSWORD, str(path), "-"], capture_output=True, check=True
    )
    assert doc.number_text in "".join(opened.stdout.decode().split())
    detail = _last_detail(world.session, "document.save_as")
    assert detail["protected"] is True
    everything = " ".join(world.session.scalars(select(AuditEvent.detail)))
    assert PASSWORD not in everything  # never audited


def test_a_failed_export_leaves_no_half_file_and_keeps_an_older_one(  # type: ignore[no-untyped-def]
    world: World, tmp_path
) -> None:
    doc = _receipt(world)
    with pytest.raises(DomainError) as info:
        exporting.export_document(world.session, world.sw, doc.id, tmp_path / "无此目录" / "a.pdf")
    assert "无此目录" in info.value.message
    taken = tmp_path / "taken.pdf"
    taken.mkdir()  # the rename onto it fails after the temporary file was written
    (taken / "keep.txt").write_text("x")
    with pytest.raises(DomainError):
        exporting.export_document(world.session, world.sw, doc.id, taken, PASSWORD)
    assert (taken / "keep.txt").read_text() == "x"
    assert not list(tmp_path.rglob("*.part"))


def test_attachments_are_saved_as_stored_or_in_an_aes_zip(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    photo = b"\xff\xd8jpeg-bytes" * 100
    note = casework.add_note(
        world.session,
        world.sw,
        world.case.id,
        "家访记录",
        (casework.NewAttachment("家访照片.jpg", photo, "image/jpeg"),),
    )
    att = world.session.scalars(select(Attachment).where(Attachment.note_id == note.id)).one()
    plain = exporting.export_attachment(world.session, world.sw, att.id, tmp_path / "照片.jpg")
    assert plain.read_bytes() == photo  # evidence is not altered
    assert _last_detail(world.session, "case.attachment_read")["protected"] is False

    locked = exporting.export_attachment(
        world.session, world.sw, att.id, tmp_path / "照片.jpg", PASSWORD
    )
    assert locked.name == "照片.jpg.zip" and photo[:8] not in locked.read_bytes()
    with pyzipper.AESZipFile(locked) as zf:
        assert world.sw.display_name in zf.comment.decode("utf-8")
        with pytest.raises(RuntimeError):
            zf.read("家访照片.jpg", pwd=b"wrong password")
        assert zf.read("家访照片.jpg", pwd=PASSWORD.encode()) == photo
    detail = _last_detail(world.session, "case.attachment_read")
    assert detail["protected"] is True and detail["saved_to"] == str(locked)


def test_export_passwords_are_checked_before_anything_is_written() -> None:
    assert check_export_password("", "") is None
    with pytest.raises(ValidationError) as short:
        check_export_password("1234567", "1234567")
    assert "8" in short.value.message and short.value.field == "export_password"
    with pytest.raises(ValidationError) as differ:
        check_export_password("12345678", "12345679")
    assert differ.value.field == "export_password_again"
    assert check_export_password(PASSWORD, PASSWORD) == PASSWORD


def test_protect_pdf_keeps_every_page(world: World) -> None:
    doc = _receipt(world)
    data = world.session.get(IssuedDocument, doc.id).pdf
    reader = PdfReader(io.BytesIO(protect_pdf(data, PASSWORD)))
    reader.decrypt(PASSWORD)
    assert len(reader.pages) == len(PdfReader(io.BytesIO(data)).pages)
