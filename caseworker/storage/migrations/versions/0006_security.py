"""sensitive records

Revision ID: 0006
Revises: 0005

Health and harm details (HIV status, abuse details, psychiatric and medical records) in a
table of their own, so that reading them is one access rule and one audit trail.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sensitive_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_sensitive_records_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_sensitive_records_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sensitive_records")),
    )
    with op.batch_alter_table("sensitive_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sensitive_records_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sensitive_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sensitive_records_case_id"))
    op.drop_table("sensitive_records")
