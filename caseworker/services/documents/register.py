"""The document register: numbers, issuing, voiding and stored copies.

A number is taken from the institution's yearly counter inside the transaction that stores
the PDF, so a number is consumed only when its document is stored: a failed render rolls the
counter back with everything else (no gap, no half-issued number). The PDF is made by a
callback, which keeps reportlab out of this layer (see caseworker/issuing.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from caseworker.i18n import _
from caseworker.models import (
    Case,
    DocumentCounter,
    Institution,
    IssuedDocument,
    Role,
    User,
    utcnow,
)
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.cases.access import load_case
from caseworker.services.errors import AccessDenied, DomainError, NotFound, ValidationError
from caseworker.services.tx import begin_write

# Letters print full ID numbers and the reporter's identity: the roles that may see both.
ISSUE_ROLES = frozenset({Role.SOCIAL_WORKER, Role.MANAGER, Role.CITY})
VOID_ROLES = frozenset({Role.MANAGER, Role.CITY})
# Why a stored copy is handed out; each is its own audit action.
PURPOSES = ("reprint", "print", "save_as", "view")


class StoredCopyDamaged(DomainError):
    """The stored PDF no longer matches its SHA-256: it is refused, never regenerated."""


@dataclass(frozen=True)
class Number:
    """发文字号 as the register keeps it; docs_gen's DocNumber prints the same text."""

    prefix: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


def require_issuer(actor: Actor) -> None:
    actor.require_case_access()
    if actor.role not in ISSUE_ROLES:
        raise AccessDenied(_("Your role may not issue or copy documents."))


def issuing_institution(session: Session, actor: Actor, case: Case | None) -> Institution:
    """The district protection institution (of the case, else of the user); city-level
    staff issue as the city-level centre, which also does cross-province referrals."""
    if actor.district_code is None:
        district = None
    else:
        district = case.district_code if case else actor.district_code
    stmt = select(Institution).where(Institution.setting_type == "protection_institution")
    if district is None:
        stmt = stmt.where(Institution.level == "city")
    else:
        stmt = stmt.where(Institution.level == "district", Institution.district_code == district)
    inst = session.scalars(stmt.order_by(Institution.id).limit(1)).first()
    if inst is None:
        raise NotFound(_("No protection institution is registered to issue this document."))
    if not inst.doc_prefix:
        raise ValidationError(
            _("{name} has no document-number prefix; an administrator must set one.").format(
                name=inst.name
            )
        )
    return inst


def _next_serial(session: Session, institution_id: int, year: int) -> int:
    """Upsert the counter, lock its row (FOR UPDATE; SQLite holds the write lock from
    begin_write) and take the next value. Rolled back with the transaction if unused."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(DocumentCounter)
        .values(institution_id=institution_id, year=year, last_value=0)
        .on_conflict_do_nothing()
    )
    counter = session.scalars(
        select(DocumentCounter)
        .where(DocumentCounter.institution_id == institution_id, DocumentCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    counter.last_value += 1
    session.flush()
    return counter.last_value


def issue(
    session: Session,
    actor: Actor,
    *,
    case_id: int | None,
    letter_code: str,
    title: str,
    issue_date: date,
    issuer_name: str,
    fields: Mapping[str, Any],
    edits: Mapping[str, str],
    render: Callable[[Number], bytes],
) -> IssuedDocument:
    """Take the next number, render the PDF with it and store both, in one transaction."""
    require_issuer(actor)
    begin_write(session)
    try:
        case = load_case(session, actor, case_id) if case_id is not None else None
        inst = issuing_institution(session, actor, case)
        year = issue_date.year
        number = Number(inst.doc_prefix, year, _next_serial(session, inst.id, year))
        pdf = render(number)
        if not pdf.startswith(b"%PDF"):
            raise ValueError("the renderer returned no PDF")
        doc = IssuedDocument(
            institution_id=inst.id,
            year=number.year,
            serial=number.serial,
            number_text=str(number),
            letter_code=letter_code,
            case_id=case.id if case else None,
            title=title,
            issue_date=issue_date,
            issuer_name=issuer_name,
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            fields_json={"fields": dict(fields), "edits": dict(edits)},
            issued_by=actor.user_id,
            issued_at=utcnow(),
        )
        session.add(doc)
        session.flush()
        _audit(
            session, actor, "issue", doc, inst, letter=letter_code, case=case_id, sha256=doc.sha256
        )
        session.commit()
    except BaseException:
        session.rollback()  # the number goes back with the half-made document
        raise
    return doc


def _audit(
    session: Session, actor: Actor, what: str, doc: IssuedDocument, inst: Institution, **detail: Any
) -> None:
    audit.record(
        session, actor, f"document.{what}", entity_type="document", entity_id=doc.id,
        district_code=inst.district_code, number=doc.number_text, **detail,
    )  # fmt: skip


def load_document(
    session: Session, actor: Actor, doc_id: int, *, for_update: bool = False
) -> tuple[IssuedDocument, Institution]:
    """A document the actor may see: through its case, else through its institution."""
    actor.require_case_access()
    stmt = select(IssuedDocument).where(IssuedDocument.id == doc_id)
    doc = session.scalars(stmt.with_for_update() if for_update else stmt).first()
    inst = session.get(Institution, doc.institution_id) if doc else None
    if doc is None or inst is None:
        raise NotFound(_("No such document in the register."))
    # The issuing institution's staff keep their register even after the case moves away.
    if not actor.can_see_district(inst.district_code):
        if doc.case_id is None:
            raise NotFound(_("No such document in the register."))
        load_case(session, actor, doc.case_id)
    return doc, inst


def void(session: Session, actor: Actor, doc_id: int, reason: str) -> IssuedDocument:
    """Withdraw a document; it keeps its number and stays in the register with the reason."""
    if actor.role not in VOID_ROLES:
        raise AccessDenied(_("Only a manager may void a document."))
    if not reason.strip():
        raise ValidationError(_("Say why the document is voided."), field="reason")
    begin_write(session)
    doc, inst = load_document(session, actor, doc_id, for_update=True)
    if not actor.can_see_district(inst.district_code):  # only the issuer's own managers
        raise AccessDenied(_("Only a manager may void a document."))
    if doc.voided_at is not None:
        raise ValidationError(_("This document is already void."), field="reason")
    doc.voided_at, doc.voided_by, doc.void_reason = utcnow(), actor.user_id, reason.strip()
    _audit(session, actor, "void", doc, inst, reason=doc.void_reason)
    session.commit()
    return doc


def stored_copy(
    session: Session, actor: Actor, doc_id: int, purpose: str = "reprint", **detail: Any
) -> bytes:
    """The PDF exactly as issued, after checking its SHA-256; audited with its purpose (and
    `detail`, e.g. whether a saved copy was password-protected)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    require_issuer(actor)
    doc, inst = load_document(session, actor, doc_id)
    if doc.voided_at is not None and purpose in ("print", "reprint"):
        raise ValidationError(
            _("{number} is void and is not printed again; save a copy for the record.").format(
                number=doc.number_text
            )
        )
    data = doc.pdf
    intact = len(data) == doc.size and hashlib.sha256(data).hexdigest() == doc.sha256
    _audit(session, actor, purpose if intact else "damaged", doc, inst, **detail)
    session.commit()
    if not intact:
        raise StoredCopyDamaged(
            _(
                "The stored copy of {number} is damaged (its SHA-256 does not match); it is not "
                "handed out. Restore the database from a backup."
            ).format(number=doc.number_text)
        )
    return data


def reprint(session: Session, actor: Actor, doc_id: int) -> bytes:
    return stored_copy(session, actor, doc_id, "reprint")


@dataclass(frozen=True)
class RegisterRow:
    doc: IssuedDocument  # without its PDF (deferred)
    case_number: str
    institution: str
    issued_by: str
    voided_by: str


def register(
    session: Session,
    actor: Actor,
    *,
    year: int | None = None,
    case_id: int | None = None,
    limit: int = 2000,
) -> list[RegisterRow]:
    """The register of the institutions in the actor's districts (all for city staff), or
    one case's documents; newest first. Audited as one look at the register."""
    actor.require_case_access()
    d = IssuedDocument
    stmt = (
        select(d, Case.case_number, Institution.name)
        .join(Institution, Institution.id == d.institution_id)
        .outerjoin(Case, Case.id == d.case_id)
    )
    if case_id is not None:
        load_case(session, actor, case_id)
        stmt = stmt.where(d.case_id == case_id)
    elif (visible := actor.visible_districts()) is not None:
        stmt = stmt.where(Institution.district_code.in_(visible))
    if year is not None:
        stmt = stmt.where(d.year == year)
    rows = session.execute(stmt.order_by(d.issued_at.desc(), d.id.desc()).limit(limit)).all()
    users = {r[0].issued_by for r in rows} | {r[0].voided_by for r in rows if r[0].voided_by}
    names: dict[int | None, str] = dict(
        session.execute(select(User.id, User.display_name).where(User.id.in_(users))).all()
    )
    audit.record(session, actor, "document.list", case=case_id, year=year, results=len(rows))
    session.commit()
    return [
        RegisterRow(
            doc, number or "", inst, names.get(doc.issued_by, ""), names.get(doc.voided_by, "")
        )
        for doc, number, inst in rows
    ]
