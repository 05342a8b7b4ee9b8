#!/usr/bin/env bash
# Makes the old-store fixture of OldStoreFixtureTest: store.zip, the .gantry store that one run
# of pipeline.yaml leaves, and recorded-keys.tsv, each step's cache key, outputs and key parts
# as that run recorded them. Both are made by the Gantry built from the checkout this script is
# in, through the CLI (./gantry run), as a user makes a store.
#
# The committed fixture was made with commit 742ab749f3bf5ef8451923f580a517db154e32fb (cache key
# format 2, run store schema 2) on Debian 12, x86_64, OpenJDK 17.0.15, where sh on PATH is
# /usr/bin/sh (dash); the paths below are those of that commit's layout. Its point is that an
# older build made it: do not run this again to make a failing OldStoreFixtureTest pass. Run it
# only after bumping the key format on purpose, and say so in the commit.
#
# Needs bash, sqlite3 and zip, besides what ./gantry needs (Java 17 and Maven).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(git -C "$here" rev-parse --show-toplevel)"
# The commit it names must be the code that made the store.
if ! git -C "$root" diff --quiet HEAD -- pom.xml dsl engine/pom.xml engine/src/main; then
  echo "make-fixture.sh: the sources of the build differ from HEAD; commit them first" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir "$work/project"
cp -p "$here/pipeline.yaml" "$here/fx" "$here/lib.sh" "$work/project/"
cp -pR "$here/data" "$work/project/"
chmod +x "$work/project/fx"

(cd "$work/project" && "$root/gantry" run pipeline.yaml --store .gantry)

db="$work/project/.gantry/gantry.db"
run="$(sqlite3 "$db" "SELECT id FROM runs")"
{
  echo "# Made by make-fixture.sh with commit $(git -C "$root" rev-parse HEAD). Tab-separated: the run"
  echo "# that made the store, then each step: name, status, cache key, outputs (name=digest), key parts."
  printf 'run\t%s\n' "$run"
  sqlite3 -separator $'\t' "$db" "
    SELECT 'step', s.step, s.status, s.cache_key,
           (SELECT group_concat(o.output || '=' || o.sha256, ' ')
              FROM (SELECT output, sha256 FROM step_outputs
                     WHERE run_id = s.run_id AND step = s.step ORDER BY output) AS o),
           s.key_parts
      FROM step_runs AS s WHERE s.run_id = '$run' ORDER BY s.position"
} > "$here/recorded-keys.tsv"

rm -f "$here/store.zip"
(cd "$work/project" && zip -q -X -r -9 "$here/store.zip" .gantry)
echo "made $here/store.zip ($(wc -c < "$here/store.zip") bytes) and $here/recorded-keys.tsv"
