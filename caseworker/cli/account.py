"""`caseworker account create-admin`: the first administrator of a new database without a
screen (a district's PostgreSQL server set up over SSH). The GUI asks for it on first start.

The password is read from CASEWORKER_ADMIN_PASSWORD or typed twice at the terminal; it is
never an argument (arguments show in the process list and the shell history).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TextIO

from caseworker.app import AppContext
from caseworker.cli.prompts import secret
from caseworker.i18n import _
from caseworker.services.accounts.signin import create_first_admin

EXIT_OK = 0
PASSWORD_ENV = "CASEWORKER_ADMIN_PASSWORD"


def configure_parser(p: argparse.ArgumentParser, db_option: Callable[..., None]) -> None:
    sub = p.add_subparsers(dest="account_command", required=True)
    admin = sub.add_parser(
        "create-admin", help=f"create the first administrator (password from ${PASSWORD_ENV})"
    )
    db_option(admin, top=False)
    admin.add_argument("--username", default="admin")
    admin.add_argument("--name", default="", help="the administrator's name as shown")


def run(args: argparse.Namespace, ctx: AppContext, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    password = secret(PASSWORD_ENV, os.environ, stdin, err, _("Administrator password: "), new=True)
    with ctx.sessions() as session:
        actor = create_first_admin(
            session,
            username=args.username,
            display_name=args.name,
            password=password,
            again=password,
        )
    print(_("Created the administrator {name}.").format(name=actor.username), file=out)
    return EXIT_OK
