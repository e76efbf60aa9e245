"""audit guard: append-only triggers and the head record

Revision ID: 0007
Revises: 0006

The database itself refuses UPDATE and DELETE of audit events (and TRUNCATE on
PostgreSQL). `audit_head` holds the end of the chain as last written (id and hash of the
last event, and how many there are); the app moves it forward in the same transaction as
each append, and triggers keep it from being deleted or moved back. A chain that ends
before the head was truncated. The head is filled here from the events already chained
(0003 chained those recorded before it, so every row has its hash).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
APPEND_ONLY = "audit trail is append-only"
HEAD_KEPT = "audit head cannot be deleted"
HEAD_FORWARD = "audit head only moves forward"
# An update of the head that does not count more events is refused. (Not the event id:
# SQLite reuses the id of a deleted last row, and an append after such a truncation must
# still succeed, for verify_chain to report it.)
HEAD_BACKWARD = "NEW.event_count <= OLD.event_count OR NEW.id <> OLD.id"
PG_FUNCTION = "caseworker_audit_refuse"

# (name, table, timing and event, row level, message, condition)
_TRIGGERS = [
    ("audit_events_no_update", "audit_events", "BEFORE UPDATE", True, APPEND_ONLY, None),
    ("audit_events_no_delete", "audit_events", "BEFORE DELETE", True, APPEND_ONLY, None),
    ("audit_head_no_delete", "audit_head", "BEFORE DELETE", True, HEAD_KEPT, None),
    ("audit_head_forward_only", "audit_head", "BEFORE UPDATE", True, HEAD_FORWARD, HEAD_BACKWARD),
]
# SQLite has no TRUNCATE (its DELETE without WHERE fires the row triggers).
_PG_ONLY = [
    ("audit_events_no_truncate", "audit_events", "BEFORE TRUNCATE", False, APPEND_ONLY, None),
    ("audit_head_no_truncate", "audit_head", "BEFORE TRUNCATE", False, HEAD_KEPT, None),
]


def _sqlite_triggers() -> None:
    for name, table, when, _row, message, condition in _TRIGGERS:
        where = f" WHEN {condition}" if condition else ""
        op.execute(
            f"CREATE TRIGGER {name} {when} ON {table}{where} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def _pg_triggers() -> None:
    op.execute(
        f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';\n"
        "END\n"
        "$$"
    )
    for name, table, when, row, message, condition in _TRIGGERS + _PG_ONLY:
        level = "FOR EACH ROW" if row else "FOR EACH STATEMENT"
        where = f" WHEN ({condition})" if condition else ""
        op.execute(
            f"CREATE TRIGGER {name} {when} ON {table} {level}{where} "
            f"EXECUTE FUNCTION {PG_FUNCTION}('{message}')"
        )


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    conn = op.get_bind()
    last = conn.execute(
        sa.text("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")
    ).first()
    count = conn.execute(sa.text("SELECT count(*) FROM audit_events")).scalar_one()
    conn.execute(
        sa.text(
            "INSERT INTO audit_head (id, last_event_id, last_hash, event_count) "
            "VALUES (1, :i, :h, :n)"
        ),
        {"i": last.id if last else 0, "h": last.hash if last else GENESIS, "n": count},
    )
    if conn.dialect.name == "postgresql":
        _pg_triggers()
    else:
        _sqlite_triggers()


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, table, *_rest in _TRIGGERS + (_PG_ONLY if postgresql else []):
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else ""))
    if postgresql:
        op.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
    op.drop_table("audit_head")
