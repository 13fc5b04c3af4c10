"""The lab OS10 file system as a CLI client sees it (netmiko `dell_os10`): `copy` into
`home://`, `dir home`, `delete home://...`; files survive a reload, as on flash."""

from __future__ import annotations

import pytest

from bluewire.lab.device import Device
from tests.lab.conformance import wait_for
from tests.lab.test_dellos10 import netmiko_session


def names(listing: str) -> list[str]:
    """File names in `dir` output (the last column of each row under the header rule)."""
    lines = listing.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("---")) + 1
    return [row.split()[-1] for row in lines[start:] if row.strip()]


@pytest.mark.lab
def test_copy_dir_delete_in_home(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    conn = netmiko_session(port)
    try:
        conn.send_command("copy running-configuration home://saved.cfg")
        assert names(conn.send_command("dir home")) == ["saved.cfg"]
        assert device.files["home://saved.cfg"].decode() == device.running
        assert "% Error" not in conn.send_command("delete home://saved.cfg")
        assert names(conn.send_command("dir home")) == []
        assert "No such file" in conn.send_command("delete home://saved.cfg")
        assert "No such file" in conn.send_command("delete config://nothing.xml")
    finally:
        conn.disconnect()


@pytest.mark.lab
def test_files_survive_a_reload(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    conn = netmiko_session(port)
    conn.send_command("copy running-configuration home://kept.cfg")
    conn.send_command("reload in 1")
    assert wait_for(lambda: device.is_down())
    assert wait_for(lambda: not device.is_down())
    conn = netmiko_session(port)
    try:
        assert names(conn.send_command("dir home")) == ["kept.cfg"]
    finally:
        conn.disconnect()
