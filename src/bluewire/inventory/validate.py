"""Checks the three inventory files and reports every problem at once, each as file:line."""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Interface
from typing import Any

from pydantic import TypeAdapter, ValidationError

from bluewire.errors import Problem
from bluewire.hints import pydantic_message
from bluewire.inventory.groups import check_group_graph, unknown_groups
from bluewire.inventory.model import InventoryHost
from bluewire.inventory.resolve import Origin, Sources, expand_interfaces, resolve_host
from bluewire.inventory.scan import check_entry_names, scan_document
from bluewire.inventory.schema import DataKeys, HostData, HostEntry, TemplateKeys
from bluewire.inventory.strings import dotted
from bluewire.inventory.yamlfile import YamlDoc
from bluewire.platforms import NAMES as PLATFORMS
from bluewire.platforms import suggest


def _problem(doc: YamlDoc, path: tuple[Any, ...], message: str) -> Problem:
    return Problem(doc.file, doc.line_of(path), message, dotted(path))


def _pydantic_problems(
    errors: ValidationError | list[Any],
    where: Origin | dict[Any, Origin],
    model: Any,
    fallback: Origin | None = None,
) -> Iterator[Problem]:
    """pydantic errors (an exception, or error dicts) as problems located in their own files.

    A key missing from resolved data has no origin of its own: it is reported at `fallback`
    (the host's entry), never dropped, so a host without a role is an error, not invisible.
    """
    for err in errors.errors() if isinstance(errors, ValidationError) else errors:
        loc = tuple(err["loc"])
        if isinstance(where, dict):
            origin, rest = _deepest_origin(where, loc)
            if origin is None:
                origin, rest = fallback or Origin(YamlDoc("", None), ()), loc
        else:
            origin, rest = where, loc
        path = (*origin.path, *rest)
        yield _problem(origin.doc, path, _message(err, model))


def _message(err: Any, model: Any) -> str:
    if err["type"] == "missing":
        return "field required"
    hinted = pydantic_message(err, model)
    if hinted:
        return hinted
    if err["type"] == "value_error":  # bluewire's own checks: the message names the value
        return str(err["msg"]).removeprefix("Value error, ")
    if "input" in err and not isinstance(err["input"], (dict, list)):
        return f"{err['msg']} (got {err['input']!r})"
    return str(err["msg"])


def _deepest_origin(
    origins: dict[Any, Origin], loc: tuple[Any, ...]
) -> tuple[Origin | None, tuple[Any, ...]]:
    """The origin recorded for the longest prefix of `loc` (merged mappings record nested keys)."""
    for end in range(len(loc), 1, -1):
        origin = origins.get(tuple(loc[:end]))
        if origin is not None:
            return origin, tuple(loc[end:])
    return (origins.get(str(loc[0])), tuple(loc[1:])) if loc else (None, ())


def check_shapes(src: Sources) -> list[Problem]:
    """Each file is a mapping of entries, each entry has valid Nornir keys and known groups, and
    every string in the files is safe to reach a template (see inventory.scan)."""
    problems: list[Problem] = [
        *scan_document(src.hosts, 1),
        *scan_document(src.groups, 1),
        *scan_document(src.defaults, 0),
        *check_entry_names(src.hosts, hosts=True),
        *check_entry_names(src.groups, hosts=False),
    ]
    groups = src.groups.data if isinstance(src.groups.data, dict) else {}
    for doc in (src.hosts, src.groups):
        if doc.data is not None and not isinstance(doc.data, dict):
            problems.append(Problem(doc.file, 1, "must be a mapping of names to entries"))
            continue
        for name, entry in (doc.data or {}).items():
            if not isinstance(entry, dict):
                problems.append(_problem(doc, (name,), "entry must be a mapping"))
                continue
            problems += _check_entry(doc, (name,), entry, groups)
    problems += check_group_graph(src.hosts, src.groups)
    if isinstance(src.defaults.data, dict):
        problems += _check_entry(src.defaults, (), src.defaults.data, groups)
    elif src.defaults.data is not None:
        problems.append(Problem(src.defaults.file, 1, "must be a mapping"))
    return problems


def _check_entry(
    doc: YamlDoc, base: tuple[Any, ...], entry: dict[str, Any], groups: dict[str, Any]
) -> list[Problem]:
    problems: list[Problem] = []
    try:
        HostEntry.model_validate(entry)
    except ValidationError as exc:
        problems += _pydantic_problems(exc, Origin(doc, base), HostEntry)
    if isinstance(entry.get("groups"), list):
        problems += unknown_groups(doc, base, entry, groups)
    return problems


_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(f.annotation if f.annotation is not None else Any)
    for name, f in HostData.model_fields.items()
}
_OPTIONAL: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(f.annotation if f.annotation is not None else Any)
    for name, f in TemplateKeys.model_fields.items()
}
Memo = dict[tuple[str, int], tuple[Any, Any]]


def validate_data(data: dict[str, Any], memo: Memo) -> tuple[dict[str, Any], list[Any]]:
    """HostData validation field by field, reusing results for values shared between hosts.

    Group and defaults data are the same objects for every host of the group; validating them once
    instead of once per host is what makes a cold 10,000-host load affordable.
    """
    out: dict[str, Any] = {}
    errors: list[Any] = []
    for name, field in HostData.model_fields.items():
        if name not in data:
            if field.is_required():
                errors.append({"loc": (name,), "msg": "field required", "type": "missing"})
            else:
                out[name] = _ADAPTERS[name].dump_python(field.get_default(), mode="json")
            continue
        value = data[name]
        hit = memo.get((name, id(value)))
        if hit is not None and hit[0] is value:
            out[name] = hit[1]
            continue
        adapter = _ADAPTERS[name]
        try:
            out[name] = adapter.dump_python(adapter.validate_python(value), mode="json")
        except ValidationError as exc:
            errors += [{**e, "loc": (name, *e["loc"])} for e in exc.errors()]
            continue
        memo[(name, id(value))] = (value, out[name])
    for name, value in data.items():
        if name not in HostData.model_fields:
            out[name], more = _validate_optional(name, value, memo)
            errors += more
    return out, errors


def _validate_optional(name: str, value: Any, memo: Memo) -> tuple[Any, list[Any]]:
    """A key templates read only when present: typed when bluewire knows it, kept as it is
    otherwise (its strings passed the free-text rule in inventory.scan)."""
    adapter = _OPTIONAL.get(name)
    if adapter is None:
        return value, []
    hit = memo.get((name, id(value)))
    if hit is not None and hit[0] is value:
        return hit[1], []
    try:
        typed = adapter.validate_python(value)
    except ValidationError as exc:
        return value, [{**e, "loc": (name, *e["loc"])} for e in exc.errors()]
    out = adapter.dump_python(typed, mode="json", by_alias=True, exclude_unset=True)
    memo[(name, id(value))] = (value, out)
    return out, []


def build_host(
    src: Sources, name: str, memo: Memo | None = None
) -> tuple[InventoryHost | None, list[Problem]]:
    """Resolve and validate one host; None when it has problems."""
    attrs, attr_origin, data, data_origin = resolve_host(src, name)
    problems: list[Problem] = []
    platform = attrs.get("platform")
    if platform is None:
        problems.append(
            _problem(src.hosts, (name,), "no platform (set it on the host, a group or defaults)")
        )
    elif platform not in PLATFORMS:
        origin = attr_origin["platform"]
        problems.append(
            _problem(
                origin.doc,
                origin.path,
                _unknown_platform(platform),
            )
        )
    resolved, errors = validate_data(data, memo if memo is not None else {})
    if errors:
        fallback = Origin(src.hosts, (name, "data"))
        return None, problems + list(_pydantic_problems(errors, data_origin, DataKeys, fallback))
    if problems:
        return None, problems
    resolved["interfaces"] = expand_interfaces(resolved["interfaces"])
    problems += _check_vlans(resolved, data_origin) + _check_interfaces(resolved, data_origin)
    entry = src.entry(src.hosts, name)
    host = InventoryHost(
        name=name,
        hostname=str(attrs.get("hostname") or name),
        platform=str(platform),
        groups=[str(g) for g in entry.get("groups") or []],
        data=resolved,
        port=attrs.get("port"),
        username=attrs.get("username"),
        connection_options=dict(entry.get("connection_options") or {}),
        defined_at=f"{src.hosts.file}:{src.hosts.line_of((name,))}",
    )
    return (None if problems else host), problems


def _unknown_platform(value: object) -> str:
    close = suggest(value) if isinstance(value, str) else None
    hint = f" (did you mean '{close}'?)" if close else ""
    return f"unknown platform '{value}'{hint}; bluewire knows {', '.join(PLATFORMS)}"


def _check_interfaces(data: dict[str, Any], origin: dict[str, Origin]) -> list[Problem]:
    """No interface defined twice (a range `Gi1/0/[1-4]` and a `Gi1/0/3` entry overlap)."""
    seen: set[str] = set()
    twice: list[str] = []
    for iface in data["interfaces"]:
        if iface["name"] in seen:
            twice.append(iface["name"])
        seen.add(iface["name"])
    if not twice:
        return []
    o = origin["interfaces"]
    message = f"interface {twice[0]} is defined more than once (check the [first-last] ranges)"
    return [Problem(o.doc.file, o.line(), message, dotted(o.path))]


def _check_vlans(data: dict[str, Any], origin: dict[str, Origin]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    for i, vlan in enumerate(data["vlans"]):
        if vlan["id"] in seen:
            o = origin["vlans"]
            first = o.line((seen[vlan["id"]],))
            problems.append(
                _problem(
                    o.doc,
                    (*o.path, i, "id"),
                    f"duplicate VLAN {vlan['id']} (first defined on line {first})",
                )
            )
        seen.setdefault(vlan["id"], i)
    for iface in data["interfaces"]:
        for key in ("vlan", "voice_vlan", "native_vlan"):
            if iface.get(key) is not None and iface[key] not in seen:
                o = origin["interfaces"]
                problems.append(
                    Problem(
                        o.doc.file,
                        o.line(),
                        f"interface {iface['name']}: {key} "
                        f"{iface[key]} is not in this host's vlans",
                        ".".join(map(str, o.path)),
                    )
                )
    return problems


def address_owners(host: InventoryHost) -> Iterator[tuple[str, str]]:
    """(ip, what) for every address a host owns: interfaces, SVIs, management, loopback."""
    data = host.data
    for iface in data["interfaces"]:
        if iface.get("address"):
            yield str(IPv4Interface(iface["address"]).ip), f"interface {iface['name']}"
    for svi in data["svis"]:
        yield str(IPv4Interface(svi["address"]).ip), f"Vlan{svi['vlan']}"
    if data.get("mgmt") and data["mgmt"].get("address"):
        yield str(IPv4Interface(data["mgmt"]["address"]).ip), "management"
    if data.get("loopback"):
        yield str(IPv4Interface(data["loopback"]).ip), "loopback"


def check_duplicate_addresses(hosts: list[InventoryHost], src: Sources) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for host in hosts:
        for ip, what in address_owners(host):
            here = f"{host.name} {what}"
            if ip in owner:
                problems.append(
                    _problem(src.hosts, (host.name,), f"duplicate IP {ip}: {here} and {owner[ip]}")
                )
            else:
                owner[ip] = here
    return problems
