"""`drift --procs N` shares the devices over N forked processes: the same report and backup.

Against a lab of the four platforms with a drifted host, an unapproved OS and a refused login, so
every kind of row (and the compliance profile) crosses a process boundary.
"""

from __future__ import annotations

import pytest

from bluewire import gitrepo
from bluewire.cli.main import main
from bluewire.inventory.load import load_inventory
from bluewire.lab.fleet import Lab
from bluewire.project import Project
from bluewire.runs.drift_read import read_devices
from bluewire.secrets import SecretStore
from tests.lab.test_drift import HOSTS, ROGUE, drift_lab, netmiko_config  # noqa: F401

pytestmark = pytest.mark.lab


def test_processes_make_the_report_and_backup_of_one(
    drift_lab: tuple[Project, Lab],  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
    capfd: pytest.CaptureFixture[str],
) -> None:
    project, lab = drift_lab
    out = tmp_path_factory.mktemp("reports")  # outside the project: its checkout stays clean
    netmiko_config(lab, "hq-access-1", ["interface GigabitEthernet1/0/5", ROGUE])
    lab.device("edge-fw-1").os_version = "21.2R1"
    lab.device("d3-access-1").faults.refuse_login = True
    base = ["--project", str(project.root), "--lab", "drift", "--no-push"]
    base += [f"--limit={host}" for host in HOSTS]
    for procs in (1, 3):
        branch, report = f"backups-{procs}", out / f"procs-{procs}.json"
        args = [*base, "--procs", str(procs), "--backup-branch", branch, "--output", str(report)]
        assert main(args) == 1  # the refused login beats the drift
        reading = [line for line in capfd.readouterr().err.splitlines() if "device(s)" in line]
        counts = [int(line.split()[1]) for line in reading]  # "reading N device(s) on the lab..."
        assert len(counts) == procs and sum(counts) == len(HOSTS)
    one, three = (out / "procs-1.json").read_text(), (out / "procs-3.json").read_text()
    assert one == three
    assert '"drifted"' in one and '"unapproved"' in one and '"auth-failed"' in one
    files = gitrepo.list_files(project.root, "backups-3")
    assert len(files) == len(HOSTS) - 1 and files == gitrepo.list_files(project.root, "backups-1")
    for path in files:
        texts = {gitrepo.read_file(project.root, f"backups-{n}", path) for n in (1, 3)}
        assert len(texts) == 1


def test_a_bug_in_the_per_host_work_is_raised_not_lost_in_a_thread(
    drift_lab: tuple[Project, Lab],  # noqa: F811
) -> None:
    project, _ = drift_lab
    seen: list[str] = []

    def broken(host: str, running: str) -> None:
        seen.append(host)
        raise ZeroDivisionError(host)

    store = SecretStore(project.root, lab=True)
    inventory = load_inventory(project)
    with pytest.raises(ZeroDivisionError):
        read_devices(project, inventory, HOSTS, lab=True, workers=5, store=store, then=broken)
    assert sorted(seen) == sorted(HOSTS)  # every host was still read and handed on
