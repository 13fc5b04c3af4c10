"""`bluewire inventory`: the validated inventory for other tools (Ansible), as a file or a script."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from bluewire.cli.options import Subparsers, add_command, add_limit_option
from bluewire.cli.output import writable, write_file
from bluewire.errors import BluewireError
from bluewire.exitcodes import ExitCode
from bluewire.hints import did_you_mean
from bluewire.inventory.ansible import host_json, to_script_json, to_yaml
from bluewire.lab.state import lab_requested
from bluewire.progress import status
from bluewire.project import Project

HELP = "export the inventory for Ansible (a YAML file, or a dynamic inventory script)"
DESCRIPTION = """\
export: the validated inventory as Ansible sees it: groups with their hierarchy and data, host
variables, and ansible_host/port/network_os/connection from the platform registry. --format
ansible is a YAML inventory file; ansible-json is what a dynamic inventory script prints for
--list (and --host NAME). With --lab, hosts point at their twins in the running lab. No
credential is ever written: `bluewire playbook run` supplies them, or pass -k / -e to Ansible.

script PATH: write an executable dynamic inventory script, so that
  ansible-inventory -i PATH --list    and    ansible-playbook -i PATH ...
read this project's inventory directly, always current.

exit 0: written; 1: bad inventory (file:line: what is wrong) or no lab running with --lab.
"""
FORMATS = {"ansible": to_yaml, "ansible-json": to_script_json}


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "inventory", HELP, DESCRIPTION)
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    export = verbs.add_parser("export", help="print the inventory in an Ansible format")
    export.add_argument("--format", choices=sorted(FORMATS), default="ansible")
    export.add_argument("--list", action="store_true", help="(what Ansible passes; the default)")
    export.add_argument("--host", metavar="NAME", help="print one host's variables (ansible-json)")
    add_limit_option(export)
    export.set_defaults(func=run_export)
    script = verbs.add_parser("script", help="write a dynamic inventory script for Ansible")
    script.add_argument("path", type=Path, metavar="PATH")
    script.set_defaults(func=run_script)


def run_export(args: argparse.Namespace, project: Project) -> ExitCode:
    # imported here: `bluewire --help` and the other commands do not pay for it
    from bluewire.runs.inventory import ansible_inventory

    result = ansible_inventory(project, args.limit, lab_requested(args.lab))
    if args.host:
        if args.host not in result.hostvars:
            hint = did_you_mean(args.host, result.hostvars)
            raise BluewireError(f"--host {args.host}: no such host in the inventory{hint}")
        sys.stdout.write(host_json(result, args.host))
    else:
        sys.stdout.write(FORMATS[args.format](result))
    return ExitCode.OK


def run_script(args: argparse.Namespace, project: Project) -> ExitCode:
    command = [sys.executable, "-m", "bluewire", "--project", str(project.root)]
    command += ["--lab"] if lab_requested(args.lab) else []
    command += ["inventory", "export", "--format", "ansible-json"]
    text = (
        "#!/bin/sh\n"
        "# Ansible dynamic inventory from bluewire (`bluewire inventory script`); Ansible runs it\n"
        "# with --list or --host NAME.\n"
        f'exec {shlex.join(command)} "$@"\n'
    )
    path = writable(args.path, f"inventory script {args.path}")
    write_file(path, text)
    path.chmod(0o755)
    status(f"wrote {args.path}: use it as `ansible-inventory -i {args.path} --list`")
    return ExitCode.OK
