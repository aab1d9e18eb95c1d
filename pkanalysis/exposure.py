"""Personnel exposure: uniformed strength per mission and month, and fatalities per 1,000
personnel-years deployed."""

from __future__ import annotations

import pandas as pd

# Data Hub personnel categories that are uniformed, and so comparable with contributions.
from .fatalities import UNIFORMED as UNIFORMED_FATALITIES


def mission_strength(
    contributions: pd.DataFrame,
    strength: pd.DataFrame | None = None,
    missions: list[str] | None = None,
) -> pd.DataFrame:
    """Uniformed personnel per mission and month: the UN reports where they split by mission,
    IPI's mission totals for months before them.

    Examples
    --------
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2015-01-31"] * 2), "mission": ["X", "X"],
    ...                   "total": [3, 4]})
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-12-31", "2015-01-31"]),
    ...                   "mission": ["X", "X"], "total": [6, 8]})
    >>> mission_strength(c, s)[["total", "source"]].values.tolist()
    [[6, 'IPI mission totals'], [7, 'UN monthly reports']]
    >>> ipi = c.assign(source="ipi_providing_for_peacekeeping/countries/Nepal.csv")
    >>> mission_strength(ipi)["source"].tolist()
    ['IPI contributions by mission']
    """
    with_mission = contributions.dropna(subset=["mission"])
    # IPI's per-country files split by mission too (2009-11 to 2014-08): their rows must not
    # pass for the UN's reports.
    family = _source_family(with_mission)
    own = (
        with_mission.assign(source=family)
        .groupby(["date", "mission", "source"], observed=True)["total"]
        .sum()
        .reset_index()
    )
    parts = [own]
    if strength is not None:
        # Keep IPI only for months the contributor-level data do not cover at mission grain.
        covered = set(own["date"])
        ipi = strength[~strength["date"].isin(covered)][["date", "mission", "total"]]
        parts.append(ipi.assign(source="IPI mission totals"))
    out = pd.concat(parts, ignore_index=True)
    if missions is not None:
        out = out[out["mission"].isin(missions)]
    return out.sort_values(["mission", "date"]).reset_index(drop=True)


def _source_family(rows: pd.DataFrame) -> pd.Series:
    if "source" not in rows:
        return pd.Series("UN monthly reports", index=rows.index)
    ipi = rows["source"].astype(str).str.startswith("ipi")
    return ipi.map({True: "IPI contributions by mission", False: "UN monthly reports"})


def fatality_rates(
    fatalities: pd.DataFrame, contributions: pd.DataFrame, by: str, start=None, end=None
) -> pd.DataFrame:
    """Uniformed fatalities per 1,000 personnel-years deployed, per mission or contributor.

    Exposure is the mean monthly strength over the months with data times the length of the
    period in years, so months missing from every source do not shrink it.  Only uniformed
    fatalities (military, police, military observers) are counted.

    Parameters
    ----------
    by : {"mission", "contributor_iso3"}

    Examples
    --------
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2020-01-31", "2020-12-31"]),
    ...                   "mission": ["X", "X"], "contributor_iso3": ["A", "A"],
    ...                   "total": [1000, 1000]})
    >>> f = pd.DataFrame({"incident_date": pd.to_datetime(["2020-05-01"]), "mission": ["X"],
    ...                   "nationality_iso3": ["A"], "personnel_type": ["Military"]})
    >>> r = fatality_rates(f, c, "mission", "2020-01-01", "2020-12-31")
    >>> r[["mission", "rate"]].values.tolist()
    [['X', 1.0]]
    """
    if by not in ("mission", "contributor_iso3"):
        raise ValueError(f"by must be 'mission' or 'contributor_iso3', not {by!r}")
    start = pd.Timestamp(start) if start is not None else contributions["date"].min()
    end = pd.Timestamp(end) if end is not None else contributions["date"].max()
    c = contributions[contributions["date"].between(start, end)].dropna(subset=[by])
    months = c["date"].nunique()
    years = ((end.year - start.year) * 12 + end.month - start.month + 1) / 12
    strength = c.groupby(by, observed=True)["total"].sum() / max(months, 1)
    fkey = "nationality_iso3" if by == "contributor_iso3" else "mission"
    f = fatalities[
        fatalities["incident_date"].between(start, end)
        & fatalities["personnel_type"].isin(UNIFORMED_FATALITIES)
    ]
    deaths = f.groupby(fkey).size()
    out = pd.DataFrame({"mean_strength": strength.round(1)})
    out["fatalities"] = deaths.reindex(out.index).fillna(0).astype(int)
    out["personnel_years"] = (out["mean_strength"] * years).round(1)
    out["rate"] = (1000 * out["fatalities"] / out["personnel_years"]).round(2)
    out.index.name = by
    return out[out["mean_strength"] > 0].sort_values("rate", ascending=False).reset_index()
