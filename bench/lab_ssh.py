"""Benchmark: where the lab's CPU per SSH session goes (the issue's <= 3 ms per get_config).

    .venv/bin/python -m bench.lab_ssh [--sessions 30] [--exchanges 30] [--repeat 3]

The lab runs in this process (one device per SSH platform, the example network's golden
configs); a plain paramiko client in a child process opens --sessions sessions of each kind,
one after the other, and the lab's CPU (getrusage of this process: the client is not in it) is
divided by the sessions:

- `handshake`: connect, key exchange, password login, close (no channel);
- `+ channel`: the same plus the shell (IOS, OS10) or the NETCONF subsystem and hello (Junos);
- `+ N lines`: the same plus N empty command lines, each answered with a prompt (CLI only):
  the difference over `+ channel`, divided by N, is the cost of one command exchange.

Then `lab logic`: the lab's own work for the commands a NAPALM get_config session sends
(recorded from the wire logs), replayed on the shell or NETCONF session without SSH.
Each kind runs --repeat times, interleaved; the minimum is printed (the least disturbed by the
neighbours on a shared machine) with the median, and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from bench.lab import golden_by_platform, specs
from bluewire.lab.clock import Clock
from bluewire.lab.device import Device
from bluewire.lab.fleet import start_lab
from bluewire.lab.transport.ssh import CloseSession, Shell

# what NAPALM's get_config sends (the lab's wire logs of one session each)
CLI_SESSIONS = {
    "ios": [
        "",
        "terminal width 511",
        "terminal length 0",
        "",
        "",
        "enable",
        "admin",
        "",
        "",
        "show startup-config",
        "",
        "show running-config",
        "",
        "exit",
    ],
    "dellos10": [
        "",
        "",
        "terminal length 0",
        "show running-configuration",
        "show startup-configuration",
        "",
        "exit",
    ],
}
NETCONF = "urn:ietf:params:xml:ns:netconf:base:1.0"
JUNOS_RPCS = [
    f'<rpc message-id="{i}" xmlns="{NETCONF}"><get-configuration format="text" database="{db}"/>'
    "</rpc>"
    for i, db in enumerate(("candidate", "committed"), 1)
]
HELLO = f'<hello xmlns="{NETCONF}"><capabilities><capability>{NETCONF}</capability>'
HELLO += "</capabilities></hello>]]>]]>"


def client(port: int, sessions: int, lines: int, netconf: bool) -> None:
    """The child: `sessions` sessions; lines < 0: no channel; else a channel and `lines` lines."""
    import paramiko

    for _ in range(sessions):
        ssh = paramiko.SSHClient()
        ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        ssh.connect("127.0.0.1", port, "admin", "admin", look_for_keys=False, allow_agent=False)
        if lines >= 0:
            channel = ssh.get_transport().open_session()  # type: ignore[union-attr]
            if netconf:
                channel.invoke_subsystem("netconf")
                _until(channel, b"]]>]]>")
                channel.sendall(HELLO.encode())
            else:
                channel.get_pty()
                channel.invoke_shell()
                _until(channel, b">", b"#")
                for _ in range(lines):
                    channel.sendall(b"\n")
                    _until(channel, b">", b"#")
        ssh.close()


def _until(channel: object, *ends: bytes) -> None:
    seen = b""
    while not seen.rstrip().endswith(ends):
        data = channel.recv(65536)  # type: ignore[attr-defined]
        if not data:
            return
        seen += data


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def lab_cpu(port: int, sessions: int, lines: int, netconf: bool) -> float:
    """Lab CPU ms per session while a child runs `client`."""
    code = f"from bench.lab_ssh import client; client({port}, {sessions}, {lines}, {netconf})"
    before = _cpu()
    subprocess.run([sys.executable, "-c", code], check=True, stderr=subprocess.DEVNULL)
    return 1000 * (_cpu() - before) / sessions


def logic_ms(device: Device, platform: str, sessions: int = 200) -> float:
    """Lab CPU ms of the lab's own work for one NAPALM get_config session, without SSH."""
    run = _netconf_session(device) if platform == "junos" else _cli_session(device, platform)
    began = time.process_time()
    for i in range(sessions):
        run(i)
    return 1000 * (time.process_time() - began) / sessions


def _cli_session(device: Device, platform: str) -> Callable[[int], None]:
    if platform == "ios":
        from bluewire.lab.platforms.ios.session import IosShell
        from bluewire.lab.platforms.ios.state import IosState

        ios = IosState()

        def factory(name: str) -> Shell:
            return IosShell(device, name, ios)
    else:
        from bluewire.lab.grammar import load_grammar
        from bluewire.lab.platforms.dellos10.session import Os10Shell
        from bluewire.lab.platforms.dellos10.state import Os10State

        os10 = Os10State(device, load_grammar("dellos10"))

        def factory(name: str) -> Shell:
            return Os10Shell(os10, name)

    def run(i: int) -> None:
        shell = factory(f"bench{i}")
        shell.greeting()
        for line in CLI_SESSIONS[platform]:
            try:
                shell.feed(line)
            except CloseSession:
                break
        shell.close()

    return run


class _Sink:
    def sendall(self, data: bytes) -> None:
        pass


def _netconf_session(device: Device) -> Callable[[int], None]:
    import xml.etree.ElementTree as ET
    from typing import cast

    import paramiko

    from bluewire.lab.platforms.junos import front
    from bluewire.lab.platforms.junos import session as rpc
    from bluewire.lab.platforms.junos.state import Ctx, JunosState

    junos = JunosState()

    def run(i: int) -> None:
        ctx = Ctx(device, junos, f"bench{i}", "admin")
        session = front._NetconfSession(cast(paramiko.Channel, _Sink()), ctx)
        for message in JUNOS_RPCS:
            session._answer(ET.fromstring(message))
        rpc.release(ctx)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--exchanges", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    platforms = ["ios", "dellos10", "junos"]
    golden = golden_by_platform(platforms)
    hosts = specs(len(platforms), {p: golden[p] for p in platforms})
    lab = start_lab(hosts, Clock(scale=60))
    print(f"load average at start: {load()}; {os.cpu_count()} CPUs")
    try:
        for spec in hosts:
            port, netconf = lab.address(spec.name)[1], spec.platform == "junos"
            kinds = {"handshake": -1, "+ channel": 0}
            if not netconf:
                kinds[f"+ {args.exchanges} lines"] = args.exchanges
            found: dict[str, list[float]] = {kind: [] for kind in kinds}
            for _ in range(args.repeat):
                for kind, lines in kinds.items():
                    found[kind].append(lab_cpu(port, args.sessions, lines, netconf))
            cells = [
                f"{k} {min(v):.2f} (median {statistics.median(v):.2f})" for k, v in found.items()
            ]
            if not netconf:
                per_line = min(found[f"+ {args.exchanges} lines"]) - min(found["+ channel"])
                cells.append(f"per line {per_line / args.exchanges:.3f}")
            logic = logic_ms(lab.devices[spec.name], spec.platform)
            cells.append(f"lab logic of a get_config session {logic:.3f}")
            print(f"{spec.platform:9} lab CPU ms per session: " + "; ".join(cells))
    finally:
        lab.stop()
    print(f"load average at the end: {load()}")


def load() -> str:
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


if __name__ == "__main__":
    main()
