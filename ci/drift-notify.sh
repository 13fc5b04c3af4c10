#!/bin/sh
# Nightly drift notification hook, called by the drift-report job: drift-notify.sh SUMMARY.txt REPORT.md
# Does nothing unless configured:
#   BLUEWIRE_DRIFT_WEBHOOK  Teams/Slack incoming-webhook URL: POSTs {"text": "<summary line> <job URL>"}
# To open a GitLab issue instead, POST the Markdown report to the Issues API, e.g.
#   curl --fail -H "PRIVATE-TOKEN: $GITLAB_TOKEN" --data-urlencode "title=$(tail -n 1 "$1")" \
#        --data-urlencode "description@$2" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/issues"
set -eu
summary_file=$1
[ -n "${BLUEWIRE_DRIFT_WEBHOOK:-}" ] || exit 0
summary=$(tail -n 1 "$summary_file")
text="$summary ${CI_JOB_URL:-}"
payload=$(python3 -c 'import json, sys; print(json.dumps({"text": sys.argv[1].strip()}))' "$text")
curl --fail --silent --show-error -H "Content-Type: application/json" -d "$payload" \
    "$BLUEWIRE_DRIFT_WEBHOOK" >/dev/null
echo "drift summary sent to the webhook" >&2
