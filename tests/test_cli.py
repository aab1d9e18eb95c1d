from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pkanalysis import __version__, export
from pkanalysis.cli import main, user_errors


def test_help_lists_each_subcommand_with_what_it_does():
    out = subprocess.run(
        [sys.executable, "-m", "pkanalysis.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # one line per command in the command list, beginning with its name
    listed = re.findall(r"^    (\w+) +(\S.*)$", out, flags=re.M)
    assert [name for name, _ in listed] == ["datasets", "data", "export", "report", "brief"]
    assert dict(listed)["datasets"] == "list the datasets pkanalysis can load"
    data = subprocess.run(
        [sys.executable, "-m", "pkanalysis.cli", "data", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    actions = re.findall(r"^    (\w+) +\S", data, flags=re.M)
    assert actions == ["build", "add", "update", "check"]


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


def test_a_users_mistake_is_one_line_and_a_bug_keeps_its_traceback(monkeypatch, capsys):
    assert main(["export", "--table", "nothing"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "pkanalysis: error: unknown table 'nothing'; valid tables: bloc_membership, "
        "capability_requirements, conferences, contributions, countries, fatalities, "
        "mission_strength, missions, parity_targets, pledge_counts, pledge_coverage, pledges, "
        "unit_sizes\n"
    )

    def broken(*_args):
        raise ValueError("a bug, not the user's doing")

    monkeypatch.setattr(export, "export", broken)
    with pytest.raises(ValueError, match="^a bug, not the user's doing$"):
        main(["export", "--table", "conferences"])


def test_every_user_error_type_is_one_the_project_raises_with_a_message():
    errors = user_errors()
    assert OSError in errors
    assert ValueError not in errors
    assert all(issubclass(e, Exception) for e in errors)
