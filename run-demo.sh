#!/usr/bin/env bash
# Launch caseworker on a demo database, building both on first use.
# Extra arguments go to `caseworker gui`, e.g. --screenshot cases.png --screen cases.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")" && pwd)"
"$ROOT/scripts/setup-venv.sh"
CW="$ROOT/.venv/bin/caseworker"
# The demo database is encrypted like any other; a fixed passphrase (synthetic data only)
# lets it open on a machine without a keyring and without a terminal.
export CASEWORKER_DB_PASSPHRASE=demo
DEMO_DB="${CASEWORKER_DEMO_DB:-$("$ROOT/.venv/bin/python" -c 'from caseworker.settings import app_paths; print(app_paths().data_dir / "demo.db")')}"
if [[ -s "$DEMO_DB" && "$(head -c 15 "$DEMO_DB")" == "SQLite format 3" ]]; then
  "$CW" --db "$DEMO_DB" db encrypt --delete-plain >/dev/null  # built before encryption
fi
if [[ ! -s "$DEMO_DB" ]]; then
  echo "Building the demo database at $DEMO_DB …" >&2
  "$CW" --db "$DEMO_DB" demo --children "${DEMO_CHILDREN:-20000}" --seed 1 >/dev/null
fi
exec "$CW" --db "$DEMO_DB" gui "$@"
