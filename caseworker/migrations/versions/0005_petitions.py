"""petitions

Revision ID: 0005
Revises: 0004

Reserved for guardianship interventions and court petitions (issue 7); filled in by that work. A revision that changes nothing is harmless,
and reserving the number keeps the chain linear while the work is done in parallel.
"""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
