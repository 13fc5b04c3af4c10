"""The client side of bench/lab.py, over several processes: the real NAPALM drivers in each.

One Python process driving NAPALM spends ~13 ms CPU per mixed get_config (netmiko's and
paramiko's loops, under one GIL), so a single client process caps at ~75 get_config/s whatever
the lab does. The issue measures the lab, so the client must not be the limit: bench/lab.py
starts --clients of these, each a fresh interpreter running Nornir + nornir_napalm (as a
bluewire run connects) on its share of the hosts, and merges their results.

Protocol (JSON lines over stdin/stdout, as bluewire/lab/shards.py): the hosts, their ports and
the worker count in; `ready` out once the imports are done (imports are not timed); then per
round the host names to fetch in, {ok, failed, cpu} out; end of input ends the process.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import IO, Any

from bluewire.lab.fleet import LabHostSpec


class Addresses:
    """Where each host listens, for labs started in other processes."""

    def __init__(self, ports: dict[str, int]) -> None:
        self.ports = ports

    def address(self, name: str) -> tuple[str, int]:
        return "127.0.0.1", self.ports[name]


def nornir_for(lab: Any, hosts: list[LabHostSpec], workers: int) -> Any:
    """A Nornir over `hosts` at `lab.address(name)`, with the NAPALM options bluewire passes."""
    from nornir.core import Nornir
    from nornir.core.inventory import ConnectionOptions, Defaults, Groups, Host, Hosts, Inventory
    from nornir.core.plugins.connections import ConnectionPluginRegister
    from nornir.plugins.runners import ThreadedRunner

    from bluewire.platforms import profile

    ConnectionPluginRegister.auto_register()  # InitNornir does this; a bare Nornir does not
    inv_hosts = Hosts()
    for spec in hosts:
        address, port = lab.address(spec.name)
        # the NAPALM optional_args a real bluewire run passes (bluewire.platforms)
        optional = dict(profile(spec.platform).napalm_args)
        if profile(spec.platform).enable:
            optional["secret"] = spec.password  # the lab's enable secret is the login password
        extras = {"optional_args": optional}
        options = {"napalm": ConnectionOptions(extras=extras)}
        inv_hosts[spec.name] = Host(
            spec.name,
            hostname=address,
            port=port,
            username=spec.username,
            password=spec.password,
            platform=spec.platform,
            connection_options=options,
        )
    inventory = Inventory(hosts=inv_hosts, groups=Groups(), defaults=Defaults())
    # ncclient's TICK stays at its 100 ms default (bluewire.device.connect leaves it too): at 5 ms, 50
    # NETCONF sessions in one process thrash the GIL with polling (measured: junos 46 -> 10 configs/s).
    return Nornir(inventory=inventory, runner=ThreadedRunner(num_workers=workers))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _serve(lines: IO[str], out: IO[str]) -> None:
    """One client process: set up Nornir, then one get_config round per request line."""
    from nornir_napalm.plugins.tasks import napalm_get

    from bluewire.platforms import profile

    setup = json.loads(lines.readline())
    specs = [LabHostSpec(**spec) for spec in setup["specs"]]
    nr = nornir_for(Addresses(setup["ports"]), specs, setup["workers"])
    for host in nr.inventory.hosts.values():  # nornir_napalm wants NAPALM's driver name
        host.platform = profile(host.platform or "").napalm_driver
    _write(out, "ready")
    for line in lines:
        names = set(json.loads(line))
        before = _cpu()
        one = nr.filter(filter_func=lambda h, names=names: h.name in names)
        if not one.inventory.hosts:
            _write(out, {"ok": 0, "failed": {}, "cpu": 0.0})
            continue
        result = one.run(task=napalm_get, getters=["config"])
        one.close_connections()
        failed = {name: repr(result[name].exception)[:300] for name in sorted(result.failed_hosts)}
        _write(out, {"ok": len(result) - len(failed), "failed": failed, "cpu": _cpu() - before})


def _write(out: IO[str], value: Any) -> None:
    out.write(json.dumps(value) + "\n")
    out.flush()


@dataclass
class Round:
    """One round over every client: sessions served and failed, the clients' CPU seconds."""

    ok: int
    failed: dict[str, str]
    cpu: float


class Clients:
    """`count` client processes, each platform's hosts dealt round-robin among them (so a round
    of one platform keeps every client busy)."""

    def __init__(
        self, hosts: list[LabHostSpec], ports: dict[str, int], count: int, workers: int
    ) -> None:
        count = max(1, min(count, len(hosts)))
        dealt = sorted(hosts, key=lambda spec: spec.platform)  # stable: fleet order kept within
        self.shares = [dealt[i::count] for i in range(count)]
        self.procs = [
            subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in self.shares
        ]
        each = max(1, workers // count)
        for proc, share in zip(self.procs, self.shares, strict=True):
            mine = {s.name: ports[s.name] for s in share}
            self._send(proc, {"specs": [asdict(s) for s in share], "ports": mine, "workers": each})
        for proc in self.procs:
            if self._receive(proc) != "ready":
                raise RuntimeError(f"client {proc.pid} did not start")

    @staticmethod
    def _send(proc: subprocess.Popen[str], value: Any) -> None:
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(value) + "\n")
        proc.stdin.flush()

    @staticmethod
    def _receive(proc: subprocess.Popen[str]) -> Any:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:  # its traceback went to stderr
            raise RuntimeError(f"client {proc.pid} ended (exit {proc.wait()})")
        return json.loads(line)

    def fetch(self, names: set[str]) -> Round:
        """Every client fetches the running config of its hosts among `names`, all at once."""
        for proc, share in zip(self.procs, self.shares, strict=True):
            self._send(proc, [s.name for s in share if s.name in names])
        replies = [self._receive(proc) for proc in self.procs]
        failed = {k: v for reply in replies for k, v in reply["failed"].items()}
        return Round(sum(r["ok"] for r in replies), failed, sum(r["cpu"] for r in replies))

    def stop(self) -> None:
        for proc in self.procs:
            if proc.stdin is not None:
                proc.stdin.close()
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    _serve(sys.stdin, sys.stdout)
