#!/bin/sh
# Install bluewire for a pipeline job, unless BLUEWIRE_VENV names a ready virtualenv
# (a runner with a warm environment, or the project's own pipeline test).
set -eu
if [ -n "${BLUEWIRE_VENV:-}" ] && [ -x "$BLUEWIRE_VENV/bin/bluewire" ]; then
    exit 0
fi
python3 -m venv .venv
.venv/bin/pip install --quiet .
