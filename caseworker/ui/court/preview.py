"""A preview PDF of a petition's document or of the 提请支持起诉函, filled from the petition
record and rendered without a document number: issuing and numbering belong to the
document register, not to this preview."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from sqlalchemy.orm import Session

from caseworker.docs_gen.letters import LetterError, fill
from caseworker.docs_gen.render import render
from caseworker.i18n import _
from caseworker.security.actor import Actor
from caseworker.services.court.letters import petition_letter_fields
from caseworker.services.court.petitions import load_petition
from caseworker.services.errors import DomainError
from caseworker.ui.court.common import shanghai_today


def preview_pdf(session: Session, actor: Actor, petition_id: int, letter_code: str) -> bytes:
    """The letter as a PDF; a field the records lack is a DomainError naming it."""
    p, _case = load_petition(session, actor, petition_id)
    fields = petition_letter_fields(session, actor, petition_id)
    try:
        filled = fill(letter_code, fields)
    except LetterError as exc:  # which facts are missing, in the user's words
        raise DomainError(str(exc)) from exc
    issuer = fields.get("agency.name", p.petitioner_name)
    if letter_code == "protection_order_petition":
        issuer = fields.get("institution.name", issuer)
    return render(filled, doc_number=None, issue_date=shanghai_today(), issuer=issuer)


def preview_job(actor: Actor, petition_id: int, letter_code: str, folder: Path | None = None):  # type: ignore[no-untyped-def]
    """A lane job writing the preview to a temporary file; returns its path."""

    def job(session: Session) -> Path:
        pdf = preview_pdf(session, actor, petition_id, letter_code)
        where = folder or Path(tempfile.mkdtemp(prefix="caseworker-preview-"))
        path = where / f"{letter_code}-{petition_id}.pdf"
        try:
            path.write_bytes(pdf)
        except OSError as exc:
            raise DomainError(
                _("Could not write {path}: {error}").format(path=path, error=exc.strerror)
            ) from exc
        return path

    return job


def open_with_system(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
