"""Files that leave caseworker: a register document saved as PDF, a case attachment.

The one place that joins the register and case files (services) with the PDF stamp
(docs_gen), so the screens and the command line export the same way: the stored copy is
hash-checked and audited (with whether it was protected, never the password), a PDF copy
is stamped with who exported it and when, optionally locked with a password, and written
through a temporary file so a failure leaves nothing half-written.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from caseworker.docs_gen.export_stamp import stamp_pdf
from caseworker.security.actor import Actor
from caseworker.services.cases import casework
from caseworker.services.documents import register as documents
from caseworker.services.documents.export_guard import (
    ExportStamp,
    protect_pdf,
    protect_zip,
    write_export,
)


def export_document(
    session: Session, actor: Actor, doc_id: int, path: Path, password: str | None = None
) -> Path:
    """Save a register document: the stored PDF, stamped, optionally password-protected."""
    stamp = ExportStamp.now(actor)
    data = documents.stored_copy(
        session, actor, doc_id, "save_as", path=str(path), protected=bool(password)
    )
    data = stamp_pdf(data, stamp.text(), f"{stamp.who} ({stamp.username})", stamp.iso())
    if password:
        data = protect_pdf(data, password)
    return write_export(path, data)


def attachment_target(path: Path, protected: bool) -> Path:
    """Where a protected attachment goes: the chosen name with .zip added."""
    return path.with_name(path.name + ".zip") if protected and path.suffix != ".zip" else path


def export_attachment(
    session: Session, actor: Actor, attachment_id: int, path: Path, password: str | None = None
) -> Path:
    """Save a case attachment. Unprotected it is written byte for byte (an evidence file is
    not altered; the audit row says who and when); protected it goes into an AES-256 zip
    whose comment says who exported it and when."""
    target = attachment_target(path, bool(password))
    att = casework.read_attachment(
        session, actor, attachment_id, saved_to=str(target), protected=bool(password)
    )
    data = att.data
    if password:
        data = protect_zip(att.filename, data, password, ExportStamp.now(actor))
    return write_export(target, data)
