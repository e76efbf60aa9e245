"""Display names for the codes of interventions and court proceedings."""

from __future__ import annotations

from caseworker.i18n import N_

# Interventions on guardians and who may issue each (SH2022-4 §三(四); SH2025-MIG §17).
INTERVENTION_KINDS: dict[str, str] = {
    "admonition": N_("Admonition (训诫)"),
    "warning_letter": N_("Written warning (告诫书)"),
    "family_education_order": N_("Family-education guidance order (家庭教育指导令)"),
    "supervision_order": N_("Order to perform guardianship (督促监护令)"),
}
ISSUING_BODIES: dict[str, str] = {
    "police": N_("Police"),
    "court": N_("Court"),
    "procuratorate": N_("Procuratorate"),
}
# A family-education guidance order is a court's instrument; 督促监护令 the procuratorate's.
ISSUERS_ALLOWED: dict[str, frozenset[str]] = {
    "admonition": frozenset(ISSUING_BODIES),
    "warning_letter": frozenset(ISSUING_BODIES),
    "family_education_order": frozenset({"court"}),
    "supervision_order": frozenset({"procuratorate"}),
}
COMPLIANCE_RESULTS: dict[str, str] = {
    "complied": N_("Complied"),
    "partly": N_("Partly complied"),
    "not_complied": N_("Not complied"),
}

# Petitions civil affairs brings or supports (SH2022-4 §三(三)).
PETITION_KINDS: dict[str, str] = {
    "revocation": N_("Revocation of guardianship (撤销监护人资格)"),
    "change_guardian": N_("Change of guardian (变更监护人)"),
    "protection_order": N_("Personal-safety protection order (人身安全保护令)"),
    "child_support": N_("Child support (追索抚养费)"),
}
# The letter of the catalogue (resources/letters) that is the petition document.
PETITION_LETTERS: dict[str, str] = {
    "revocation": "revocation_petition",
    "change_guardian": "guardian_change_petition",
    "protection_order": "protection_order_petition",
    "child_support": "child_support_complaint",
}
SUPPORT_LETTER = "support_prosecution_letter"
PETITIONER_KINDS: dict[str, str] = {
    "civil_affairs": N_("Civil-affairs bureau"),
    "institution": N_("Minor protection institution"),
    "relative": N_("A relative with guardianship capacity"),
    "committee": N_("Village or residents' committee"),
    "other": N_("Other person or organisation"),
}
NEW_GUARDIAN_KINDS: dict[str, str] = {
    "person": N_("A designated person"),
    "city_child_welfare_institution": N_(
        "Civil affairs, long-term care by the city child-welfare institution"
    ),
}
# FamilyMember.relationship_code (at most 20 characters) of the guardian a ruling records.
NEW_GUARDIAN_RELATIONSHIPS: dict[str, str] = {
    "person": "designated_guardian",
    "city_child_welfare_institution": "city_cwi",
}
CITY_CWI_NAME = "上海市儿童福利院"
HEARING_KINDS: dict[str, str] = {
    "hearing": N_("Hearing"),
    "inquiry": N_("Inquiry"),
    "mediation": N_("Mediation"),
    "pronouncement": N_("Pronouncement"),
}
HEARING_OUTCOMES: dict[str, str] = {
    "held": N_("Held"),
    "adjourned": N_("Adjourned"),
    "cancelled": N_("Cancelled"),
}
RULING_OUTCOMES: dict[str, str] = {
    "granted": N_("Granted"),
    "denied": N_("Denied"),
    "withdrawn": N_("Withdrawn"),
}
SUPPORT_ANSWERS: dict[str, str] = {
    "supported": N_("Supports the suit"),
    "declined": N_("Declined"),
}
PETITION_STATUSES: dict[str, str] = {
    "draft": N_("Draft, not filed"),
    "filed": N_("Filed"),
    "granted": N_("Granted"),
    "denied": N_("Denied"),
    "withdrawn": N_("Withdrawn"),
}
EVIDENCE_KINDS: dict[str, str] = {
    "note": N_("Note"),
    "assessment": N_("Capacity assessment"),
    "emergency_action": N_("Emergency action"),
    "investigation": N_("Investigation"),
    "intervention": N_("Intervention on the guardian"),
}
RELATIONS_ZH: dict[str, str] = {
    "father": "父亲",
    "mother": "母亲",
    "grandparent": "祖父母",
    "designated_guardian": "指定监护人",
    "city_cwi": "监护人（民政部门）",
}
