"""Issuing letters: case records → fields → the letter → a numbered PDF in the register.

The one place that joins the register (services, no reportlab) with the PDF engine
(docs_gen): `documents.issue` takes the next number inside its transaction and calls back
here to render with it, so the app and `caseworker letter` issue exactly the same letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from caseworker.docs_gen import (
    FilledLetter,
    LetterError,
    LetterType,
    MissingFieldsError,
    MissingGlyphError,
    fill,
    letter_type,
    list_letters,
    render,
)
from caseworker.docs_gen.letters import FIELD, field_labels
from caseworker.i18n import _, format_date
from caseworker.models import IssuedDocument
from caseworker.security.actor import Actor
from caseworker.services.beds.letter import BED_FIELDS
from caseworker.services.documents import register as documents
from caseworker.services.documents.fields import (
    LetterFields,
    field_value,
    letter_fields,
    stored_value,
)
from caseworker.services.errors import ValidationError
from caseworker.services.reference.labels import stage_label

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Letters the district civil-affairs bureau signs (decisions, court papers, the care
# agreement's 甲方); the institution signs the rest. The number is the institution's register.
BUREAU_LETTERS = frozenset(
    {
        "temporary_guardianship_decision",
        "return_notice",
        "entrusted_care_agreement",
        "revocation_petition",
        "guardian_change_petition",
        "child_support_complaint",
    }
)


@dataclass(frozen=True)
class Draft:
    """A letter about to be issued: what the records give and what the user must add."""

    letter: LetterType
    case_id: int | None
    fields: LetterFields

    @property
    def issuer(self) -> str:
        code = self.letter.code
        return self.fields.agency_name if code in BUREAU_LETTERS else self.fields.issuer_name

    @property
    def inputs(self) -> tuple[str, ...]:
        """Fields the user types (suggestions and missing ones), in the letter's order.
        A field used only in free paragraphs is written in the paragraph instead."""
        lt, given = self.letter, self.fields.values
        texts = [lt.doc_title, lt.recipient, lt.signature_label, *lt.attachments, *lt.cc]
        for b in lt.blocks:
            texts += [b.lead, *b.cells] + ([] if b.free else [b.text])
        fixed = {name for text in texts for name in FIELD.findall(text)}
        return tuple(f for f in lt.fields if f in fixed and f not in given)

    @property
    def month(self) -> tuple[int, int] | None:
        """(year, month) of the bed figures, for a letter that reports on the beds."""
        return self.fields.month

    def label(self, name: str) -> str:
        return field_labels().get(name, name)


def shanghai_today() -> date:
    return datetime.now(SHANGHAI).date()


def letters_for_stage(stage: str | None) -> list[LetterType]:
    """Letters for a case at this stage; with no case, the letters tied to none."""
    return [lt for lt in list_letters() if (stage in lt.stages if stage else not lt.stages)]


def _letter(code: str) -> LetterType:
    try:
        return letter_type(code)
    except LetterError as exc:
        raise ValidationError(str(exc), field="letter") from exc


def prepare(
    session: Session,
    actor: Actor,
    case_id: int | None,
    letter_code: str,
    month: tuple[int, int] | None = None,
) -> Draft:
    """The letter filled from the records; a bed report's figures are for `month` (year,
    month; default last month), the issuing institution's."""
    lt = _letter(letter_code)
    lf = letter_fields(session, actor, case_id, lt.fields, month)
    if case_id is None and lt.stages:
        raise ValidationError(
            _("{title} is about one case: name the case.").format(title=lt.title), field="case"
        )
    if case_id is not None and lf.stage not in lt.stages:
        raise ValidationError(
            _("{title} is not issued at the stage “{stage}”.").format(
                title=lt.title, stage=stage_label(lf.stage or "")
            ),
            field="letter",
        )
    return Draft(lt, case_id, lf)


def fill_known(
    draft: Draft,
    template: str,
    entered: Mapping[str, str],
    unknown: Callable[[str], str] | None = None,
) -> str:
    """Template text with the values known so far; an unknown field becomes
    `unknown(name)`, by default stays as {name}."""
    known = merged(draft, entered, check=False)

    def sub(m: re.Match[str]) -> str:
        value = known.get(m.group(1))
        if value in (None, ""):
            return unknown(m.group(1)) if unknown else m.group(0)
        return _text(value)

    return FIELD.sub(sub, template)


def free_text(draft: Draft, block_id: str, entered: Mapping[str, str]) -> str:
    """A free paragraph as it starts out in the editor."""
    block = next(b for b in draft.letter.blocks if b.id == block_id)
    return fill_known(draft, block.text, entered)


def _text(value: Any) -> str:
    return format_date(value) if isinstance(value, date) else str(value)


def merged(draft: Draft, entered: Mapping[str, str], *, check: bool = True) -> dict[str, Any]:
    """Suggestions, then what the user typed, then the records (which nobody overrides)."""
    records = draft.fields.values
    unknown = [f for f in entered if f not in draft.letter.fields]
    if check and unknown:
        raise ValidationError(
            _("{title} has no such field: {fields}").format(
                title=draft.letter.title, fields="、".join(unknown)
            ),
            errors={f: _("No such field") for f in unknown},
        )
    clash = [f for f, v in entered.items() if f in records and str(v).strip()]
    from_beds = "、".join(draft.label(f) for f in clash if f.startswith(BED_FIELDS))
    if check and from_beds:
        raise ValidationError(
            _("The bed figures come from the bed records; choose the month instead: {fields}")
            .format(fields=from_beds),
            field="month",
        )  # fmt: skip
    if check and clash:
        raise ValidationError(
            _("These come from the case record; correct the record instead: {fields}").format(
                fields="、".join(draft.label(f) for f in clash)
            ),
            errors={f: _("From the case record") for f in clash},
        )
    typed = {f: field_value(v) for f, v in entered.items() if str(v).strip() and f not in records}
    return {**draft.fields.suggested, **typed, **records}


def compose(
    draft: Draft,
    entered: Mapping[str, str],
    edits: Mapping[str, str],
    *,
    placeholders: bool = False,
) -> tuple[FilledLetter, dict[str, Any]]:
    """The filled letter and the values used. `placeholders` (for previews) prints a missing
    field as 【its label】 instead of refusing."""
    values = merged(draft, entered)
    edits = {k: v.strip() for k, v in edits.items()}
    if placeholders:
        marks = {f: f"【{draft.label(f)}】" for f in draft.letter.fields if f not in values}
        values |= marks
        edits = {
            k: FIELD.sub(lambda m: f"【{draft.label(m.group(1))}】", v) for k, v in edits.items()
        }
    errors = {}
    for block_id, text in edits.items() if not placeholders else ():
        if not text:
            errors[block_id] = _("Write this paragraph.")
        for name in FIELD.findall(text):
            errors[block_id] = _("Replace “{field}” with the facts.").format(
                field=draft.label(name)
            )
    try:
        filled = fill(draft.letter.code, values, edits)
    except MissingFieldsError as exc:
        errors |= {f: _("Fill in this field.") for f in exc.missing}
        raise ValidationError(str(exc), errors=errors) from exc
    except LetterError as exc:
        raise ValidationError(str(exc), field="letter") from exc
    if errors:
        raise ValidationError("；".join(sorted(set(errors.values()))), errors=errors)
    used = {f: values[f] for f in draft.letter.fields if f in values}
    return filled, used


def render_letter(
    draft: Draft, filled: FilledLetter, number: str | None, issue_date: date, signer: str
) -> bytes:
    try:
        return render(
            filled, doc_number=number, issue_date=issue_date, issuer=draft.issuer, signer=signer
        )
    except MissingGlyphError as exc:  # printing would leave a blank: say which character
        raise ValidationError(
            _("“{char}” cannot be printed: no font has it.").format(char=exc.char)
        ) from exc


def preview(
    draft: Draft, entered: Mapping[str, str], edits: Mapping[str, str], signer: str = ""
) -> bytes:
    """The letter as it would be issued today, without a number (nothing is registered)."""
    filled, _used = compose(draft, entered, edits, placeholders=True)
    return render_letter(draft, filled, None, shanghai_today(), signer)


def issue_letter(
    session: Session,
    actor: Actor,
    *,
    case_id: int | None,
    letter_code: str,
    entered: Mapping[str, str],
    edits: Mapping[str, str],
    signer: str = "",
    month: tuple[int, int] | None = None,
) -> IssuedDocument:
    """Fill from the records as they are now, then number, render and store in one go.
    `month`: the month a bed report is for (default last month)."""
    draft = prepare(session, actor, case_id, letter_code, month)
    filled, used = compose(draft, entered, edits)  # refuses before any number is taken
    today = shanghai_today()
    signer = signer or actor.display_name

    def draw(number: documents.Number) -> bytes:
        return render_letter(draft, filled, str(number), today, signer)

    return documents.issue(
        session,
        actor,
        case_id=case_id,
        letter_code=letter_code,
        title=filled.title,
        issue_date=today,
        issuer_name=draft.issuer,
        fields={f: stored_value(v) for f, v in used.items()},
        edits={k: v.strip() for k, v in edits.items()},
        render=draw,
    )
