"""`caseworker occupancy [--date D] [--json]`: the board's district figures, for scripts.

Same service as the board (`occupancy_on`), so the same numbers: counted, occupied,
reserved, free, occupancy rate and whether each district is below the minimum of 25.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TextIO

from caseworker.app import AppContext
from caseworker.cli.acting_user import cli_actor
from caseworker.i18n import _, format_short_date
from caseworker.services.beds.occupancy import occupancy_on
from caseworker.services.beds.rules import CLAUSE, MINIMUM_BEDS
from caseworker.services.errors import DomainError

EXIT_OK, EXIT_USAGE = 0, 2


def configure_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--date",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="figures at the end of this day, Shanghai time (default: now)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--user", help="act as this user (default $CASEWORKER_USER)")


def run(args: argparse.Namespace, ctx: AppContext, stdout: TextIO, stderr: TextIO) -> int:

    try:
        actor = cli_actor(ctx, getattr(args, "user", None))
        with ctx.sessions() as session:
            occupancy = occupancy_on(session, actor, args.date)
    except DomainError as exc:
        print(exc.message, file=stderr)
        return EXIT_USAGE
    rows = [
        {
            "code": d.district_code,
            "district": d.district,
            "counted": d.counted,
            "occupied": d.occupied,
            "reserved": d.reserved,
            "free": d.free,
            "occupancy_rate": round(d.occupancy_rate, 4) if d.occupancy_rate is not None else None,
            "below_minimum": d.below_minimum,
        }
        for d in occupancy.districts
    ]
    if args.json:
        data = {
            "date": occupancy.day.isoformat(),
            "live": occupancy.as_of is None,
            "minimum": MINIMUM_BEDS,
            "clause": CLAUSE,
            "districts": rows,
        }
        json.dump(data, stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
        return EXIT_OK
    print(
        _("Care beds on {date} (at least {n} per district, {clause})").format(
            date=format_short_date(occupancy.day), n=MINIMUM_BEDS, clause=CLAUSE
        ),
        file=stdout,
    )
    header = [
        _("District"),
        _("Counted beds"),
        _("Occupied"),
        _("Reserved"),
        _("Free"),
        _("Occupancy"),
        _("Status"),
    ]
    print("\t".join(header), file=stdout)
    for d in occupancy.districts:
        status = (
            _("Below minimum: {missing} beds short").format(missing=MINIMUM_BEDS - d.counted)
            if d.below_minimum
            else _("Meets minimum")
        )
        rate = "—" if d.occupancy_rate is None else f"{d.occupancy_rate:.0%}"
        cells = [d.district, d.counted, d.occupied, d.reserved, d.free, rate, status]
        print("\t".join(str(c) for c in cells), file=stdout)
    return EXIT_OK
