"""audit hash chain

Revision ID: 0003
Revises: 0002

Each audit event carries the hash of its predecessor and its own hash; events recorded
before this revision are chained here, in id order.
"""

import hashlib
import json
from datetime import datetime
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def _hash(prev: str, row) -> str:  # type: ignore[no-untyped-def]
    # Frozen copy of caseworker.services.audit.trail.event_hash as of this revision.
    from datetime import UTC

    when = row.occurred_at
    # SQLite hands back naive UTC; PostgreSQL an aware time in the server's zone.
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    content = [
        prev,
        when.isoformat(timespec="microseconds"),
        row.user_id,
        row.username,
        row.action,
        row.entity_type,
        row.entity_id,
        row.district_code,
        row.detail,
    ]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("hash", sa.String(length=64), nullable=False, server_default="")
        )
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, occurred_at, user_id, username, action, entity_type, entity_id, "
            "district_code, detail FROM audit_events ORDER BY id"
        )
    ).all()
    prev = GENESIS
    for raw in rows:
        row = SimpleNamespace(**raw._mapping)
        if isinstance(row.occurred_at, str):  # SQLite hands back text for a plain query
            row.occurred_at = datetime.fromisoformat(row.occurred_at)
        digest = _hash(prev, row)
        conn.execute(
            sa.text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE id = :i"),
            {"p": prev, "h": digest, "i": row.id},
        )
        prev = digest


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
