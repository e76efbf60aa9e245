"""Passphrases on the terminal (getpass reads /dev/tty, so nothing is echoed or logged)."""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from caseworker.i18n import _
from caseworker.storage.keys import (
    MIN_NEW_PASSPHRASE,
    KeyUnavailable,
    PassphraseCancelled,
    PassphrasePrompt,
)

ATTEMPTS = 3


def interactive(stdin: TextIO) -> bool:
    try:
        return bool(stdin.isatty())
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False


def ask_new_secret(label: str, err: TextIO) -> str | None:
    """A new passphrase, typed twice, at least MIN_NEW_PASSPHRASE characters."""
    for _attempt in range(ATTEMPTS):
        first = getpass.getpass(label)
        if not first:
            return None
        if len(first) < MIN_NEW_PASSPHRASE:
            print(
                _("Too short: use at least {n} characters.").format(n=MIN_NEW_PASSPHRASE),
                file=err,
            )
            continue
        if getpass.getpass(_("The same passphrase again: ")) != first:
            print(_("The two passphrases differ."), file=err)
            continue
        return first
    return None


def database_prompt(stdin: TextIO, err: TextIO) -> PassphrasePrompt | None:
    """The database passphrase prompt for `start()`, or None when no one is at a terminal."""
    if not interactive(stdin):
        return None

    def ask(path: Path, *, new: bool, retry: bool) -> str | None:
        if retry:
            print(keys_wrong(), file=err)
        if new:
            print(
                _(
                    "No keyring is available: choose a passphrase for the new database. "
                    "Without it the database cannot be opened — keep it safe."
                ),
                file=err,
            )
            return ask_new_secret(_("New database passphrase: "), err)
        return getpass.getpass(_("Passphrase of the database {path}: ").format(path=path))

    return ask


def keys_wrong() -> str:
    return _("Wrong passphrase; try again.")


def secret(
    env_name: str,
    env: Mapping[str, str],
    stdin: TextIO,
    err: TextIO,
    label: str,
    *,
    new: bool,
) -> str:
    """A passphrase from the environment variable, else from the terminal."""
    value = env.get(env_name)
    if value:
        return value
    if not interactive(stdin):
        raise KeyUnavailable(
            _("Give the passphrase in {env}, or run the command in a terminal.").format(
                env=env_name
            )
        )
    text = ask_new_secret(label, err) if new else getpass.getpass(label)
    if not text:
        raise PassphraseCancelled(_("No passphrase was given; nothing was changed."))
    return text
