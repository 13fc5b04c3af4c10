"""The JUnit XML document every report's junit view ends with (CI systems parse this form)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from bluewire.report.escape import visible

HEADER = '<?xml version="1.0" encoding="utf-8"?>\n'


def junit_document(root: ET.Element) -> str:
    """`root` (a <testsuite> or <testsuites>) indented, with the XML declaration.

    XML 1.0 has no way to write most control characters, not even escaped, and ElementTree
    writes them raw: one in a device's message made the whole report unreadable to GitLab.
    Every text and attribute is passed through `escape.visible` first.
    """
    for el in root.iter():
        el.text = visible(el.text) if el.text else el.text
        el.tail = visible(el.tail) if el.tail else el.tail
        for key, value in el.attrib.items():
            el.attrib[key] = visible(value)
    ET.indent(root)
    return HEADER + ET.tostring(root, encoding="unicode") + "\n"
