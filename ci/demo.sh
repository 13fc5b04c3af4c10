#!/usr/bin/env bash
# `make demo`: the merge-request job end to end on the built-in device lab.
#   1. check: inventory schema, templates, golden configs up to date (the MR gate)
#   2. lab up --seed brownfield: one simulated device per host, with hand-made drift
#   3. plan: real NAPALM drivers fetch every running config and diff it (read-only)
set -uo pipefail
BIN="${BIN:-.venv/bin}"
OUT="${OUT:-.bluewire/demo}"
mkdir -p "$OUT"
"$BIN/bluewire" check || exit $?
"$BIN/bluewire" lab down >/dev/null 2>&1
"$BIN/bluewire" lab up --seed brownfield || exit $?
trap '"$BIN/bluewire" lab down' EXIT
"$BIN/bluewire" --lab plan --out "$OUT/plan.json" --output "$OUT/plan.md" --output "junit:$OUT/plan.xml"
code=$?
echo "plan exit code $code (0 no changes, 2 changes found, 1 a host failed); reports in $OUT/" >&2
[ "$code" -le 2 ]
