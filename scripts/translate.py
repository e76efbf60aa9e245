"""Fill zh_CN entries from a small JSON file of {msgid: translation} (a helper for translators).

Usage: python scripts/translate.py NEW.json   — entries already translated are kept unless
the JSON names them again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "resources/translations/zh_CN/LC_MESSAGES/caseworker.po"


def main(path: str) -> int:
    updates: dict[str, str | list[str]] = json.loads(Path(path).read_text(encoding="utf-8"))
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN")
    unknown = []
    for msgid, text in updates.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(msgid)
            continue
        message.string = tuple(text) if isinstance(text, list) else text
        message.flags.discard("fuzzy")
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    missing = [m.id for m in catalog if m.id and not m.string]
    for msgid in unknown:
        print(f"not in the catalogue: {msgid!r}", file=sys.stderr)
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
