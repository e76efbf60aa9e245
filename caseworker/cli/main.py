"""The `caseworker` command: the GUI is one sub-command among batch ones."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import TextIO

from caseworker import __version__
from caseworker.app import AppContext, start
from caseworker.cli import account as account_cmd
from caseworker.cli import classify as classify_cmd
from caseworker.cli import letter as letter_cmd
from caseworker.cli import occupancy as occupancy_cmd
from caseworker.cli import security as security_cmd
from caseworker.cli.acting_user import cli_actor as _cli_actor
from caseworker.cli.prompts import database_prompt
from caseworker.i18n import _, format_short_date
from caseworker.services.audit import check as audit_check
from caseworker.services.audit import trail as audit
from caseworker.services.errors import DomainError
from caseworker.storage import migrate as schema

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SCHEMA = 0, 1, 2, 3


def _db_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # On the top parser and on every sub-command, so `--db` works on either side.
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None if top else argparse.SUPPRESS,
        help="database URL or SQLite file (default: $CASEWORKER_DB, else the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="caseworker", description="Child-protection case system")
    p.add_argument("--version", action="version", version=f"caseworker {__version__}")
    _db_option(p, top=True)
    sub = p.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="open the application (the default)")
    _db_option(gui, top=False)
    gui.add_argument(
        "--screenshot", metavar="PATH", help="render a screen offscreen to PNG and exit"
    )
    gui.add_argument(
        "--screen",
        default="cases",
        choices=[
            "login",
            "work",
            "cases",
            "beds",
            "calendar",
            "documents",
            "reports",
            "settings",
            "accounts",
            "audit",
        ],
    )
    gui.add_argument("--user", help="sign in as this user (screenshots; demo databases)")

    db = sub.add_parser("db", help="database maintenance")
    _db_option(db, top=False)
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser(
        "upgrade", help="migrate the schema to this version (backs up SQLite first)"
    )
    _db_option(up, top=False)

    demo = sub.add_parser("demo", help="build a demo database with synthetic data")
    _db_option(demo, top=False)
    demo.add_argument("--children", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        help="the demo's 'today' (default: today); same seed and day, same data",
    )

    audit_p = sub.add_parser("audit", help="the audit trail")
    _db_option(audit_p, top=False)
    audit_sub = audit_p.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser(
        "verify",
        help="check the hash chain, its head and the append-only guard; print an anchor",
    )
    _db_option(verify, top=False)
    verify.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="ID:HASH",
        help="an anchor printed by an earlier verify: check that event is still there, "
        "unchanged (repeatable)",
    )

    occupancy = sub.add_parser("occupancy", help="care beds per district (the board's figures)")
    _db_option(occupancy, top=False)
    occupancy_cmd.configure_parser(occupancy)

    cases = sub.add_parser("cases", help="list cases (for scripts)")
    _db_option(cases, top=False)
    cases.add_argument(
        "--query", default="", help="child name prefix, pinyin initials, ID number or case number"
    )
    cases.add_argument("--stage", default=None)
    cases.add_argument("--limit", type=int, default=None)
    cases.add_argument("--json", action="store_true")
    cases.add_argument("--user", help="act as this user (default $CASEWORKER_USER)")

    classify = sub.add_parser(
        "classify", help="classify a child's facts (JSON) with the policy rules"
    )
    classify_cmd.configure_parser(classify)
    letter_cmd.configure(sub, _db_option)
    account = sub.add_parser("account", help="accounts (the first administrator)")
    _db_option(account, top=False)
    account_cmd.configure_parser(account, _db_option)
    security_cmd.configure(sub, _db_option, db_sub)
    return p


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "classify":
            return classify_cmd.run(args, stdin, stdout, stderr)
        if command == "gui":
            return _gui(args)
        if (code := security_cmd.run(args, stdin, stdout, stderr)) is not None:
            return code
        ask = database_prompt(stdin, stderr)
        ctx = start(args.db, upgrade=command in ("db", "demo", "account"), ask_passphrase=ask)
        try:
            if command == "db":
                return _db_upgrade(ctx, stdout)
            if command == "demo":
                return _demo(ctx, args, stdout, stderr)
            if command == "cases":
                return _cases(ctx, args, stdout)
            if command == "audit":
                return _audit_verify(ctx, args.anchor, stdout)
            if command == "occupancy":
                return occupancy_cmd.run(args, ctx, stdout, stderr)
            if command == "letter":
                return letter_cmd.run(args, ctx, stdout, stderr)
            if command == "account":
                return account_cmd.run(args, ctx, stdin, stdout, stderr)
        finally:
            ctx.close()
    except schema.SchemaError as exc:
        print(str(exc), file=stderr)
        return EXIT_SCHEMA
    except DomainError as exc:
        print(exc.message, file=stderr)
        return EXIT_USAGE
    raise AssertionError(f"unhandled command {command}")


def _db_upgrade(ctx: AppContext, out: TextIO) -> int:
    # start() has already migrated; report what happened.
    rev = schema.current_revision(ctx.engine)
    print(_("Database schema is at revision {rev}.").format(rev=rev), file=out)
    return EXIT_OK


def _demo(ctx: AppContext, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import time

    from caseworker.demo.build import DemoError, build_demo

    def progress(what: str, done: int, total: int) -> None:
        print(f"\r{what}: {done:,}/{total:,}", end="", file=err, flush=True)

    t0 = time.perf_counter()
    try:
        summary = build_demo(
            ctx.engine,
            children=args.children,
            seed=args.seed,
            today=args.as_of or date.today(),
            progress=progress,
        )
    except DemoError as exc:
        print(file=err)
        print(_("Cannot build the demo: {reason}").format(reason=exc), file=err)
        return EXIT_USAGE
    print(file=err)
    elapsed = time.perf_counter() - t0
    print(
        json.dumps({**summary.__dict__, "seconds": round(elapsed, 1)}, ensure_ascii=False),
        file=out,
    )
    return EXIT_OK


def _audit_verify(ctx: AppContext, anchors: list[str], out: TextIO) -> int:
    for anchor in anchors:
        audit.parse_anchor(anchor)  # a typing error is a usage error, before any work
    with ctx.sessions() as session:
        check = audit_check.check_trail(session, anchors)
    for line in audit_check.describe(check):
        print(line, file=out)
    return EXIT_OK if check.ok else EXIT_ERROR


def _cases(ctx: AppContext, args: argparse.Namespace, out: TextIO) -> int:
    from caseworker.services.cases.listing import CaseQuery, list_cases
    from caseworker.services.reference.labels import stage_label

    actor = _cli_actor(ctx, args.user)
    with ctx.sessions() as session:
        rows = list_cases(session, actor, CaseQuery(text=args.query, stage=args.stage), args.limit)
    if args.json:
        data = [
            {
                "case_number": r.case_number,
                "child_name": r.child_name,
                "district": r.district,
                "stage": r.stage,
                "stage_label": stage_label(r.stage),
                "owner": r.owner,
                "opened": r.opened_at.date().isoformat(),
            }
            for r in rows
        ]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for r in rows:
        print(
            "\t".join(
                [
                    r.case_number,
                    r.child_name,
                    r.district,
                    stage_label(r.stage),
                    r.owner,
                    format_short_date(r.opened_at.date()),
                ]
            ),
            file=out,
        )
    return EXIT_OK


def _gui(args: argparse.Namespace) -> int:
    from caseworker.ui.shell.start import run_gui

    return run_gui(
        db=args.db,
        screenshot=getattr(args, "screenshot", None),
        screen=getattr(args, "screen", "cases"),
        user=getattr(args, "user", None),
    )
