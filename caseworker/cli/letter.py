"""`caseworker letter`: issue a letter from the command line, exactly as the app does.

    caseworker letter --list
    caseworker letter TYPE --case CASE_NO [--out FILE.pdf] [--field name=value ...]
                                          [--paragraph id=text ...] [--signer NAME]
    caseworker letter bed_occupancy_report [--month YYYY-MM] [--signer NAME] ...

Fields the records cannot supply are named (exit 2) until given with --field; free
paragraphs may be rewritten with --paragraph. The bed-occupancy report takes its figures
from the bed records of the user's institution for --month (default: last month); they
cannot be typed. The PDF is numbered and stored in the register before it is written to
--out.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from caseworker.app import AppContext
from caseworker.cli.acting_user import cli_actor
from caseworker.i18n import _
from caseworker.services.errors import DomainError, ValidationError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def configure(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_option: Callable[..., None],
) -> argparse.ArgumentParser:
    p = subparsers.add_parser("letter", help="issue a letter (numbered, stored in the register)")
    db_option(p, top=False)
    p.add_argument("type", nargs="?", help="letter type code (see --list)")
    p.add_argument("--list", action="store_true", help="list the letter types and their stages")
    p.add_argument("--case", metavar="CASE_NO", help="the case number, e.g. 310115-2026-00046")
    p.add_argument("--out", metavar="FILE.pdf", help="where to write the PDF")
    p.add_argument(
        "--field", action="append", default=[], metavar="NAME=VALUE", help="a field to fill in"
    )
    p.add_argument(
        "--paragraph", action="append", default=[], metavar="ID=TEXT", help="rewrite a paragraph"
    )
    p.add_argument("--signer", default="", help="签发人 of a report to a higher authority")
    p.add_argument(
        "--month",
        metavar="YYYY-MM",
        help="bed_occupancy_report: the month it reports on, e.g. 2026-10 (default: last "
        "month; this month gives the figures so far); its figures come from the bed records",
    )
    p.add_argument("--user", help="act as this user (default $CASEWORKER_USER)")
    return p


def _pairs(items: Sequence[str], what: str) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                _("Write {what} as name=value: {item}").format(what=what, item=item)
            )
        out[name.strip()] = value
    return out


def _reports_on_beds(code: str) -> bool:
    from caseworker.docs_gen import LetterError, letter_type
    from caseworker.services.beds.letter import BED_FIELDS

    try:
        return any(f.startswith(BED_FIELDS) for f in letter_type(code).fields)
    except LetterError:
        return True  # an unknown type: issuing names the problem


def _list(out: TextIO) -> int:
    from caseworker.docs_gen import list_letters
    from caseworker.services.reference.labels import stage_label

    for lt in list_letters():
        stages = "、".join(stage_label(s) for s in lt.stages) or _("(no case: institution report)")
        print(f"{lt.code}\t{lt.title}\t{stages}", file=out)
    return EXIT_OK


def run(args: argparse.Namespace, ctx: AppContext, stdout: TextIO, stderr: TextIO) -> int:
    if args.list:
        return _list(stdout)
    if not args.type:
        print(_("Name a letter type (caseworker letter --list shows them)."), file=stderr)
        return EXIT_USAGE
    from caseworker.operations import issuing
    from caseworker.services.beds.letter import parse_month
    from caseworker.services.cases.access import load_case_by_number

    out = Path(args.out) if args.out else None
    if out is not None and not out.parent.is_dir():
        print(_("No such folder: {path}").format(path=out.parent), file=stderr)
        return EXIT_USAGE
    try:
        fields = _pairs(args.field, "--field")
        edits = _pairs(args.paragraph, "--paragraph")
        month = parse_month(args.month) if args.month else None
        if month is not None and not _reports_on_beds(args.type):
            raise ValidationError(
                _("{type} does not report on the beds: it takes no --month.").format(type=args.type)
            )
        actor = cli_actor(ctx, args.user)
        with ctx.sessions() as session:
            case_id = load_case_by_number(session, actor, args.case).id if args.case else None
            doc = issuing.issue_letter(
                session,
                actor,
                case_id=case_id,
                letter_code=args.type,
                entered=fields,
                edits=edits,
                signer=args.signer,
                month=month,
            )
    except ValidationError as exc:
        print(exc.message, file=stderr)
        if "month" in exc.errors:
            print(_("Choose the month with --month YYYY-MM (default: last month)."), file=stderr)
        wanted = {name: why for name, why in exc.errors.items() if name != "month"}
        if wanted:
            from caseworker.docs_gen.letters import field_labels

            print(_("Give each with --field name=value (or --paragraph id=text):"), file=stderr)
            labels = field_labels()
            for name, why in wanted.items():
                option = "--field" if "." in name else "--paragraph"
                what = f"{labels[name]}：{why}" if name in labels else why
                print(f"  {option} {name}=…  {what}", file=stderr)
        return EXIT_USAGE
    except DomainError as exc:
        print(exc.message, file=stderr)
        return EXIT_USAGE
    target = out or Path(f"{doc.letter_code}-{doc.year}-{doc.serial:04d}.pdf")
    try:
        target.write_bytes(doc.pdf)
    except OSError as exc:
        print(
            _("{number} is issued and stored, but {path} could not be written: {error}").format(
                number=doc.number_text, path=target, error=exc.strerror
            ),
            file=stderr,
        )
        return EXIT_ERROR
    print(f"{doc.number_text}\t{doc.title}\t{target}\t{doc.sha256}", file=stdout)
    return EXIT_OK
