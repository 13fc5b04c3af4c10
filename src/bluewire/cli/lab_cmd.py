"""`bluewire lab up|status|down|fault`: the simulated network engineers use as a sandbox."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bluewire.cli.progress import status
from bluewire.errors import BluewireError
from bluewire.exitcodes import ExitCode
from bluewire.lab.daemon import FAULT_KINDS
from bluewire.lab.state import read_state, require_state, state_path
from bluewire.project import Project

HELP = "start, inspect, fault or stop the device lab (simulated devices on 127.0.0.1)"
DESCRIPTION = """\
The device lab runs one simulated device per inventory host on 127.0.0.1, speaking each platform's
real management protocol (EOS eAPI, IOS SSH+SCP, Junos NETCONF, OS10 SSH+SCP), so the real NAPALM
drivers work against it unchanged.

  bluewire lab up [--seed golden|brownfield]   start it in the background
  bluewire lab status [--format json]          hosts, platforms, addresses, ports, lab credentials
  bluewire lab fault HOST KIND [VALUE]         inject a fault (KIND clear removes them)
  bluewire lab down                            stop it

While a lab is up, `bluewire --lab COMMAND` (or BLUEWIRE_LAB=1) runs COMMAND against it.
brownfield boots each device with its golden config plus realistic hand-made drift.
"""
START_TIMEOUT_S = 60.0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "lab",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lab_sub = p.add_subparsers(dest="lab_command", metavar="ACTION", required=True)
    up = lab_sub.add_parser("up", help="start the lab in the background")
    up.add_argument(
        "--seed",
        choices=("golden", "brownfield"),
        default="golden",
        help="boot configs: the golden configs, or golden plus realistic drift",
    )
    up.add_argument("--limit", action="append", metavar="HOST|GROUP", help="only these hosts")
    up.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="lab seconds per real second (60 makes a 1-minute revert timer take 1 s)",
    )
    st = lab_sub.add_parser("status", help="list lab hosts, addresses and credentials")
    st.add_argument("--format", choices=("human", "json"), default="human")
    fault = lab_sub.add_parser("fault", help="inject a fault into one lab device")
    fault.add_argument("host")
    fault.add_argument("kind", choices=[*sorted(FAULT_KINDS), "clear"])
    fault.add_argument("value", nargs="?", help="seconds, step name or message, by kind")
    lab_sub.add_parser("down", help="stop the lab")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    action = {"up": _up, "status": _status, "fault": _fault, "down": _down}[args.lab_command]
    return action(args, project)


def _up(args: argparse.Namespace, project: Project) -> ExitCode:
    if read_state(project) is not None:
        raise BluewireError("a lab is already running: `bluewire lab down` first")
    cmd = [
        sys.executable,
        "-m",
        "bluewire.lab.daemon",
        "--project",
        str(project.root),
        "--seed",
        args.seed,
        "--time-scale",
        str(args.time_scale),
    ]
    for limit in args.limit or []:
        cmd += ["--limit", limit]
    log = project.state_dir / "lab" / "daemon.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BluewireError(
                f"the lab failed to start; see {project.relative(log)}:\n" + log.read_text()[-2000:]
            )
        state = read_state(project)
        if state is not None:
            status(
                f"lab up: {len(state.endpoints)} devices on 127.0.0.1 (seed {state.seed}); "
                "`bluewire lab status` lists them"
            )
            return ExitCode.OK
        time.sleep(0.1)
    proc.terminate()
    raise BluewireError(f"the lab did not start within {START_TIMEOUT_S:.0f} s")


def _status(args: argparse.Namespace, project: Project) -> ExitCode:
    state = require_state(project)
    if args.format == "json":
        sys.stdout.write(state.to_json())
        return ExitCode.OK
    print(f"{'host':16} {'platform':9} {'address':10} {'port':>6}  credentials")
    for e in sorted(state.endpoints.values(), key=lambda e: e.host):
        print(f"{e.host:16} {e.platform:9} {e.address:10} {e.port:>6}  {e.username} / {e.password}")
    return ExitCode.OK


def _fault(args: argparse.Namespace, project: Project) -> ExitCode:
    state = require_state(project)
    if args.host not in state.endpoints:
        raise BluewireError(f"{args.host}: not a lab host")
    body = json.dumps({"host": args.host, "kind": args.kind, "value": args.value}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{state.control_port}/fault",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except urllib.error.HTTPError as exc:
        raise BluewireError(f"lab refused the fault: {exc.read().decode()}") from None
    status(f"{args.host}: fault {args.kind} {args.value or ''}".rstrip())
    return ExitCode.OK


def _down(args: argparse.Namespace, project: Project) -> ExitCode:
    state = read_state(project)
    if state is None:
        status("no lab is running")
        return ExitCode.OK

    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while state_path(project).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    status("lab down")
    return ExitCode.OK
