"""One run per command: builds Nornir (or a process pool), runs the steps, returns the result model.

A run turns per-host failures into data and raises only run-level errors (`BluewireError`). It
takes plain values, never an argparse Namespace, and never imports `bluewire.cli`: the CLI
parses arguments, calls a run, and emits the result (see ARCHITECTURE.md).
"""
