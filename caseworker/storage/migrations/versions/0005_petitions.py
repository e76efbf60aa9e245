"""petitions

Revision ID: 0005
Revises: 0004

Guardianship interventions and court petitions (issue 7): the courts of Shanghai as
reference data, guardian interventions with their compliance checks, petitions with their
evidence, requests to the procuratorate, hearings and rulings.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Court codes as printed in case numbers (（2026）沪0115民特123号). A basic-level court's code
# is 沪 + the last four digits of its district's GB/T 2260 code, per the SPC's rules on case
# numbers; each district code below was also seen in published case numbers. Intermediate
# courts: 沪01/沪02 seen in published 民终 numbers, 沪03 in a published 破 number. The high court
# (沪, no digits), 上海铁路运输法院 (沪7101) and the specialised courts are left out: petitions on
# guardianship, protection orders and child support go to the child's district court first.
# 少年法庭 are tribunals inside these courts, not courts with their own code.
COURTS = [
    ("沪0101", "上海市黄浦区人民法院", "district", "310101"),
    ("沪0104", "上海市徐汇区人民法院", "district", "310104"),
    ("沪0105", "上海市长宁区人民法院", "district", "310105"),
    ("沪0106", "上海市静安区人民法院", "district", "310106"),
    ("沪0107", "上海市普陀区人民法院", "district", "310107"),
    ("沪0109", "上海市虹口区人民法院", "district", "310109"),
    ("沪0110", "上海市杨浦区人民法院", "district", "310110"),
    ("沪0112", "上海市闵行区人民法院", "district", "310112"),
    ("沪0113", "上海市宝山区人民法院", "district", "310113"),
    ("沪0114", "上海市嘉定区人民法院", "district", "310114"),
    ("沪0115", "上海市浦东新区人民法院", "district", "310115"),
    ("沪0116", "上海市金山区人民法院", "district", "310116"),
    ("沪0117", "上海市松江区人民法院", "district", "310117"),
    ("沪0118", "上海市青浦区人民法院", "district", "310118"),
    ("沪0120", "上海市奉贤区人民法院", "district", "310120"),
    ("沪0151", "上海市崇明区人民法院", "district", "310151"),
    ("沪01", "上海市第一中级人民法院", "intermediate", None),
    ("沪02", "上海市第二中级人民法院", "intermediate", None),
    ("沪03", "上海市第三中级人民法院", "intermediate", None),
]

_NOW = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "courts",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("district_code", sa.String(length=6), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_code"], ["districts.code"], name=op.f("fk_courts_district_code_districts")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_courts")),
        sa.UniqueConstraint("name", name=op.f("uq_courts_name")),
    )
    courts = sa.table(
        "courts",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("level", sa.String),
        sa.column("district_code", sa.String),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        courts,
        [
            {"code": c, "name": n, "level": lv, "district_code": d, "sort_order": i}
            for i, (c, n, lv, d) in enumerate(COURTS, start=1)
        ],
    )
    op.create_table(
        "guardian_interventions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("issuing_body", sa.String(length=20), nullable=False),
        sa.Column("issuer", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("document_number", sa.String(length=60), nullable=False),
        sa.Column("requirements", sa.Text(), nullable=False),
        sa.Column("first_check_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", _NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_guardian_interventions_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["family_members.id"],
            name=op.f("fk_guardian_interventions_member_id_family_members"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_guardian_interventions_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardian_interventions")),
    )
    with op.batch_alter_table("guardian_interventions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guardian_interventions_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "compliance_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("next_check_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", _NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["guardian_interventions.id"],
            name=op.f("fk_compliance_checks_intervention_id_guardian_interventions"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_compliance_checks_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compliance_checks")),
    )
    with op.batch_alter_table("compliance_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_compliance_checks_intervention_id"), ["intervention_id"], unique=False
        )

    op.create_table(
        "petitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("petitioner_kind", sa.String(length=20), nullable=False),
        sa.Column("petitioner_name", sa.String(length=100), nullable=False),
        sa.Column("petitioner_address", sa.String(length=200), nullable=False),
        sa.Column("petitioner_head", sa.String(length=40), nullable=False),
        sa.Column("petitioner_head_title", sa.String(length=40), nullable=False),
        sa.Column("contact_name", sa.String(length=40), nullable=False),
        sa.Column("contact_phone", sa.String(length=30), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("respondent_address", sa.String(length=200), nullable=False),
        sa.Column("court_code", sa.String(length=8), nullable=False),
        sa.Column("court_case_number", sa.String(length=40), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("grounds", sa.JSON(), nullable=False),
        sa.Column("proposed_guardian_kind", sa.String(length=40), nullable=True),
        sa.Column("proposed_guardian_name", sa.String(length=100), nullable=False),
        sa.Column("proposed_guardian_relation", sa.String(length=20), nullable=False),
        sa.Column("proposed_guardian_id_number", sa.String(length=18), nullable=True),
        sa.Column("proposed_guardian_address", sa.String(length=200), nullable=False),
        sa.Column("support_monthly_amount", sa.Integer(), nullable=True),
        sa.Column("support_from", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", _NOW, nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_petitions_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["court_code"], ["courts.code"], name=op.f("fk_petitions_court_code_courts")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_petitions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["family_members.id"],
            name=op.f("fk_petitions_respondent_id_family_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petitions")),
    )
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petitions_case_id"), ["case_id"], unique=False)

    op.create_table(
        "petition_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("ground_code", sa.String(length=30), nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=False),
        sa.Column("added_at", _NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_petition_evidence_added_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_petition_evidence_petition_id_petitions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_evidence")),
    )
    with op.batch_alter_table("petition_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_petition_evidence_petition_id"), ["petition_id"], unique=False
        )

    op.create_table(
        "support_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("procuratorate", sa.String(length=60), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", _NOW, nullable=False),
        sa.Column("answer", sa.String(length=12), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer_note", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", _NOW, nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by"], ["users.id"], name=op.f("fk_support_requests_answered_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["petitions.id"],
            name=op.f("fk_support_requests_petition_id_petitions"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_support_requests_requested_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_requests")),
    )
    with op.batch_alter_table("support_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_support_requests_petition_id"), ["petition_id"], unique=False
        )

    op.create_table(
        "court_hearings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("time_text", sa.String(length=5), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("scheduled_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", _NOW, nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        sa.Column("outcome_by", sa.Integer(), nullable=True),
        sa.Column("outcome_at", _NOW, nullable=True),
        sa.ForeignKeyConstraint(
            ["outcome_by"], ["users.id"], name=op.f("fk_court_hearings_outcome_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_court_hearings_petition_id_petitions")
        ),
        sa.ForeignKeyConstraint(
            ["scheduled_by"], ["users.id"], name=op.f("fk_court_hearings_scheduled_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court_hearings")),
    )
    with op.batch_alter_table("court_hearings", schema=None) as batch_op:
        batch_op.create_index("ix_court_hearings_date", ["scheduled_on", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_court_hearings_petition_id"), ["petition_id"], unique=False
        )

    op.create_table(
        "court_rulings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("petition_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("ruled_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("new_guardian_kind", sa.String(length=40), nullable=True),
        sa.Column("new_guardian_name", sa.String(length=100), nullable=False),
        sa.Column("new_guardian_id", sa.Integer(), nullable=True),
        sa.Column("order_valid_from", sa.Date(), nullable=True),
        sa.Column("order_valid_until", sa.Date(), nullable=True),
        sa.Column("support_monthly_amount", sa.Integer(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", _NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["new_guardian_id"],
            ["family_members.id"],
            name=op.f("fk_court_rulings_new_guardian_id_family_members"),
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name=op.f("fk_court_rulings_petition_id_petitions")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_court_rulings_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["court_rulings.id"],
            name=op.f("fk_court_rulings_supersedes_id_court_rulings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court_rulings")),
    )
    with op.batch_alter_table("court_rulings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_court_rulings_order_valid_until"), ["order_valid_until"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_court_rulings_petition_id"), ["petition_id"], unique=False
        )


_TABLES = {
    "court_rulings": ("ix_court_rulings_petition_id", "ix_court_rulings_order_valid_until"),
    "court_hearings": ("ix_court_hearings_petition_id", "ix_court_hearings_date"),
    "support_requests": ("ix_support_requests_petition_id",),
    "petition_evidence": ("ix_petition_evidence_petition_id",),
    "petitions": ("ix_petitions_case_id",),
    "compliance_checks": ("ix_compliance_checks_intervention_id",),
    "guardian_interventions": ("ix_guardian_interventions_case_id",),
    "courts": (),
}


def downgrade() -> None:
    # Dependants first: rulings and hearings hang on petitions, petitions on courts.
    for table, indexes in _TABLES.items():
        if indexes:
            with op.batch_alter_table(table, schema=None) as batch_op:
                for name in indexes:
                    batch_op.drop_index(name)
        op.drop_table(table)
