"""``load_<name>()`` functions: fast, offline reads of the committed snapshot and curated tables.

Every loader takes the same keywords with the same meaning:

``start``, ``end``
    First and last month to keep (anything ``pandas.Timestamp`` accepts; compared by month).
``missions``, ``contributors``, ``personnel_types``
    One value or a list; unknown values raise ``ValueError`` listing the valid choices.
``data_home``
    Data directory to read instead of :func:`pkanalysis.paths.data_dir`.

Loaders never parse raw sources: ``pkanalysis data build`` does that once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import paths
from .catalog import DatasetInfo, register

PathLike = str | os.PathLike[str]

DPO = "United Nations Department of Peace Operations"
UN_TERMS = "UN terms of use (https://www.un.org/en/about-us/terms-of-use)"
IPI = "International Peace Institute, Providing for Peacekeeping"


def _processed_file(name: str, data_home: PathLike | None) -> Path:
    base = paths.data_dir(data_home) / "processed"
    path = base / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the processed snapshot has not been built; run "
            "`pkanalysis data build --raw PATH` (PATH holds the official raw sources)"
        )
    return path


def _as_list(values: str | Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(values)


def _select(
    df: pd.DataFrame,
    column: str,
    wanted: list[str] | None,
    what: str,
    aliases: pd.Series | None = None,
) -> pd.DataFrame:
    """Keep rows whose ``column`` is in ``wanted``; unknown values are an error.

    ``aliases`` maps other accepted spellings (e.g. contributor names) to ``column`` values.
    """
    if wanted is None:
        return df
    valid = set(df[column].dropna().astype(str).unique())
    lookup = {v.upper(): v for v in valid}
    if aliases is not None:
        lookup.update({str(k).upper(): v for k, v in aliases.items()})
    resolved, unknown = [], []
    for value in wanted:
        hit = lookup.get(str(value).strip().upper())
        (resolved.append(hit) if hit is not None else unknown.append(value))
    if unknown:
        raise ValueError(
            f"unknown {what} {', '.join(map(repr, unknown))}; valid {what}: "
            f"{', '.join(sorted(valid))}"
        )
    return df[df[column].isin(resolved)]


def _between(df: pd.DataFrame, start, end) -> pd.DataFrame:
    if start is not None:
        df = df[df["date"] >= pd.Timestamp(start).to_period("M").to_timestamp()]
    if end is not None:
        df = df[df["date"] <= pd.Timestamp(end).to_period("M").to_timestamp(how="end")]
    return df


@register(
    DatasetInfo(
        name="contributions",
        title="Uniformed personnel contributions by month, mission, contributor, type and sex",
        publisher=f"{DPO}; {IPI}",
        url="https://peacekeeping.un.org/en/troop-and-police-contributors",
        licence=f"{UN_TERMS}; IPI data: CC BY-SA (IPIDataLab/PPP_Loader)",
        vintage="monthly, 1990-11 to 2025-07 (UN reports 2015-01 to 2025-07, IPI before)",
        kind="processed",
        files=("processed/contributions.parquet",),
    )
)
def load_contributions(
    start=None,
    end=None,
    missions: str | Iterable[str] | None = None,
    contributors: str | Iterable[str] | None = None,
    personnel_types: str | Iterable[str] | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """Uniformed personnel by month, mission, contributor, personnel type and sex.

    Each month appears at one grain only, so ``df.groupby("date")["total"].sum()`` is that
    month's total.  Months without a mission split (2018-03..2019-08, 2023-09 and IPI's
    1990-2009 per-country series) have a missing ``mission``.  The columns are described by
    :class:`pkanalysis.schemas.Contributions`.

    Parameters
    ----------
    start, end : date-like, optional
        First and last month to keep.
    missions : str or list of str, optional
        Mission acronyms, e.g. ``"UNMISS"``.
    contributors : str or list of str, optional
        ISO3 codes or UN names of contributing states, e.g. ``"BGD"`` or ``"Bangladesh"``.
    personnel_types : str or list of str, optional
        Values of the personnel-type vocabulary, e.g. ``"Troops"``.
    data_home : path-like, optional
        Data directory to read instead of the default.

    Returns
    -------
    pandas.DataFrame
    """
    df = pd.read_parquet(_processed_file("contributions", data_home))
    df = _between(df, start, end)
    df = _select(df, "mission", _as_list(missions), "missions")
    names = df.drop_duplicates("contributor").set_index("contributor")["contributor_iso3"]
    df = _select(df, "contributor_iso3", _as_list(contributors), "contributors", aliases=names)
    df = _select(df, "personnel_type", _as_list(personnel_types), "personnel types")
    return df.reset_index(drop=True)
