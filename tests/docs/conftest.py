"""Fixtures for the document tests: byte-identical PDFs and reading PDFs back with poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab import rl_config

from caseworker.docs_gen import fill, list_letters, render_many
from caseworker.docs_gen.samples import sample_fields, sample_issue

MM = 72 / 25.4


@contextmanager
def invariant_pdfs() -> Iterator[None]:
    """Same inputs, same bytes: reportlab leaves out the time stamp and random ids."""
    old = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = old


@pytest.fixture(autouse=True)
def _invariant() -> Iterator[None]:
    with invariant_pdfs():
        yield


@pytest.fixture(scope="session", autouse=True)
def _poppler() -> None:
    if not shutil.which("pdftotext") or not shutil.which("pdffonts"):
        pytest.fail("poppler-utils (pdftotext, pdffonts) is missing: see scripts/system-deps.sh")


@dataclass(frozen=True)
class Word:
    x0: float  # points from the left edge
    y0: float  # points from the top edge
    x1: float
    y1: float
    text: str


class Pdf:
    """A rendered PDF on disk, read back with poppler."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.path = path
        path.write_bytes(data)

    def text(self, page: int | None = None, *, layout: bool = True) -> str:
        args = ["-f", str(page), "-l", str(page)] if page else []
        return _run(["pdftotext", *(["-layout"] if layout else []), *args, str(self.path), "-"])

    def words(self, page: int) -> list[Word]:
        out = _run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(self.path), "-"])
        pat = (
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
        )
        return [
            Word(float(a), float(b), float(c), float(d), t)
            for a, b, c, d, t in re.findall(pat, out)
        ]

    def lines(self, page: int) -> list[list[Word]]:
        """Words grouped by baseline, top to bottom."""
        rows: dict[float, list[Word]] = {}
        for w in self.words(page):
            key = next((k for k in rows if abs(k - w.y1) < 1.0), w.y1)
            rows.setdefault(key, []).append(w)
        return [sorted(rows[k], key=lambda w: w.x0) for k in sorted(rows)]

    @property
    def pages(self) -> int:
        info = _run(["pdfinfo", str(self.path)])
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]

    def fonts(self) -> list[tuple[str, str, str]]:
        """(name, type, embedded) for each font pdffonts lists."""
        rows = _run(["pdffonts", str(self.path)]).splitlines()[2:]
        out = []
        for row in rows:
            parts = row.split()
            # name, type (1 or 2 words), encoding, emb, sub, uni, object id, generation
            out.append((parts[0], " ".join(parts[1:-6]), parts[-5]))
        return out


def _run(cmd: list[str]) -> str:
    # errors="replace": pdftotext -bbox writes a title's astral characters (𠮷) as CESU-8
    out = subprocess.run(cmd, check=True, capture_output=True).stdout
    return out.decode("utf-8", errors="replace")


@pytest.fixture
def make_pdf(tmp_path: Path):  # type: ignore[no-untyped-def]
    counter = iter(range(10_000))

    def make(data: bytes) -> Pdf:
        return Pdf(data, tmp_path / f"doc{next(counter)}.pdf")

    return make


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pdf]:
    """Every letter of the catalogue rendered once with its sample data."""
    folder = tmp_path_factory.mktemp("letters")
    out = {}
    with invariant_pdfs():
        for serial, lt in enumerate(list_letters(), start=12):
            data = render_many(
                [(fill(lt.code, sample_fields(lt.code)), sample_issue(lt.code, serial))]
            )
            out[lt.code] = Pdf(data, folder / f"{lt.code}.pdf")
    return out
