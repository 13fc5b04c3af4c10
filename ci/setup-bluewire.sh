#!/bin/sh
# Install bluewire for a pipeline job, unless BLUEWIRE_VENV names a ready virtualenv
# (a runner with a warm environment, or the project's own pipeline test).
# A .venv restored from the job cache is reused: only bluewire itself is reinstalled.
set -eu
if [ -n "${BLUEWIRE_VENV:-}" ] && [ -x "$BLUEWIRE_VENV/bin/bluewire" ]; then
    exit 0
fi
if ! .venv/bin/python -c "import sys" 2>/dev/null; then
    rm -rf .venv
    python3 -m venv .venv
fi
.venv/bin/pip install --quiet .
