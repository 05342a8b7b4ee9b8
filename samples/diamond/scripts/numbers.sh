#!/bin/sh
# Writes the integers 1..N, one per line, to the file named by GANTRY_OUTPUT_NUMBERS.
set -eu
seq 1 "$1" > "$GANTRY_OUTPUT_NUMBERS"
echo "wrote $1 numbers"
