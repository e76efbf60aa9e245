"""Fast bulk loading: executemany on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, text

if TYPE_CHECKING:
    import psycopg


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cols = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        pg = cast("psycopg.Connection[Any]", dbapi)  # the postgresql+psycopg driver's connection
        with pg.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    cursor = dbapi.cursor()
    try:
        cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
    finally:
        cursor.close()


def reset_sequences(conn: Connection, tables: Sequence[str]) -> None:
    """After loading explicit ids, PostgreSQL's serial sequences must continue past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )
