"""`caseworker classify [FILE|-] [--as-of DATE] [--rules ID,...]` (see docs/classify.md)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TextIO

from caseworker.policy._text import _
from caseworker.policy.dates import parse_iso_date
from caseworker.policy.facts_json import InputError, read_classify_input
from caseworker.policy.report import evaluate, report_to_dict
from caseworker.policy.rulesets import UnknownRuleSet, load_rulebook

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def configure_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="JSON description of the child and parents ('-' or absent: standard input)",
    )
    p.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        help="evaluation date YYYY-MM-DD (default: the input's as_of, else today)",
    )
    p.add_argument(
        "--rules",
        metavar="ID,...",
        help="rule sets: plain ids use only those; +ID adds one (e.g. +DRAFT-2025)",
    )


class _BadInput(Exception):
    def __init__(self, *problems: str) -> None:
        super().__init__(*problems)
        self.problems = problems


def _read(file: str, stdin: TextIO) -> str:
    if file == "-":
        return stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _BadInput(_("FILE: 无法读取 {f}：{e}").format(f=file, e=exc)) from exc


def _evaluate(args: argparse.Namespace, stdin: TextIO) -> dict[str, object]:
    text = _read(getattr(args, "file", "-") or "-", stdin)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadInput(
            _("输入不是合法的 JSON：第{line}行第{col}列：{msg}").format(
                line=exc.lineno, col=exc.colno, msg=exc.msg
            )
        ) from exc
    try:
        parsed = read_classify_input(data)
    except InputError as exc:
        raise _BadInput(*exc.problems) from exc

    as_of: date | None = parsed.as_of
    if getattr(args, "as_of", None):
        try:
            as_of = parse_iso_date(args.as_of)
        except ValueError as exc:
            msg = _('--as-of: 日期格式错误 "{v}"（应为 YYYY-MM-DD）').format(v=args.as_of)
            raise _BadInput(msg) from exc
    as_of = as_of or date.today()

    book = load_rulebook()
    spec = getattr(args, "rules", None)
    try:
        ids = book.resolve(spec.split(",") if spec else None)
    except UnknownRuleSet as exc:
        raise _BadInput(f"--rules: {exc}") from exc

    born = parsed.facts.child.birth_date
    if as_of < born:
        raise _BadInput(
            _("as_of: 评估日期 {d} 早于出生日期 {b}").format(
                d=as_of.isoformat(), b=born.isoformat()
            )
        )
    return report_to_dict(evaluate(parsed.facts, as_of, rule_sets=ids, rulebook=book))


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Classify one child; print JSON. 0 on success, 2 on bad input (messages on stderr)."""
    try:
        result = _evaluate(args, stdin)
    except _BadInput as exc:
        for problem in exc.problems:
            print(problem, file=stderr)
        return EXIT_BAD_INPUT
    stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
