"""Every action the code records has a label the administrator can read."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import caseworker
from caseworker import i18n
from caseworker.services.audit.labels import ACTIONS, action_label
from caseworker.services.documents.register import PURPOSES

CODE = re.compile(r"[a-z_]+(\.[a-z_]+)*")
ROOT = Path(caseworker.__file__).parent


def _recorded_actions() -> set[str]:
    """String literals passed to audit.record / record_read / _audit calls."""
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
            if name not in ("record", "record_read", "_audit"):
                continue
            for arg in node.args[:4]:
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    continue
                if CODE.fullmatch(arg.value):
                    in_register = name == "_audit" and path.name == "register.py"
                    found.add(f"document.{arg.value}" if in_register else arg.value)
    # documents.stored_copy audits its purpose (and "damaged") as document.<what>
    found |= {f"document.{p}" for p in (*PURPOSES, "damaged")}
    return found


def test_every_recorded_action_has_a_chinese_label() -> None:
    actions = _recorded_actions()
    assert len(actions) > 50  # the scan really found the calls
    assert sorted(actions - set(ACTIONS)) == []
    i18n.activate("zh_CN")
    for code in actions:
        label = action_label(code)
        assert label != code and re.search(r"[\u4e00-\u9fff]", label), code
    assert action_label("some.future_action") == "some.future_action"
