"""`python -m bluewire`: the same command as the `bluewire` console script.

The Ansible dynamic-inventory wrapper calls it through the Python that wrote it, so the wrapper
works without `bluewire` on PATH (a virtualenv that is not activated).
"""

from __future__ import annotations

from bluewire.cli.main import run

run()
