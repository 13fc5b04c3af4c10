"""`check` warns about interface descriptions whose far end is wrong: the device lab wires a
link only when both ends name each other, so these are links nobody can trust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bluewire.cli.main import main
from bluewire.inventory.load import load_inventory
from bluewire.project import Project
from bluewire.report.model import Kind
from bluewire.runs.links import link_findings


def findings(project: Project) -> list[tuple[str, str]]:
    inventory = load_inventory(project)
    return [(f.host, f.message) for f in link_findings(inventory, sorted(inventory.hosts))]


def edit(project: Project, old: str, new: str, count: int = 1) -> None:
    hosts = project.root / "inventory" / "hosts.yaml"
    text = hosts.read_text()
    assert text.count(old) == count, old
    hosts.write_text(text.replace(old, new))


def test_every_link_of_the_example_network_is_named_from_both_ends(
    example_project: Project,
) -> None:
    """Abbreviated far ports (`Twe1/0/3`, `Et4`, Junos `ge-0/0/2`) and words after the port
    (`(HA link)`) are fine."""
    assert findings(example_project) == []


@pytest.mark.parametrize(
    ("old", "new", "host", "expected"),
    [
        # a port the far device does not have (a typo in the slot, a 10G name on a 25G port)
        (
            '"disp-core-1 Twe1/0/3"',
            '"disp-core-1 Twe1/0/99"',
            "hq-core-1",
            'TwentyFiveGigE1/0/7: description "disp-core-1 Twe1/0/99" names disp-core-1 '
            "Twe1/0/99, a port disp-core-1 does not have",
        ),
        (
            '"hq-core-2 Twe1/0/1 (HA link)"',
            '"hq-core-2 Te1/0/1 (HA link)"',
            "hq-core-1",
            "names hq-core-2 Te1/0/1, a port hq-core-2 does not have",
        ),
        # a logical interface is no end of a cable
        ('"disp-core-1 Twe1/0/3"', '"disp-core-1 Vlan10"', "hq-core-1", "does not have"),
        # the far end names another port back (a copied interface list)
        (
            '"hq-core-1 Twe1/0/6"',
            '"hq-core-1 Twe1/0/5"',
            "edge-fw-1",
            'ge-0/0/2: description "hq-core-1 Twe1/0/5", but hq-core-1 TwentyFiveGigE1/0/5 '
            'has "dc-leaf-1 Et49/1": the two ends disagree',
        ),
    ],
)
def test_a_wrong_far_end_is_a_warning_at_the_host(
    example_project: Project, old: str, new: str, host: str, expected: str
) -> None:
    edit(example_project, old, new)
    found = [message for h, message in findings(example_project) if h == host]
    assert len(found) == 1, findings(example_project)
    assert found[0].startswith("inventory/hosts.yaml:")
    assert expected in found[0]


def test_a_one_sided_link_is_reported_from_both_ends(example_project: Project) -> None:
    """dc-tor-2 copying dc-tor-1's uplink descriptions: each leaf and the ToR disagree."""
    edit(example_project, '"dc-leaf-1 Et4"', '"dc-leaf-1 Et3"')
    hosts = sorted(h for h, _ in findings(example_project))
    assert hosts == ["dc-leaf-1", "dc-tor-2"]


@pytest.mark.parametrize(
    "description",
    [
        "dc-leaf-2 MLAG peer-link",  # names a device, no port
        "isp-router-9 Gi0/0/1",  # a device outside the inventory
        "hq-core-1 Twe1/0/1",  # the port's own device
        "spare",
    ],
)
def test_descriptions_that_name_no_far_port_are_left_alone(
    example_project: Project, description: str
) -> None:
    edit(example_project, '"hq-core-2 Twe1/0/1 (HA link)"', f'"{description}"')
    assert [h for h, _ in findings(example_project)] == ["hq-core-2"]  # only the far end


def test_check_lists_the_warnings_and_still_exits_0(
    example_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(example_project, '"disp-core-1 Twe1/0/3"', '"disp-core-1 Twe1/0/99"')
    main(["--project", str(example_project.root), "render"])
    capsys.readouterr()
    out = tmp_path / "check.json"
    code = main(["--project", str(example_project.root), "check", "--output", str(out)])
    assert code == 0
    assert "does not have" in capsys.readouterr().out
    hosts = json.loads(out.read_text())["hosts"]
    links = {h for h, found in hosts.items() for f in found if f["kind"] == Kind.LINK.value}
    assert links == {"hq-core-1", "disp-core-1"}  # disp-core-1's end is one-sided now
