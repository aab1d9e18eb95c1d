"""Stage 5: every printed total beside the sum of the rows parsed from the same file.

The comparison itself lives in :mod:`pkanalysis.reconcile` (``pkanalysis data check`` reads its
result); this stage runs it over the reports' and IPI's totals and says whether the build may
write the snapshot.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..reconcile import check_source, reconcile
from .common import IPI_GENDER

__all__ = ["check_ipi_gender", "check_reports", "reconcile_all"]


def check_reports(rows: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """The reports' printed totals against their rows, one report per ``source`` and month."""
    return check_source(rows, totals, unit=["date"])


def check_ipi_gender(rows: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """IPI's contributor x mission file against its own "all" rows, month by month."""
    return check_source(rows, totals, IPI_GENDER, unit=["date"])


def reconcile_all(checks: list[pd.DataFrame], data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All checks with the sourced explanations applied, and the unexplained mismatches."""
    recon = reconcile(checks, data)
    return recon, recon[recon["status"] == "mismatch"]
