#!/usr/bin/env bash
# `make demo`: the merge-request job end to end on the built-in device lab.
#   1. check: inventory schema, templates, golden configs up to date (the MR gate)
#   2. lab up --seed brownfield: one simulated device per host, with hand-made drift
#   3. plan: real NAPALM drivers fetch every running config and diff it (read-only)
#   4. drift: the nightly run; backs every running config up to the branch $BACKUPS
#   5. an engineer changes hq-access-1 behind the pipeline's back (netmiko, at the "console")
#   6. drift again: that device is reported drifted, and one backup commit shows the change
set -uo pipefail
BIN="${BIN:-.venv/bin}"
OUT="${OUT:-.bluewire/demo}"
BACKUPS="${BACKUPS:-bluewire-demo-backups}"  # a branch of this repository; delete it at will
mkdir -p "$OUT"
"$BIN/bluewire" check || exit $?
"$BIN/bluewire" lab down >/dev/null 2>&1
"$BIN/bluewire" lab up --seed brownfield || exit $?
trap '"$BIN/bluewire" lab down' EXIT
"$BIN/bluewire" --lab plan --out "$OUT/plan.json" --output "$OUT/plan.md" --output "junit:$OUT/plan.xml"
code=$?
echo "plan exit code $code (0 no changes, 2 changes found, 1 a host failed); reports in $OUT/" >&2
[ "$code" -le 2 ] || exit "$code"

"$BIN/bluewire" --lab drift --backup-branch "$BACKUPS" --no-push --output "$OUT/drift-before.json" >/dev/null
"$BIN/python" ci/lab_change.py hq-access-1 "interface GigabitEthernet1/0/5" \
    "description patched at the console, no change record" || exit $?
"$BIN/bluewire" --lab drift --backup-branch "$BACKUPS" --no-push --limit hq-access-1 --format human \
    --output "$OUT/drift.html" --output "$OUT/drift.json" --output "$OUT/drift.md"
code=$?
echo "drift exit code $code (0 in sync, 2 drift found, 1 a device failed)" >&2
echo "drift report: $OUT/drift.html (also drift.json, drift.md)" >&2
echo "backup commit on branch $BACKUPS (delete with: git branch -D $BACKUPS):" >&2
git --no-pager log -1 --stat --format='%h %s' "$BACKUPS" >&2
git --no-pager show --format= "$BACKUPS" -- configs/hq-access-1.cfg | grep '^[-+] ' >&2
[ "$code" -le 2 ]
