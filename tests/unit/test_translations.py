"""Every message the code shows has its zh_CN translation, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import caseworker
from caseworker import i18n

PACKAGE = Path(caseworker.__file__).parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _code_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(PACKAGE),
        method_map=[("policy/**.py", "ignore"), ("cli/classify.py", "ignore"), ("**.py", "python")],
        keywords=KEYWORDS,
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalogue():  # type: ignore[no-untyped-def]
    path = i18n.TRANSLATIONS_DIR / "zh_CN" / "LC_MESSAGES" / "caseworker.po"
    with path.open("rb") as fh:
        return read_po(fh, locale="zh_CN")


def test_every_message_is_translated_to_chinese() -> None:
    catalogue = _catalogue()
    messages = _code_messages()
    assert len(messages) > 50
    missing = sorted(m for m in messages if not (catalogue.get(m) and catalogue.get(m).string))
    fuzzy = sorted(m.id for m in catalogue if m.id and m.fuzzy)
    assert missing == [], "run scripts/update_translations.sh and translate: " + repr(missing)
    assert fuzzy == []


def test_translations_keep_their_placeholders() -> None:
    for message in _catalogue():
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in filter(None, strings):  # untranslated entries are the other test's job
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(msgid)), msgid


def test_chinese_is_the_default_and_english_switchable() -> None:
    i18n.activate("zh_CN")
    assert i18n._("Cases") == "案件"
    assert i18n.ngettext("{n} case", "{n} cases", 3).format(n=3) == "共 3 个案件"
    i18n.activate("en")
    assert i18n._("Cases") == "Cases"
    i18n.activate("zh_CN")
