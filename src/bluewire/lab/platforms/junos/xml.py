"""Junos config trees as Junos XML (`<configuration>`), for XML-format config reads.

Junos maps `keyword value;` to `<keyword>value</keyword>` and a named container (`unit 0 { }`)
to `<unit><name>0</name>...</unit>`; PyEZ's facts read `system/domain-name` this way. The mapping
here is that rule applied without a schema, which is what the lab's readers need.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from bluewire.config.model import INACTIVE, PROTECT
from bluewire.config.tree import Node
from bluewire.lab.platforms.junos.schema import (
    LIST_LEAVES,
    NAMED_CHILDREN,
    NESTED_LEAVES,
    words_of,
)

_XML_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")


def _unquote(word: str) -> str:
    return word[1:-1] if len(word) > 1 and word[0] == word[-1] == '"' else word


def _element(node: Node, parent_text: str) -> ET.Element:
    words = [_unquote(w) for w in words_of(node.text)] or [""]
    if not _XML_NAME.match(words[0]):  # a bare value (`name-server { 192.0.2.1; }`)
        el = ET.Element("name")
        el.text = " ".join(words)
    elif parent_text in NAMED_CHILDREN:
        el = ET.Element("interface" if parent_text == "interfaces" else parent_text.rstrip("s"))
        ET.SubElement(el, "name").text = " ".join(words)
    elif node.children:
        el = ET.Element(words[0])
        if len(words) > 1:
            ET.SubElement(el, "name").text = " ".join(words[1:])
    else:
        el = _leaf(words)
    for tag in sorted(node.tags & {INACTIVE, PROTECT}):
        el.set(tag, tag)  # Junos XML marks a tagged statement: <group inactive="inactive">
    for child in node.children:
        el.append(_element(child, node.text))
    return el


def _leaf(words: list[str]) -> ET.Element:
    """`keyword value...;` as Junos XML: a list entry, a nested leaf or `<keyword>value`."""
    if words[0] in LIST_LEAVES and len(words) > 1:
        return _entry(words)
    el = ET.Element(words[0])
    if words[0] in NESTED_LEAVES and len(words) > 1:
        inner = NESTED_LEAVES[words[0]]
        rest = words[1:] if inner else words[2:]
        ET.SubElement(el, inner or words[1]).text = " ".join(rest)
    elif len(words) > 1:
        el.text = " ".join(words[1:])
    return el


def _entry(words: list[str]) -> ET.Element:
    """A one-line list entry: `server 192.0.2.1 key 5 prefer` -> name, `<key>5</key>`, `<prefer/>`."""
    el = ET.Element(words[0])
    ET.SubElement(el, "name").text = words[1]
    rest = words[2:]
    while rest:
        option = ET.SubElement(el, rest[0])
        if (len(rest) > 1 and not _XML_NAME.match(rest[1])) or len(rest) == 2:
            option.text, rest = rest[1], rest[2:]
        else:
            rest = rest[1:]
    return el


def _filtered(el: ET.Element, wanted: ET.Element) -> ET.Element | None:
    """Keep the parts of `el` that the filter names (an empty filter element keeps all)."""
    if len(wanted) == 0:
        return el
    out = ET.Element(el.tag, el.attrib)
    out.text = el.text
    for want in wanted:
        for child in el:
            if child.tag == want.tag or child.tag == "name":
                kept = child if child.tag == "name" else _filtered(child, want)
                if kept is not None and kept not in list(out):
                    out.append(kept)
    return out if len(out) or el.text else None


def config_xml(root: Node, wanted: ET.Element | None) -> str:
    """`<configuration>` for `root`, narrowed to the `wanted` filter when one is given."""
    conf = ET.Element("configuration")
    for node in root.children:
        if not node.text.startswith("version "):
            conf.append(_element(node, ""))
    if wanted is not None:
        conf = _filtered(conf, wanted) or ET.Element("configuration")
    return ET.tostring(conf, encoding="unicode")
