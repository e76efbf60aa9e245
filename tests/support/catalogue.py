"""The zh_CN catalogue with pending translation files merged in, as it will be once the
catalogue scripts have run: feature tests see Chinese before the merge."""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from caseworker import i18n


def merged_catalogue(root: Path, *pending: str) -> Path:
    """Write zh_CN (shipped + resources/translations/pending/<name> files) under `root`;
    returns the translations folder for `i18n.activate`."""
    source = i18n.TRANSLATIONS_DIR / "zh_CN" / "LC_MESSAGES" / "caseworker.po"
    with source.open("rb") as fh:
        catalogue = read_po(fh, locale="zh_CN")
    for name in pending:
        path = i18n.TRANSLATIONS_DIR / "pending" / name
        for msgid, text in json.loads(path.read_text(encoding="utf-8")).items():
            entry = catalogue.get(msgid)
            if entry is None:
                catalogue.add(msgid, text)
            elif not entry.string:  # extracted by the script but not yet translated
                entry.string = text
    target = root / "zh_CN" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "caseworker.po").open("wb") as fh:
        write_po(fh, catalogue)
    return root
