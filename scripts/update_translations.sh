#!/usr/bin/env bash
# Extract messages from the code and merge them into each catalogue.
# Then translate the new entries in resources/translations/<locale>/LC_MESSAGES/caseworker.po;
# tests/unit/test_translations.py fails while any zh_CN entry is missing or fuzzy.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
POT=resources/translations/caseworker.pot
"$PY" -m babel.messages.frontend extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location \
  --sort-output --project caseworker -o "$POT" caseworker
"$PY" -m babel.messages.frontend update -i "$POT" -d resources/translations -D caseworker \
  -l zh_CN --no-fuzzy-matching --ignore-obsolete --init-missing
