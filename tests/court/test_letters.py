"""The petition documents and the 提请支持起诉函 fill from the petition record."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from caseworker.docs_gen.letters import fill, letter_type
from caseworker.models import CapacityAssessment, TemporaryGuardianship, utcnow
from caseworker.services.court import petitions as court
from caseworker.services.court import sessions as court_sessions
from caseworker.services.court.labels import PETITION_LETTERS, SUPPORT_LETTER
from caseworker.services.court.letters import petition_letter_fields
from tests.court.helpers import World, petition_input


@pytest.fixture
def records(world: World) -> World:
    """Temporary guardianship and an approved assessment: the revocation letter cites both."""
    w, s = world, world.session
    s.add(
        TemporaryGuardianship(
            case_id=w.case.id,
            started_on=w.today - timedelta(days=60),
            care_form="institution_bed",
            legal_basis="SH2022-4 §三(三)",
            started_by=w.sw.user_id,
        )
    )
    s.add(
        CapacityAssessment(
            case_id=w.case.id,
            guardian_id=w.father.id,
            instrument_code="capacity-DB31T1305-2021",
            instrument_version="1",
            status="final",
            scores={},
            grade="absent",
            finds_capacity=False,
            recommendation="revocation",
            assessed_on=w.today - timedelta(days=20),
            assessor_id=w.sw.user_id,
            finalised_at=utcnow(),
            approved_by=w.manager.user_id,
            approved_at=utcnow(),
        )
    )
    s.commit()
    return w


@pytest.mark.parametrize("kind", sorted(PETITION_LETTERS))
def test_each_petition_fills_its_letter_and_the_procuratorate_letter(
    records: World, kind: str
) -> None:
    w, s = records, records.session
    p = court.create_petition(s, w.sw, w.case.id, petition_input(w, kind))
    court_sessions.request_support(
        s, w.sw, p.id, procuratorate="上海市人民检察院第一分院", requested_on=w.today
    )
    fields = petition_letter_fields(s, w.sw, p.id)
    code = PETITION_LETTERS[kind]
    letter = fill(code, fields)
    assert set(letter_type(code).fields) <= set(fields)
    assert "上海市浦东新区人民法院" in letter.text and "林玥" in letter.text
    assert ("王强" in letter.text) and ("李秀英" in letter.text) == (
        kind in ("revocation", "change_guardian")
    )
    support = fill(SUPPORT_LETTER, fields)
    assert support.recipient == "上海市人民检察院第一分院"
    assert "上海市浦东新区民政局" in support.text


def test_a_missing_record_is_named(world: World) -> None:
    """Without temporary guardianship or an assessment the revocation letter says what lacks."""
    from caseworker.docs_gen.letters import MissingFieldsError

    w, s = world, world.session
    p = court.create_petition(s, w.sw, w.case.id, petition_input(w))
    with pytest.raises(MissingFieldsError) as err:
        fill("revocation_petition", petition_letter_fields(s, w.sw, p.id))
    assert set(err.value.missing) == {
        "guardianship.start_date",
        "assessment.assessor",
        "assessment.date",
        "assessment.grade",
    }


def test_preview_pdf_has_no_number_and_reads_back(records: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The UI's preview: rendered through docs_gen without a document number."""
    import shutil
    import subprocess

    from caseworker.ui.court.preview import preview_job

    w, s = records, records.session
    p = court.create_petition(s, w.sw, w.case.id, petition_input(w))
    path = preview_job(w.sw, p.id, "revocation_petition", tmp_path)(s)
    assert path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = "".join(text.split())
        assert "撤销监护人资格申请书" in flat and "林玥" in flat
        # No line of its own holds a document number such as 浦民〔2026〕12号.
        assert not re.search(r"^\s*\S{1,10}〔\d{4}〕\d+号\s*$", text, re.M)
