"""Transactions for services that read and then write what they read."""

from __future__ import annotations

from sqlalchemy.orm import Session

from caseworker.storage.database import SQLITE_BEGIN


def begin_write(session: Session) -> None:
    """Start the session's transaction holding the write lock (SQLite: BEGIN IMMEDIATE).

    Call first in a service whose decision depends on rows it reads (a free bed, the next
    number, the current stage). On PostgreSQL, lock those rows with FOR UPDATE as well.
    """
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() after changes: it must open the transaction")
        session.commit()  # ends a read-only transaction; nothing is pending
    session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
