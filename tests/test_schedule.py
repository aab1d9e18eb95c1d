"""The scheduled job (schedule/monthly.sh) stops at the first step that fails."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from pkanalysis import paths


def test_monthly_job_stops_before_build_and_report_when_update_fails(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("report_sources.yml"))
    before = {p.name: p.read_bytes() for p in (data / "processed").iterdir()}
    with socket.socket() as s:  # a port nobody listens on: the source page cannot be fetched
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/contributors"
    (data / "report_sources.yml").write_text(f"sources:\n  - name: down\n    url: {url}\n")
    env = {
        **os.environ,
        "PKANALYSIS_DATA": str(data),
        "PKANALYSIS_REPORTS": str(tmp_path / "reports"),
        "PKANALYSIS_CACHE": str(tmp_path / "cache"),
        "PKANALYSIS_BIN": str(Path(sys.executable).parent),
    }
    done = subprocess.run(
        [str(paths.PROJECT_DIR / "schedule" / "monthly.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"pkanalysis: error: {url}: download failed (")
    assert done.stdout == ""  # neither the build nor the report printed anything: not run
    assert not (tmp_path / "reports").exists()
    assert {p.name: p.read_bytes() for p in (data / "processed").iterdir()} == before
