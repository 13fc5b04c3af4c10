"""IOS-XE BGP show output (`show ip bgp summary`, `show ip bgp neighbors`), from the lab topology.

Shaped for napalm's ios driver: the regexes of get_bgp_neighbors and the textfsm templates of
get_bgp_neighbors_detail (`ip_bgp_all_sum.tpl`, `ip_bgp_neigh.tpl`, `ip_bgp_neigh_afi.tpl`).
"""

from __future__ import annotations

import re

from bluewire.config import tree
from bluewire.lab import facts, oper, topology
from bluewire.lab.device import Device

Row = tuple[facts.Peer, str, facts.Session]


def _bgp(device: Device) -> tuple[str, str, list[Row]] | None:
    """(local AS, router id, [(peer, description, session)]) or None without `router bgp`."""
    root = tree.parse(device.running, "ios")
    bgp = next((n for n in root.startswith("router bgp ") if len(n.text.split()) > 2), None)
    if bgp is None:
        return None
    rid = next((c.text.split()[2] for c in bgp.startswith("bgp router-id ")), "0.0.0.0")
    descs = {
        c.text.split()[1]: c.text.split(None, 3)[3]
        for _, c in bgp.walk()
        if re.match(r"^neighbor \S+ description .+$", c.text)
    }
    peers = facts.indented_facts(device.running, "ios").peers.values()
    rows = [
        (p, descs.get(p.address, ""), _session(device, p))
        for p in peers
        if re.fullmatch(r"[\d.]+|[\da-fA-F:]+", p.address)
    ]
    return bgp.text.split()[2], rid, rows


def _session(device: Device, peer: facts.Peer) -> facts.Session:
    session = topology.bgp_session(device, peer.address)  # None: a device alone, no peer up
    return session if session is not None and peer.enabled else facts.Session(False)


def show_bgp_summary(device: Device, per_family: bool) -> str:
    found = _bgp(device)
    if found is None:
        return "% BGP not active\n"
    asn, rid, rows = found
    since = _hms(device.uptime_s())
    lines = ["For address family: IPv4 Unicast"] if per_family else []
    lines += [
        f"BGP router identifier {rid}, local AS number {asn}",
        "BGP table version is 1, main routing table version 1",
        "",
        "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd",
    ]
    for peer, _desc, session in rows:
        up = session.up
        state = str(session.prefixes) if up else ("Active" if peer.enabled else "Idle (Admin)")
        lines.append(
            f"{peer.address:<15} 4 {peer.remote_as:>12} {'0':>7} {'0':>7} {'1':>8} {'0':>4} "
            f"{'0':>4} {since if up else 'never':<8} {state}"
        )
    return "\n".join(lines) + "\n"


def show_bgp_neighbors(device: Device, only: str = "") -> str:
    """`show ip bgp neighbors [X]`: what NAPALM's regexes and textfsm templates read."""
    found = _bgp(device)
    if found is None:
        return "% BGP not active\n"
    asn, _rid, rows = found
    blocks = [_neighbor(device, asn, *row) for row in rows if only in ("", row[0].address)]
    return "\n".join(blocks)


def _neighbor(device: Device, asn: str, peer: facts.Peer, desc: str, session: facts.Session) -> str:
    up, count = session.up, session.prefixes
    link = "internal" if peer.remote_as == asn else "external"
    state = f"Established, up for {_hms(device.uptime_s())}" if up else "Active"
    local = next(
        (
            str(a.ip)
            for r in oper.routes(device, peer.address)
            for p in oper.facts(device).ports
            if p.name == r.port
            for a in p.addresses
        ),
        "0.0.0.0",
    )
    return (
        f"BGP neighbor is {peer.address},  remote AS {peer.remote_as}, {link} link\n"
        + (f"  Description: {desc}\n" if desc else "")
        + f"  BGP version 4, remote router ID {session.remote_id if up else '0.0.0.0'}\n"
        f"  BGP state = {state}\n"
        "  Last read 00:00:10, last write 00:00:10, hold time is 180, keepalive interval is 60 seconds\n"
        "  Neighbor capabilities:\n"
        "    Four-octets ASN Capability: advertised and received\n"
        "  Message statistics:\n"
        "    InQ depth is 0\n    OutQ depth is 0\n\n"
        "                         Sent       Rcvd\n"
        "    Opens:                  1          1\n"
        "    Notifications:          0          0\n"
        "    Updates:                1          1\n"
        "    Keepalives:            10         10\n"
        "    Route Refresh:          0          0\n"
        "    Total:                 12         12\n"
        "\n For address family: IPv4 Unicast\n"
        f"  Session: {peer.address}\n"
        "                                 Sent       Rcvd\n"
        "  Prefix activity:               ----       ----\n"
        f"    Prefixes Current:               0 {count:>10}\n"
        f"    Prefixes Total:                 0 {count:>10}\n"
        "    Implicit Withdraw:              0          0\n"
        "    Explicit Withdraw:              0          0\n"
        f"    Used as bestpath:             n/a {count:>10}\n"
        "    Used as multipath:            n/a          0\n"
        "    Used as secondary:            n/a          0\n"
        "                                   Outbound    Inbound\n"
        "  Local Policy Denied Prefixes:    --------    -------\n"
        "    Total:                                0          0\n"
        "  Number of NLRIs in the update sent: max 0, min 0\n\n"
        "  Connections established 1; dropped 0\n"
        "  Last reset never\n"
        f"Connection state is {'ESTAB' if up else 'CLOSED'}, I/O status: 1, unread input bytes: 0\n"
        f"Local host: {local}, Local port: 179\n"
        f"Foreign host: {peer.address}, Foreign port: 51234\n"
        "Connection tableid (VRF): 0\n"
    )


def _hms(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{min(hours, 99):02d}:{rest // 60:02d}:{rest % 60:02d}"
