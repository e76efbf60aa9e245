"""`caseworker letter`: the same letters as the app, from the command line."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseworker import cli, i18n, letter_cmd
from caseworker.app import AppContext, start
from caseworker.docs_gen import list_letters
from caseworker.services import documents
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
