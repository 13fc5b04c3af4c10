"""Junos configuration RPCs: the shared candidate database, load, compare, commit, rollback.

Junos keeps one candidate per device that every session edits; `<lock-configuration/>` makes it
exclusive, and releasing the lock (or closing the session) discards uncommitted changes. NAPALM's
junos driver relies on exactly that: `discard_config` is `rollback 0` plus unlock.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from bluewire.config.tree import parse_braces
from bluewire.lab.device import LabError, LockHeld
from bluewire.lab.platforms.junos.grammar import compare
from bluewire.lab.platforms.junos.state import CommitEntry, Ctx, RpcFailure
from bluewire.lab.platforms.junos.xml import config_xml


def _text(op: ET.Element, name: str) -> str | None:
    for child in op:
        if child.tag == name:
            return child.text or ""
    return None


def _has(op: ET.Element, name: str) -> bool:
    return _text(op, name) is not None


# ------------------------------------------------------------------------------ locks
def lock(ctx: Ctx, op: ET.Element) -> str:
    with ctx.state.mutex:
        if ctx.state.dirty_by not in (None, ctx.session) and ctx.candidate != ctx.device.running:
            raise RpcFailure("configuration database modified", "lock-denied")
        try:
            ctx.device.lock(ctx.session)
        except LockHeld as held:
            raise RpcFailure(f"{held}", "lock-denied") from held
    return "<ok/>"


def unlock(ctx: Ctx, op: ET.Element) -> str:
    release(ctx)
    return "<ok/>"


def release(ctx: Ctx) -> None:
    """Drop this session's lock; uncommitted changes made under it are discarded."""
    with ctx.state.mutex:
        if ctx.device.lock_owner == ctx.session:
            if ctx.state.dirty_by == ctx.session:
                ctx.discard()
            ctx.device.unlock(ctx.session)


# ------------------------------------------------------------------------------ load
def load(ctx: Ctx, op: ET.Element) -> str:
    """`load-configuration`: text (override/merge/replace/update), set, or `rollback N`."""
    ctx.device.step("load")
    with ctx.state.mutex:
        ctx.device.check_unlocked(ctx.session)
        if "rollback" in op.attrib:
            ctx.set_candidate(_rollback_text(ctx, op.attrib["rollback"]))
            return "<load-configuration-results><load-success/></load-configuration-results>"
        ctx.set_candidate(_loaded(ctx, op))
    return "<load-configuration-results><load-success/></load-configuration-results>"


def _rollback_text(ctx: Ctx, slot: str) -> str:
    if not slot.isdigit() or int(slot) > 49:
        raise RpcFailure(f"invalid rollback number: {slot}", "invalid-value", slot)
    if int(slot):
        ctx.device.step("rollback")
    try:
        return ctx.device.rollback(int(slot))
    except LabError as err:
        raise RpcFailure(f"{err}", "invalid-value", slot) from err


def _loaded(ctx: Ctx, op: ET.Element) -> str:
    action = op.attrib.get("action", "merge")
    fmt = op.attrib.get("format", "xml")
    grammar = ctx.device.grammar
    if action == "set":
        lines = (_text(op, "configuration-set") or "").splitlines()
        return grammar.merge(ctx.candidate, lines)
    if fmt != "text":
        raise RpcFailure(f'lab supports format="text" only, not {fmt}', "operation-not-supported")
    text = _text(op, "configuration-text")
    if text is None:
        raise RpcFailure("missing <configuration-text>", "missing-element", "configuration-text")
    if action in ("override", "update"):
        return grammar.replace(ctx.candidate, text)
    if action in ("merge", "replace"):
        return grammar.merge(ctx.candidate, text.splitlines())
    raise RpcFailure(f"invalid action: {action}", "invalid-value", action)


# ------------------------------------------------------------------------------ read
def get_configuration(ctx: Ctx, op: ET.Element) -> str:
    """Text or XML config; `compare="rollback"` gives the `show | compare` text."""
    if op.attrib.get("compare") == "rollback":
        base = _rollback_text(ctx, op.attrib.get("rollback", "0"))
        diff = compare(base, ctx.candidate)
        return (
            "<configuration-information><configuration-output>"
            f"{escape(diff)}</configuration-output></configuration-information>"
        )
    committed = op.attrib.get("database") == "committed"
    text = ctx.device.running if committed else ctx.candidate
    if op.attrib.get("format", "xml") == "text":
        return f"<configuration-text>{escape(_header(ctx, committed) + text)}</configuration-text>"
    wanted = next((c for c in op if c.tag == "configuration"), None)
    return config_xml(parse_braces(text, tags=True), wanted)


def _header(ctx: Ctx, committed: bool) -> str:
    last = ctx.state.commits[0] if ctx.state.commits else None
    if last is None:
        return ""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(last.at))
    return f"## Last {'commit' if committed else 'changed'}: {stamp} by {last.user}\n"


def get_config(ctx: Ctx, op: ET.Element) -> str:
    """Standard NETCONF `<get-config>` (ncclient's `get_config`): Junos XML in `<data>`."""
    source = next(iter(next((c for c in op if c.tag == "source"), ET.Element("x"))), None)
    text = ctx.device.running if source is None or source.tag == "running" else ctx.candidate
    return f"<data>{config_xml(parse_braces(text, tags=True), None)}</data>"


# ------------------------------------------------------------------------------ commit
def commit(ctx: Ctx, op: ET.Element) -> str:
    """`commit-configuration` (and standard `<commit>`): plain, check, confirmed, with log."""
    if _has(op, "check"):
        ctx.device.grammar.replace(ctx.device.running, ctx.candidate)
        return _commit_results("<commit-check-success/>")
    confirm_min = _confirm_minutes(op)
    with ctx.state.mutex:
        candidate = ctx.candidate
        confirming = ctx.device.pending is not None
        if confirm_min is None and confirming:
            ctx.device.step("confirm")
            ctx.device.confirm()
        if candidate != ctx.device.running or confirm_min is not None or not confirming:
            seconds = confirm_min * 60 if confirm_min is not None else None
            ctx.device.commit(candidate, ctx.session, seconds)
        ctx.discard()
        comment = _text(op, "log") or ""
        if confirm_min is not None:
            comment = f"commit confirmed, rollback in {confirm_min}mins {comment}".strip()
        ctx.state.commits.insert(0, CommitEntry(time.time(), ctx.user, "netconf", comment))
        del ctx.state.commits[50:]
    return _commit_results("<commit-success/>")


def _confirm_minutes(op: ET.Element) -> int | None:
    if not _has(op, "confirmed"):
        return None
    raw = _text(op, "confirm-timeout")
    if raw is None or not raw.strip():
        return 10
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 65535:
        raise RpcFailure(f"invalid confirm-timeout: {raw}", "invalid-value", raw)
    return int(raw)


def _commit_results(inner: str) -> str:
    return (
        f"<commit-results><routing-engine><name>re0</name>{inner}</routing-engine></commit-results>"
    )


def discard_changes(ctx: Ctx, op: ET.Element) -> str:
    with ctx.state.mutex:
        ctx.device.check_unlocked(ctx.session)
        ctx.discard()
    return "<ok/>"


def validate(ctx: Ctx, op: ET.Element) -> str:
    ctx.device.grammar.replace(ctx.device.running, ctx.candidate)
    return "<ok/>"


def commit_revision(ctx: Ctx, op: ET.Element) -> str:
    """`show system commit revision detail`: NAPALM reads date-time, revision and comment."""
    entry = ctx.state.commits[0] if ctx.state.commits else None
    at = entry.at if entry else ctx.device.boot_time
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(at))
    parts = [
        "<commit-revision-information>",
        f"<revision>re0-{int(at)}-{len(ctx.device.history) + 1}</revision>",
        f'<date-time seconds="{int(at)}">{stamp}</date-time>',
        f"<user>{escape(entry.user if entry else 'root')}</user><client>netconf</client>",
    ]
    comment = entry.comment if entry else ""
    if "commit confirmed" in comment and ctx.device.pending is None:
        comment = comment.split("mins", 1)[1].strip()  # confirmed or reverted since
    if comment:
        parts.append(f"<comment>{escape(comment)}</comment>")
    parts.append("</commit-revision-information>")
    return "".join(parts)
