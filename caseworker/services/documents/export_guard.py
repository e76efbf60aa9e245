"""What every file that leaves caseworker carries: who exported it and when, and — when the
user asks — a password.

A PDF and an Excel workbook are locked with the encryption their usual reader opens
without add-ons: AES-256 (any PDF reader asks for the password) and ECMA-376 agile
encryption (Excel and LibreOffice ask for it). Any other file goes inside an AES-256 zip:
7-Zip, WinRAR, Bandizip and `7z x` open it, the zip built into Windows Explorer does not.
The password is never stored or audited; the audit row says only that the export was
protected.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from caseworker.i18n import _, format_datetime
from caseworker.models import utcnow
from caseworker.models.base import SHANGHAI
from caseworker.security.actor import Actor
from caseworker.services.errors import DomainError, ValidationError

MIN_PASSWORD = 8


@dataclass(frozen=True)
class ExportStamp:
    """Who took the file out and when (Shanghai time), printed into the file itself."""

    who: str
    username: str
    at: datetime

    @classmethod
    def now(cls, actor: Actor) -> ExportStamp:
        return cls(actor.display_name, actor.username, utcnow().astimezone(SHANGHAI))

    def text(self) -> str:
        return _("Exported by {who} ({username}) on {when}; for official use only.").format(
            who=self.who, username=self.username, when=format_datetime(self.at)
        )

    def iso(self) -> str:
        return self.at.isoformat(timespec="seconds")


def check_export_password(password: str, again: str) -> str | None:
    """The password to protect with, or None for none; a clear message when it will not do."""
    if not password and not again:
        return None
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            _("The export password must have at least {n} characters.").format(n=MIN_PASSWORD),
            field="export_password",
        )
    if password != again:
        raise ValidationError(
            _("The two export passwords differ; type the same password twice."),
            field="export_password_again",
        )
    return password


def protect_pdf(data: bytes, password: str) -> bytes:
    """The PDF locked with AES-256: it opens only with the password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def protect_xlsx(data: bytes, password: str) -> bytes:
    """The workbook in an encrypted OLE container (what Excel writes for 'Encrypt with
    password')."""
    from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def protect_zip(name: str, data: bytes, password: str, stamp: ExportStamp) -> bytes:
    """Any file as the only member of an AES-256 zip; the zip comment says who and when
    (a file of unknown format cannot carry it itself)."""
    import pyzipper  # type: ignore[import-untyped]

    out = io.BytesIO()
    with pyzipper.AESZipFile(
        out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as zf:
        zf.setpassword(password.encode("utf-8"))
        zf.setencryption(pyzipper.WZ_AES, nbits=256)
        zf.comment = stamp.text().encode("utf-8")
        zf.writestr(name, data)
    return out.getvalue()


def write_export(path: Path, data: bytes) -> Path:
    """Write next to the target and rename: a failed export never leaves half a file under
    the name the user chose, and never destroys an older file of that name."""
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        part.replace(path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise DomainError(
            _("Could not write {path}: {error}").format(path=path, error=exc.strerror)
        ) from exc
    return path
