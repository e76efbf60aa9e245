from __future__ import annotations

import json
from datetime import date

import pytest

from caseworker import i18n
from caseworker.settings import Settings, app_paths, load_settings, save_settings
from caseworker.storage.database import resolve_url


def test_dates_in_chinese_have_no_zero_padding() -> None:
    assert i18n.format_date(date(2026, 11, 2)) == "2026年11月2日"
    assert i18n.format_date(date(2026, 1, 22)) == "2026年1月22日"


def test_unknown_locale_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.activate("fr")


def test_settings_round_trip_and_damaged_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths = app_paths({"CASEWORKER_HOME": str(tmp_path)})
    assert load_settings(paths) == Settings()
    save_settings(paths, Settings(language="en"))
    assert load_settings(paths).language == "en"
    assert json.loads(paths.settings_file.read_text())["language"] == "en"
    paths.settings_file.write_text("{not json")
    assert load_settings(paths) == Settings()  # a damaged file never blocks start-up


def test_database_url_resolution(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    assert resolve_url(None, {}, data) == f"sqlite:///{data / 'caseworker.storage.database'}"
    assert resolve_url(None, {"CASEWORKER_DB": "postgresql://u:p@h/db"}, data) == (
        "postgresql+psycopg://u:p@h/db"
    )
    assert resolve_url("x.db", {"CASEWORKER_DB": "postgresql://h/db"}, data).startswith(
        "sqlite:///"
    )
    assert resolve_url("x.db", {}, data).endswith("/x.db")
