"""`caseworker letter`: the same letters as the app, from the command line."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseworker import i18n
from caseworker.app import AppContext, start
from caseworker.cli import letter as letter_cmd
from caseworker.cli import main as cli
from caseworker.docs_gen import list_letters
from caseworker.models import utcnow
from caseworker.services.beds.letter import institution_month, letter_values, previous_month
from caseworker.services.beds.occupancy import add_months
from caseworker.services.beds.rules import shanghai_today
from caseworker.services.documents import register as documents
from caseworker.services.documents.register import issuing_institution
from tests.register.bed_history import month_of_stays
from tests.register.helpers import World, pdf_text


def _parser() -> argparse.ArgumentParser:
    """The `letter` sub-command as cli.py registers it."""
    p = argparse.ArgumentParser(prog="caseworker")
    cli._db_option(p, top=True)
    letter_cmd.configure(p.add_subparsers(dest="command"), cli._db_option)
    return p


@pytest.fixture
def ctx(world: World, db_url: str, _catalogue: Path) -> Iterator[AppContext]:
    world.session.commit()  # SQLite: a transaction holds the write lock (BEGIN IMMEDIATE)
    context = start(db_url, upgrade=False)
    i18n.activate("zh_CN", _catalogue)  # start() activated the catalogue without ours
    context.world = world  # type: ignore[attr-defined]
    yield context
    context.close()


def _run(ctx: AppContext, *argv: str) -> tuple[int, str, str]:
    ctx.world.session.commit()  # type: ignore[attr-defined]
    out, err = io.StringIO(), io.StringIO()
    args = _parser().parse_args(["letter", *argv])
    code = letter_cmd.run(args, ctx, out, err)
    return code, out.getvalue(), err.getvalue()


def test_list_names_every_type_with_its_stages(ctx: AppContext) -> None:
    code, out, _err = _run(ctx, "--list")
    assert code == 0
    lines = dict(line.split("\t", 1) for line in out.splitlines())
    assert set(lines) == {lt.code for lt in list_letters()}
    assert lines["return_notice"] == "送回监护人抚养通知书\t临时监护"
    assert lines["temporary_guardianship_decision"].endswith("应急处置、临时监护")
    assert "不针对个案" in lines["bed_occupancy_report"]


def test_issuing_from_the_command_line(world: World, ctx: AppContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    number = world.case.case_number
    base = ["temporary_guardianship_decision", "--case", number, "--user", "pudong.sw1"]
    code, _out, err = _run(ctx, *base)
    assert code == 2  # names what the records lack, issues nothing
    assert "guardianship.ground_item" in err and "临时监护事由" in err
    assert documents.register(world.session, world.sw) == []

    target = tmp_path / "decision.pdf"
    code, out, err = _run(
        ctx,
        *base,
        "--out", str(target),
        "--field", "guardianship.ground_item=六",
        "--paragraph", "facts=经调查核实，被监护人之父长期酗酒，多次殴打被监护人。",
    )  # fmt: skip
    assert code == 0, err
    issued, title, path, sha = out.strip().split("\t")
    assert title == "临时监护决定书" and path == str(target)
    rows = documents.register(world.session, world.sw)
    assert [(r.doc.number_text, r.doc.sha256) for r in rows] == [(issued, sha)]
    text = pdf_text(target.read_bytes(), tmp_path, "read.pdf")
    assert issued in text and "多次殴打被监护人" in text and "王堃" in text

    code, _out, err = _run(ctx, "report_receipt", "--case", number, "--user", "pudong.sw1")
    assert code == 2 and "阶段" in err
    code, _out, err = _run(ctx, *base, "--field", "nonsense")
    assert code == 2 and "name=value" in err
    code, _out, err = _run(ctx, *base, "--field", "child.nmae=王")
    assert code == 2 and "child.nmae" in err


def test_the_bed_report_takes_a_month_not_figures(world: World, ctx: AppContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = world.session
    inst = issuing_institution(s, world.manager, None)
    last = previous_month(shanghai_today(utcnow()))
    year, month = add_months(*last, -1)
    month_of_stays(s, inst, year, month)
    v = letter_values(institution_month(s, world.manager, inst.id, year, month))
    base = ["bed_occupancy_report", "--user", "pudong.manager", "--signer", "周敏"]
    code, _out, err = _run(ctx, *base, "--field", "beds.total=30")
    assert code == 2 and "核定床位数" in err and "--month YYYY-MM" in err
    code, _out, err = _run(ctx, *base, "--month", "2026-13")
    assert code == 2 and "2026-10" in err
    case_letter = ["return_notice", "--case", world.case.case_number, "--user", "pudong.sw1"]
    code, _out, err = _run(ctx, *case_letter, "--month", "2026-10")
    assert code == 2 and "--month" in err
    assert documents.register(world.session, world.manager) == []  # nothing issued so far

    target = tmp_path / "beds.pdf"
    code, out, err = _run(ctx, *base, "--month", f"{year}-{month:02d}", "--out", str(target))
    assert code == 0, err
    assert f"关于{year}年{month}月" in out.split("\t")[1]
    text = pdf_text(target.read_bytes(), tmp_path, "read.pdf")
    assert f"本机构核定困境儿童照料床位{v['beds.total']}张" in text
    assert f"在床儿童{v['beds.occupied']}人，空余床位{v['beds.vacant']}张" in text
    assert (
        f"本期新入住儿童{v['beds.admitted']}人，离开{v['beds.discharged']}人，"
        f"其中送回监护人抚养{v['beds.returned']}人"
    ) in text
    code, out, err = _run(ctx, *base, "--out", str(tmp_path / "default.pdf"))
    assert code == 0, err
    assert f"关于{last[0]}年{last[1]}月" in out.split("\t")[1]  # last month by default
