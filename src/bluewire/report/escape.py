"""Text from devices and inventories, made safe for each output format.

Report text is not all ours: running configs, device error messages and compliance evidence come
from devices, and anyone with access to a device can put `<img src=...>`, a `|`, a line of
backticks or an escape sequence into a description. Each format has its own dangerous
characters; these are the one place that knows them (markdown.py, junit.py, html.py and the
terminal output use them).
"""

from __future__ import annotations

import re

# C0/C1 control characters except tab and newline, DEL, and the characters XML 1.0 forbids
# (U+FFFE, U+FFFF, lone surrogates). A terminal obeys escape sequences; XML parsers reject the
# document; a browser shows garbage.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """`text` with every control character shown as `\\xNN` / `\\uNNNN` (a CRLF becomes LF)."""
    text = text.replace("\r\n", "\n")
    return _CONTROLS.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None
