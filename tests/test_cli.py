from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pkanalysis import __version__
from pkanalysis.cli import main


def test_help_lists_the_subcommands():
    out = subprocess.run(
        [sys.executable, "-m", "pkanalysis.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for command in ("datasets", "data", "report"):
        assert command in out


def test_entry_point_is_installed():
    out = subprocess.run(
        [str(Path(sys.executable).parent / "pkanalysis"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == f"pkanalysis {__version__}"


def test_datasets_command_lists_contributions(capsys):
    assert main(["datasets"]) == 0
    assert "contributions" in capsys.readouterr().out


def test_bad_raw_path_is_a_clear_error(tmp_path, capsys):
    assert main(["data", "build", "--raw", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pkanalysis: error: raw source directory")
