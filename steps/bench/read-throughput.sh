#!/usr/bin/env bash
# Measures how fast a step reads a table through the SDK from the page cache: generates a
# table (default 4 GB: 8M rows of 63 float64 features and a label), reads it once to warm the
# page cache, then runs 'gantry-step scan' three times; scan times from opening the file to the
# last batch and reads every value. Usage: read-throughput.sh [ROWS] [FEATURES] [DIR]
set -euo pipefail

rows="${1:-8000000}"
features="${2:-63}"
dir="${3:-$(mktemp -d)}"
step="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/gantry-step"
table="$dir/read-bench.arrow"

"$step" generate --out "$table" --rows "$rows" --features "$features" --metrics "$dir/generate.json"
cat "$table" >/dev/null
for run in 1 2 3; do
  "$step" scan --table "$table" --metrics "$dir/scan-$run.json"
done
grep -h gb_per_s "$dir"/scan-*.json
echo "tables and metrics in $dir (delete it when done)"
