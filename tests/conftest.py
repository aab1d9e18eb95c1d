from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from pkanalysis import paths

# Property tests draw the same examples on every run (a failure in CI is one anyone can
# repeat) and keep no example database in the checkout; the first call of a reader may load
# hdx-python-country's tables, so no per-example deadline.
settings.register_profile(
    "pkanalysis",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("pkanalysis")


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
