#!/bin/sh
# Sums the numbers in the file named by its first argument into its second.
set -eu
s=0
while read -r n; do s=$((s + n)); done < "$1"
echo "$s" > "$2"
