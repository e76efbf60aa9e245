"""Translations and locale-aware formatting.

Message ids in the code are English; the zh_CN catalogue is what users see by default.
Catalogues are .po files compiled in memory at start-up, so there is no build step to forget.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from caseworker.policy.resources import resources_dir

DOMAIN = "caseworker"
DEFAULT_LOCALE = "zh_CN"
SUPPORTED_LOCALES = ("zh_CN", "en")
TRANSLATIONS_DIR = resources_dir() / "translations"
_SHANGHAI = ZoneInfo("Asia/Shanghai")


class _State:
    """The active catalogue. Set once at start-up by `activate`; tests activate explicitly."""

    translations: NullTranslations = NullTranslations()
    locale: Locale = Locale.parse(DEFAULT_LOCALE)


def load_catalogue(locale: str, directory: Path = TRANSLATIONS_DIR) -> NullTranslations:
    po_path = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return NullTranslations()  # English: the message ids themselves
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf, domain=DOMAIN)


def activate(locale: str = DEFAULT_LOCALE, directory: Path = TRANSLATIONS_DIR) -> None:
    if locale not in SUPPORTED_LOCALES:
        raise ValueError(f"unsupported locale {locale!r}; choose one of {SUPPORTED_LOCALES}")
    _State.translations = load_catalogue(locale, directory)
    _State.locale = Locale.parse(locale)


def active_locale() -> str:
    return str(_State.locale)


def gettext(message: str) -> str:
    return _State.translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _State.translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the conventional name for "mark for extraction"
    """Mark a string for extraction without translating it yet (module-level constants)."""
    return message


_ = gettext


def format_date(value: date) -> str:
    """2026年11月22日 in Chinese (no zero padding, as GB/T 9704 wants)."""
    return _babel_format_date(value, format="long", locale=_State.locale)


def format_short_date(value: date) -> str:
    return value.isoformat()


def format_datetime(value: datetime) -> str:
    """A time shown to a user, in Shanghai local time."""
    return _babel_format_datetime(
        value, format="yyyy-MM-dd HH:mm", tzinfo=_SHANGHAI, locale=_State.locale
    )
