"""Migrations: the schema the code expects, backups, and refusing a newer database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select, text

from caseworker.models import Base, District
from caseworker.storage import migrate as schema
from caseworker.storage.database import make_engine


def test_migrations_build_exactly_the_models(engine: Engine) -> None:
    """No drift: the migrated schema and the ORM models describe the same tables."""
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_reference_data_has_shanghais_16_districts(session) -> None:  # type: ignore[no-untyped-def]
    assert session.scalar(select(func.count()).select_from(District)) == 16
    assert session.get(District, "310115").name == "浦东新区"
    assert session.get(District, "310151").name == "崇明区"


def test_upgrade_on_a_current_database_changes_nothing(engine: Engine) -> None:
    result = schema.upgrade(engine)
    assert result.from_revision == result.to_revision == schema.head_revision()
    assert result.backup is None


def test_a_newer_database_is_refused_untouched(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(schema.SchemaError, match="比本程序新"):
        schema.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"


NEXT_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "0002_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("later_feature", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("later_feature")
"""


def _newer_migrations(tmp_path: Path) -> Path:
    """A copy of the real migrations plus one later revision: a future program version."""
    target = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, target, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "versions" / "0002_test.py").write_text(
        NEXT_REVISION.format(head=schema.head_revision())
    )
    return target


def test_sqlite_is_backed_up_before_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    engine = make_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO app_meta (key, value) VALUES ('marker', 'kept')"))

    newer = schema.alembic_config(_newer_migrations(tmp_path))
    result = schema.upgrade(engine, newer)

    assert result.from_revision == schema.head_revision()
    assert result.to_revision == "0002_test"
    assert result.backup is not None and result.backup.exists()
    backup = make_engine(f"sqlite:///{result.backup}")
    with backup.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == schema.head_revision()
        assert (
            conn.execute(text("SELECT value FROM app_meta WHERE key='marker'")).scalar() == "kept"
        )
    backup.dispose()
    # Today's program must now refuse the database a newer version has migrated.
    with pytest.raises(schema.SchemaError):
        schema.check_not_newer(engine)
    engine.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_upgrading_a_database_with_cases_continues_their_numbers(tmp_path: Path) -> None:
    """Counters are seeded from the case numbers a 0001 database already holds."""
    from alembic import command

    from caseworker.services.cases.numbers import next_case_number

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = schema.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(
            text(
                "INSERT INTO children (id, name, name_initials, gender, hukou_place, "
                "hukou_type, hukou_agricultural, residence_street, residence_committee, "
                "address, school, created_at) VALUES (1, '甲', 'j', 'F', '', 'shanghai', "
                "0, '', '', '', '', '2026-01-01 00:00:00')"
            )
        )
        for n, number in enumerate(("310115-2026-00007", "310115-2026-00012", "310101-2025-00003")):
            conn.execute(
                text(
                    "INSERT INTO cases (id, case_number, child_id, district_code, stage, risk_level, "
                    f"opened_at) VALUES ({n + 1}, '{number}', 1, '{number[:6]}', 'report', 'low', "
                    "'2026-01-01 00:00:00')"
                )
            )
    schema.upgrade(engine)
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        assert next_case_number(s, "310115", 2026) == "310115-2026-00013"
        assert next_case_number(s, "310101", 2025) == "310101-2025-00004"
        assert next_case_number(s, "310101", 2026) == "310101-2026-00001"
    engine.dispose()
