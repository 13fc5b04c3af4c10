"""apply's pure core: no Nornir, no devices, no git; plain functions on plain data.

- policy.py    the change policy file (change-id pattern, windows, emergency groups, OS10 consent)
- approval.py  the policy applied to one request and one host, at one moment
- guard.py     the stale-plan guard (commit ancestry, target, per-host hashes, diff agreement)
- rollout.py   canaries, HA-aware batches, the failure budget, unconfirmed-peer holds
- checks.py    post-check comparisons of NAPALM getter snapshots before/after
- lock.py      the device lock record (the git refs themselves: gitlock.py)
- result.py    ApplyReport / HostResult / Outcome, the one result model
- views.py     human, json, junit, markdown and html views of it
- audit.py     the audit record (identity + report), masked on the way out
"""
