from __future__ import annotations

import os
from pathlib import Path

import pytest

from pkanalysis import paths


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The official raw sources; CI has them beside the clone, so a missing folder is a failure."""
    return paths.raw_dir()


@pytest.fixture(scope="session")
def pdf_dir(raw_dir: Path) -> Path:
    return raw_dir / "un_dpo_contributions_monthly_pdfs"


@pytest.fixture(scope="session", autouse=True)
def _cache_of_its_own(tmp_path_factory):
    """The tests' parsed reports and file digests go to a temporary cache, never the user's."""
    before = os.environ.get("PKANALYSIS_CACHE")
    os.environ["PKANALYSIS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("PKANALYSIS_CACHE", None)
    else:
        os.environ["PKANALYSIS_CACHE"] = before
