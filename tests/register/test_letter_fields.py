"""Letters draw on the case records: what the records hold is filled in (and cannot be
overridden), what they cannot hold is asked for, and what an earlier letter used is proposed."""

from __future__ import annotations

from datetime import date

import pytest

from caseworker.docs_gen import letter_type, list_letters
from caseworker.docs_gen.samples import sample_fields
from caseworker.operations import issuing
from caseworker.services.cases.flow import TransitionRequest, request_transition
from caseworker.services.documents.fields import letter_fields
from caseworker.services.errors import ValidationError
from tests.register.helpers import CHILD_ID_BORN, World, make_id, pdf_text
from tests.support.casework import new_case

# What no record holds, per letter: everything else comes from the case (or its issuer).
NOT_IN_RECORDS = {
    "report_receipt": {"institution.phone"},
    "temporary_guardianship_decision": {"guardianship.ground", "guardianship.ground_item"},
    "entrusted_care_agreement": {
        "agency.address",
        *(f"caregiver.{f}" for f in ("name", "relation", "id_number", "address", "phone")),
        *(f"care.{f}" for f in ("start_date", "end_date", "allowance", "visit_interval")),
    },
    "support_plan": {"support.period", "support.review_date"},
    "return_notice": {"return.date", "institution.address"},
    "revocation_petition": {
        "agency.address", "agency.head", "agency.head_title",
        "petition.designated_guardian", "petition.facts",
    },
    "guardian_change_petition": {
        "agency.address", "agency.head", "agency.head_title", "petition.facts",
        *(f"new_guardian.{f}" for f in
          ("name", "relation", "gender", "birth_date", "id_number", "address")),
    },
    "protection_order_petition": {"institution.address", "institution.phone", "petition.facts"},
    "child_support_complaint": {
        "agency.address", "agency.head", "agency.head_title", "petition.facts",
        "support_claim.monthly_amount", "support_claim.start_date",
        *(f"obligor.{f}" for f in
          ("name", "relation", "gender", "birth_date", "id_number", "address")),
    },
    "support_prosecution_letter": {"petition.facts", "petition.kind", "institution.phone"},
    "cross_province_referral": {
        "referral.to_agency", "referral.situation", "referral.handover_date", "institution.phone",
    },
}  # fmt: skip


def test_the_records_fill_the_facts_of_a_case(world: World) -> None:
    every = sorted({f for lt in list_letters() for f in lt.fields})
    lf = letter_fields(world.session, world.sw, world.case.id, every)
    v, s = lf.values, lf.suggested
    assert v["child.name"] == "王堃" and v["child.gender"] == "男"
    assert v["child.birth_date"] == CHILD_ID_BORN
    assert v["child.id_number"] == make_id("310115", CHILD_ID_BORN, "003")
    assert v["child.address"] == "上海市浦东新区东方路100弄5号"
    assert v["case.street_office"] == "上海市浦东新区花木街道办事处"
    assert (v["guardian.name"], v["guardian.relation"], v["guardian.gender"]) == (
        "王建国",
        "父亲",
        "男",
    )
    assert v["guardian.birth_date"] == date(1985, 6, 17)  # read from his ID number
    assert v["guardian.phone"] == "13800138000"
    assert v["report.reporter"] == "浦东实验小学" and v["report.channel"] == "电话"
    assert v["assessment.grade"] == "监护缺失"
    assert "照料床位" in v["guardianship.placement"]
    assert v["agency.name"] == "上海市浦东新区民政局"
    assert v["agency.review_body"] == "上海市浦东新区人民政府"
    assert v["support.coordinator"].startswith("社会工作者")
    # Proposals the caseworker may change: from the police's emergency action, the district.
    assert s["case.police_station"] == "上海市公安局浦东分局花木派出所"
    assert s["petition.court"] == "上海市浦东新区人民法院"
    assert s["procuratorate.name"] == "上海市浦东新区人民检察院"
    assert s["guardian.address"] == v["child.address"]
    assert s["institution.contact"] == world.sw.display_name


def test_every_case_letter_fills_from_the_records_plus_what_they_lack(
    world: World, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    child = world.case.child
    missing = {}
    for code in sorted(NOT_IN_RECORDS):
        lt = letter_type(code)
        lf = letter_fields(world.session, world.sw, world.case.id, lt.fields)
        missing[code] = set(lf.missing)
        draft = issuing.Draft(lt, world.case.id, lf)  # any stage: the stage rule is tested apart
        sample = sample_fields(code)
        typed = {f: str(sample[f]) for f in lf.missing}  # the override path (petition facts …)
        filled, used = issuing.compose(draft, typed, {})
        assert set(used) == set(lt.fields), code
        pdf = issuing.render_letter(
            draft, filled, "浦东民未保〔2026〕7号", date(2026, 11, 22), "周敏"
        )
        text = pdf_text(pdf, tmp_path, f"{code}.pdf")
        assert child.name in text, code
        for fact in (child.id_number, world.case.case_number, "王建国"):
            if any(fact == lf.values.get(f) for f in lt.fields):
                assert fact in text, (code, fact)
    assert missing == NOT_IN_RECORDS


def test_the_bed_report_takes_its_figures_from_the_beds(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Nothing to type: the figures are the bed records' (tests/register/test_bed_letter.py)."""
    lt = letter_type("bed_occupancy_report")
    draft = issuing.prepare(world.session, world.manager, None, lt.code)
    assert draft.fields.missing == () and draft.inputs == ()
    assert draft.fields.values["agency.name"] == "上海市浦东新区民政局"
    assert {f for f in lt.fields if f.startswith("beds.")} <= set(draft.fields.values)
    doc = issuing.issue_letter(
        world.session, world.manager, case_id=None, letter_code=lt.code, entered={}, edits={}
    )
    assert doc.case_id is None and "床位" in doc.title
    assert doc.number_text in pdf_text(doc.pdf, tmp_path)
    with pytest.raises(ValidationError, match="案件"):
        issuing.prepare(world.session, world.sw, None, "report_receipt")


def test_a_petition_uses_the_records_the_typed_facts_and_an_edited_paragraph(
    world: World, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    request_transition(
        world.session,
        world.manager,
        world.case.id,
        TransitionRequest(
            "start_intervention", reason="revoke_guardianship", ground="serious_harm"
        ),
    )
    draft = issuing.prepare(world.session, world.sw, world.case.id, "revocation_petition")
    assert "petition.facts" not in draft.inputs  # written in its paragraph instead
    assert "agency.head" in draft.inputs and "guardian.name" not in draft.inputs
    entered = {
        "agency.address": "上海市浦东新区世纪大道2001号",
        "agency.head": "陈立新",
        "agency.head_title": "局长",
        "petition.designated_guardian": "上海市浦东新区民政局",
    }
    with pytest.raises(ValidationError) as err:  # the facts paragraph is still a template
        issuing.issue_letter(
            world.session, world.sw, case_id=world.case.id, letter_code="revocation_petition",
            entered=entered, edits={},
        )  # fmt: skip
    assert "petition.facts" in err.value.errors
    with pytest.raises(ValidationError) as err:  # nobody overrides the records
        issuing.issue_letter(
            world.session, world.sw, case_id=world.case.id, letter_code="revocation_petition",
            entered={**entered, "child.name": "别人"}, edits={"facts": "事实。"},
        )  # fmt: skip
    assert "child.name" in err.value.errors
    with pytest.raises(ValidationError, match="无法打印"):  # never a blank in a court paper
        issuing.preview(draft, entered, {"facts": "事实\U000f0001"}, "周敏")
    facts = "被申请人自2024年起长期酗酒，多次殴打被监护人，经公安机关训诫拒不改正。"
    grounds = "被申请人的行为严重损害被监护人身心健康，符合撤销监护人资格的情形。"
    doc = issuing.issue_letter(
        world.session, world.sw, case_id=world.case.id, letter_code="revocation_petition",
        entered=entered, edits={"facts": facts, "grounds": grounds},
    )  # fmt: skip
    text = pdf_text(doc.pdf, tmp_path)
    assert facts in text and grounds in text and "陈立新" in text and "王建国" in text
    # The next letter of the case proposes what this one used.
    again = issuing.prepare(world.session, world.sw, world.case.id, "revocation_petition")
    assert again.fields.suggested["agency.head"] == "陈立新"


def test_what_a_letter_used_is_proposed_next_time(world: World) -> None:
    """A corrected proposal sticks for the case; the institution's own details for all cases."""
    station = "上海市公安局浦东分局张江派出所"  # the emergency action named another station
    issuing.issue_letter(
        world.session, world.sw, case_id=world.case.id, letter_code="return_notice",
        entered={"case.police_station": station, "institution.address": "浦东新区民生路1号",
                 "return.date": "2026-12-01"},
        edits={},
    )  # fmt: skip
    again = letter_fields(world.session, world.sw, world.case.id, ("case.police_station",))
    assert again.suggested == {"case.police_station": station}
    other = new_case(world.session, world.sw, name="李喆", residence_street="花木街道")
    fresh = letter_fields(
        world.session, world.sw, other.id, ("case.police_station", "institution.address")
    )
    assert fresh.suggested == {"institution.address": "浦东新区民生路1号"}
    assert fresh.missing == ("case.police_station",)  # another case's station is not proposed
