"""Junos config trees as Junos XML (`<configuration>`), for XML-format config reads.

Junos maps `keyword value;` to `<keyword>value</keyword>` and a named container (`unit 0 { }`)
to `<unit><name>0</name>...</unit>`; PyEZ's facts read `system/domain-name` this way. The mapping
here is that rule applied without a schema, which is what the lab's readers need.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from bluewire.config.tree import Node
from bluewire.lab.platforms.junos.schema import NAMED_CHILDREN, words_of

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
    else:
        el = ET.Element(words[0])
        if node.children and len(words) > 1:
            ET.SubElement(el, "name").text = " ".join(words[1:])
        elif len(words) > 1:
            el.text = " ".join(words[1:])
    for child in node.children:
        el.append(_element(child, node.text))
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
