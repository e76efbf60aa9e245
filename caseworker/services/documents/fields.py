"""Letter fields from the records (names as in resources/letters/_fields.toml).

Three kinds of value: `values` come from the case records (and, for the monthly bed report,
from the issuing institution's bed records for the chosen month: `bed_letter`) and are
printed as they are (a wrong one is corrected in the record, not in the letter);
`suggested` are proposals the user may change (remembered from the last letter of the case
or institution, or derived, like the district's court); the rest are `missing`: facts no
record holds (a petition's facts, a return date), which the user fills in. Letter text is
always Chinese, whatever the UI language, so the labels here are not translated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.models import (
    CapacityAssessment,
    Case,
    Child,
    District,
    EmergencyAction,
    FamilyMember,
    Institution,
    IssuedDocument,
    Report,
    Role,
    TemporaryGuardianship,
    Transfer,
    User,
)
from caseworker.policy.id_number import IdNumberError, parse_id_number
from caseworker.policy.instrument import InstrumentError, load_instrument
from caseworker.security.actor import Actor
from caseworker.services.beds.letter import (
    BED_FIELDS,
    default_month,
    institution_month,
    letter_values,
)
from caseworker.services.cases.access import load_case
from caseworker.services.documents.register import issuing_institution, require_issuer

SHANGHAI = ZoneInfo("Asia/Shanghai")
GENDERS = {"M": "男", "F": "女", "male": "男", "female": "女"}
RELATIONS = {"father": "父亲", "mother": "母亲"}
CHANNELS = {
    "phone": "电话",
    "walk_in": "来访",
    "letter": "信函",
    "online": "网络",
    "police_referral": "公安机关移送",
}
SITUATIONS = {
    "alone_or_missing": "独自生活、无人照料或者下落不明",
    "guardian_incapable": "监护人丧失监护能力或者不履行监护职责",
    "domestic_violence": "疑似遭受家庭暴力",
    "injury_or_harm": "疑似遭受意外伤害或者不法侵害",
}
# Groups remembered from the institution's earlier letters (its address, the bureau's head).
INSTITUTION_GROUPS = ("institution.", "agency.", "procuratorate.")


@dataclass(frozen=True)
class LetterFields:
    values: dict[str, Any]
    suggested: dict[str, Any]
    missing: tuple[str, ...]
    institution_id: int
    issuer_name: str  # the institution's name
    agency_name: str  # the district civil-affairs bureau's
    stage: str | None = None
    month: tuple[int, int] | None = None  # (year, month) the bed figures are for


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def field_value(value: Any) -> Any:
    """A stored or typed value as `fill` wants it: ISO dates become dates (2026年12月1日)."""
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def stored_value(value: Any) -> Any:
    """A value as the register keeps it (JSON): dates as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def _ids(text: str | None) -> tuple[date | None, str]:
    """Birth date and gender from an ID number: the records keep neither for relatives."""
    try:
        parsed = parse_id_number(text or "")
    except IdNumberError:
        return None, ""
    return parsed.birth_date, GENDERS[parsed.gender]


def _place(district: District | None, text: str) -> str:
    if not text or text.startswith("上海") or district is None:
        return text
    return f"上海市{district.name}{text}"


def _street_office(district: District | None, street: str) -> str:
    if not street or district is None:
        return ""
    office = "人民政府" if street.endswith("镇") else "办事处"
    return f"上海市{district.name}{street}{office}"


def _latest_assessment(session: Session, case_id: int) -> CapacityAssessment | None:
    """The newest final, approved assessment: the one the workflow relies on, too."""
    a = CapacityAssessment
    return session.scalars(
        select(a)
        .where(a.case_id == case_id, a.status == "final", a.approved_at.is_not(None))
        .order_by(a.assessed_on.desc(), a.id.desc())
    ).first()


def _guardian(session: Session, case: Case) -> FamilyMember | None:
    """The guardian concerned: the one last assessed, else the first recorded guardian."""
    latest = _latest_assessment(session, case.id)
    if latest is not None:
        return session.get(FamilyMember, latest.guardian_id)
    return session.scalars(
        select(FamilyMember)
        .where(FamilyMember.child_id == case.child_id, FamilyMember.is_guardian.is_(True))
        .order_by(FamilyMember.id)
    ).first()


def _person(prefix: str, m: FamilyMember, out: dict[str, Any]) -> None:
    born, gender = _ids(m.id_number)
    gender = gender or {"father": "男", "mother": "女"}.get(m.relationship_code, "")
    relation = RELATIONS.get(m.relationship_code, "")
    if m.relationship_code == "grandparent":
        relation = {"男": "祖父", "女": "祖母"}.get(gender, "祖父母")
    out |= {
        f"{prefix}.name": m.name,
        f"{prefix}.relation": relation,
        f"{prefix}.gender": gender,
        f"{prefix}.birth_date": born,
        f"{prefix}.id_number": m.id_number,
        f"{prefix}.phone": m.contact_phone,
    }


def _case_values(session: Session, case: Case, inst: Institution, out: dict[str, Any]) -> None:
    child = session.get(Child, case.child_id)
    district = session.get(District, case.district_code)
    assert child is not None
    out |= {
        "case.case_number": case.case_number,
        "case.street_office": _street_office(district, child.residence_street),
        "child.name": child.name,
        "child.gender": GENDERS.get(child.gender, ""),
        "child.birth_date": child.birth_date,
        "child.id_number": child.id_number,
        "child.hukou": child.hukou_place,
        "child.address": _place(district, child.address),
        "child.school": child.school,
    }
    guardian = _guardian(session, case)
    if guardian is not None:
        _person("guardian", guardian, out)
    report = session.scalars(
        select(Report).where(Report.case_id == case.id).order_by(Report.received_at)
    ).first()
    if report is not None:
        when = report.received_at.astimezone(SHANGHAI)
        out |= {
            "report.reporter": report.reporter_unit or report.reporter_name,
            "report.received_at": f"{when:%Y}年{when.month}月{when.day}日{when.hour}时{when.minute}分",
            "report.channel": CHANNELS.get(report.channel, ""),
            "report.situation": "、".join(SITUATIONS.get(s, s) for s in report.situations),
        }
    tg = session.scalars(
        select(TemporaryGuardianship)
        .where(TemporaryGuardianship.case_id == case.id)
        .order_by(TemporaryGuardianship.started_on.desc(), TemporaryGuardianship.id.desc())
    ).first()
    if tg is not None:
        placement = {
            "institution_bed": f"{inst.name}照料床位",
            "relative": f"{tg.caregiver}处（委托亲属抚养）",
            "foster_family": f"{tg.caregiver}家（家庭寄养）",
        }.get(tg.care_form, "")
        out |= {"guardianship.start_date": tg.started_on, "guardianship.placement": placement}
        if tg.care_form in ("relative", "foster_family"):
            out["caregiver.name"] = tg.caregiver
    latest = _latest_assessment(session, case.id)
    if latest is not None and latest.grade:
        try:
            grade = load_instrument(latest.instrument_code, latest.instrument_version)
            out["assessment.grade"] = grade.grade(latest.grade).label
        except (InstrumentError, StopIteration):
            out["assessment.grade"] = latest.grade
        out["assessment.date"] = latest.assessed_on
    owner = session.get(User, case.owner_id) if case.owner_id else None
    if owner is not None:
        social = owner.role is Role.SOCIAL_WORKER
        out["support.coordinator"] = ("社会工作者" if social else "") + owner.display_name
    referral = session.scalars(
        select(Transfer)
        .where(Transfer.case_id == case.id, Transfer.kind == "cross_province")
        .order_by(Transfer.requested_at.desc())
    ).first()
    if referral is not None:
        out["referral.to_agency"] = referral.receiving_agency


def _suggestions(
    session: Session, case: Case | None, inst: Institution, district: District | None
) -> dict[str, Any]:
    """What the last letters of the case (any field) and of the institution (its own and the
    bureau's details) used, newest first; then proposals derived from the records."""
    out: dict[str, Any] = {}
    docs = IssuedDocument
    sources: list[tuple[Any, tuple[str, ...]]] = [
        (docs.institution_id == inst.id, INSTITUTION_GROUPS)
    ]
    if case is not None:
        sources.insert(0, (docs.case_id == case.id, ("",)))
    for cond, groups in sources:
        for used in session.scalars(
            select(docs.fields_json).where(cond).order_by(docs.id.desc()).limit(20)
        ):
            for name, value in (used or {}).get("fields", {}).items():
                if name.startswith(groups):
                    out.setdefault(name, field_value(value))
    if district is not None:
        out.setdefault("petition.court", f"上海市{district.name}人民法院")
        out.setdefault("procuratorate.name", f"上海市{district.name}人民检察院")
    if case is None:
        return out
    out.setdefault("assessment.assessor", inst.name)
    acted = session.scalars(
        select(EmergencyAction.acted_by)
        .where(EmergencyAction.case_id == case.id, EmergencyAction.acted_by.contains("派出所"))
        .order_by(EmergencyAction.acted_at.desc())
    ).first()
    if acted and district is not None:  # "花木派出所 张警官" → the station's full name
        station = acted[: acted.index("派出所") + 3]
        prefix = "" if station.startswith("上海") else f"上海市公安局{district.short_name}分局"
        out.setdefault("case.police_station", prefix + station)
    referral = session.scalars(
        select(Transfer.reason)
        .where(Transfer.case_id == case.id, Transfer.kind == "cross_province")
        .order_by(Transfer.requested_at.desc())
    ).first()
    if referral:
        out.setdefault("referral.situation", referral)
    return out


def letter_fields(
    session: Session,
    actor: Actor,
    case_id: int | None,
    needed: Sequence[str],
    month: tuple[int, int] | None = None,
) -> LetterFields:
    """The values a letter with these fields can take from the records, and what is left.
    Bed figures (`beds.*`) are the issuing institution's for `month` (default: last month)."""
    require_issuer(actor)
    case = load_case(session, actor, case_id) if case_id is not None else None
    inst = issuing_institution(session, actor, case)
    code = case.district_code if case else (actor.district_code or inst.district_code)
    district = session.get(District, code) if code else None
    agency = f"上海市{district.name}民政局" if district else "上海市民政局"
    values: dict[str, Any] = {
        "institution.name": inst.name,
        "agency.name": agency,
        "agency.review_body": f"上海市{district.name}人民政府" if district else "上海市人民政府",
    }
    if case is not None:
        _case_values(session, case, inst, values)
    if any(f.startswith(BED_FIELDS) for f in needed):
        month = month or default_month()
        values |= letter_values(institution_month(session, actor, inst.id, *month))
    else:
        month = None
    suggested = _suggestions(session, case, inst, district)
    suggested.setdefault("institution.contact", actor.display_name)
    if values.get("guardian.relation") in ("父亲", "母亲"):
        suggested.setdefault("guardian.address", values.get("child.address"))  # usually shared
    values = {k: v for k, v in values.items() if k in needed and v not in (None, "")}
    suggested = {
        k: v
        for k, v in suggested.items()
        if k in needed and k not in values and v not in (None, "")
    }
    missing = tuple(f for f in needed if f not in values and f not in suggested)
    return LetterFields(
        values,
        suggested,
        missing,
        inst.id,
        inst.name,
        agency,
        case.stage if case else None,
        month,
    )
