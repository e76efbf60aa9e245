"""Sample data (invented people with rare-character names) and the documentation samples.

    python -m caseworker.docs_gen.samples [OUT_DIR]   (default: docs/samples)

writes every letter, the blank and the filled assessment form as PDF, and a 60 dpi PNG of
each first page (pdftoppm) beside it. Tests and the benchmark use the same sample data.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from caseworker.docs_gen.assessment import (
    AssessmentForm,
    GuardianAssessment,
    Signature,
    load_instrument,
)
from caseworker.docs_gen.assessment_pdf import render_assessment, render_blank_form
from caseworker.docs_gen.letters import fill, letter_type, list_letters
from caseworker.docs_gen.render import DocNumber, IssueInfo
from caseworker.docs_gen.resources import INSTRUMENTS_DIR, LETTERS_DIR, RESOURCES

SAMPLE_DATE = date(2026, 11, 22)
INSTITUTION = "上海市徐汇区未成年人保护中心"
AGENCY = "上海市徐汇区民政局"


def sample_fields(code: str, directory: Path = LETTERS_DIR) -> dict[str, Any]:
    data = tomllib.loads((directory / "_sample.toml").read_text(encoding="utf-8"))
    return {**data["base"], **data["letters"].get(code, {})}


def sample_issue(code: str, serial: int = 12) -> IssueInfo:
    """Who issues a sample letter: the bureau for decisions and petitions, else the centre."""
    style = letter_type(code).style
    by_bureau = style == "文书" or code in ("temporary_guardianship_decision", "return_notice")
    issuer = AGENCY if by_bureau and code != "protection_order_petition" else INSTITUTION
    prefix = "徐民" if issuer == AGENCY else "徐未保"
    return IssueInfo(
        doc_number=str(DocNumber(prefix, 2026, serial)),
        issue_date=SAMPLE_DATE,
        issuer=issuer,
        signer="周敏" if style == "公文上行" else "",
    )


def sample_assessment(path: Path = INSTRUMENTS_DIR / "_sample_assessment.toml") -> AssessmentForm:
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    return AssessmentForm(
        instrument=load_instrument(INSTRUMENTS_DIR / d["instrument"]),
        case_number=d["case_number"],
        child_name=d["child_name"],
        child_id_number=d["child_id_number"],
        assessment_date=d["assessment_date"],
        assessor_org=d["assessor_org"],
        assessors=tuple(d["assessors"]),
        commissioned_by=d["commissioned_by"],
        methods=tuple(d["methods"]),
        basic_info=tuple((k, v) for k, v in d["basic_info"]),
        guardians=tuple(
            GuardianAssessment(g["name"], g["relation"], g["scores"], g.get("notes", {}))
            for g in d["guardians"]
        ),
        conclusion=d["conclusion"],
        recommendation=d["recommendation"],
        signatures=tuple(Signature(s["role"], s["name"], s["day"]) for s in d["signatures"]),
    )


def write_samples(out: Path) -> list[Path]:
    from caseworker.docs_gen.render import render_many

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for serial, lt in enumerate(list_letters(), start=12):
        filled = fill(lt.code, sample_fields(lt.code))
        path = out / f"{lt.code}.pdf"
        path.write_bytes(render_many([(filled, sample_issue(lt.code, serial))]))
        written.append(path)
    form = sample_assessment()
    (out / "assessment_form_blank.pdf").write_bytes(render_blank_form(form.instrument))
    (out / "assessment_form_filled.pdf").write_bytes(render_assessment(form))
    written += [out / "assessment_form_blank.pdf", out / "assessment_form_filled.pdf"]
    if shutil.which("pdftoppm"):
        for pdf in written:
            stem = str(pdf.with_suffix(""))
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "60",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    stem,
                ],
                check=True,
            )
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else RESOURCES.parent / "docs" / "samples"
    for path in write_samples(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
