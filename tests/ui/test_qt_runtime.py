"""The Qt binding itself: the app emits signals millions of times in a long day."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

pytestmark = pytest.mark.gui


class _Emitter(QObject):
    done = Signal(int, object, object)


def test_emitting_signals_does_not_corrupt_reference_counts(qapp) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 dropped a reference to True on every emit(); after enough emits the
    process dies with 'bool_dealloc'. The pinned version must not."""
    emitter = _Emitter()
    received = []
    emitter.done.connect(lambda ticket, result, error: received.append(ticket))
    before = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(2000):
        emitter.done.emit(i, None, None)
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert len(received) == 2000
    assert abs(after[0] - before[0]) < 10 and abs(after[1] - before[1]) < 10
