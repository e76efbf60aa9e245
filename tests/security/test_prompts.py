"""Asking for passphrases: on the terminal (getpass) and in the GUI's dialog."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseworker.app import start
from caseworker.cli.prompts import database_prompt
from caseworker.models import District
from tests.security.cli import Terminal, run
from tests.security.conftest import BACKUP_PASSPHRASE, Demo


def _typing(monkeypatch, *answers: str) -> list[str]:  # type: ignore[no-untyped-def]
    import getpass

    queue, asked = list(answers), []

    def fake(prompt: str = "") -> str:
        asked.append(prompt)
        return queue.pop(0)

    monkeypatch.setattr(getpass, "getpass", fake)
    return asked


def test_no_prompt_without_a_terminal() -> None:
    assert database_prompt(io.StringIO(), io.StringIO()) is None


@pytest.mark.usefixtures("no_keyring")
def test_a_new_database_passphrase_is_typed_twice_and_long_enough(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    err = io.StringIO()
    asked = _typing(
        monkeypatch, "short", "long enough pw", "typo", "long enough pw", "long enough pw"
    )
    ctx = start(str(tmp_path / "cw.db"), ask_passphrase=database_prompt(Terminal(), err))
    ctx.close()
    assert len(asked) == 5
    assert "太短" in err.getvalue() and "不一致" in err.getvalue()
    _typing(monkeypatch, "long enough pw")
    ctx = start(str(tmp_path / "cw.db"), ask_passphrase=database_prompt(Terminal(), err))
    with ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(District)) == 16
    ctx.close()


def test_the_backup_passphrase_can_be_typed(demo: Demo, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _typing(monkeypatch, BACKUP_PASSPHRASE, BACKUP_PASSPHRASE)
    target = tmp_path / "b.db"
    code, _out, err = run(
        "--db", str(demo.path), "backup", str(target), "--user", "admin", stdin=Terminal()
    )
    assert code == 0, err
    code, _out, err = run(
        "--db", str(demo.path), "backup", str(tmp_path / "c.db"), "--user", "admin"
    )
    assert code == 2 and "CASEWORKER_BACKUP_PASSPHRASE" in err  # a script must say it


@pytest.mark.gui
def test_the_dialog_checks_a_new_passphrase(qtbot) -> None:  # type: ignore[no-untyped-def]
    from caseworker.ui.shell.passphrase_dialog import PassphraseDialog

    dialog = PassphraseDialog(Path("/data/cw.db"), new=True, retry=False)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("short")
    dialog.again.setText("short")
    dialog._check()
    assert "太短" in dialog.error.text() and dialog.result() == 0
    dialog.passphrase.setText("long enough pw")
    dialog._check()
    assert "不一致" in dialog.error.text()
    dialog.again.setText("long enough pw")
    dialog._check()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.value() == "long enough pw"


@pytest.mark.gui
def test_the_dialog_for_an_existing_database(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from caseworker.ui.shell import passphrase_dialog

    dialog = passphrase_dialog.PassphraseDialog(Path("/data/cw.db"), new=False, retry=True)
    qtbot.addWidget(dialog)
    assert dialog.error.text() == "口令不正确，请重试。" and dialog.again.isHidden()

    def accept(self):  # type: ignore[no-untyped-def]
        self.passphrase.setText("whatever it is")
        return self.DialogCode.Accepted

    monkeypatch.setattr(passphrase_dialog.PassphraseDialog, "exec", accept)
    assert passphrase_dialog.ask_database_passphrase(Path("x"), new=False, retry=False) == (
        "whatever it is"
    )
    monkeypatch.setattr(passphrase_dialog.PassphraseDialog, "exec", lambda self: 0)
    assert passphrase_dialog.ask_database_passphrase(Path("x"), new=False, retry=False) is None
