from __future__ import annotations

import os
from pathlib import Path

import pytest

from pkanalysis import paths


def test_defaults_are_anchored_at_the_project_not_the_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for var in ("PKANALYSIS_DATA", "PKANALYSIS_REPORTS", "PKANALYSIS_RAW"):
        monkeypatch.delenv(var, raising=False)
    assert paths.data_dir() == paths.PROJECT_DIR / "data"
    assert paths.reports_dir() == paths.PROJECT_DIR / "reports"
    assert paths.processed_dir() == paths.PROJECT_DIR / "data" / "processed"
    assert paths.raw_dir(must_exist=False) == paths.PROJECT_DIR.parent / "shared" / "data" / "raw"


def test_environment_then_argument_override(tmp_path, monkeypatch):
    monkeypatch.setenv("PKANALYSIS_DATA", str(tmp_path / "env"))
    assert paths.data_dir() == tmp_path / "env"
    assert paths.data_dir(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.setenv("PKANALYSIS_REPORTS", str(tmp_path / "rep"))
    assert paths.reports_dir() == tmp_path / "rep"


def test_missing_raw_dir_names_the_path_and_the_fix(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError) as err:
        paths.raw_dir(missing)
    assert str(err.value) == (
        f"raw source directory {str(missing)!r} does not exist; pass --raw PATH or set "
        "PKANALYSIS_RAW to the folder that holds un_dpo_contributions_monthly_pdfs/"
    )


def test_raw_dir_from_environment_then_argument(monkeypatch, tmp_path: Path):
    # Folders other than the default, so that ignoring the variable would fail the test.
    (tmp_path / "env").mkdir()
    (tmp_path / "arg").mkdir()
    monkeypatch.setenv("PKANALYSIS_RAW", str(tmp_path / "env"))
    assert paths.raw_dir() == tmp_path / "env"
    assert paths.raw_dir(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.setenv("PKANALYSIS_RAW", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="missing' does not exist"):
        paths.raw_dir()
    assert paths.raw_dir(must_exist=False) == tmp_path / "missing"


def test_processed_dir_and_cache_dir_follow_their_settings(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PKANALYSIS_DATA", str(tmp_path / "data"))
    assert paths.processed_dir() == tmp_path / "data" / "processed"
    assert paths.processed_dir(tmp_path / "snap") == tmp_path / "snap"
    monkeypatch.setenv("PKANALYSIS_CACHE", str(tmp_path / "cache"))
    assert paths.cache_dir() == tmp_path / "cache"
    monkeypatch.delenv("PKANALYSIS_CACHE")
    assert paths.cache_dir() != tmp_path / "cache"
    assert paths.cache_dir().name == "pkanalysis"


def test_tests_write_outside_the_project():
    # Set by the project's conftest.py for every test run, notebooks under nbval included.
    for name in ("PKANALYSIS_OUTPUT", "PKANALYSIS_REPORTS"):
        assert paths.PROJECT_DIR.resolve() not in Path(os.environ[name]).resolve().parents, name
