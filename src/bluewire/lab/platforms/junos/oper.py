"""Junos operational RPCs beyond facts/interfaces/BGP: what NAPALM's other junos getters read.

Replies carry the elements napalm/junos/utils/junos_views.yml and junos.py read (an SRX345 on
22.4). `<command>` answers the CLI commands NAPALM sends that have no RPC (NTP associations,
ping, traceroute). Data comes from the committed config and the lab's wiring.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from xml.sax.saxutils import escape

from bluewire.config.tree import Node, active, parse_braces
from bluewire.lab import oper, topology
from bluewire.lab.platforms.junos.schema import words_of
from bluewire.lab.platforms.junos.state import Ctx, RpcFailure


def _arg(op: ET.Element, name: str) -> str:
    return next((c.text or "" for c in op if c.tag == name), "")


def _unit(port: str) -> str:
    return port if "." in port else f"{port}.0"


# ------------------------------------------------------------------------------ neighbours
def arp(ctx: Ctx, op: ET.Element) -> str:
    rows = "".join(
        f"<arp-table-entry><mac-address>{n.mac}</mac-address><ip-address>{escape(n.ip)}"
        f"</ip-address><interface-name>{escape(_unit(n.port))}</interface-name>"
        "<time-to-expire>1180</time-to-expire></arp-table-entry>"
        for n in oper.arp(ctx.device)
    )
    return f"<arp-table-information>{rows}</arp-table-information>"


def ipv6_nd(ctx: Ctx, op: ET.Element) -> str:
    return "<ipv6-nd-information/>"  # the lab runs no IPv6


def lldp_detail(ctx: Ctx, op: ET.Element) -> str:
    """`show lldp neighbors interface X` (either RPC name PyEZ tries)."""
    wanted = _arg(op, "interface-device") or _arg(op, "interface-name")
    rows = [
        "<lldp-neighbor-information>"
        f"<lldp-local-interface>{escape(x.local_port)}</lldp-local-interface>"
        f"<lldp-local-parent-interface-name>-</lldp-local-parent-interface-name>"
        f"<lldp-remote-chassis-id>{oper.mac(x.remote_host)}</lldp-remote-chassis-id>"
        f"<lldp-remote-port-id>{escape(x.remote_port)}</lldp-remote-port-id>"
        f"<lldp-remote-port-description>{escape(x.remote_description)}"
        "</lldp-remote-port-description>"
        f"<lldp-remote-system-name>{escape(x.remote_host)}</lldp-remote-system-name>"
        "<lldp-system-description><lldp-remote-system-description>bluewire lab device"
        "</lldp-remote-system-description></lldp-system-description>"
        "<lldp-remote-system-capabilities-supported>Bridge Router"
        "</lldp-remote-system-capabilities-supported>"
        "<lldp-remote-system-capabilities-enabled>Bridge Router"
        "</lldp-remote-system-capabilities-enabled>"
        "</lldp-neighbor-information>"
        for x in topology.lldp_of(ctx.device) or []
        if x.local_port == wanted or not wanted
    ]
    return f"<lldp-neighbors-information>{''.join(rows)}</lldp-neighbors-information>"


def l2_table(ctx: Ctx, op: ET.Element) -> str:
    raise RpcFailure("the l2-learning subsystem is not running", "operation-failed")


# ------------------------------------------------------------------------------ chassis
def environment(ctx: Ctx, op: ET.Element) -> str:
    items = [
        ("Routing Engine", "Temp", '<temperature celsius="38">38 degrees C / 100 degrees F'),
        ("Intake Temperature", "", '<temperature celsius="29">29 degrees C / 84 degrees F'),
        ("Fan 1", "Fans", ""),
        ("Fan 2", "", ""),
        ("PEM 0", "Power", ""),
    ]
    rows = "".join(
        f"<environment-item><name>{name}</name>"
        + (f"<class>{kind}</class>" if kind else "")
        + "<status>OK</status>"
        + (f"{temp}</temperature>" if temp else "")
        + "</environment-item>"
        for name, kind, temp in items
    )
    return f"<environment-information>{rows}</environment-information>"


def temperature_thresholds(ctx: Ctx, op: ET.Element) -> str:
    return (
        "<temperature-threshold-information><temperature-threshold><name>Routing Engine</name>"
        "<fan-normal-speed>55</fan-normal-speed><yellow-alarm>85</yellow-alarm>"
        "<red-alarm>95</red-alarm></temperature-threshold></temperature-threshold-information>"
    )


def power(ctx: Ctx, op: ET.Element) -> str:
    return (
        "<power-usage-information><power-usage-item><name>PEM 0</name><state>Online</state>"
        "<pem-capacity-detail><capacity-actual>250</capacity-actual></pem-capacity-detail>"
        "<dc-output-detail><dc-power>96</dc-power></dc-output-detail>"
        "</power-usage-item></power-usage-information>"
    )


def optics(ctx: Ctx, op: ET.Element) -> str:
    rows = "".join(
        f"<physical-interface><name>{escape(x.local_port)}</name><optics-diagnostics>"
        "<laser-bias-current>6.512</laser-bias-current>"
        "<laser-output-power-dbm>-2.05</laser-output-power-dbm>"
        "<rx-signal-avg-optical-power-dbm>-3.47</rx-signal-avg-optical-power-dbm>"
        "</optics-diagnostics></physical-interface>"
        for x in topology.lldp_of(ctx.device) or []
        if x.local_port.startswith(("xe-", "et-", "ge-"))
    )
    return f"<interface-information>{rows}</interface-information>"


# ------------------------------------------------------------------------------ routing
def route(ctx: Ctx, op: ET.Element) -> str:
    """`show route DESTINATION [protocol P] extensive` in the master table."""
    wanted = _arg(op, "protocol")
    found = [
        r
        for r in oper.routes(ctx.device, _arg(op, "destination"))
        if not wanted or _protocol(r.protocol) == wanted
    ]
    rts = "".join(_rt(r) for r in found)
    return (
        "<route-information><route-table><table-name>inet.0</table-name>"
        f"{rts}</route-table></route-information>"
    )


def _protocol(name: str) -> str:
    return {"connected": "Direct", "bgp": "BGP"}.get(name, name)


def _rt(r: oper.Route) -> str:
    destination, length = r.prefix.split("/")
    hop = f"<to>{escape(r.next_hop)}</to>" if r.next_hop else ""
    proto = _protocol(r.protocol)
    extra = "<as-path>AS path: 65010 I</as-path><local-as>65020</local-as>" if r.next_hop else ""
    return (
        f"<rt><rt-destination>{destination}</rt-destination>"
        f"<rt-prefix-length>{length}</rt-prefix-length>"
        f"<rt-entry><current-active/><last-active/><protocol-name>{proto}</protocol-name>"
        f"<preference>{170 if r.next_hop else 0}</preference>"
        f'<age seconds="600">10:00</age>{extra}'
        f"<nh><selected-next-hop/>{hop}<via>{escape(_unit(r.port))}</via></nh>"
        "</rt-entry></rt>"
    )


def probe_results(ctx: Ctx, op: ET.Element) -> str:
    rows = []
    for probe, test, fields in _probes(ctx):
        rows.append(
            f"<probe-test-results><owner>{escape(probe)}</owner>"
            f"<test-name>{escape(test)}</test-name>"
            f"<target-address>{escape(fields.get('target', ''))}</target-address>"
            f"<source-address>{escape(fields.get('source-address', ''))}</source-address>"
            f"<probe-type>{escape(fields.get('probe-type', 'icmp-ping'))}</probe-type>"
            f"<test-size>{escape(fields.get('probe-count', '1'))}</test-size>"
            "<probe-single-results><rtt>1200</rtt><round-trip-jitter>30</round-trip-jitter>"
            "</probe-single-results>"
            f"{_summary('probe-test-current-results')}{_summary('probe-last-test-results')}"
            f"{_summary('probe-test-global-results')}</probe-test-results>"
        )
    return f"<probe-results>{''.join(rows)}</probe-results>"


def _summary(tag: str) -> str:
    return (
        f"<{tag}><probe-test-generic-results><loss-percentage>0</loss-percentage>"
        "<probe-test-rtt><probe-summary-results><min-delay>1000</min-delay>"
        "<max-delay>1500</max-delay><avg-delay>1200</avg-delay></probe-summary-results>"
        f"</probe-test-rtt></probe-test-generic-results></{tag}>"
    )


def _probes(ctx: Ctx) -> list[tuple[str, str, dict[str, str]]]:
    root = active(parse_braces(ctx.device.running, tags=True))
    rpm = _path(root, "services", "rpm")
    out = []
    for probe in rpm.startswith("probe ") if rpm else []:
        for test in probe.startswith("test "):
            fields: dict[str, str] = {}
            for _depth, leaf in test.walk():
                words = [w.strip('"') for w in words_of(leaf.text)]
                if words[:2] == ["target", "address"] and len(words) > 2:
                    fields["target"] = words[2]
                elif len(words) > 1:
                    fields[words[0]] = words[1]
            out.append((words_of(probe.text)[1], words_of(test.text)[1], fields))
    return out


def _path(node: Node | None, *texts: str) -> Node | None:
    for text in texts:
        node = node.child(text) if node else None
    return node


# ------------------------------------------------------------------------------ CLI commands
def ntp_associations(ctx: Ctx) -> str:
    ntp = _path(active(parse_braces(ctx.device.running, tags=True)), "system", "ntp")
    servers = [words_of(n.text)[1] for n in ntp.startswith("server ")] if ntp else []
    rows = [
        "",
        "     remote           refid      st t when  poll reach   delay   offset  jitter",
        "==============================================================================",
    ]
    for i, server in enumerate(servers):
        mark = "*" if i == 0 else "+"
        rows.append(
            f"{mark}{server:<16} .GPS.            1 u   33   64  377    0.512   -0.031   0.018"
        )
    return f"<output>{escape(chr(10).join(rows))}\n</output>"


def ping(ctx: Ctx, destination: str, count: int) -> str:
    answered = oper.reachable(ctx.device, destination)
    received = count if answered else 0
    rtt = (
        "<rtt-minimum>41</rtt-minimum><rtt-maximum>45</rtt-maximum>"
        "<rtt-average>43</rtt-average><rtt-stddev>2</rtt-stddev>"
        if answered
        else ""
    )
    results = "".join(
        f"<probe-result><probe-index>{i}</probe-index><ip-address>{escape(destination)}"
        f"</ip-address><rtt>43</rtt></probe-result>"
        for i in range(1, received + 1)
    )
    return (
        f"<ping-results><target-host>{escape(destination)}</target-host>"
        f"<target-ip>{escape(destination)}</target-ip>{results}"
        f"<probe-results-summary><probes-sent>{count}</probes-sent>"
        f"<responses-received>{received}</responses-received>"
        f"<packet-loss>{100 - 100 * received // count}</packet-loss>{rtt}"
        "</probe-results-summary></ping-results>"
    )


def traceroute(ctx: Ctx, destination: str) -> str:
    probes = "".join(
        f"<probe-result><probe-index>{i}</probe-index><ip-address>{escape(destination)}"
        f"</ip-address><host-name>{escape(destination)}</host-name><rtt>51</rtt></probe-result>"
        for i in range(1, 4)
    )
    hops = f"<hop><ttl-value>1</ttl-value>{probes}</hop>"
    if not oper.reachable(ctx.device, destination):
        hops = "<hop><ttl-value>1</ttl-value></hop>"
    return f"<traceroute-results><target-host>{escape(destination)}</target-host>{hops}</traceroute-results>"


CommandAnswer = Callable[[Ctx, list[str]], str]
COMMANDS: dict[str, CommandAnswer] = {
    "show ntp associations": lambda ctx, words: ntp_associations(ctx),
    "ping": lambda ctx, words: ping(ctx, words[1], _count(words)),
    "traceroute": lambda ctx, words: traceroute(ctx, words[1]),
}


def _count(words: list[str]) -> int:
    return int(words[words.index("count") + 1]) if "count" in words else 5


def command(ctx: Ctx, cli: str) -> str | None:
    """The answer to one of COMMANDS, or None."""
    words = cli.split()
    for prefix, answer in COMMANDS.items():
        if words[: len(prefix.split())] == prefix.split() and len(words) > 1:
            return answer(ctx, words)
    return None
