"""A workstation issuing letters (run in its own OS process by the race tests)."""

from __future__ import annotations

from typing import Any

from reportlab import rl_config

from caseworker import i18n
from caseworker.operations import issuing
from caseworker.storage.database import make_engine, make_sessionmaker
from tests.register.helpers import RECEIPT_INPUT
from tests.support.factories import actor


def issue_many(url: str, username: str, case_id: int, count: int, out: Any) -> None:
    i18n.activate("zh_CN")
    rl_config.invariant = 1
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with sessions() as s:
        who = actor(s, username)
        for _ in range(count):
            doc = issuing.issue_letter(
                s,
                who,
                case_id=case_id,
                letter_code="report_receipt",
                entered=RECEIPT_INPUT,
                edits={},
            )
            out.put((doc.serial, doc.number_text))
    engine.dispose()
