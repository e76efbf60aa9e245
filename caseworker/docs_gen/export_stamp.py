"""A copy of a stored PDF that says who exported it and when: a small grey line in the
bottom margin of every page, and the same in the document information.

The register keeps the PDF exactly as issued (its SHA-256 proves it); only the copy that
leaves the system is stamped, so a leaked printout names the person who took it out.
"""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from caseworker.docs_gen.draw import draw_line
from caseworker.docs_gen.fonts import FontRegistry, font_registry
from caseworker.docs_gen.layout import single_line

SIZE = 8.0  # points: legible on paper, below the 版心 and away from the page number
GREY = "#6b6b6b"
BOTTOM = 5 * 72 / 25.4  # 5 mm above the paper's lower edge, under GB/T 9704's 版心


def _overlay(fonts: FontRegistry, text: str, width: float, height: float) -> PdfReader:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, height), initialFontName=fonts.primary("song"))
    line = single_line(fonts, text, "song", SIZE, 0.0)
    draw_line(c, replace(line, x=(width - line.width) / 2, color=GREY), BOTTOM)
    c.showPage()
    c.save()
    return PdfReader(io.BytesIO(buf.getvalue()))


def stamp_pdf(
    data: bytes, text: str, who: str, when_iso: str, fonts: FontRegistry | None = None
) -> bytes:
    """`data` with `text` centred at the foot of each page and who/when in its metadata."""
    fonts = fonts or font_registry()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    overlays: dict[tuple[float, float], PdfReader] = {}
    for page in writer.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        if size not in overlays:
            overlays[size] = _overlay(fonts, text, *size)
        page.merge_page(overlays[size].pages[0])
    writer.add_metadata({"/ExportedBy": who, "/ExportedAt": when_iso, "/Keywords": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
