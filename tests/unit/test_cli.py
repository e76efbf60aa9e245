"""The command line, run in-process the way a script would run it."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import text

from caseworker import __version__
from caseworker.cli.main import main
from caseworker.storage import migrate as schema
from caseworker.storage.database import make_engine


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_version(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_then_cases_as_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "demo.db")
    code, out, _err = run(
        "--db", db, "demo", "--children", "150", "--seed", "2", "--as-of", "2026-11-22"
    )
    assert code == 0
    assert json.loads(out)["children"] == 150

    code, out, _err = run("cases", "--db", db, "--json", "--stage", "support")
    assert code == 0
    rows = json.loads(out)
    assert rows and {r["stage"] for r in rows} == {"support"}
    assert {r["stage_label"] for r in rows} == {"帮扶"}
    assert set(rows[0]) >= {"case_number", "child_name", "district", "stage", "owner"}

    code, out, _err = run("--db", db, "cases", "--user", "pudong.sw1")
    lines = out.strip().splitlines()
    assert code == 0 and lines
    assert all(line.split("\t")[2] == "浦东" for line in lines)


def test_db_upgrade_and_newer_database_refused(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "x.db"
    monkeypatch.setenv("CASEWORKER_DB", str(db))
    code, out, _err = run("db", "upgrade")
    assert code == 0 and schema.head_revision() in out
    engine = make_engine(f"sqlite:///{db}")  # the suite's passphrase opens it
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='9999'"))
    engine.dispose()
    code, _out, err = run("cases")
    assert code == 3
    assert "比本程序新" in err


def test_cases_needs_a_user_outside_demo_databases(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "empty.db")
    assert run("--db", db, "db", "upgrade")[0] == 0
    code, _out, err = run("--db", db, "cases")
    assert code == 2
    assert "--user" in err


def test_bad_stage_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "demo.db")
    run("--db", db, "demo", "--children", "20")
    code, _out, err = run("--db", db, "cases", "--stage", "bogus")
    assert code == 2
    assert "未知的阶段" in err
