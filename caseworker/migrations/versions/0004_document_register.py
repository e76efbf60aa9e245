"""document register

Revision ID: 0004
Revises: 0003

Reserved for the document register (issue 6); filled in by that work. A revision that changes nothing is harmless,
and reserving the number keeps the chain linear while the work is done in parallel.
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
