#!/usr/bin/env bash
# The built wheel works as an installed app, away from the checkout: it carries its
# resources (fonts, rule sets, letters, catalogues) and migrations. CI runs this after the
# tests: build the wheel, install it into a fresh virtual environment in a temporary
# folder, then classify, list the letters, issue one and take a screenshot there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$ROOT/.venv/bin/python" -m pip wheel --no-deps --quiet "$ROOT" -w "$WORK/dist"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet "$WORK"/dist/*.whl
cd "$WORK"  # nothing of the checkout on the path
export QT_QPA_PLATFORM=offscreen CASEWORKER_DB_PASSPHRASE=demo HOME="$WORK/home"
CW="$WORK/venv/bin/caseworker"
DB="$WORK/demo.db"
cat > child.json <<'JSON'
{"as_of": "2026-03-01",
 "child": {"id_number": "310230201306150021", "hukou": "shanghai", "hukou_agricultural": true,
           "lives_in": "shanghai_suburban_rural", "full_time_education": "none"},
 "parents": [{"role": "father", "hukou_agricultural": true, "working_away_months": 14},
             {"role": "mother", "hukou": "other", "shanghai_residence_permit": true,
              "working_away_months": 9}]}
JSON
"$CW" classify child.json | grep -q left_behind
"$CW" letter --list > letters.txt
grep -q bed_occupancy_report letters.txt
"$CW" --db "$DB" demo --children 200 --seed 1 > /dev/null
"$CW" --db "$DB" letter bed_occupancy_report --out bed.pdf > /dev/null
[[ "$(head -c 5 bed.pdf)" == "%PDF-" ]]
"$CW" --db "$DB" gui --screenshot cases.png --screen cases
[[ -s cases.png ]]
echo "installed wheel: classify, letter --list, a letter and a screenshot work"
