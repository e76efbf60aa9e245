#!/usr/bin/env bash
# The whole test suite: lint, layer contracts, unit, integration (SQLite and a real
# PostgreSQL the tests start themselves) and offscreen UI tests.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")" && pwd)"
cd "$ROOT"
if [[ -z "$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null)" ]] && ! command -v pg_ctl >/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    ./scripts/system-deps.sh
  else
    echo "PostgreSQL server binaries are missing: install the 'postgresql' package (see scripts/system-deps.sh)" >&2
    exit 1
  fi
fi
./scripts/setup-venv.sh
V="$ROOT/.venv/bin"
"$V/ruff" check caseworker tests bench scripts
"$V/ruff" format --check caseworker tests bench scripts
"$V/lint-imports" --no-cache
"$V/mypy" --no-incremental  # the files and settings are in pyproject.toml
export QT_QPA_PLATFORM=offscreen
exec "$V/pytest" "$@"
