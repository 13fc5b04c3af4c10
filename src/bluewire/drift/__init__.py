"""Drift: what runs on the network compared with what the repository says, every night.

Pure core, no Nornir: `shard` (which hosts a CI job takes), `classify` (in sync, drifted,
pending, unreachable, auth failed), `audit` (the last successful apply per host, from apply's
audit records), `software` (approved OS versions), `running` (compliance on what runs),
`model` (the drift report: a `Plan` whose target is "drift"), `merge` (shard reports into one)
and `backup` (the file layout of the backups branch). runs/drift.py wires them to devices.
"""
