"""Fatality rates per 1,000 personnel-years by cause, with exact Poisson intervals.

Deaths come from the Data Hub (``load_fatalities()``); exposure from the contributions table,
which counts uniformed personnel only.  So by default only uniformed deaths (military, police,
military observers) are counted: a civilian death divided by uniformed exposure is no rate.

Exposure is the mean monthly strength over the months with data times the length of the
period in years, so months that no source splits by mission (2018-03..2019-08, 2023-09) do
not shrink a mission's exposure.  The interval is the exact (Garwood) Poisson interval for the
count, divided by the exposure: ``chi2(a/2, 2k)/2`` and ``chi2(1-a/2, 2k+2)/2``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

#: Data Hub personnel categories that are uniformed, and so comparable with contributions.
UNIFORMED = ("Military", "Police", "Military Observer")
#: Causes reported, in order; the Data Hub's self-inflicted, to-be-determined and unknown
#: incident types are pooled as "other" (together under 6% of deaths).
CAUSES = ("malicious act", "illness", "accident", "other")
_CAUSE = {"Malicious Act": "malicious act", "Illness": "illness", "Accident": "accident"}
BY = ("mission", "contributor_iso3")


def cause(incident_type: pd.Series) -> pd.Series:
    """The reported cause of each death: one of :data:`CAUSES`.

    Examples
    --------
    >>> cause(pd.Series(["Illness", "Self-Inflicted", "Malicious Act"])).tolist()
    ['illness', 'other', 'malicious act']
    """
    return incident_type.map(_CAUSE).fillna("other")


def poisson_interval(
    count: int | np.ndarray, exposure: float | np.ndarray = 1.0, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) confidence interval of a Poisson rate ``count / exposure``.

    Examples
    --------
    >>> low, high = poisson_interval(0)
    >>> float(low), round(float(high), 4)
    (0.0, 3.6889)
    >>> low, high = poisson_interval(10, 5)
    >>> round(float(low), 4), round(float(high), 4)
    (0.9591, 3.6781)
    """
    k = np.asarray(count, dtype=float)
    a = 1 - level
    low = np.where(k > 0, stats.chi2.ppf(a / 2, 2 * k) / 2, 0.0)
    high = stats.chi2.ppf(1 - a / 2, 2 * k + 2) / 2
    exposure = np.asarray(exposure, dtype=float)
    return low / exposure, high / exposure


def _period_years(start: pd.Timestamp, end: pd.Timestamp) -> float:
    return ((end.year - start.year) * 12 + end.month - start.month + 1) / 12


def rates(
    fatalities: pd.DataFrame,
    contributions: pd.DataFrame,
    by: str | None = None,
    start=None,
    end=None,
    personnel_types: Sequence[str] = UNIFORMED,
    level: float = 0.95,
) -> pd.DataFrame:
    """Deaths per 1,000 personnel-years by cause (and in all), overall or per group.

    Parameters
    ----------
    fatalities, contributions : DataFrame
        From ``load_fatalities()`` and ``load_contributions()``.
    by : {None, "mission", "contributor_iso3"}
        ``None`` for all missions and contributors together; a contributor's deaths are those
        of its nationals.
    start, end : date-like, optional
        First and last month (default: the contributions' span).
    personnel_types : sequence of str
        Data Hub categories counted; the exposure is uniformed personnel whatever is asked.
    level : float
        Confidence level of the exact Poisson interval.

    Returns
    -------
    DataFrame
        The group column (if any), ``cause`` (:data:`CAUSES` and ``"all causes"``),
        ``fatalities``, ``personnel_years``, ``rate``, ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2020-01-31", "2020-12-31"]),
    ...                   "mission": ["X", "X"], "contributor_iso3": ["A", "A"],
    ...                   "total": [1000, 1000]})
    >>> f = pd.DataFrame({"incident_date": pd.to_datetime(["2020-05-01", "2020-06-01"]),
    ...                   "mission": ["X", "X"], "nationality_iso3": ["A", "A"],
    ...                   "personnel_type": ["Military", "Military"],
    ...                   "incident_type": ["Illness", "Accident"]})
    >>> r = rates(f, c, start="2020-01", end="2020-12")
    >>> r[["cause", "fatalities", "personnel_years", "rate"]].values.tolist()[-1]
    ['all causes', 2, 1000.0, 2.0]
    """
    if by is not None and by not in BY:
        raise ValueError(f"unknown by {by!r}; valid by: None, {', '.join(BY)}")
    start = (
        pd.Timestamp(start).to_period("M").to_timestamp()
        if start is not None
        else contributions["date"].min().to_period("M").to_timestamp()
    )
    end = (
        pd.Timestamp(end).to_period("M").to_timestamp(how="end")
        if end is not None
        else contributions["date"].max()
    )
    c = contributions[contributions["date"].between(start, end)]
    if c.empty:
        raise ValueError(f"no contributions between {start:%Y-%m} and {end:%Y-%m}")
    years = _period_years(start, end)
    f = fatalities[
        fatalities["incident_date"].between(start, end)
        & fatalities["personnel_type"].isin(list(personnel_types))
    ].assign(cause=lambda d: cause(d["incident_type"]))

    keys = [] if by is None else [by]
    if by is None:
        months = c["date"].nunique()
        strength = pd.Series({"": c["total"].sum() / months})
        group = pd.Series("", index=f.index)
    else:
        c = c.dropna(subset=[by])
        # Months with a mission split only: the others carry no mission and would dilute.
        months = c["date"].nunique()
        strength = c.groupby(by, observed=True)["total"].sum() / max(months, 1)
        fkey = "nationality_iso3" if by == "contributor_iso3" else "mission"
        group = f[fkey]
    strength = strength[strength > 0].astype(float)
    deaths = f.groupby([group.rename("_g"), "cause"]).size()
    rows = []
    for g, mean in strength.items():
        for name in (*CAUSES, "all causes"):
            if name == "all causes":
                k = int(deaths.loc[g].sum()) if g in deaths.index.get_level_values(0) else 0
            else:
                k = int(deaths.get((g, name), 0))
            rows.append({"_g": g, "cause": name, "fatalities": k, "mean_strength": mean})
    out = pd.DataFrame(rows)
    out["personnel_years"] = (out["mean_strength"] * years).round(1)
    exposure = out["personnel_years"] / 1000
    out["rate"] = (out["fatalities"] / exposure).round(3)
    low, high = poisson_interval(out["fatalities"].to_numpy(), exposure.to_numpy(), level)
    out["ci_low"], out["ci_high"] = low.round(3), high.round(3)
    out["mean_strength"] = out["mean_strength"].round(1)
    if by is None:
        out = out.drop(columns="_g")
    else:
        out = out.rename(columns={"_g": by})
    out["cause"] = pd.Categorical(out["cause"], [*CAUSES, "all causes"], ordered=True)
    return out.sort_values([*keys, "cause"]).reset_index(drop=True)


def unmatched(fatalities: pd.DataFrame, contributions: pd.DataFrame, start, end) -> pd.DataFrame:
    """Uniformed deaths in the window whose mission has no contributions (no exposure), so
    a per-mission table leaves them out: listed here, counted per mission."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    f = fatalities[
        fatalities["incident_date"].between(start, end)
        & fatalities["personnel_type"].isin(UNIFORMED)
    ]
    known = set(contributions["mission"].dropna().astype(str))
    lost = f[~f["mission"].isin(known)]
    return lost.groupby("mission").size().rename("fatalities").reset_index()
