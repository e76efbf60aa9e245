"""casework

Revision ID: 0002
Revises: 0001

Tables for the case lifecycle (issue 4); existing case numbers seed the per-district
yearly counters so new numbers continue after them.
Create Date: 2026-11-23 00:08:46.473961
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_number_counters",
        sa.Column("district_code", sa.String(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_code"],
            ["districts.code"],
            name=op.f("fk_case_number_counters_district_code_districts"),
        ),
        sa.PrimaryKeyConstraint("district_code", "year", name=op.f("pk_case_number_counters")),
    )
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("transition_code", sa.String(length=40), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("district_code", sa.String(length=6), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_approvals_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_approvals_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["district_code"], ["districts.code"], name=op.f("fk_approvals_district_code_districts")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_approvals_requested_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
    )
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approvals_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_approvals_district_code"), ["district_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_approvals_requested_by"), ["requested_by"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_approvals_status"), ["status"], unique=False)

    op.create_table(
        "capacity_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("guardian_id", sa.Integer(), nullable=False),
        sa.Column("instrument_code", sa.String(length=60), nullable=False),
        sa.Column("instrument_version", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(length=30), nullable=True),
        sa.Column("finds_capacity", sa.Boolean(), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.String(length=30), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("assessor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["users.id"], name=op.f("fk_capacity_assessments_approved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["assessor_id"], ["users.id"], name=op.f("fk_capacity_assessments_assessor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_capacity_assessments_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["guardian_id"],
            ["family_members.id"],
            name=op.f("fk_capacity_assessments_guardian_id_family_members"),
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["capacity_assessments.id"],
            name=op.f("fk_capacity_assessments_supersedes_id_capacity_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capacity_assessments")),
    )
    with op.batch_alter_table("capacity_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capacity_assessments_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "emergency_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action_code", sa.String(length=40), nullable=False),
        sa.Column("acted_by", sa.String(length=100), nullable=False),
        sa.Column("acted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("child_whereabouts", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_emergency_actions_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_emergency_actions_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_actions")),
    )
    with op.batch_alter_table("emergency_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_emergency_actions_case_id"), ["case_id"], unique=False)

    op.create_table(
        "investigations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("safety", sa.Text(), nullable=False),
        sa.Column("guardianship", sa.Text(), nullable=False),
        sa.Column("physical_health", sa.Text(), nullable=False),
        sa.Column("mental_health", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_investigations_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_investigations_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_investigations")),
    )
    with op.batch_alter_table("investigations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_investigations_case_id"), ["case_id"], unique=False)

    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_notes_author_id_users")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_notes_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notes_case_id"), ["case_id"], unique=False)

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reporter_type", sa.String(length=30), nullable=False),
        sa.Column("reporter_name", sa.String(length=60), nullable=False),
        sa.Column("reporter_unit", sa.String(length=100), nullable=False),
        sa.Column("reporter_contact", sa.String(length=60), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("situations", sa.JSON(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("police_notified", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_reports_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_reports_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_case_id"), ["case_id"], unique=False)

    op.create_table(
        "support_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("service_code", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=100), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_support_items_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_support_items_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_items")),
    )
    with op.batch_alter_table("support_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_items_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_support_items_due_on"), ["due_on"], unique=False)

    op.create_table(
        "temporary_guardianships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("care_form", sa.String(length=30), nullable=False),
        sa.Column("caregiver", sa.String(length=100), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("end_reason", sa.String(length=200), nullable=False),
        sa.Column("started_by", sa.Integer(), nullable=False),
        sa.Column("ended_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_temporary_guardianships_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["ended_by"], ["users.id"], name=op.f("fk_temporary_guardianships_ended_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["started_by"], ["users.id"], name=op.f("fk_temporary_guardianships_started_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_temporary_guardianships")),
    )
    with op.batch_alter_table("temporary_guardianships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_temporary_guardianships_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_district", sa.String(length=6), nullable=False),
        sa.Column("to_district", sa.String(length=6), nullable=True),
        sa.Column("to_province", sa.String(length=60), nullable=False),
        sa.Column("receiving_agency", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_transfers_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_transfers_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["from_district"], ["districts.code"], name=op.f("fk_transfers_from_district_districts")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_transfers_requested_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["to_district"], ["districts.code"], name=op.f("fk_transfers_to_district_districts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers")),
    )
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transfers_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_transfers_to_district"), ["to_district"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_attachments_note_id_notes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_note_id"), ["note_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False)

    op.create_table(
        "support_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["support_items.id"], name=op.f("fk_support_updates_item_id_support_items")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_support_updates_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_updates")),
    )
    with op.batch_alter_table("support_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_updates_item_id"), ["item_id"], unique=False)

    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refusing_duties_since", sa.Date(), nullable=True))

    # Case numbers look like 310115-2026-00045: continue each district's yearly sequence.
    op.execute(
        """
        INSERT INTO case_number_counters (district_code, year, last_value)
        SELECT district_code, CAST(substr(case_number, 8, 4) AS INTEGER),
               MAX(CAST(substr(case_number, 13) AS INTEGER))
        FROM cases
        GROUP BY district_code, CAST(substr(case_number, 8, 4) AS INTEGER)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.drop_column("refusing_duties_since")

    with op.batch_alter_table("support_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_updates_item_id"))

    op.drop_table("support_updates")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachments_note_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfers_to_district"))
        batch_op.drop_index(batch_op.f("ix_transfers_case_id"))

    op.drop_table("transfers")
    with op.batch_alter_table("temporary_guardianships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_temporary_guardianships_case_id"))

    op.drop_table("temporary_guardianships")
    with op.batch_alter_table("support_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_items_due_on"))
        batch_op.drop_index(batch_op.f("ix_support_items_case_id"))

    op.drop_table("support_items")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_case_id"))

    op.drop_table("reports")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notes_case_id"))

    op.drop_table("notes")
    with op.batch_alter_table("investigations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_investigations_case_id"))

    op.drop_table("investigations")
    with op.batch_alter_table("emergency_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emergency_actions_case_id"))

    op.drop_table("emergency_actions")
    with op.batch_alter_table("capacity_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capacity_assessments_case_id"))

    op.drop_table("capacity_assessments")
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approvals_status"))
        batch_op.drop_index(batch_op.f("ix_approvals_requested_by"))
        batch_op.drop_index(batch_op.f("ix_approvals_district_code"))
        batch_op.drop_index(batch_op.f("ix_approvals_case_id"))

    op.drop_table("approvals")
    op.drop_table("case_number_counters")
