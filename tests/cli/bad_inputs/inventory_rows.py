"""Bad inventory files: encodings, YAML traps, shapes, names, types, unknown keys."""

from __future__ import annotations

from tests.cli.bad_inputs import (
    DEFAULTS,
    GROUPS,
    HOSTS,
    POLICY,
    Case,
    append,
    host,
    remove,
    replace,
    rewrite,
    write,
)

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
# Expanded, the bomb took 40 s and then MemoryError; refused, it costs a normal `check` (about
# 1 s, a few under a loaded CI machine).
BOMB_S = 8.0
DEEP = "deep: " + "[" * 5000 + "]" * 5000 + "\n"

ENCODING = [
    Case("hosts-latin1", (write(HOSTS, b"r1:\n  hostname: caf\xe9\n"),), where=HOSTS, says="UTF-8"),
    Case("hosts-binary", (write(HOSTS, bytes(range(256)) * 4),), where=HOSTS),
    Case("hosts-nul-byte", (write(HOSTS, b"r1:\n  platform: ios\x00\n"),), where=HOSTS),
    Case("groups-latin1", (write(GROUPS, b"ios:\n  platform: \xff\n"),), where=GROUPS),
    Case("defaults-utf16", (write(DEFAULTS, "data: {}\n".encode("utf-16")),), where=DEFAULTS),
    Case("hosts-gzip", (write(HOSTS, b"\x1f\x8b\x08\x00" + b"\x00" * 64),), where=HOSTS),
    Case("hosts-empty", (write(HOSTS, ""),), where=HOSTS, says="no hosts"),
    Case("hosts-comments-only", (write(HOSTS, "# nothing yet\n"),), where=HOSTS, says="no hosts"),
    Case("hosts-a-list", (write(HOSTS, "- r1\n- r2\n"),), where=HOSTS, says="mapping"),
    Case("hosts-a-scalar", (write(HOSTS, "hello\n"),), where=HOSTS, says="mapping"),
    Case("groups-a-folder", (remove(GROUPS), write(GROUPS + "/x", "")), where=GROUPS),
    Case("defaults-a-folder", (remove(DEFAULTS), write(DEFAULTS + "/x", "")), where=DEFAULTS),
    Case(
        "huge-hosts-file",
        (append(HOSTS, "#" + "x" * 40_000_000 + "\n"),),
        where=HOSTS,
        says="too large",
        max_s=10,
    ),
]

YAML_TRAPS = [
    Case("tab-indent", (append(HOSTS, "r9:\n\thostname: 10.0.0.9 #!\n"),), where=HOSTS),
    Case("unclosed-flow", (append(HOSTS, "r9: {hostname: 10.0.0.9\n"),), where=HOSTS),
    Case("two-documents", (append(HOSTS, "---\nr9: {}\n"),), where=HOSTS, says="document"),
    Case(
        "alias-bomb-hosts", (append(HOSTS, "\n" + BOMB),), where=HOSTS, says="alias", max_s=BOMB_S
    ),
    Case(
        "alias-bomb-groups",
        (append(GROUPS, "\n" + BOMB),),
        where=GROUPS,
        says="alias",
        max_s=BOMB_S,
    ),
    Case(
        "alias-bomb-policy",
        (append(POLICY, "\n" + BOMB),),
        where=POLICY,
        says="alias",
        max_s=BOMB_S,
    ),
    Case("deep-nesting", (append(HOSTS, DEEP),), where=HOSTS, says="nest", max_s=5),
    Case(
        "duplicate-anchor",  # a host block copied whole: its `&hq_core` anchor comes twice
        (append(HOSTS, host("r9", "  data: &hq_core {model: C9300-48P} #!\n")),),
        where=HOSTS,
        says="duplicate anchor 'hq_core' (first defined on line 8)",
    ),
    Case("undefined-alias", (append(HOSTS, host("r9", "  data: *nowhere #!\n")),), where=HOSTS),
    Case(
        "merge-scalar",
        (append(HOSTS, host("r9", "  data:\n    <<: 5 #!\n")),),
        where=HOSTS,
        says="<<",
    ),
    Case(
        "merge-list-of-scalars",
        (append(HOSTS, host("r9", "  data:\n    <<: [1, 2] #!\n")),),
        where=HOSTS,
        says="<<",
    ),
    Case(
        "python-tag",
        (append(HOSTS, host("r9", "  data: !!python/object:os.system {} #!\n")),),
        where=HOSTS,
        says="tag",
    ),
    Case(
        "custom-tag",
        (append(HOSTS, host("r9", "  data: {model: !vault abc} #!\n")),),
        where=HOSTS,
        says="tag",
    ),
    Case(
        "binary-tag",
        (append(HOSTS, host("r9", "  data: {model: !!binary aGVsbG8=} #!\n")),),
        where=HOSTS,
    ),
    Case("dup-host", (append(HOSTS, "hq-core-1: {} #!\n"),), where=HOSTS, says="duplicate"),
    Case(
        "dup-host-key",
        (append(HOSTS, host("r9", "  hostname: 10.99.0.2 #!\n")),),
        where=HOSTS,
        says="duplicate",
    ),
    Case(
        "dup-data-key",
        (append(HOSTS, host("r9", "  data:\n    model: a\n    model: b #!\n")),),
        where=HOSTS,
        says="duplicate",
    ),
    Case(
        "dup-nested-key",
        (
            append(
                HOSTS, host("r9", "  data:\n    syslog: {servers: [10.0.0.1], servers: [] } #!\n")
            ),
        ),
        where=HOSTS,
        says="duplicate",
    ),
    Case("dup-group", (append(GROUPS, "ios: {} #!\n"),), where=GROUPS, says="duplicate"),
    Case(
        "dup-defaults-key",
        (append(DEFAULTS, "username: other #!\n"),),
        where=DEFAULTS,
        says="duplicate",
    ),
    Case(
        "bom-is-fine",
        (rewrite(HOSTS, lambda b: b"\xef\xbb\xbf" + b),),
        code=0,
    ),
    Case(
        "crlf-is-fine",
        (rewrite(HOSTS, lambda b: b.replace(b"\n", b"\r\n")),),
        code=0,
    ),
]

NAMES = [
    Case(
        "host-int-key",
        (append(HOSTS, "\n12345: #!\n  platform: ios\n"),),
        where=HOSTS,
        says="quote it",
    ),
    Case("host-null-key", (append(HOSTS, "\n~: #!\n  platform: ios\n"),), where=HOSTS),
    Case("host-bool-key", (append(HOSTS, "\ntrue: #!\n  platform: ios\n"),), where=HOSTS),
    Case("host-float-key", (append(HOSTS, "\n1.5: #!\n  platform: ios\n"),), where=HOSTS),
    Case("host-empty-name", (append(HOSTS, '\n"": #!\n  platform: ios\n'),), where=HOSTS),
    Case(
        "host-empty-name-render-check",  # `render --check` never converged
        (append(HOSTS, '\n"": #!\n  platform: ios\n'),),
        argv=("render", "--check"),
        where=HOSTS,
    ),
    Case("host-blank-name", (append(HOSTS, '\n"hq core 9": #!\n  platform: ios\n'),), where=HOSTS),
    Case("host-slash", (append(HOSTS, '\n"a/b": #!\n  platform: ios\n'),), where=HOSTS),
    Case("host-dotdot", (append(HOSTS, '\n"../evil": #!\n  platform: ios\n'),), where=HOSTS),
    Case("host-nul", (append(HOSTS, '\n"a\\0b": #!\n  platform: ios\n'),), where=HOSTS),
    Case(
        "host-256-bytes",
        (append(HOSTS, "\n" + "h" * 256 + ": #!\n  platform: ios\n"),),
        where=HOSTS,
    ),
    Case("host-unicode", (append(HOSTS, '\n"kern\u0430": #!\n  platform: ios\n'),), where=HOSTS),
    Case(
        "host-named-like-group",
        (append(HOSTS, host("ios").replace("ios:", "ios: #!", 1)),),
        where=HOSTS,
        says="group",
    ),
    Case("host-named-all", (append(HOSTS, host("all")),), where=HOSTS, says="all"),
    Case("group-bad-name", (append(GROUPS, '\n"my group": {} #!\n'),), where=GROUPS),
    Case("group-int-name", (append(GROUPS, "\n42: {} #!\n"),), where=GROUPS),
    Case(
        "group-cycle",
        (
            append(GROUPS, "\nloop-a: {groups: [loop-b]} #!\nloop-b: {groups: [loop-a]}\n"),
            replace(
                HOSTS,
                "groups: [ios, site-hq, role-core]",
                "groups: [ios, site-hq, role-core, loop-a]",
            ),
        ),
        where=GROUPS,
        says="cycle",
    ),
    Case(
        "group-self-parent",
        (append(GROUPS, "\nselfish: {groups: [selfish]} #!\n"),),
        where=GROUPS,
        says="cycle",
    ),
    Case(
        "unknown-group-hint",
        (
            replace(
                HOSTS, "groups: [ios, site-hq, role-core]", "groups: [ios, site-hq, role-cor] #!"
            ),
        ),
        where=HOSTS,
        says="did you mean 'role-core'",
    ),
    Case(
        "groups-a-string",
        (
            append(
                HOSTS,
                host("r9", "  data: {model: x}\n").replace(
                    "groups: [ios, site-hq, role-access]", "groups: ios #!"
                ),
            ),
        ),
        where=HOSTS,
    ),
]

ROWS = ENCODING + YAML_TRAPS + NAMES
