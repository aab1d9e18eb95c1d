"""Balanced panels of deployments: every unit (a state, a mission, ...) in every period.

``load_contributions()`` holds only what a report printed: a state that deployed no one in a
month has no row.  Most analyses of change (event studies, growth rates, entries and exits) need
the zeros written out, and they need to tell a true zero from a month the sources do not cover.
:func:`panel` does both:

* a unit with no row in a covered month deployed no one: ``total`` is 0;
* a month with no report, or a month whose source lacks the grain asked for (no mission split,
  police not split into formed and individual police), is not observed: ``total`` is missing and
  ``observed`` is ``False``.

Which grain a month has is read from the data itself: a month supports a personnel type if any
row of that month has it, and it supports a mission split if its rows name missions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from . import loaders, selection
from . import months as month_flags
from .vocab import ALL_PERSONNEL_TYPES, COARSE_PERSONNEL_TYPES

PathLike = str | os.PathLike[str]

UNITS = ("month", "year")
BY_COLUMNS = ("contributor_iso3", "mission", "personnel_type")
CARRIED_FORWARD = ("missing", "keep")


def _wanted_types(personnel_types: str | Iterable[str] | None) -> list[str] | None:
    """The requested types, a coarse type standing for itself and its parts."""
    if personnel_types is None:
        return None
    values = [personnel_types] if isinstance(personnel_types, str) else list(personnel_types)
    unknown = [v for v in values if v not in ALL_PERSONNEL_TYPES]
    if unknown:
        raise ValueError(
            f"unknown personnel types {', '.join(map(repr, unknown))}; valid personnel types: "
            f"{', '.join(ALL_PERSONNEL_TYPES)}"
        )
    wanted = set(values)
    for coarse, parts in COARSE_PERSONNEL_TYPES.items():
        if coarse in wanted:
            wanted.update(parts)
    return sorted(wanted)


def _covered_months(
    df: pd.DataFrame, months: pd.DatetimeIndex, wanted: list[str] | None, need_mission: bool
) -> pd.Series:
    """Per month: does the source have the grain needed for ``wanted`` (and for a mission
    split, when ``need_mission``)?"""
    present = df.groupby("date", observed=True)["personnel_type"].agg(
        lambda s: frozenset(s.astype(str))
    )
    covered = pd.Series(False, index=months)
    covered[covered.index.isin(present.index)] = True
    lumped_parts = {
        part
        for coarse, parts in COARSE_PERSONNEL_TYPES.items()
        if wanted is not None and coarse not in wanted
        for part in parts
        if part in wanted
    }
    if lumped_parts:
        # A month whose source lumps a requested type into its coarse parent (IPI's "Police"
        # before 2009) says nothing about that type alone.
        for month, types in present.items():
            if not lumped_parts & types and types & set(COARSE_PERSONNEL_TYPES):
                covered[month] = False
    if need_mission:
        has_mission = df.groupby("date", observed=True)["mission"].agg(lambda s: s.notna().any())
        no_split = has_mission.index[~has_mission.to_numpy(dtype=bool)]
        covered[covered.index.isin(no_split)] = False
    return covered


def _check_arguments(unit: str, by: str | Sequence[str], carried_forward: str) -> list[str]:
    """``by`` as a list, once ``unit``, ``by`` and ``carried_forward`` are known values."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; valid units: {', '.join(UNITS)}")
    by = [by] if isinstance(by, str) else list(by)
    bad = [b for b in by if b not in BY_COLUMNS]
    if bad or not by:
        raise ValueError(
            f"unknown by columns {bad or by!r}; valid by columns: {', '.join(BY_COLUMNS)}"
        )
    if carried_forward not in CARRIED_FORWARD:
        raise ValueError(
            f"unknown carried_forward {carried_forward!r}; valid: {', '.join(CARRIED_FORWARD)}"
        )
    return by


def panel(
    contributions: pd.DataFrame | None = None,
    unit: str = "month",
    by: str | Sequence[str] = ("contributor_iso3",),
    personnel_types: str | Iterable[str] | None = None,
    missions: str | Iterable[str] | None = None,
    start=None,
    end=None,
    kind: str = "all",
    carried_forward: str = "missing",
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """A balanced unit x period panel of uniformed personnel deployed.

    Parameters
    ----------
    contributions : DataFrame, optional
        As returned by :func:`pkanalysis.load_contributions`; loaded (with ``start``, ``end``,
        ``missions`` and ``data_home``) when omitted.
    unit : {"month", "year"}
        Period of the panel.  A year's value is the mean of its observed months (average
        personnel deployed), with ``months_observed`` saying how many months that is.
    by : str or sequence of str
        Columns that identify a unit, from ``contributor_iso3``, ``mission`` and
        ``personnel_type``.
    personnel_types : str or list of str, optional
        Keep these types.  ``"Police"`` stands for all police.  Months whose source does not
        split a requested type from others are not observed.
    missions : str or list of str, optional
        Keep deployments to these missions (acronyms).
    start, end : str or date, optional
        First and last month, read as the loaders read them (``"2024"`` is all of 2024).
    kind : {"all", "peacekeeping", "political"}, default "all"
        Missions counted, as in :func:`pkanalysis.load_contributions`.  Other than ``"all"``,
        months without a mission split are not observed.
    carried_forward : {"missing", "keep"}, default "missing"
        A month whose rows all repeat the month before (the source re-issued its last report;
        see :func:`pkanalysis.coverage`) is not observed, unless ``"keep"``.
    data_home : path-like, optional
        Data directory for the loader.

    Returns
    -------
    DataFrame
        One row per unit and period: the ``by`` columns, ``date`` (month-end; for
        ``unit="year"`` the column is ``year``), ``total`` and ``female`` (``Float64``; 0 where the
        unit deployed no one, missing where the period is not observed; ``female`` is also
        missing where the source has no split by sex), ``observed`` (bool) and, for years,
        ``months_observed``.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "date": pd.to_datetime(["2020-01-31", "2020-01-31", "2020-03-31"]),
    ...     "contributor_iso3": ["NPL", "FJI", "NPL"], "mission": ["UNMISS"] * 3,
    ...     "personnel_type": ["Troops"] * 3, "female": pd.array([1, 0, 2], dtype="Int64"),
    ...     "total": pd.array([10, 5, 12], dtype="Int64")})
    >>> p = panel(df)
    >>> print(p[["contributor_iso3", "date", "total", "observed"]].to_string(index=False))
    contributor_iso3       date  total  observed
                 FJI 2020-01-31    5.0      True
                 FJI 2020-02-29   <NA>     False
                 FJI 2020-03-31    0.0      True
                 NPL 2020-01-31   10.0      True
                 NPL 2020-02-29   <NA>     False
                 NPL 2020-03-31   12.0      True
    """
    by = _check_arguments(unit, by, carried_forward)
    wanted = _wanted_types(personnel_types)
    chosen_missions = loaders.missions_of_kind(kind, data_home)
    if contributions is None:
        contributions = loaders.load_contributions(
            start=start, end=end, missions=missions, data_home=data_home
        )
    table_first, table_last = contributions["date"].min(), contributions["date"].max()
    if missions is not None:
        keep = [missions] if isinstance(missions, str) else list(missions)
        contributions = contributions[contributions["mission"].isin(keep)]
    df = contributions
    if df.empty:
        raise ValueError("panel: no contributions in the window asked for")
    lo, hi = selection.window(start, end, df["date"], "contributions table")
    # Periods run over the months asked for that the table covers, not beyond its ends.
    first = max(lo or df["date"].min(), table_first).to_period("M")
    last = min(hi or df["date"].max(), table_last).to_period("M")
    months = pd.period_range(first, last, freq="M").to_timestamp(how="end").normalize()
    df = df[df["date"].between(months[0], months[-1])]

    need_mission = "mission" in by or chosen_missions is not None
    covered = _covered_months(df, months, wanted, need_mission)
    if carried_forward == "missing":
        repeated = month_flags.carried_forward(df)
        covered[covered.index.isin(repeated.index[repeated])] = False
    # A month whose rows all lack the sex split gives no count of women, not zero women; one
    # whose report splits by sex gives zero women wherever it gives zero personnel (read before
    # the rows are narrowed to the types and missions asked for).
    split = df.groupby("date", observed=True)["female"].agg(lambda s: s.notna().any())
    if chosen_missions is not None:
        df = df[df["mission"].astype(str).isin(chosen_missions)]
    if wanted is not None:
        df = df[df["personnel_type"].isin(wanted)]
    if "mission" in by:
        df = df[df["mission"].notna()]

    keys = [*by, "date"]
    df = df.assign(**{k: df[k].astype(str) for k in by})
    sums = df.groupby(keys)[["total", "female"]].sum(min_count=1)
    units = sums.index.droplevel("date").unique()
    grid = pd.MultiIndex.from_tuples(
        [(*(u if isinstance(u, tuple) else (u,)), m) for u in units for m in months], names=keys
    )
    out = sums.reindex(grid).astype("Float64").reset_index()
    observed = out["date"].map(covered).to_numpy(dtype=bool)
    out["total"] = out["total"].fillna(0).where(observed)
    has_split = out["date"].map(split).fillna(False).to_numpy(dtype=bool)
    out["female"] = out["female"].fillna(0).where(observed & has_split)
    out["observed"] = observed
    if unit == "year":
        out["year"] = out["date"].dt.year
        grouped = out.groupby([*by, "year"], observed=True)
        out = grouped[["total", "female"]].mean().astype("Float64")
        out["months_observed"] = grouped["observed"].sum().astype("Int64")
        out["observed"] = out["months_observed"] > 0
        out = out.reset_index()
        out.loc[~out["observed"], ["total", "female"]] = pd.NA
    for col in by:
        out[col] = out[col].astype("category")
    return out


def months_between(dates: pd.Series | pd.DatetimeIndex, event: pd.Timestamp) -> np.ndarray:
    """Whole months from ``event`` to each date (negative before it).

    Examples
    --------
    >>> months_between(pd.to_datetime(["2021-11-30", "2021-12-31", "2023-01-31"]),
    ...                pd.Timestamp("2021-12-07")).tolist()
    [-1, 0, 13]
    """
    dates = pd.DatetimeIndex(dates)
    return np.asarray((dates.year - event.year) * 12 + (dates.month - event.month), dtype=int)
