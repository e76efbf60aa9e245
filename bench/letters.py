"""Letters to PDF per second on one core, and against LibreOffice where it is installed.

    python -m bench.letters [--letters 600] [--batch 100] [--lo-letters 24]

Measures, in this run and pinned to one CPU core:
- fill + render of each letter of the catalogue (sample data) into its own PDF, cycling
  through the twelve letter types (fonts registered once, before timing);
- the same letters rendered as one PDF (one print job: font subsets written once);
- where `soffice` (LibreOffice) is on PATH: a headless conversion of the same letters,
  written as simple HTML, to PDF in one batch process, and the ratio of the two rates.
  Without LibreOffice that part is skipped and the run says so.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity here)"


def _html(title: str, text: str) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.splitlines())
    return f'<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>{paras}</body></html>'


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--letters", type=int, default=600)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--lo-letters", type=int, default=24)
    args = p.parse_args()
    print(_pin_one_core())

    from caseworker.docs_gen import fill, font_registry, list_letters, render_many
    from caseworker.docs_gen.samples import sample_fields, sample_issue

    codes = [lt.code for lt in list_letters()]
    jobs = [(c, sample_fields(c), sample_issue(c, 12 + i)) for i, c in enumerate(codes)]
    t0 = time.perf_counter()
    font_registry()
    for code, fields, info in jobs:  # warm-up: parse and register every font once
        render_many([(fill(code, fields), info)])
    print(f"fonts registered and warm-up: {time.perf_counter() - t0:.2f} s")

    times: list[float] = []
    size = 0
    start = time.perf_counter()
    for i in range(args.letters):
        code, fields, info = jobs[i % len(jobs)]
        t = time.perf_counter()
        size += len(render_many([(fill(code, fields), info)]))
        times.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - start
    rate = args.letters / elapsed
    print(
        f"one PDF per letter: {args.letters} letters in {elapsed:.2f} s = {rate:.0f} letters/s "
        f"(median {statistics.median(times) * 1000:.1f} ms, p95 "
        f"{sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms, mean {size / args.letters / 1024:.0f} KiB)"
    )

    batch = [(fill(c, f), info) for c, f, info in (jobs[i % len(jobs)] for i in range(args.batch))]
    t = time.perf_counter()
    data = render_many(batch)
    bt = time.perf_counter() - t
    print(
        f"one PDF of {args.batch} letters: {bt:.2f} s = {args.batch / bt:.0f} letters/s ({len(data) / 1024:.0f} KiB)"
    )

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice (soffice) is not installed here: the comparison is skipped")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for i in range(args.lo_letters):
            code, fields, _info = jobs[i % len(jobs)]
            filled = fill(code, fields)
            path = folder / f"letter{i:03d}.html"
            path.write_text(_html(filled.title, filled.text), encoding="utf-8")
            files.append(str(path))
        t = time.perf_counter()
        cmd = [
            soffice,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            *files,
        ]
        subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "HOME": tmp})
        lo = time.perf_counter() - t
    lo_rate = args.lo_letters / lo
    print(
        f"LibreOffice headless, one batch of {args.lo_letters}: {lo:.2f} s = {lo_rate:.1f} letters/s"
    )
    print(f"ratio: reportlab engine is {rate / lo_rate:.0f}x LibreOffice")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
