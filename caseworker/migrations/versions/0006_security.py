"""security

Revision ID: 0006
Revises: 0005

Reserved for accounts, keys and confidentiality (issue 8); filled in by that work. A revision that changes nothing is harmless,
and reserving the number keeps the chain linear while the work is done in parallel.
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
