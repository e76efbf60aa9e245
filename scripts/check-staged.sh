#!/usr/bin/env bash
# Lint and format-check exactly what is staged, before committing (the tree may hold
# unfinished work that is not part of the commit).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git diff --cached --name-only --diff-filter=ACMR -- '*.py')
[[ ${#files[@]} -eq 0 ]] && exit 0
.venv/bin/ruff check "${files[@]}"
.venv/bin/ruff format --check "${files[@]}"
