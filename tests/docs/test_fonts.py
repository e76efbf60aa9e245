"""Fonts: the app's own TrueType copies, embedded as subsets, with per-character fallback
so that no character of a child's name prints blank."""

from __future__ import annotations

import logging
import tomllib
from datetime import date
from pathlib import Path

import pytest

from caseworker.docs_gen import (
    FontRegistry,
    FontSettings,
    MissingGlyphError,
    fill,
    font_registry,
    render,
    render_assessment,
    render_blank_form,
)
from caseworker.docs_gen.fonts import ROLES
from caseworker.docs_gen.resources import DOCSTYLES_DIR, FONTS_DIR
from caseworker.docs_gen.samples import sample_assessment, sample_fields

RARE = "堃喆玥赟珺昇旻祎"
EXT_B = "𠮷"  # U+20BB7, a surname: not in AR PL UMing, in LXGW WenKai


def _render(
    fields: dict[str, object], fonts: FontRegistry | None = None, code: str = "return_notice"
) -> bytes:
    filled = fill(code, fields)
    return render(
        filled,
        doc_number="徐民未保〔2026〕12号",
        issue_date=date(2026, 11, 22),
        issuer="上海市徐汇区民政局",
        fonts=fonts,
    )


def _font_names(pdf) -> set[str]:  # type: ignore[no-untyped-def]
    return {name.split("+", 1)[1].rsplit("-", 1)[0] for name, _type, _emb in pdf.fonts()}


def test_bundled_fonts_ship_with_their_licences() -> None:
    config = tomllib.loads((DOCSTYLES_DIR / "fonts.toml").read_text(encoding="utf-8"))
    added = 0
    for spec in config["fonts"].values():
        font = FONTS_DIR / spec["file"]
        assert font.is_file() and (FONTS_DIR / spec["licence"]).is_file()
        if not spec["file"].startswith("wqy"):
            added += font.stat().st_size
    assert added < 40 * 2**20


def test_every_role_uses_the_apps_own_copies() -> None:
    """Not the system's: the Debian packages they came from are not installed."""
    registry = FontRegistry()
    for role in ROLES:
        chain = registry.chain(role)
        assert chain and all(f.path.parent == FONTS_DIR for f in chain)


def test_rare_name_characters_come_from_a_font_that_has_them() -> None:
    registry = font_registry()
    for role in ROLES:
        for ch in RARE + EXT_B:
            assert ord(ch) in registry.font(registry.font_for(ch, role)).cmap


def test_fallback_takes_over_where_the_first_font_lacks_a_glyph() -> None:
    registry = font_registry()
    first = registry.chain("fangsong")[0]
    assert ord(EXT_B) not in first.cmap
    (lead, char), (rest, name) = registry.runs(EXT_B + "昇", "fangsong")
    assert (char, name) == (EXT_B, "昇")
    assert lead != first.name and rest == first.name


def test_a_character_no_font_has_is_refused_not_printed_blank() -> None:
    with pytest.raises(MissingGlyphError, match=r"U\+2611"):
        font_registry().font_for("☑", "fangsong")
    fields = {**sample_fields("return_notice"), "child.name": "王☑"}
    with pytest.raises(MissingGlyphError):
        _render(fields)


def test_rare_names_print_and_read_back_exactly(make_pdf) -> None:  # type: ignore[no-untyped-def]
    name = "王" + RARE + EXT_B
    pdf = make_pdf(_render({**sample_fields("return_notice"), "child.name": name}))
    assert f"{name}（男" in "".join(pdf.text().split())
    assert "LXGWWenKai" in _font_names(pdf)  # 𠮷 from the fallback font
    plain = make_pdf(_render(sample_fields("return_notice")))
    assert "LXGWWenKai" not in _font_names(plain)  # only fonts that print something


def test_heading_levels_use_hei_and_kai(make_pdf) -> None:  # type: ignore[no-untyped-def]
    pdf = make_pdf(_render(sample_fields("support_plan"), code="support_plan"))
    assert {"UMingCN", "WenQuanYiMicroHei", "LXGWWenKai"} <= _font_names(pdf)  # 仿宋 一、 （一）


def test_every_font_of_every_document_is_embedded(sample_pdfs, make_pdf) -> None:  # type: ignore[no-untyped-def]
    form = sample_assessment()
    docs = [
        *sample_pdfs.values(),
        make_pdf(render_blank_form(form.instrument)),
        make_pdf(render_assessment(form)),
    ]
    for pdf in docs:
        fonts = pdf.fonts()
        assert fonts
        for name, kind, embedded in fonts:
            assert embedded == "yes" and kind == "TrueType", (pdf.path.name, name)
            assert "+" in name  # a subset
            assert "Helvetica" not in name


def test_system_fonts_are_preferred_when_asked(tmp_path: Path, make_pdf) -> None:  # type: ignore[no-untyped-def]
    system = tmp_path / "Fonts"
    system.mkdir()
    (system / "SIMFANG.TTF").symlink_to(FONTS_DIR / "lxgw-wenkai-regular.ttf")  # a stand-in
    preferred = FontRegistry(FontSettings(prefer_system_fonts=True, search_paths=(system,)))
    assert preferred.chain("fangsong")[0].path == system / "SIMFANG.TTF"
    assert preferred.chain("song")[0].path.parent == FONTS_DIR  # no simsun there
    own = FontRegistry(FontSettings(prefer_system_fonts=False, search_paths=(system,)))
    assert own.chain("fangsong")[0].path.parent == FONTS_DIR
    pdf = make_pdf(_render(sample_fields("return_notice"), preferred))
    assert "LXGWWenKai" in _font_names(pdf)


def test_a_system_font_reportlab_cannot_embed_is_skipped(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "simfang.ttf").write_bytes(b"OTTO" + bytes(200))  # CFF outlines / broken
    registry = FontRegistry(FontSettings(prefer_system_fonts=True, search_paths=(tmp_path,)))
    with caplog.at_level(logging.WARNING):
        assert registry.chain("fangsong")[0].path.parent == FONTS_DIR
    assert "simfang.ttf" in caplog.text


def test_fonts_are_registered_once_per_process() -> None:
    assert font_registry() is font_registry()
    assert font_registry().chain("fangsong") is font_registry().chain("fangsong")
