"""bed inventory history

Revision ID: 0008
Revises: 0007

A past day is counted on the inventory of that day, not today's: beds and institutions get
`created_at`; `bed_status_changes` records every change of a bed's status (out of service,
back in service, retired) and `institution_fact_changes` every change of a welfare
facility's facts (independent zone, dedicated staff), each with the value before and after,
when and by whom. The value at a moment T is the "before" of the first change after T, or
the current value when nothing changed after T.

Backfill, from what the database already knows:
- The audit trail (append-only since 0003/0007) is replayed: `institution.add` and
  `bed.add` give `created_at` (the latest such event of an id: SQLite may reuse the id of a
  bed erased outright); `bed.status`, a retiring `bed.delete` and `institution.facts` give
  the change rows, with their time and user.
- What the trail does not cover is assumed to be as the board showed it before this
  revision, which counted every past day on today's inventory:
  - a bed or institution without an `add` event keeps `created_at` NULL, read as "in the
    inventory before its history was recorded", i.e. there on every past day (not its first
    stay: an empty bed counts toward the 25 too, and nothing says when it was set up);
  - a bed out of service with no recorded change has been out of service all along, and
    facts without a recorded change have been as they are all along (no row needed);
  - a retired bed whose retirement is not in the trail is taken as in service until the
    end of its last stay and retired then (the board before counted it on the days it held
    a child); one that never held a child stays retired all along.
Nothing else is rewritten; the audit tables are only read.
"""

import json
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

IN_SERVICE, RETIRED = "in_service", "retired"
ACTIONS = ("institution.add", "institution.facts", "bed.add", "bed.status", "bed.delete")

_audit = sa.table(
    "audit_events",
    sa.column("id", sa.Integer()),
    sa.column("occurred_at", sa.DateTime(timezone=True)),
    sa.column("user_id", sa.Integer()),
    sa.column("action", sa.String()),
    sa.column("entity_id", sa.Integer()),
    sa.column("detail", sa.Text()),
)
_beds = sa.table(
    "beds",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_institutions = sa.table(
    "institutions",
    sa.column("id", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_placements = sa.table(
    "placements",
    sa.column("bed_id", sa.Integer()),
    sa.column("discharged_at", sa.DateTime(timezone=True)),
)
_users = sa.table("users", sa.column("id", sa.Integer()))
_bed_changes = sa.table(
    "bed_status_changes",
    sa.column("bed_id", sa.Integer()),
    sa.column("old_status", sa.String()),
    sa.column("new_status", sa.String()),
    sa.column("changed_at", sa.DateTime(timezone=True)),
    sa.column("changed_by", sa.Integer()),
)
_fact_changes = sa.table(
    "institution_fact_changes",
    sa.column("institution_id", sa.Integer()),
    sa.column("old_independent_zone", sa.Boolean()),
    sa.column("old_dedicated_staff", sa.Boolean()),
    sa.column("new_independent_zone", sa.Boolean()),
    sa.column("new_dedicated_staff", sa.Boolean()),
    sa.column("changed_at", sa.DateTime(timezone=True)),
    sa.column("changed_by", sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table("beds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("institutions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "bed_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bed_id", sa.Integer(), nullable=False),
        sa.Column("old_status", sa.String(length=20), nullable=False),
        sa.Column("new_status", sa.String(length=20), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bed_id"], ["beds.id"], name=op.f("fk_bed_status_changes_bed_id_beds")
        ),
        sa.ForeignKeyConstraint(
            ["changed_by"], ["users.id"], name=op.f("fk_bed_status_changes_changed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bed_status_changes")),
    )
    with op.batch_alter_table("bed_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bed_status_changes_bed_time", ["bed_id", "changed_at"], unique=False
        )
    op.create_table(
        "institution_fact_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("old_independent_zone", sa.Boolean(), nullable=False),
        sa.Column("old_dedicated_staff", sa.Boolean(), nullable=False),
        sa.Column("new_independent_zone", sa.Boolean(), nullable=False),
        sa.Column("new_dedicated_staff", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["changed_by"],
            ["users.id"],
            name=op.f("fk_institution_fact_changes_changed_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_institution_fact_changes_institution_id_institutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institution_fact_changes")),
    )
    with op.batch_alter_table("institution_fact_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_institution_fact_changes_institution_time",
            ["institution_id", "changed_at"],
            unique=False,
        )
    _backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("institution_fact_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_institution_fact_changes_institution_time")
    op.drop_table("institution_fact_changes")
    with op.batch_alter_table("bed_status_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_bed_status_changes_bed_time")
    op.drop_table("bed_status_changes")
    # A plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy would drop and rebuild
    # tables that placements and rooms refer to, which foreign keys refuse.
    op.drop_column("institutions", "created_at")
    op.drop_column("beds", "created_at")


# -- backfill ------------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive UTC, PostgreSQL an aware time in the session's zone."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _stored(conn: sa.Connection, value: datetime) -> datetime:
    """As the app stores a time: naive UTC text on SQLite, aware on PostgreSQL."""
    return value.replace(tzinfo=None) if conn.dialect.name == "sqlite" else value


def _detail(text: str | None) -> dict[str, Any]:
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _facts(value: Any) -> tuple[bool, bool] | None:
    if isinstance(value, list) and len(value) == 2:
        return bool(value[0]), bool(value[1])
    return None


def _backfill(conn: sa.Connection) -> None:
    users = set(conn.scalars(sa.select(_users.c.id)))
    events: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for row in conn.execute(
        sa.select(
            _audit.c.id,
            _audit.c.occurred_at,
            _audit.c.user_id,
            _audit.c.action,
            _audit.c.entity_id,
            _audit.c.detail,
        )
        .where(_audit.c.action.in_(ACTIONS), _audit.c.entity_id.is_not(None))
        .order_by(_audit.c.id)
    ):
        kind = row.action.partition(".")[0]
        events[(kind, row.entity_id)].append(row)
    _institution_history(conn, events, users)
    _bed_history(conn, events, users)


def _since_added(trail: list[Any], add_action: str) -> tuple[datetime | None, list[Any]]:
    """The time of the last `add` event and the events after it (an earlier row with the
    same id was another bed, erased since)."""
    adds = [i for i, e in enumerate(trail) if e.action == add_action]
    if not adds:
        return None, trail
    return _utc(trail[adds[-1]].occurred_at), trail[adds[-1] + 1 :]


def _institution_history(
    conn: sa.Connection, events: dict[tuple[str, int], list[Any]], users: set[int]
) -> None:
    rows = []
    for (inst_id,) in conn.execute(sa.select(_institutions.c.id)):
        created, trail = _since_added(events.get(("institution", inst_id), []), "institution.add")
        if created is not None:
            conn.execute(
                _institutions.update()
                .where(_institutions.c.id == inst_id)
                .values(created_at=_stored(conn, created))
            )
        for e in trail:
            if e.action != "institution.facts":
                continue
            detail = _detail(e.detail)
            before, after = _facts(detail.get("before")), _facts(detail.get("after"))
            if before is None or after is None or before == after:
                continue
            rows.append(
                {
                    "institution_id": inst_id,
                    "old_independent_zone": before[0],
                    "old_dedicated_staff": before[1],
                    "new_independent_zone": after[0],
                    "new_dedicated_staff": after[1],
                    "changed_at": _stored(conn, _utc(e.occurred_at)),
                    "changed_by": e.user_id if e.user_id in users else None,
                }
            )
    if rows:
        conn.execute(_fact_changes.insert(), rows)


def _bed_history(
    conn: sa.Connection, events: dict[tuple[str, int], list[Any]], users: set[int]
) -> None:
    last_stay_end = dict(
        conn.execute(
            sa.select(_placements.c.bed_id, sa.func.max(_placements.c.discharged_at)).group_by(
                _placements.c.bed_id
            )
        ).all()
    )
    rows = []
    for bed_id, status in conn.execute(sa.select(_beds.c.id, _beds.c.status)):
        created, trail = _since_added(events.get(("bed", bed_id), []), "bed.add")
        if created is not None:
            conn.execute(
                _beds.update().where(_beds.c.id == bed_id).values(created_at=_stored(conn, created))
            )
        changes = [e for e in trail if e.action in ("bed.status", "bed.delete")]
        # The status before the first recorded change: that change's "before"; else a bed
        # added through the app was in service, and any other as it is now (unless retired).
        first = next((e for e in changes if e.action == "bed.status"), None)
        current = IN_SERVICE if created is not None or status == RETIRED else status
        if first is not None:
            current = _detail(first.detail).get("before") or current
        retired = False
        for e in changes:
            detail = _detail(e.detail)
            if e.action == "bed.status":
                old, new = detail.get("before") or current, detail.get("after")
            elif detail.get("retired"):
                old, new = current, RETIRED
            else:
                continue
            if not isinstance(new, str) or new == old:
                continue
            rows.append(
                {
                    "bed_id": bed_id,
                    "old_status": old,
                    "new_status": new,
                    "changed_at": _stored(conn, _utc(e.occurred_at)),
                    "changed_by": e.user_id if e.user_id in users else None,
                }
            )
            current, retired = new, retired or new == RETIRED
        ended = last_stay_end.get(bed_id)
        if status == RETIRED and not retired and ended is not None:
            if isinstance(ended, str):  # a plain aggregate comes back as text on SQLite
                ended = datetime.fromisoformat(ended)
            rows.append(
                {
                    "bed_id": bed_id,
                    "old_status": current,
                    "new_status": RETIRED,
                    "changed_at": _stored(conn, _utc(ended)),
                    "changed_by": None,
                }
            )
    if rows:
        conn.execute(_bed_changes.insert(), rows)
