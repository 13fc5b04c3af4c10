#!/usr/bin/env bash
# `make demo`: the merge-request, deploy and nightly jobs end to end on the built-in device lab.
#   1. check: inventory schema, templates, golden configs up to date (the MR gate)
#   2. lab up --seed brownfield: one simulated device per host, with hand-made drift
#   3. plan: real NAPALM drivers fetch every running config and diff it (read-only)
#   4. apply: the plan pushed with the whole safety chain (stale-plan guard, git locks, canaries,
#      batches, commit with revert timer, post-checks, confirm, audit record). The demo runs at any
#      hour, so outside the windows of inventory/policy/change.yaml: it is an emergency change, and
#      the Dell OS10 switches may revert by reloading.
#   5. plan again: nothing left to do (exit 0)
#   6. drift: the nightly run; backs every running config up to the branch $BACKUPS
#   7. an engineer changes hq-access-1 behind the pipeline's back (netmiko, at the "console")
#   8. drift again: that device is reported drifted, and one backup commit shows the change
# apply takes git locks and commits an audit record and drift commits backups: all of it happens in
# a scratch copy of the repository (removed at the end), never near this checkout's remote.
set -uo pipefail
# The demo plays the engineer, the deploy job and the nightly job itself, on a scratch copy and the
# lab: run inside a CI job it must not inherit that job's identity (apply refuses an unprotected
# ref, plan would comment on the merge request).
unset CI GITLAB_CI CI_COMMIT_REF_PROTECTED CI_MERGE_REQUEST_IID
BIN="$(cd "$(dirname "${BIN:-.venv/bin}/x")" && pwd)"
OUT="${OUT:-.bluewire/demo}"
BACKUPS="${BACKUPS:-bluewire-demo-backups}"
mkdir -p "$OUT" && OUT="$(cd "$OUT" && pwd)"
"$BIN/bluewire" check || exit $?
WORK="$(mktemp -d)"
cp -r inventory templates golden_configs "$WORK"/
printf '.bluewire/\n' > "$WORK/.gitignore"
git -C "$WORK" init -q && git -C "$WORK" add -A &&
    git -C "$WORK" -c user.name=demo -c user.email=demo@example.invalid commit -qm "demo" || exit 1
export BLUEWIRE_PROJECT="$WORK"
"$BIN/bluewire" lab up --seed brownfield || exit $?
trap '"$BIN/bluewire" lab down; rm -rf "$WORK"' EXIT
"$BIN/bluewire" --lab plan --out "$OUT/plan.json" --output "$OUT/plan.md" --output "junit:$OUT/plan.xml"
code=$?
echo "plan exit code $code (0 no changes, 2 changes found, 1 a host failed); reports in $OUT/" >&2
[ "$code" -le 2 ] || exit "$code"

"$BIN/bluewire" --lab apply --plan "$OUT/plan.json" --change-id CHG0000001 --yes \
    --emergency --reason "make demo on the device lab" --allow-reload-revert \
    --output "$OUT/apply.md" --output "$OUT/apply.json" --output "junit:$OUT/apply.xml"
code=$?
echo "apply exit code $code (0 all applied, 1 a host failed or was refused); audit record:" >&2
git -C "$WORK" --no-pager log --oneline -1 audit >&2
[ "$code" -eq 0 ] || exit "$code"
"$BIN/bluewire" --lab plan --format markdown > "$OUT/plan-after.md"
code=$?
echo "second plan exit code $code (0: nothing to do)" >&2
[ "$code" -eq 0 ] || exit "$code"

"$BIN/bluewire" --lab drift --backup-branch "$BACKUPS" --no-push --output "$OUT/drift-before.json" >/dev/null
"$BIN/python" ci/lab_change.py hq-access-1 "interface GigabitEthernet1/0/5" \
    "description patched at the console, no change record" || exit $?
"$BIN/bluewire" --lab drift --backup-branch "$BACKUPS" --no-push --limit hq-access-1 --format human \
    --output "$OUT/drift.html" --output "$OUT/drift.json" --output "$OUT/drift.md"
code=$?
echo "drift exit code $code (0 in sync, 2 drift found, 1 a device failed)" >&2
echo "drift report: $OUT/drift.html (also drift.json, drift.md)" >&2
echo "backup commit on branch $BACKUPS of the scratch repository:" >&2
git -C "$WORK" --no-pager log -1 --stat --format='%h %s' "$BACKUPS" >&2
git -C "$WORK" --no-pager show --format= "$BACKUPS" -- configs/hq-access-1.cfg | grep '^[-+] ' >&2
[ "$code" -le 2 ]
