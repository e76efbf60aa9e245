"""The selected petition in words: parties, grounds and evidence, the procuratorate's
answer, every session with what happened, and the ruling with its corrections."""

from __future__ import annotations

from caseworker.i18n import _, gettext
from caseworker.services.court.labels import (
    EVIDENCE_KINDS,
    HEARING_KINDS,
    HEARING_OUTCOMES,
    PETITIONER_KINDS,
    RULING_OUTCOMES,
    SUPPORT_ANSWERS,
)
from caseworker.services.court.views import PetitionView
from caseworker.ui.court.data import PanelData


def _label(table: dict[str, str], code: str | None) -> str:
    return gettext(table[code]) if code in table else (code or "")


def petition_detail(v: PetitionView, data: PanelData) -> str:
    p = v.petition
    lines = [
        _("Petitioner: {name} ({kind}); against {respondent}").format(
            name=p.petitioner_name,
            kind=_label(PETITIONER_KINDS, p.petitioner_kind),
            respondent=v.respondent_name,
        )
    ]
    if p.grounds:
        labels = {g.code: g.label for g in data.grounds.grounds}
        lines.append(
            _("Grounds: {grounds}").format(grounds="；".join(labels.get(c, c) for c in p.grounds))
        )
    if v.evidence:
        texts = {(e.kind, e.id): e.text for e in data.evidence}
        items = [
            f"{_label(EVIDENCE_KINDS, e.source_kind)}：{texts.get((e.source_kind, e.source_id), '')}"
            for e in v.evidence
        ]
        lines.append(_("Evidence: {items}").format(items="；".join(items)))
    for q in v.support_requests:
        answer = (
            _("{answer} on {date}").format(
                answer=_label(SUPPORT_ANSWERS, q.answer), date=q.answered_on.isoformat()
            )
            if q.answer and q.answered_on
            else _("no answer yet")
        )
        lines.append(
            _("支持起诉 asked of {who} on {date}: {answer}").format(
                who=q.procuratorate, date=q.requested_on.isoformat(), answer=answer
            )
        )
    for h in v.hearings:
        what = (
            f"{_label(HEARING_OUTCOMES, h.outcome)}：{h.outcome_note}".rstrip("：")
            if h.outcome
            else _("scheduled")
        )
        when = f"{h.scheduled_on.isoformat()} {h.time_text}".strip()
        lines.append(f"{when} {_label(HEARING_KINDS, h.kind)} {h.place} — {what}")
    for r in v.rulings:
        text = _("Ruling of {date}: {outcome}").format(
            date=r.ruled_on.isoformat(), outcome=_label(RULING_OUTCOMES, r.outcome)
        )
        if r.new_guardian_name:
            text += " · " + _("guardian designated: {name}").format(name=r.new_guardian_name)
        if r.order_valid_until:
            text += " · " + _("order valid {start} to {end}").format(
                start=r.order_valid_from.isoformat() if r.order_valid_from else "",
                end=r.order_valid_until.isoformat(),
            )
        if r.summary:
            text += f" · {r.summary}"
        if v.ruling is not None and r.id != v.ruling.id:
            text += " " + _("(corrected)")
        lines.append(text)
    return "\n".join(lines)
