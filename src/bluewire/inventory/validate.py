"""Checks the three inventory files and reports every problem at once, each as file:line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from bluewire.errors import Problem
from bluewire.hints import near_miss, pydantic_message
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
    errors: ValidationError | list[Any], where: Origin | dict[Any, Origin], model: Any
) -> Iterator[Problem]:
    """pydantic errors (an exception, or error dicts) as problems located in their own files:
    an entry's at the entry, resolved data's at the file and key each value came from."""
    for err in errors.errors() if isinstance(errors, ValidationError) else errors:
        loc = tuple(err["loc"])
        if isinstance(where, dict):
            origin, rest = _deepest_origin(where, loc)
        else:
            origin, rest = where, loc
        path = (*origin.path, *(step for step in rest if not _wrapper_tag(step)))
        yield _problem(origin.doc, path, _message(err, model))


# pydantic names a union member that has a validator function after that function's repr, which
# can carry a memory address (`function-after[functools.partial(<function ... at 0x7f...>)...`):
# an error text that changed on every run. Such a step is not a key of the data: left out.
_WRAPPER_TAG = re.compile(r"function-(?:before|after|wrap|plain)\[")


def _wrapper_tag(step: object) -> bool:
    return isinstance(step, str) and _WRAPPER_TAG.match(step) is not None


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
) -> tuple[Origin, tuple[Any, ...]]:
    """The origin recorded for the longest prefix of `loc` (merged mappings record nested keys).

    A data error's `loc` starts with the data key that failed, a key the host's data has (every
    field has a default, so none is missing), and every data key has an origin of its own."""
    for end in range(len(loc), 1, -1):
        origin = origins.get(tuple(loc[:end]))
        if origin is not None:
            return origin, tuple(loc[end:])
    return origins[loc[0]], tuple(loc[1:])


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
# For `list[X]` fields: X's adapter, so each item is validated (and remembered) on its own.
_ITEMS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(get_args(f.annotation)[0])
    for name, f in HostData.model_fields.items()
    if get_origin(f.annotation) is list
}
Memo = dict[tuple[str, Any], tuple[Any, Any]]
# Keys whose values validation dumps in JSON mode (the others are kept as YAML wrote them).
TYPED_KEYS = frozenset(HostData.model_fields) | frozenset(TemplateKeys.model_fields)
_REQUIRED = [name for name, f in HostData.model_fields.items() if f.is_required()]
if _REQUIRED:  # validate_data fills a missing key with its default; it has no "missing" error
    raise TypeError(f"HostData fields must have defaults: {', '.join(_REQUIRED)}")
# Each field's default as JSON data, dumped once (every host without the key shares it).
_DEFAULTS: dict[str, Any] = {
    name: _ADAPTERS[name].dump_python(f.get_default(call_default_factory=True), mode="json")
    for name, f in HostData.model_fields.items()
}


def _remembered(memo: Memo, name: str, value: Any) -> tuple[Any, Any] | None:
    """A validated result for `value` under key `name`: the same object (group and defaults data
    are shared by every host of the group), or an equal one. Equal `repr` means the same types
    and values in the same order, so validation gives the same result."""
    hit = memo.get((name, id(value)))
    if hit is not None and hit[0] is value:
        return hit
    return memo.get((name, repr(value)))


def _remember(memo: Memo, name: str, value: Any, out: Any) -> None:
    memo[(name, id(value))] = (value, out)
    memo[(name, repr(value))] = (value, out)


def validate_data(data: dict[str, Any], memo: Memo) -> tuple[dict[str, Any], list[Any]]:
    """HostData validation field by field, reusing results for values seen before.

    Group and defaults data are the same objects for every host of the group, and many host values
    are equal across hosts; validating each once instead of once per host is what makes a cold
    10,000-host load affordable.
    """
    out: dict[str, Any] = {}
    errors: list[Any] = []
    for name, default in _DEFAULTS.items():
        if name not in data:
            out[name] = default
            continue
        value = data[name]
        hit = _remembered(memo, name, value)
        if hit is not None:
            out[name] = hit[1]
            continue
        done, wrong = _validated(name, value, memo)
        if wrong:
            errors += [{**e, "loc": (name, *e["loc"])} for e in wrong]
            continue
        out[name] = done
        _remember(memo, name, value, done)
    for name, value in data.items():
        if name in HostData.model_fields:
            continue
        if near_miss(name, TYPED_KEYS):  # `os_versoin:` would be kept as a key of the user's own
            errors.append({"loc": (name,), "msg": "unknown key", "type": "extra_forbidden"})
            continue
        out[name], more = _validate_optional(name, value, memo)
        errors += more
    return out, errors


def _validated(name: str, value: Any, memo: Memo) -> tuple[Any, list[Any]]:
    """One field's value validated and dumped as JSON data, or its errors; a list item by item
    (the items of hosts' interface lists repeat far more than the lists do)."""
    item_adapter = _ITEMS.get(name)
    if item_adapter is None or type(value) is not list:
        adapter = _ADAPTERS[name]
        try:
            return adapter.dump_python(adapter.validate_python(value), mode="json"), []
        except ValidationError as exc:
            return None, list(exc.errors())
    out: list[Any] = []
    errors: list[Any] = []
    key = f"{name}[]"
    for i, item in enumerate(value):
        hit = _remembered(memo, key, item)
        if hit is not None:
            out.append(hit[1])
            continue
        try:
            done = item_adapter.dump_python(item_adapter.validate_python(item), mode="json")
        except ValidationError as exc:
            errors += [{**e, "loc": (i, *e["loc"])} for e in exc.errors()]
            continue
        _remember(memo, key, item, done)
        out.append(done)
    return out, errors


def _validate_optional(name: str, value: Any, memo: Memo) -> tuple[Any, list[Any]]:
    """A key templates read only when present: typed when bluewire knows it, kept as it is
    otherwise (its strings passed the free-text rule in inventory.scan)."""
    adapter = _OPTIONAL.get(name)
    if adapter is None:
        return value, []
    hit = _remembered(memo, name, value)
    if hit is not None:
        return hit[1], []
    try:
        typed = adapter.validate_python(value)
    except ValidationError as exc:
        return value, [{**e, "loc": (name, *e["loc"])} for e in exc.errors()]
    out = adapter.dump_python(typed, mode="json", by_alias=True, exclude_unset=True)
    _remember(memo, name, value, out)
    return out, []


def build_host(src: Sources, name: str, memo: Memo) -> tuple[InventoryHost | None, list[Problem]]:
    """Resolve and validate one host; None when it has problems. `memo` is shared by the hosts
    of one load (see validate_data)."""
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
    resolved, errors = validate_data(data, memo)
    if errors:
        return None, problems + list(_pydantic_problems(errors, data_origin, DataKeys))
    if problems:
        return None, problems
    resolved["interfaces"] = _expanded(resolved["interfaces"], memo)
    problems = _checked_lists(resolved, data_origin, memo)  # none before: returned above
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


def _expanded(interfaces: list[dict[str, Any]], memo: Memo) -> list[dict[str, Any]]:
    """`expand_interfaces`, once per validated list (hosts of a kind share theirs)."""
    hit = memo.get(("*expanded", id(interfaces)))
    if hit is None or hit[0] is not interfaces:
        hit = memo[("*expanded", id(interfaces))] = (interfaces, expand_interfaces(interfaces))
    return hit[1]


def _checked_lists(data: dict[str, Any], origin: dict[str, Origin], memo: Memo) -> list[Problem]:
    """The VLAN and interface checks, remembering the (shared) list pairs that passed. The memo
    holds each pair it remembers, so no other list can have the same id meanwhile."""
    pair = (data["vlans"], data["interfaces"])
    key = ("*lists-ok", (id(pair[0]), id(pair[1])))
    if key in memo:
        return []
    problems = _check_vlans(data, origin) + _check_interfaces(data, origin)
    if not problems:
        memo[key] = (pair, True)
    return problems


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


def _ip(interface: str) -> str:
    """The address of a validated interface address: the schema dumps an `IPv4Interface` as
    `a.b.c.d/len`, so the text before the slash is `str(IPv4Interface(interface).ip)`."""
    return interface.partition("/")[0]


def address_owners(host: InventoryHost) -> Iterator[tuple[str, str]]:
    """(ip, what) for every address a host owns: interfaces, SVIs, management, loopback."""
    data = host.data
    for iface in data["interfaces"]:
        if iface.get("address"):
            yield _ip(iface["address"]), f"interface {iface['name']}"
    for svi in data["svis"]:
        yield _ip(svi["address"]), f"Vlan{svi['vlan']}"
    if data.get("mgmt") and data["mgmt"].get("address"):
        yield _ip(data["mgmt"]["address"]), "management"
    if data.get("loopback"):
        yield _ip(data["loopback"]), "loopback"


def check_duplicate_addresses(hosts: list[InventoryHost], src: Sources) -> list[Problem]:
    return check_duplicate_owners(((h.name, address_owners(h)) for h in hosts), src.hosts)


def check_duplicate_owners(
    owners: Iterable[tuple[str, Iterable[tuple[str, str]]]], hosts_doc: YamlDoc
) -> list[Problem]:
    """Every address owned twice; `owners` gives each host's (ip, what) pairs, in host order."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for name, pairs in owners:
        for ip, what in pairs:
            here = f"{name} {what}"
            if ip in owner:
                problems.append(
                    _problem(hosts_doc, (name,), f"duplicate IP {ip}: {here} and {owner[ip]}")
                )
            else:
                owner[ip] = here
    return problems
