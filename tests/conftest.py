from __future__ import annotations

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
