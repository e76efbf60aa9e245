"""One serialised lane for database work off the UI thread (as Anki's task manager does).

Jobs run one at a time on a worker thread, each with its own session; results come back
to the UI thread through a queued signal. Domain errors go to the job's error callback;
anything else is a bug and is re-raised on the UI thread, never swallowed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from sqlalchemy.orm import Session, sessionmaker

from caseworker.services.errors import DomainError

Job = Callable[[Session], Any]


class _Relay(QObject):
    done = Signal(int, object, object)


class _Task(QRunnable):
    def __init__(self, ticket: int, job: Job, sessions: sessionmaker[Session], relay: _Relay):
        super().__init__()
        self.ticket, self.job, self.sessions, self.relay = ticket, job, sessions, relay

    def run(self) -> None:
        try:
            with self.sessions() as session:
                result = self.job(session)
        except BaseException as exc:  # handed to the UI thread, which decides
            self.relay.done.emit(self.ticket, None, exc)
        else:
            self.relay.done.emit(self.ticket, result, None)


class DbLane(QObject):
    def __init__(self, sessions: sessionmaker[Session], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay()
        self._relay.done.connect(self._deliver)
        self._tickets = itertools.count(1)
        self._waiting: dict[
            int, tuple[Callable[[Any], None], Callable[[DomainError], None] | None]
        ] = {}

    def submit(
        self,
        job: Job,
        on_done: Callable[[Any], None],
        on_error: Callable[[DomainError], None] | None = None,
    ) -> int:
        ticket = next(self._tickets)
        self._waiting[ticket] = (on_done, on_error)
        self._pool.start(_Task(ticket, job, self._sessions, self._relay))
        return ticket

    def busy(self) -> bool:
        return bool(self._waiting)

    def shutdown(self) -> None:
        self._pool.waitForDone()

    def _deliver(self, ticket: int, result: Any, error: BaseException | None) -> None:
        on_done, on_error = self._waiting.pop(ticket)
        if error is None:
            on_done(result)
        elif isinstance(error, DomainError) and on_error is not None:
            on_error(error)
        else:
            raise error
