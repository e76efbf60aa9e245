"""Who a command acts as: --user or CASEWORKER_USER, signed in like at the login screen.

Its own module so that every command can import it without importing the CLI's parser.
"""

from __future__ import annotations

import getpass
import os

from caseworker.app import AppContext
from caseworker.i18n import _
from caseworker.security.actor import Actor
from caseworker.services.errors import DomainError


def cli_actor(ctx: AppContext, username: str | None) -> Actor:
    from caseworker.services.accounts.signin import DEMO_PASSWORD, authenticate, demo_accounts

    with ctx.sessions() as session:
        demo = bool(demo_accounts(session))
        username = username or os.environ.get("CASEWORKER_USER") or ("city" if demo else None)
        if not username:
            raise DomainError(_("Name the acting user with --user or CASEWORKER_USER."))
        password = os.environ.get("CASEWORKER_PASSWORD")
        if password is None:
            password = DEMO_PASSWORD if demo else getpass.getpass(_("Password: "))
        return authenticate(session, username, password)
