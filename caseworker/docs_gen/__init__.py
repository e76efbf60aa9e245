"""Official documents as PDF (reportlab only here): GB/T 9704 layout, fonts, letters.

Letters are data (resources/letters/*.toml: text with named fields) laid out by one engine
in a style (resources/docstyles/*.toml: 公文, 公文上行, 信函, 文书). The public API:

- `list_letters()`, `fill(code, fields, edits)` → `FilledLetter`, `render(filled, ...)` → PDF
- `render_blank_form(instrument)`, `render_assessment(form)` → PDF (capacity assessment)
- `font_registry(FontSettings(...))`: CJK fonts by role with per-character fallback

It takes plain data only: no Qt, no database.
"""

from caseworker.docs_gen.assessment import (
    AssessmentForm,
    GuardianAssessment,
    Instrument,
    Signature,
    load_instrument,
)
from caseworker.docs_gen.assessment_pdf import render_assessment, render_blank_form
from caseworker.docs_gen.fonts import FontRegistry, FontSettings, MissingGlyphError, font_registry
from caseworker.docs_gen.letters import (
    FilledLetter,
    LetterError,
    LetterType,
    MissingFieldsError,
    fill,
    letter_type,
    list_letters,
)
from caseworker.docs_gen.render import DocNumber, IssueInfo, render, render_many

__all__ = [
    "AssessmentForm",
    "DocNumber",
    "FilledLetter",
    "FontRegistry",
    "FontSettings",
    "GuardianAssessment",
    "Instrument",
    "IssueInfo",
    "LetterError",
    "LetterType",
    "MissingFieldsError",
    "MissingGlyphError",
    "Signature",
    "fill",
    "font_registry",
    "letter_type",
    "list_letters",
    "load_instrument",
    "render",
    "render_assessment",
    "render_blank_form",
    "render_many",
]
