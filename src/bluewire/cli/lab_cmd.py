"""`bluewire lab up|status|down|fault`: the simulated network engineers use as a sandbox."""

from __future__ import annotations

import argparse
import sys

from bluewire.cli.options import Subparsers, add_command, add_limit_option
from bluewire.cli.parser import positive_float, positive_int
from bluewire.exitcodes import ExitCode
from bluewire.lab import control
from bluewire.lab.faults import KINDS, describe
from bluewire.lab.state import require_state
from bluewire.progress import status
from bluewire.project import Project

HELP = "start, inspect, fault or stop the device lab (simulated devices on 127.0.0.1)"
DESCRIPTION = (
    """\
The device lab runs one simulated device per inventory host on 127.0.0.1, speaking each platform's
real management protocol (EOS eAPI, IOS SSH+SCP, Junos NETCONF, OS10 SSH+SCP), so the real NAPALM
drivers work against it unchanged.

  bluewire lab up [--seed golden|brownfield]   start it in the background
  bluewire lab status [--format json]          hosts, platforms, addresses, ports, lab credentials
  bluewire lab fault HOST KIND [VALUE]         inject a fault (KIND clear removes them)
  bluewire lab down                            stop it

While a lab is up, `bluewire --lab COMMAND` (or BLUEWIRE_LAB=1) runs COMMAND against it.
brownfield boots each device with its golden config plus realistic hand-made drift.

Faults (the same meaning on every platform; times in lab seconds):
"""
    + describe()
    + "\n"
)


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "lab", HELP, DESCRIPTION)
    lab_sub = p.add_subparsers(dest="lab_command", metavar="ACTION", required=True)
    up = lab_sub.add_parser("up", help="start the lab in the background")
    up.add_argument(
        "--seed",
        choices=("golden", "brownfield"),
        default="golden",
        help="boot configs: the golden configs, or golden plus realistic drift",
    )
    add_limit_option(up, help="only these hosts")
    up.add_argument(
        "--time-scale",
        type=positive_float,
        default=1.0,
        help="lab seconds per real second (60 makes a 1-minute revert timer take 1 s)",
    )
    up.add_argument(
        "--procs",
        type=positive_int,
        default=1,
        help="processes serving the devices (one core each; linked devices share one)",
    )
    st = lab_sub.add_parser("status", help="list lab hosts, addresses and credentials")
    st.add_argument("--format", choices=("human", "json"), default="human")
    fault = lab_sub.add_parser("fault", help="inject a fault into one lab device")
    fault.add_argument("host")
    fault.add_argument("kind", choices=[*KINDS, "clear"])
    fault.add_argument("value", nargs="?", help="seconds, step, message or target, by kind")
    lab_sub.add_parser("down", help="stop the lab")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    if args.lab_command == "up":
        state = control.start(project, args.seed, args.limit or [], args.time_scale, args.procs)
        status(
            f"lab up: {len(state.endpoints)} devices on 127.0.0.1 (seed {state.seed}); "
            "`bluewire lab status` lists them"
        )
    elif args.lab_command == "status":
        _status(project, args.format)
    elif args.lab_command == "fault":
        control.check_fault(args.kind, args.value)  # bad input is refused before the lab is asked
        control.send_fault(require_state(project), args.host, args.kind, args.value)
        status(f"{args.host}: fault {args.kind} {args.value or ''}".rstrip())
    else:
        status("lab down" if control.stop(project) else "no lab is running")
    return ExitCode.OK


def _status(project: Project, fmt: str) -> None:
    state = require_state(project)
    if fmt == "json":
        sys.stdout.write(state.to_json())
        return
    print(f"{'host':16} {'platform':9} {'protocol':8} {'address':10} {'port':>6}  credentials")
    for e in sorted(state.endpoints.values(), key=lambda e: e.host):
        print(
            f"{e.host:16} {e.platform:9} {e.transport:8} {e.address:10} {e.port:>6}  "
            f"{e.username} / {e.password}"
        )
