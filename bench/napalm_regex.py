"""Benchmark: IOS get_config's header filter with NAPALM's pattern and with bluewire's fix.

    .venv/bin/python -m bench.napalm_regex

The filter runs once per IOS config fetch in the client (napalm/ios/ios.py get_config). CPU
time per 34 KB config, best of 5 (see bluewire/device/napalm_fixes.py).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from bluewire.device import napalm_fixes

REPO = Path(__file__).resolve().parents[1]
IOS_FILTERS = [
    r"^Building configuration.*$",
    r"^Current configuration :.*$",
    r"^! Last configuration change at.*$",
    r"^! NVRAM config last updated at.*$",
]


def per_call(pattern: str, text: str, number: int = 100) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for _ in range(number):
            re.sub(pattern, "", text, flags=re.M)
        best = min(best, (time.process_time() - start) / number)
    return best


def main() -> None:
    golden = (REPO / "golden_configs/hq-core-1.cfg").read_text()
    body = golden * (34_000 // len(golden) + 1)
    text = ("Building configuration...\nCurrent configuration : 34000 bytes\n" + body)[:34_000]
    theirs = per_call(napalm_fixes.NAPALMS(IOS_FILTERS), text)
    ours = per_call(napalm_fixes.generate_regex_or(IOS_FILTERS), text)
    print(f"NAPALM's pattern: {theirs * 1000:.2f} ms CPU per 34 KB config")
    print(f"bluewire's fix:   {ours * 1000:.2f} ms CPU per 34 KB config ({theirs / ours:.0f}x)")


if __name__ == "__main__":
    main()
