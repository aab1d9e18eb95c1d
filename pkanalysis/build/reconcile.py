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

__all__ = ["account_for_fills", "check_ipi_gender", "check_reports", "reconcile_all"]


def check_reports(rows: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """The reports' printed totals against their rows, one report per ``source`` and month."""
    return check_source(rows, totals, unit=["date"])


def check_ipi_gender(rows: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """IPI's contributor x mission file against its own "all" rows, month by month."""
    return check_source(rows, totals, IPI_GENDER, unit=["date"])


def account_for_fills(checks: pd.DataFrame, filled: pd.DataFrame) -> pd.DataFrame:
    """IPI grand totals that count contributors whose rows in the same file are blank.

    Where the rows taken from IPI's per-country files (``data/contributor_fills.csv``) make
    up exactly what the file's own rows lack, and men and women are reproduced, the check is
    explained by the blank rows, not by a printed line that does not add up.
    """
    if filled.empty or checks.empty:
        return checks
    checks = checks.copy()
    extra = filled.groupby("date")["total"].sum()
    who = filled.groupby("date")["contributor_iso3"].agg(
        lambda s: ", ".join(sorted(set(s.astype(str))))
    )
    grand = (checks["level"] == "grand") & checks["date"].isin(extra.index)
    added = checks.loc[grand, "date"].map(extra)
    closes = (
        (checks.loc[grand, "parsed_total"] + added == checks.loc[grand, "total"])
        & (checks.loc[grand, "diff_male"].fillna(0) == 0)
        & (checks.loc[grand, "diff_female"].fillna(0) == 0)
    )
    hit = closes[closes.fillna(False)].index
    checks.loc[hit, "status"] = "explained"
    checks.loc[hit, "reason"] = (
        "printed total counts contributors whose rows here are blank ("
        + checks.loc[hit, "date"].map(who)
        + ": "
        + added[hit].astype("Int64").astype("string")
        + " persons, taken from IPI's per-country files, data/contributor_fills.csv); "
        "with them the total is reproduced, and men and women are reproduced exactly"
    )
    return checks


def reconcile_all(checks: list[pd.DataFrame], data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All checks with the sourced explanations applied, and the unexplained mismatches."""
    recon = reconcile(checks, data)
    return recon, recon[recon["status"] == "mismatch"]
