"""The case list: ordered ids for a query, then rows loaded a page at a time.

A million cases never become a million objects: the list holds only ids (8 bytes each in
an array) and the view asks for the rows it shows, by primary key.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, SQLColumnExpression, and_, literal, select, union_all
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from caseworker.i18n import _
from caseworker.models import Case, Child, District, User
from caseworker.security.actor import Actor
from caseworker.security.masking import mask_id_number
from caseworker.services.audit import trail as audit
from caseworker.services.errors import ValidationError
from caseworker.services.raw import fetch_ids
from caseworker.services.reference.labels import STAGES

ID_CHARS = re.compile(r"^[0-9]{6,17}[0-9Xx]?$")
CASE_NUMBER = re.compile(r"^\d{6}-\d{4}-\d+$")
INITIALS = re.compile(r"^[A-Za-z]{2,10}$")


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    stage: str | None = None
    district_code: str | None = None


@dataclass(frozen=True)
class CaseRow:
    id: int
    case_number: str
    child_name: str
    id_number: str  # masked unless the role may see it whole
    district: str
    stage: str
    risk_level: str
    owner: str
    opened_at: datetime


def prefix_match(
    column: SQLColumnExpression[str | None], prefix: str, dialect: str
) -> ColumnElement[bool]:
    """`column` starts with `prefix`, in a form each backend answers from a plain index."""
    if dialect == "sqlite":
        # GLOB is case-sensitive, so SQLite can use the BINARY index (LIKE could not).
        escaped = re.sub(r"([*?\[\]])", r"[\1]", prefix)
        return column.op("GLOB")(literal(escaped + "*"))
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(escaped + "%", escape="\\")


def _filters(query: CaseQuery, actor: Actor, dialect: str) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    visible = actor.visible_districts()
    if visible is not None:
        conds.append(Case.district_code.in_(sorted(visible)))
    if query.district_code:
        conds.append(Case.district_code == query.district_code)
    if query.stage:
        if query.stage not in STAGES:
            raise ValidationError(
                _("Unknown stage {code}.").format(code=query.stage), field="stage"
            )
        conds.append(Case.stage == query.stage)
    text = query.text.strip()
    if text:
        if CASE_NUMBER.match(text):
            conds.append(Case.case_number == text)
            return conds
        # Children first, by index, then their cases: an IN list lets SQLite look cases up by
        # child (ms) instead of walking every case in date order and testing its child (20 s
        # on a million cases for a rare prefix). Each alternative gets its own indexed arm.
        if ID_CHARS.match(text):
            arms = [prefix_match(Child.id_number, text.upper(), dialect)]
        elif INITIALS.match(text):
            arms = [
                prefix_match(Child.name_initials, text.lower(), dialect),
                prefix_match(Child.name, text, dialect),
            ]
        else:
            arms = [prefix_match(Child.name, text, dialect)]
        children = (
            union_all(*(select(Child.id).where(arm) for arm in arms))
            if len(arms) > 1
            else select(Child.id).where(arms[0])
        )
        conds.append(Case.child_id.in_(children))
    return conds


def _ids_select(query: CaseQuery, actor: Actor, dialect: str) -> Select[int]:
    stmt = select(Case.id)
    conds = _filters(query, actor, dialect)
    if conds:
        stmt = stmt.where(and_(*conds))
    return stmt.order_by(Case.opened_at.desc(), Case.id.desc())


def case_ids(session: Session, actor: Actor, query: CaseQuery) -> array[int]:
    """All matching case ids, newest first. Audited as one search."""
    actor.require_case_access()
    if query.district_code:
        actor.require_district(query.district_code)
    dialect = session.get_bind().dialect.name
    ids = fetch_ids(session, _ids_select(query, actor, dialect))
    audit.record(
        session,
        actor,
        "case.list",
        query=query.text.strip(),
        stage=query.stage,
        district=query.district_code,
        results=len(ids),
    )
    session.commit()
    return ids


def case_rows(session: Session, actor: Actor, ids: list[int]) -> list[CaseRow]:
    """The rows for a page of ids, in the order given. Ids outside the actor's scope vanish."""
    actor.require_case_access()
    if not ids:
        return []
    owner = aliased(User)
    stmt = (
        select(
            Case.id,
            Case.case_number,
            Child.name,
            Child.id_number,
            District.short_name,
            Case.stage,
            Case.risk_level,
            owner.display_name,
            Case.opened_at,
            Case.district_code,
        )
        .join(Child, Child.id == Case.child_id)
        .join(District, District.code == Case.district_code)
        .outerjoin(owner, owner.id == Case.owner_id)
        .where(Case.id.in_(ids))
    )
    found = {}
    for row in session.execute(stmt):
        if not actor.can_see_district(row.district_code):
            continue
        found[row.id] = CaseRow(
            id=row.id,
            case_number=row.case_number,
            child_name=row.name,
            id_number=mask_id_number(row.id_number, actor),
            district=row.short_name,
            stage=row.stage,
            risk_level=row.risk_level,
            owner=row.display_name or "",
            opened_at=row.opened_at,
        )
    return [found[i] for i in ids if i in found]


def list_cases(
    session: Session, actor: Actor, query: CaseQuery, limit: int | None
) -> list[CaseRow]:
    """Ids then rows, for scripts (the `cases` command)."""
    ids = list(case_ids(session, actor, query))
    if limit is not None:
        ids = ids[:limit]
    rows: list[CaseRow] = []
    for start in range(0, len(ids), 500):
        rows.extend(case_rows(session, actor, ids[start : start + 500]))
    return rows
