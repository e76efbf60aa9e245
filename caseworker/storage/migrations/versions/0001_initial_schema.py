"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 23:49:50.930316
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Shanghai's 16 districts (GB/T 2260). Reference data belongs to the schema revision that
# introduced it, so a later edit of the CSV never rewrites history.
DISTRICTS = [
    ("310101", "黄浦区", "黄浦"),
    ("310104", "徐汇区", "徐汇"),
    ("310105", "长宁区", "长宁"),
    ("310106", "静安区", "静安"),
    ("310107", "普陀区", "普陀"),
    ("310109", "虹口区", "虹口"),
    ("310110", "杨浦区", "杨浦"),
    ("310112", "闵行区", "闵行"),
    ("310113", "宝山区", "宝山"),
    ("310114", "嘉定区", "嘉定"),
    ("310115", "浦东新区", "浦东"),
    ("310116", "金山区", "金山"),
    ("310117", "松江区", "松江"),
    ("310118", "青浦区", "青浦"),
    ("310120", "奉贤区", "奉贤"),
    ("310151", "崇明区", "崇明"),
]


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "districts",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("short_name", sa.String(length=10), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_districts")),
        sa.UniqueConstraint("name", name=op.f("uq_districts_name")),
    )
    districts = sa.table(
        "districts",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("short_name", sa.String),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        districts,
        [
            {"code": c, "name": n, "short_name": s, "sort_order": i}
            for i, (c, n, s) in enumerate(DISTRICTS, start=1)
        ],
    )
    op.create_table(
        "institutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("setting_type", sa.String(length=30), nullable=False),
        sa.Column("district_code", sa.String(length=6), nullable=True),
        sa.Column("independent_zone", sa.Boolean(), nullable=False),
        sa.Column("dedicated_staff", sa.Boolean(), nullable=False),
        sa.Column("doc_prefix", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_code"],
            ["districts.code"],
            name=op.f("fk_institutions_district_code_districts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institutions")),
    )
    with op.batch_alter_table("institutions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_institutions_district_code"), ["district_code"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "staff",
                "social_worker",
                "manager",
                "admin",
                "city",
                name="role",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("district_code", sa.String(length=6), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_code"], ["districts.code"], name=op.f("fk_users_district_code_districts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=30), nullable=True),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("district_code", sa.String(length=6), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_time", ["occurred_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_user_id"), ["user_id"], unique=False)

    op.create_table(
        "children",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_initials", sa.String(length=40), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("hukou_place", sa.String(length=100), nullable=False),
        sa.Column("hukou_type", sa.String(length=10), nullable=False),
        sa.Column("hukou_agricultural", sa.Boolean(), nullable=False),
        sa.Column("residence_district_code", sa.String(length=6), nullable=True),
        sa.Column("residence_street", sa.String(length=60), nullable=False),
        sa.Column("residence_committee", sa.String(length=60), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("school", sa.String(length=100), nullable=False),
        sa.Column("disability_kind", sa.String(length=20), nullable=True),
        sa.Column("disability_grade", sa.Integer(), nullable=True),
        sa.Column("family_economic_status", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_children_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["residence_district_code"],
            ["districts.code"],
            name=op.f("fk_children_residence_district_code_districts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children")),
        sa.UniqueConstraint("id_number", name=op.f("uq_children_id_number")),
    )
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.create_index("ix_children_birth_date", ["birth_date"], unique=False)
        batch_op.create_index(
            "ix_children_name", ["name"], unique=False, postgresql_ops={"name": "text_pattern_ops"}
        )
        batch_op.create_index(
            "ix_children_name_initials",
            ["name_initials"],
            unique=False,
            postgresql_ops={"name_initials": "text_pattern_ops"},
        )

    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_rooms_institution_id_institutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
    )
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rooms_institution_id"), ["institution_id"], unique=False
        )

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=30), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("district_code", sa.String(length=6), nullable=False),
        sa.Column("stage", sa.String(length=30), nullable=False),
        sa.Column("risk_level", sa.String(length=10), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closure_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_cases_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["district_code"], ["districts.code"], name=op.f("fk_cases_district_code_districts")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_cases_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("case_number", name=op.f("uq_cases_case_number")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_child_id"), ["child_id"], unique=False)
        batch_op.create_index(
            "ix_cases_district_opened", ["district_code", "opened_at", "id"], unique=False
        )
        batch_op.create_index("ix_cases_opened", ["opened_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_cases_stage_opened", ["stage", "opened_at", "id"], unique=False)

    op.create_table(
        "family_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("relationship_code", sa.String(length=20), nullable=False),
        sa.Column("is_guardian", sa.Boolean(), nullable=False),
        sa.Column("contact_phone", sa.String(length=30), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("deceased", sa.Boolean(), nullable=False),
        sa.Column("missing", sa.Boolean(), nullable=False),
        sa.Column("remarried", sa.Boolean(), nullable=False),
        sa.Column("social_assistance", sa.Boolean(), nullable=False),
        sa.Column("hukou_agricultural", sa.Boolean(), nullable=False),
        sa.Column("shanghai_residence_permit", sa.Boolean(), nullable=False),
        sa.Column("has_guardianship_capacity", sa.Boolean(), nullable=True),
        sa.Column("working_away_since", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_family_members_child_id_children")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_members")),
    )
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_members_child_id"), ["child_id"], unique=False)

    op.create_table(
        "beds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reserved_for_case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reserved_for_case_id"], ["cases.id"], name=op.f("fk_beds_reserved_for_case_id_cases")
        ),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"], name=op.f("fk_beds_room_id_rooms")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_beds")),
    )
    with op.batch_alter_table("beds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_beds_room_id"), ["room_id"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_stage", sa.String(length=30), nullable=True),
        sa.Column("to_stage", sa.String(length=30), nullable=True),
        sa.Column("transition_code", sa.String(length=40), nullable=True),
        sa.Column("value", sa.String(length=60), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_case_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index("ix_case_events_case_time", ["case_id", "occurred_at"], unique=False)

    op.create_table(
        "member_conditions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("condition_code", sa.String(length=30), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["family_members.id"],
            name=op.f("fk_member_conditions_member_id_family_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_conditions")),
        sa.UniqueConstraint(
            "member_id",
            "condition_code",
            "since",
            name=op.f("uq_member_conditions_member_id_condition_code_since"),
        ),
    )
    with op.batch_alter_table("member_conditions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_conditions_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bed_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("admitted_by", sa.Integer(), nullable=True),
        sa.Column("discharged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("discharged_by", sa.Integer(), nullable=True),
        sa.Column("discharge_reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["admitted_by"], ["users.id"], name=op.f("fk_placements_admitted_by_users")
        ),
        sa.ForeignKeyConstraint(["bed_id"], ["beds.id"], name=op.f("fk_placements_bed_id_beds")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_placements_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_placements_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["discharged_by"], ["users.id"], name=op.f("fk_placements_discharged_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index("ix_placements_bed_admitted", ["bed_id", "admitted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_placements_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "uq_placements_open_bed",
            ["bed_id"],
            unique=True,
            sqlite_where=sa.text("discharged_at IS NULL"),
            postgresql_where=sa.text("discharged_at IS NULL"),
        )
        batch_op.create_index(
            "uq_placements_open_child",
            ["child_id"],
            unique=True,
            sqlite_where=sa.text("discharged_at IS NULL"),
            postgresql_where=sa.text("discharged_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_placements_open_child",
            sqlite_where=sa.text("discharged_at IS NULL"),
            postgresql_where=sa.text("discharged_at IS NULL"),
        )
        batch_op.drop_index(
            "uq_placements_open_bed",
            sqlite_where=sa.text("discharged_at IS NULL"),
            postgresql_where=sa.text("discharged_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_placements_case_id"))
        batch_op.drop_index("ix_placements_bed_admitted")

    op.drop_table("placements")
    with op.batch_alter_table("member_conditions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_conditions_member_id"))

    op.drop_table("member_conditions")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index("ix_case_events_case_time")

    op.drop_table("case_events")
    with op.batch_alter_table("beds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_beds_room_id"))

    op.drop_table("beds")
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_members_child_id"))

    op.drop_table("family_members")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_stage_opened")
        batch_op.drop_index(batch_op.f("ix_cases_owner_id"))
        batch_op.drop_index("ix_cases_opened")
        batch_op.drop_index("ix_cases_district_opened")
        batch_op.drop_index(batch_op.f("ix_cases_child_id"))

    op.drop_table("cases")
    with op.batch_alter_table("rooms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rooms_institution_id"))

    op.drop_table("rooms")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_children_name_initials", postgresql_ops={"name_initials": "text_pattern_ops"}
        )
        batch_op.drop_index("ix_children_name", postgresql_ops={"name": "text_pattern_ops"})
        batch_op.drop_index("ix_children_birth_date")

    op.drop_table("children")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_user_id"))
        batch_op.drop_index("ix_audit_events_time")

    op.drop_table("audit_events")
    op.drop_table("users")
    with op.batch_alter_table("institutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_institutions_district_code"))

    op.drop_table("institutions")
    op.drop_table("districts")
    op.drop_table("app_meta")
