"""Run `caseworker …` in-process, as a script would."""

from __future__ import annotations

import argparse
import io

from caseworker.cli import security as security_cmd
from caseworker.cli.main import _db_option, build_parser, main
from caseworker.services.errors import DomainError
from caseworker.storage import migrate as schema


class Terminal(io.StringIO):
    """Standard input as if typed at a terminal (getpass itself is patched by the test)."""

    def isatty(self) -> bool:
        return True


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def run(*argv: str, stdin: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = stdin or io.StringIO()
    sub = _subcommands(build_parser())
    if "backup" in sub.choices:  # cli.py dispatches to security_cmd itself
        return main(list(argv), stdin=stdin, stdout=out, stderr=err), out.getvalue(), err.getvalue()
    # Until cli.py wires security_cmd in (docs/security.md): the same parser and dispatch.
    parser = build_parser()
    sub = _subcommands(parser)
    security_cmd.configure(sub, _db_option, _subcommands(sub.choices["db"]))
    args = parser.parse_args(list(argv))
    try:
        code = security_cmd.run(args, stdin, out, err)
    except schema.SchemaError as exc:
        print(str(exc), file=err)
        code = 3
    except DomainError as exc:
        print(exc.message, file=err)
        code = 2
    if code is None:
        code = main(list(argv), stdin=stdin, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()
