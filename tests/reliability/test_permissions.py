"""Personal data stays owner-only: the database and its -wal/-shm (also after a restore),
the data folder, the settings file, backups (manual, daily, before a restore) and every
export (CSV of each kind, JSON, vCard, calendar, campaign list, a person's KVKK export,
an export written over an existing 0644 file) are 0600 (folders 0700) even with a careless
umask. Runs in a child process with ``umask 000`` (umask is per process).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .helpers import ROOT, child_env

CHILD = r"""
import json, os, stat, sys
from pathlib import Path
os.umask(0)
out = {}
def mode(p):
    return oct(stat.S_IMODE(os.stat(p).st_mode))
from crm_tui.config import default_db_path, ensure_dir
from crm_tui.db import open_database, close_database
from crm_tui.domain.customers import CustomerInput, create_customer
path = default_db_path()
ensure_dir(path.parent)
open_database(path)
create_customer(CustomerInput(name="Gizli Müşteri", phones=[("mobile", "0532 111 22 33")]))
out["data folder"] = mode(path.parent)
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(f"{path}{suffix}"):
        out[f"database{suffix}"] = mode(f"{path}{suffix}")
from crm_tui.domain import backup
b = backup.make_backup()
out["backup"] = mode(b)
out["backup folder"] = mode(b.parent)
a = backup.auto_backup()
if a:
    out["daily backup"] = mode(a)
from crm_tui.domain import exporters, ical, loyalty, privacy
exports = Path(sys.argv[1])
exporters.export("csv", "customers", exports / "musteriler.csv")
out["export csv"] = mode(exports / "musteriler.csv")
exporters.export("json", None, exports / "yedek.json")
out["export json"] = mode(exports / "yedek.json")
for what in ("policies", "reminders", "complaints"):
    exporters.export("csv", what, exports / f"{what}.csv")
    out[f"export csv {what}"] = mode(exports / f"{what}.csv")
exporters.export("vcard", None, exports / "rehber.vcf")
out["export vcard"] = mode(exports / "rehber.vcf")
exporters.export("ics", "reminders", exports / "takvim.ics")
out["export ics"] = mode(exports / "takvim.ics")
ical.export_ics(exports / "ajanda.ics")
out["calendar"] = mode(exports / "ajanda.ics")
loyalty.export_campaign([1], "sms", exports / "kampanya.csv")
out["campaign list"] = mode(exports / "kampanya.csv")
privacy.export_person(1, exports / "kvkk.json")
out["personal data export"] = mode(exports / "kvkk.json")
# an export written over an existing file the user made readable by all
loose = exports / "eski.csv"
loose.write_text("eski")
os.chmod(loose, 0o644)
exporters.export("csv", "customers", loose)
out["export over a 0644 file"] = mode(loose)
# restoring a backup: the database and the before-restore copy stay private
before = backup.restore(b)
out["before-restore backup"] = mode(before)
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(f"{path}{suffix}"):
        out[f"restored database{suffix}"] = mode(f"{path}{suffix}")
close_database()
from crm_tui.config import Settings, save_settings, settings_path
save_settings(Settings(language="tr"))
out["settings"] = mode(settings_path())
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def modes(tmp_path_factory):
    base = tmp_path_factory.mktemp("perm")
    (base / "exports").mkdir()
    env = child_env(CRM_TUI_DATA_DIR=str(base / "data"), CRM_TUI_CONFIG_DIR=str(base / "cfg"))
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(base / "exports")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("what", ["database", "database-wal", "database-shm"])
def test_database_files_are_owner_only(modes, what):
    assert modes[what] == "0o600", modes


def test_data_folder_is_owner_only(modes):
    assert modes["data folder"] == "0o700", modes


BACKUPS_AND_EXPORTS = [
    "backup",
    "daily backup",
    "before-restore backup",
    "restored database",
    "export csv",
    "export csv policies",
    "export csv reminders",
    "export csv complaints",
    "export json",
    "export vcard",
    "export ics",
    "calendar",
    "campaign list",
    "personal data export",
    "export over a 0644 file",
]


@pytest.mark.parametrize("what", BACKUPS_AND_EXPORTS)
def test_backups_and_exports_are_owner_only(modes, what):
    assert modes[what] == "0o600", modes


def test_backup_folder_is_owner_only(modes):
    assert modes["backup folder"] == "0o700", modes


def test_settings_file_is_owner_only(modes):
    assert modes["settings"] == "0o600", modes
