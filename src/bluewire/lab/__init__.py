"""The device lab: simulated switches and firewalls that the real NAPALM drivers talk to unchanged.

Map (each floor imports only the floors above it in this list):

    clock.py          lab time (a scale factor: a 1-minute revert timer fires in a second)
    facts.py          running config -> ports, BGP peers, router-id, originated prefixes
    faults.py         the injectable faults: one documented meaning each, input validation
    device.py         the ONE device model every platform shares: running/startup/candidate
                      history, files, the lock, the pending commit and its revert timer,
                      faults, open sessions (cut on `unreachable` or a reboot), the wire log,
                      and `device.topology` (the wiring it sees)
    grammar.py        the data-driven CLI grammar of the indentation platforms, and `ModeStack`,
                      the one walk through CLI modes (merges, IOS and OS10 shells)
    topology.py       the lab-wide view: links both ends agree on, port and BGP state, LLDP;
                      show modules read it only through `port_up`, `bgp_session`, `lldp_of`
                      (where the `failing-check` fault takes effect)
    oper.py           what every platform reports alike: addresses, ARP, routes, ping, MACs
    transport/        the servers: `ssh.py` (CLI shells, `scp.py` uploads, NETCONF subsystem)
                      and `http.py` (HTTP(S) for eAPI)
    platforms/<name>/ one package per platform, all shaped alike (see platforms/__init__.py):
                      front.py, session.py, state.py, show.py, grammar data (and, where the
                      getters need more, commands.py/oper.py/text.py for the extra commands)
    fleet.py          finds each platform's `LabPlatform` record through bluewire.platforms;
                      starts devices and whole labs
    seed.py           brownfield seeding (golden config + realistic hand-made drift)
    state.py          the background lab's state file (endpoints, credentials)
    daemon.py         `python -m bluewire.lab.daemon`: the process behind `bluewire lab up`
    control.py        its client: start, fault, stop (what `bluewire lab ...` calls)

Adding a fifth platform (say `nxos`):

1. `platforms/nxos/grammar.yaml`: its config modes as data (copy `ios/grammar.yaml`; a brace
   dialect copies `junos/` instead). `tests/unit/lab/test_cli_grammar.py` shows the schema.
2. `platforms/nxos/session.py`: one client session (copy the closest platform: an SSH CLI is
   `ios/session.py`, an HTTP API `eos/session.py`, NETCONF `junos/front.py`); `state.py` for
   what sessions share; `show.py` for operational output, reading port, neighbour and BGP state
   only through `topology` and `oper` (so links, faults and post-checks behave the same).
3. `platforms/nxos/front.py`: `serve(device, host, port) -> Front` on a `transport/` server.
4. `platforms/nxos/__init__.py`: `PLATFORM = LabPlatform(...)`; the platform's profile in
   `bluewire.platforms` (the project's one registry) names it as `lab_front`.
5. `tests/lab/test_nxos.py`: subclass `tests/lab/conformance.py:NapalmConformance` with the real
   NAPALM driver, add a `tests/lab/targets.py` entry (every fault in test_faults.py then runs
   on it) and a TARGET in test_getters.py (every getter the driver implements is model-checked);
   the platform is done when those pass.
"""
