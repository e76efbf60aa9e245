"""`caseworker backup|restore FILE` and `caseworker db encrypt|rekey|set-password`.

Who may: a backup holds every district's records and whoever knows its passphrase reads
them all, so only whole-database roles (admin, city) make one; restore and key changes
replace or re-lock everything: admin only. See docs/security.md.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from caseworker.app import AppContext, start
from caseworker.cli.acting_user import cli_actor
from caseworker.cli.prompts import database_prompt, interactive, secret
from caseworker.i18n import _
from caseworker.models import Role
from caseworker.security.actor import Actor
from caseworker.services.audit import trail as audit
from caseworker.services.errors import AccessDenied, DomainError
from caseworker.settings import app_paths, load_settings
from caseworker.storage import keys
from caseworker.storage.backup import BACKUP_PASSPHRASE_ENV, StagedRestore, write_backup
from caseworker.storage.database import (
    is_plain_sqlite,
    make_engine,
    make_sessionmaker,
    resolve_url,
    sqlite_file,
)
from caseworker.storage.encryption import change_key, encrypt_plain, wipe_database_file
from caseworker.storage.keys import DatabaseKey, DatabaseKeyError, PlainDatabaseError

EXIT_OK = 0
NEW_PASSPHRASE_ENV = "CASEWORKER_DB_NEW_PASSPHRASE"
BACKUP_ROLES = frozenset({Role.ADMIN, Role.CITY})
ADMIN_ONLY = frozenset({Role.ADMIN})


def configure(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_option: Callable[..., None],
    db_commands: argparse._SubParsersAction,  # type: ignore[type-arg]
) -> None:
    b = sub.add_parser("backup", help="back up the embedded database (encrypted, checked)")
    r = sub.add_parser("restore", help="replace the embedded database with a backup")
    for p in (b, r):
        db_option(p, top=False)
        p.add_argument("file", metavar="FILE")
        p.add_argument("--user", help="act as this user (default $CASEWORKER_USER)")
    b.add_argument("--force", action="store_true", help="replace FILE if it exists")
    r.add_argument(
        "--force",
        action="store_true",
        help="do not ask; also replace a current database that does not open",
    )
    enc = db_commands.add_parser("encrypt", help="encrypt an unencrypted database (once)")
    db_option(enc, top=False)
    enc.add_argument(
        "--delete-plain",
        action="store_true",
        help="overwrite the unencrypted original with random data, then delete it",
    )
    rk = db_commands.add_parser("rekey", help="change the database key")
    db_option(rk, top=False)
    rk.add_argument("--user", help="act as this user (default $CASEWORKER_USER)")
    kind = rk.add_mutually_exclusive_group()
    kind.add_argument("--passphrase", action="store_true", help="new key: a passphrase")
    kind.add_argument("--keyring", action="store_true", help="new key: random, in the keyring")
    pw = db_commands.add_parser("set-password", help="keep a PostgreSQL password in the keyring")
    pw.add_argument("url", metavar="URL", help="postgresql://user@host:port/database")
    pw.add_argument("--delete", action="store_true", help="forget the stored password")


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int | None:
    """Run one of this module's commands; None for any other command."""
    name = args.command if args.command != "db" else getattr(args, "db_command", None)
    handler = {
        "backup": _backup,
        "restore": _restore,
        "encrypt": _encrypt,
        "rekey": _rekey,
        "set-password": _set_password,
    }.get(name or "")
    return handler(args, stdin, stdout, stderr) if handler else None


def _actor(ctx: AppContext, username: str | None, roles: frozenset[Role]) -> Actor:
    actor = cli_actor(ctx, username)
    if actor.role not in roles:
        raise AccessDenied(_("Your role may not do this; ask the system administrator."))
    return actor


def _sqlite_path(db: str | None, *, exists: bool = True) -> Path:
    path = sqlite_file(resolve_url(db, os.environ, app_paths().data_dir))
    if path is None:
        raise DomainError(
            _("This works on the embedded database only; for PostgreSQL use pg_dump.")
        )
    if exists and keys.is_new_database(path):  # never create a database just to refuse it
        raise DomainError(_("No database at {path}.").format(path=path))
    return path


def _backup(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    path = _sqlite_path(args.db)
    target = Path(args.file).expanduser()
    if target.exists() and not args.force:
        raise DomainError(_("{path} exists; add --force to replace it.").format(path=target))
    if target.resolve() == path.resolve():
        raise DomainError(_("A backup cannot replace the database itself."))
    ctx = start(args.db, upgrade=False, ask_passphrase=database_prompt(stdin, err))
    try:
        actor = _actor(ctx, args.user, BACKUP_ROLES)
        label = _("Backup passphrase (needed to restore; keep it apart from this computer): ")
        passphrase = secret(BACKUP_PASSPHRASE_ENV, os.environ, stdin, err, label, new=True)
        info = write_backup(ctx.engine, target, passphrase)
        with ctx.sessions() as session:
            audit.record(
                session,
                actor,
                "backup",
                file=str(info.path),
                revision=info.revision,
                size=info.size,
            )
            session.commit()
    finally:
        ctx.close()
    print(
        _("Backup written to {path} (schema revision {rev}, {size:,} bytes), checked.").format(
            path=info.path, rev=info.revision, size=info.size
        ),
        file=out,
    )
    return EXIT_OK


def _restore(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    path = _sqlite_path(args.db, exists=False)
    ask = database_prompt(stdin, err)
    label = _("Passphrase of the backup: ")
    passphrase = secret(BACKUP_PASSPHRASE_ENV, os.environ, stdin, err, label, new=False)
    actor: Actor | None = None
    key: DatabaseKey | None = None
    opens = False
    if not keys.is_new_database(path):
        try:
            ctx = start(args.db, upgrade=False, ask_passphrase=ask)
        except (DatabaseKeyError, PlainDatabaseError) as exc:
            if not args.force:
                raise DomainError(
                    _(
                        "The current database does not open ({reason}). Add --force to replace it."
                    ).format(reason=exc.message)
                ) from None
        else:
            try:
                actor, key, opens = _actor(ctx, args.user, ADMIN_ONLY), ctx.key, True
            finally:
                ctx.close()
    if key is None:
        key = keys.database_key(path, os.environ, ask)
    with StagedRestore(Path(args.file).expanduser(), passphrase, path, key) as staged:
        if actor is None:  # no usable current database: the backup's own admins decide
            assert staged.engine is not None
            paths = app_paths()
            ctx = AppContext(paths, load_settings(paths), "", staged.engine, staged.sessions)
            actor = _actor(ctx, args.user, ADMIN_ONLY)
        if not args.force:
            _confirm(stdin, err, path, staged.revision)
        previous = staged.commit(actor.username, current_opens=opens)
    print(
        _("Restored {backup} (schema revision {rev}) into {path}.").format(
            backup=args.file, rev=staged.revision, path=path
        ),
        file=out,
    )
    if previous is not None:
        print(_("The replaced database was kept as {path}.").format(path=previous), file=out)
    return EXIT_OK


def _confirm(stdin: TextIO, err: TextIO, path: Path, revision: str | None) -> None:
    if not interactive(stdin):
        raise DomainError(_("Add --force to restore without a question."))
    print(
        _(
            "Replace {path} with the backup (schema revision {rev})? Changes made since the "
            "backup are lost; the current database is kept as a copy. Type yes to go on: "
        ).format(path=path, rev=revision),
        end="",
        file=err,
        flush=True,
    )
    if stdin.readline().strip().lower() not in ("yes", "是"):
        raise DomainError(_("Nothing was changed."))


def _encrypt(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    path = _sqlite_path(args.db)
    if not is_plain_sqlite(path):
        print(_("{path} is already encrypted.").format(path=path), file=out)
        return EXIT_OK
    key = keys.database_key(path, os.environ, database_prompt(stdin, err), new=True)
    original = encrypt_plain(path, key)
    engine = make_engine(f"sqlite:///{path}", key)
    try:
        with make_sessionmaker(engine)() as session:
            # No sign-in: whoever can read the plain file already has every record, and
            # encrypting takes nothing from anyone. The OS account is recorded instead.
            audit.record(session, None, "db.encrypt", username=f"os:{getpass.getuser()}")
            session.commit()
    finally:
        engine.dispose()
    print(_("Encrypted {path}.").format(path=path), file=out)
    if args.delete_plain:
        wipe_database_file(original)
        print(
            _(
                "The unencrypted original was overwritten with random data and deleted. On an "
                "SSD or a copy-on-write file system an overwrite is not a guaranteed erase, "
                "and copies made earlier (backups, .bak files) are not touched: full-disk "
                "encryption is still recommended."
            ),
            file=out,
        )
    else:
        print(
            _(
                "The unencrypted original is kept as {path}: it holds every record in clear. "
                "Delete it once caseworker opens the encrypted database."
            ).format(path=original),
            file=out,
        )
    return EXIT_OK


def _rekey(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    path = _sqlite_path(args.db)
    ctx = start(args.db, upgrade=False, ask_passphrase=database_prompt(stdin, err))
    try:
        actor, old = _actor(ctx, args.user, ADMIN_ONLY), ctx.key
    finally:
        ctx.close()
    if old is None:
        raise DomainError(_("This database is not encrypted; use `caseworker db encrypt`."))
    if args.keyring or (old.raw and not args.passphrase):
        if not keys.keyring_usable():
            raise DomainError(_("No keyring is available here; use --passphrase."))
        new = DatabaseKey.random()
    else:
        label = _("New database passphrase: ")
        text = secret(NEW_PASSPHRASE_ENV, os.environ, stdin, err, label, new=True)
        new = DatabaseKey.passphrase(text, "prompt")
    change_key(path, old, new)
    engine = make_engine(f"sqlite:///{path}", new)
    try:
        with make_sessionmaker(engine)() as session:
            kind = "keyring" if new.raw else "passphrase"
            audit.record(session, actor, "db.rekey", key=kind)
            session.commit()
    finally:
        engine.dispose()
    print(_("The database key was changed; the old key no longer opens it."), file=out)
    if old.source == "env":
        print(_("Change CASEWORKER_DB_PASSPHRASE to match (or unset it)."), file=out)
    return EXIT_OK


def _set_password(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    if args.delete:
        account = keys.set_pg_password(args.url, None)
        print(_("The password for {account} was removed.").format(account=account), file=out)
        return EXIT_OK
    if keys.pg_account(args.url) is None:
        raise DomainError(_("Not a PostgreSQL URL: {url}").format(url=args.url))
    if interactive(stdin):
        password = getpass.getpass(_("PostgreSQL password: "))
    else:  # a pipe or a file: one line (never a command-line argument: shell history)
        password = stdin.readline().rstrip("\r\n")
    if not password:
        raise DomainError(_("No password was given; nothing was stored."))
    account = keys.set_pg_password(args.url, password)
    print(_("Password stored in the keyring for {account}.").format(account=account), file=out)
    return EXIT_OK
