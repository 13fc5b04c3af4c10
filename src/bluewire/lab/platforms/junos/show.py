"""Junos operational RPCs, derived from the committed config so post-change checks see changes.

Each reply carries the elements PyEZ's facts and NAPALM's junos views read (see
napalm/junos/utils/junos_views.yml): a `disable`d interface is admin and oper down, BGP peers
come from `protocols bgp`, LLDP neighbours and BGP state from the lab topology.
"""

from __future__ import annotations

import fnmatch
import math
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from xml.sax.saxutils import escape

from bluewire.config.tree import Node, active, parse_braces
from bluewire.lab import oper, topology
from bluewire.lab.device import Device
from bluewire.lab.facts import Session
from bluewire.lab.platforms.junos import oper as junos_oper
from bluewire.lab.platforms.junos.schema import words_of
from bluewire.lab.platforms.junos.state import Ctx, RpcFailure


def _stamp(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(at))


def _value(node: Node | None, key: str) -> str | None:
    """The value of leaf `key value;` directly under `node`."""
    for c in node.children if node else []:
        words = words_of(c.text)
        if len(words) > 1 and words[0] == key:
            return " ".join(words[1:]).strip('"')
    return None


def _path(root: Node, *texts: str) -> Node | None:
    node: Node | None = root
    for text in texts:
        node = node.child(text) if node else None
    return node


def _running(ctx: Ctx) -> Node:
    return active(parse_braces(ctx.device.running, tags=True))  # what runs: no inactive parts


def hostname(ctx: Ctx) -> str:
    return _value(_path(_running(ctx), "system"), "host-name") or ctx.device.name


# ------------------------------------------------------------------------------ facts
def software(ctx: Ctx, op: ET.Element) -> str:
    d = ctx.device
    return (
        f"<software-information><host-name>{escape(hostname(ctx))}</host-name>"
        f"<product-model>{escape(d.model.lower())}</product-model>"
        f"<product-name>{escape(d.model.lower())}</product-name>"
        f"<junos-version>{escape(d.os_version)}</junos-version>"
        "<package-information><name>junos</name>"
        f"<comment>JUNOS Software Release [{escape(d.os_version)}]</comment>"
        "</package-information></software-information>"
    )


def _up_s(device: Device) -> int:
    """Whole seconds up, at least 1: PyEZ reads an uptime of 0 as "unknown"."""
    return max(1, math.ceil(device.uptime_s()))


def uptime(ctx: Ctx, op: ET.Element) -> str:
    now, boot = time.time(), ctx.device.boot_time
    up = _up_s(ctx.device)
    last = ctx.state.commits[0].at if ctx.state.commits else boot
    return (
        "<system-uptime-information>"
        f'<current-time><date-time seconds="{int(now)}">{_stamp(now)}</date-time></current-time>'
        f'<system-booted-time><date-time seconds="{int(boot)}">{_stamp(boot)}</date-time>'
        f'<time-length seconds="{up}">{up}s</time-length>'
        "</system-booted-time>"
        f'<last-configured-time><date-time seconds="{int(last)}">{_stamp(last)}</date-time>'
        "</last-configured-time></system-uptime-information>"
    )


def chassis_inventory(ctx: Ctx, op: ET.Element) -> str:
    d = ctx.device
    return (
        "<chassis-inventory><chassis><name>Chassis</name>"
        f"<serial-number>{escape(d.serial)}</serial-number>"
        f"<description>{escape(d.model.upper())}</description></chassis></chassis-inventory>"
    )


def route_engine(ctx: Ctx, op: ET.Element) -> str:
    up = _up_s(ctx.device)
    return (
        "<route-engine-information><route-engine><slot>0</slot>"
        "<mastership-state>master</mastership-state><status>OK</status>"
        f"<model>RE-{escape(ctx.device.model.upper())}</model>"
        "<memory-dram-size>4096 MB</memory-dram-size><cpu-idle>97</cpu-idle>"
        "<memory-buffer-utilization>27</memory-buffer-utilization>"
        f'<up-time seconds="{up}">{up} seconds</up-time>'
        "</route-engine></route-engine-information>"
    )


def file_show(ctx: Ctx, op: ET.Element) -> str:
    name = next((c.text or "" for c in op if c.tag == "filename"), "")
    data = ctx.device.files.get(name)
    if data is None:
        raise RpcFailure(f"could not resolve file: {name}", bad=name)
    return f'<file-content filename="{escape(name)}">{escape(data.decode())}</file-content>'


def command(ctx: Ctx, op: ET.Element) -> str:
    """`<command>`: the few CLI commands PyEZ and NAPALM send."""
    cli = " ".join((op.text or "").split())
    fmt = op.attrib.get("format", "xml")
    if cli.startswith("show version"):
        if fmt == "text":
            d = ctx.device
            return (
                f"<output>Hostname: {escape(hostname(ctx))}\nModel: {escape(d.model.lower())}\n"
                f"Junos: {escape(d.os_version)}\n</output>"
            )
        return software(ctx, op)
    if cli.startswith("show configuration") and fmt == "text":
        return f"<output>{escape(ctx.device.running)}</output>"
    answer = junos_oper.command(ctx, cli)
    if answer is not None:
        return answer
    raise RpcFailure(f"syntax error, expecting <command>: {cli}", bad=cli)


# ------------------------------------------------------------------------------ interfaces
def _interfaces(root: Node) -> Iterator[Node]:
    for node in (root.child("interfaces") or Node("")).children:
        if len(words_of(node.text)) == 1 and not node.text.startswith("interface-range"):
            yield node


def interfaces(ctx: Ctx, op: ET.Element) -> str:
    """`show interfaces [terse]`: admin/oper state follow `disable` in the committed config."""
    pattern = next((c.text or "*" for c in op if c.tag == "interface-name"), "*")
    if any(c.tag == "routing-instance" for c in op):
        return "<interface-information/>"  # PyEZ's current_re probe: a single-RE box
    out = ["<interface-information>"]
    for node in _interfaces(_running(ctx)):
        if fnmatch.fnmatch(node.text, pattern.split(".")[0]):
            out.append(_physical(ctx, node))
    out.append("</interface-information>")
    return "".join(out)


def _physical(ctx: Ctx, node: Node) -> str:
    enabled = not node.child("disable")
    admin = "up" if enabled else "down"
    status = "up" if topology.port_up(ctx.device, node.text, enabled) else "down"
    mac = oper.mac(ctx.device.name, node.text)
    desc = _value(node, "description")
    flapped = int(ctx.device.boot_time)
    parts = [
        f"<physical-interface><name>{escape(node.text)}</name>",
        f"<admin-status>{admin}</admin-status><oper-status>{status}</oper-status>",
        f"<description>{escape(desc)}</description>" if desc else "",
        f"<mtu>{_value(node, 'mtu') or '1514'}</mtu><speed>1000mbps</speed>",
        f"<current-physical-address>{mac}</current-physical-address>",
        f'<interface-flapped seconds="{flapped}">{_stamp(flapped)}</interface-flapped>',
    ]
    for unit in node.children:
        words = words_of(unit.text)
        if words[0] == "unit" and len(words) == 2:
            parts.append(_logical(f"{node.text}.{words[1]}", unit))
    parts.append("</physical-interface>")
    return "".join(parts)


def _logical(name: str, unit: Node) -> str:
    flag = "<iff-down/>" if unit.child("disable") else "<iff-snmp-traps/>"
    desc = _value(unit, "description")
    parts = [f"<logical-interface><name>{escape(name)}</name>"]
    if desc:
        parts.append(f"<description>{escape(desc)}</description>")
    parts.append(f"<if-config-flags>{flag}</if-config-flags>")
    for fam in unit.children:
        words = words_of(fam.text)
        if words[0] == "family" and len(words) == 2:
            parts.append(f"<address-family><address-family-name>{escape(words[1])}")
            parts.append("</address-family-name>")
            for addr in fam.children:
                w = words_of(addr.text)
                if w[0] == "address" and len(w) > 1:
                    parts.append(f"<interface-address><ifa-local>{escape(w[1])}</ifa-local>")
                    parts.append("</interface-address>")
            parts.append("</address-family>")
    parts.append("</logical-interface>")
    return "".join(parts)


# ------------------------------------------------------------------------------ LLDP and BGP
def lldp(ctx: Ctx, op: ET.Element) -> str:
    out = ["<lldp-neighbors-information>"]
    for link in topology.lldp_of(ctx.device) or []:
        out.append(
            f"<lldp-neighbor-information><lldp-local-port-id>{escape(link.local_port)}"
            f"</lldp-local-port-id><lldp-remote-system-name>{escape(link.remote_host)}"
            f"</lldp-remote-system-name><lldp-remote-port-id>{escape(link.remote_port)}"
            "</lldp-remote-port-id></lldp-neighbor-information>"
        )
    out.append("</lldp-neighbors-information>")
    return "".join(out)


def instances(ctx: Ctx, op: ET.Element) -> str:
    names = ["master"] + [
        n.text for n in (_running(ctx).child("routing-instances") or Node("")).children
    ]
    cores = "".join(
        f"<instance-core><instance-name>{escape(n)}</instance-name></instance-core>" for n in names
    )
    return f"<instance-information>{cores}</instance-information>"


def _bgp_peers(ctx: Ctx, instance: str) -> Iterator[tuple[str, Node, Node, Node]]:
    """(address, neighbor node, group node, instance root) for each configured BGP neighbour."""
    root = _running(ctx)
    base = root if instance in ("", "master") else _path(root, "routing-instances", instance)
    bgp = _path(base, "protocols", "bgp") if base else None
    for group in bgp.children if bgp else []:
        if group.text.startswith("group "):
            for nb in group.children:
                words = words_of(nb.text)
                if words[0] == "neighbor" and len(words) == 2:
                    yield words[1], nb, group, base or root


def _local_as(root: Node) -> str:
    return (_value(_path(root, "routing-options"), "autonomous-system") or "0").split()[0]


def bgp_neighbors(ctx: Ctx, op: ET.Element) -> str:
    instance = next((c.text or "" for c in op if c.tag == "instance"), "")
    out = ["<bgp-information>"]
    for address, nb, group, root in _bgp_peers(ctx, instance):
        session = _session(ctx, address, nb, group)
        up = session.up
        peer_as = _value(nb, "peer-as") or _value(group, "peer-as") or _local_as(root)
        desc = _value(nb, "description") or _value(group, "description") or ""
        rid = _value(_path(root, "routing-options"), "router-id") or ""
        out.append(
            f"<bgp-peer><peer-address>{escape(address)}+179</peer-address>"
            f"<peer-as>{escape(peer_as)}</peer-as><local-as>{_local_as(root)}</local-as>"
            f"<description>{escape(desc)}</description><local-id>{escape(rid)}</local-id>"
            f"<peer-id>{escape(session.remote_id)}</peer-id>"
            f"<peer-state>{'Established' if up else 'Active'}</peer-state>"
            f"<peer-fwd-rti>{escape(instance or 'master')}</peer-fwd-rti>"
            f"{_rib(instance, session.prefixes) if up else ''}</bgp-peer>"
        )
    out.append("</bgp-information>")
    return "".join(out)


def _rib(instance: str, prefixes: int) -> str:
    table = "inet.0" if instance in ("", "master") else f"{instance}.inet.0"
    return (
        f"<bgp-rib><name>{escape(table)}</name><send-state>in sync</send-state>"
        f"<received-prefix-count>{prefixes}</received-prefix-count>"
        f"<accepted-prefix-count>{prefixes}</accepted-prefix-count>"
        "<advertised-prefix-count>0</advertised-prefix-count></bgp-rib>"
    )


def _session(ctx: Ctx, address: str, nb: Node, group: Node) -> Session:
    if nb.child("shutdown") or group.child("shutdown"):
        return Session(False)
    found = topology.bgp_session(ctx.device, address)
    if found is None:  # a device started alone: every peer is up, as itself
        return Session(True, address, 1)
    return found


def bgp_summary(ctx: Ctx, op: ET.Element) -> str:
    instance = next((c.text or "" for c in op if c.tag == "instance"), "")
    up_s = int(ctx.device.uptime_s())
    out = ["<bgp-information>"]
    for address, nb, group, _ in _bgp_peers(ctx, instance):
        elapsed = up_s if _session(ctx, address, nb, group).up else 0
        out.append(
            f"<bgp-peer><peer-address>{escape(address)}</peer-address>"
            f'<elapsed-time seconds="{elapsed}">{elapsed}</elapsed-time></bgp-peer>'
        )
    out.append("</bgp-information>")
    return "".join(out)
