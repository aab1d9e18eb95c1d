"""Trends across conference cycles: totals, entries and exits, concentration and rank.

Every function takes frames (``load_contributions()``, ``load_conferences()``, ...) and returns a
frame; none loads data itself.  Monthly figures are sums of ``total`` over the rows of a month,
which the contributions table guarantees to count each person once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import cycles

GROUPINGS = ("personnel_type", "contributor_iso3", "un_regional_group", "mission", "bloc")
BLOCS = ("au", "eu", "nam", "g77", "p5")


def add_groups(contributions: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Attach the contributor's UN regional group and bloc flags (from ``load_countries()``)."""
    cols = ["iso3", "un_regional_group", *BLOCS]
    return contributions.merge(
        countries[cols].rename(columns={"iso3": "contributor_iso3"}),
        on="contributor_iso3",
        how="left",
    )


def monthly(
    contributions: pd.DataFrame, by: str | Sequence[str] | None = None, value: str = "total"
) -> pd.DataFrame:
    """Monthly sums of ``value``, optionally per group.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-31"] * 3 + ["2020-02-29"]),
    ...                    "personnel_type": ["Troops", "Troops", "Individual Police", "Troops"],
    ...                    "total": [10, 5, 2, 12]})
    >>> monthly(df, by="personnel_type")["total"].tolist()
    [2, 15, 12]
    """
    keys = ["date", *([by] if isinstance(by, str) else (by or []))]
    out = contributions.groupby(keys, observed=True, dropna=False)[value].sum(min_count=1)
    return out.reset_index()


def by_cycle(
    contributions: pd.DataFrame,
    conferences: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    value: str = "total",
) -> pd.DataFrame:
    """Per cycle (and group): mean monthly ``value``, value in its first and last month covered.

    Returns
    -------
    DataFrame
        ``cycle``, the group columns, ``months`` (months with data), ``mean``, ``start``,
        ``end``, ``change`` (end - start) and ``first_month``/``last_month``.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["2014 New York"], "opens_cycle": [True],
    ...                      "start_date": pd.to_datetime(["2014-09-26"])})
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2014-07-31", "2014-08-31", "2014-10-31",
    ...                                           "2014-11-30"]), "total": [100, 110, 120, 140]})
    >>> by_cycle(df, conf)[["cycle", "mean", "start", "end", "change"]].values.tolist()
    [['pre-2014', 105.0, 100, 110, 10], ['2014 New York', 130.0, 120, 140, 20]]
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    m = monthly(contributions, groups, value)
    m["cycle"] = cycles.assign(m["date"], conferences).array
    m = m.sort_values("date")
    keys = ["cycle", *groups]
    agg = m.groupby(keys, observed=True, dropna=False).agg(
        months=("date", "nunique"),
        mean=(value, "mean"),
        start=(value, "first"),
        end=(value, "last"),
        first_month=("date", "min"),
        last_month=("date", "max"),
    )
    agg["change"] = agg["end"] - agg["start"]
    out = agg.reset_index()
    out["mean"] = out["mean"].astype(float).round(1)
    return out


def presence(contributions: pd.DataFrame, conferences: pd.DataFrame) -> pd.DataFrame:
    """Which contributors deployed anyone (total > 0) in each cycle: cycle x ISO3 booleans."""
    pos = contributions[contributions["total"] > 0]
    cyc = cycles.assign(pos["date"], conferences)
    table = pd.crosstab(pos["contributor_iso3"].to_numpy(), cyc.to_numpy()) > 0
    order = [c for c in cycles.cycle_table(conferences)["cycle"].astype(str) if c in table.columns]
    return table[order]


def entries_exits(contributions: pd.DataFrame, conferences: pd.DataFrame) -> pd.DataFrame:
    """Contributors entering (present now, absent in the previous cycle) and exiting.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["2014 New York"], "opens_cycle": [True],
    ...                      "start_date": pd.to_datetime(["2014-09-26"])})
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2014-01-31", "2014-01-31", "2015-01-31"]),
    ...                    "contributor_iso3": ["NPL", "FJI", "NPL"], "total": [5, 3, 4]})
    >>> entries_exits(df, conf)[["cycle", "present", "entries", "exits", "exited"]].values.tolist()
    [['pre-2014', 2, 0, 0, ''], ['2014 New York', 1, 0, 1, 'FJI']]
    """
    table = presence(contributions, conferences)
    rows, previous = [], None
    for cycle in table.columns:
        now = set(table.index[table[cycle]])
        entered = sorted(now - previous) if previous is not None else []
        exited = sorted(previous - now) if previous is not None else []
        rows.append(
            {
                "cycle": cycle,
                "present": len(now),
                "entries": len(entered),
                "exits": len(exited),
                "entered": ", ".join(entered),
                "exited": ", ".join(exited),
            }
        )
        previous = now
    return pd.DataFrame(rows)


def gini(values: Sequence[float] | np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal shares, towards 1 = concentrated).

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 10])
    0.75
    """
    x = np.sort(np.asarray(values, dtype=float))
    if x.size == 0 or x.sum() == 0:
        return float("nan")
    n = x.size
    cum = np.cumsum(x)
    return float((n + 1 - 2 * (cum / cum[-1]).sum()) / n)


def concentration(
    contributions: pd.DataFrame, conferences: pd.DataFrame, top: int = 10
) -> pd.DataFrame:
    """Per cycle: contributors, top-``top`` share and Gini of mean monthly contributions.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["2014 New York"], "opens_cycle": [True],
    ...                      "start_date": pd.to_datetime(["2014-09-26"])})
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2015-01-31"] * 3),
    ...                    "contributor_iso3": ["A", "B", "C"], "total": [60, 30, 10]})
    >>> concentration(df, conf, top=1)[["cycle", "contributors", "top_share"]].values.tolist()
    [['2014 New York', 3, 0.6]]
    """
    means = by_cycle(contributions, conferences, by="contributor_iso3")
    rows = []
    for cycle, grp in means.groupby("cycle", observed=True, sort=True):
        vals = grp["mean"].to_numpy(dtype=float)
        vals = vals[vals > 0]
        rows.append(
            {
                "cycle": str(cycle),
                "contributors": int(vals.size),
                "top_share": round(float(np.sort(vals)[::-1][:top].sum() / vals.sum()), 4),
                "gini": round(gini(vals), 4),
            }
        )
    return pd.DataFrame(rows)


def rank_change(
    contributions: pd.DataFrame, conferences: pd.DataFrame, first: str, last: str
) -> pd.DataFrame:
    """Contributors' rank by mean monthly contribution in two cycles, and the change.

    Raises
    ------
    ValueError
        If a cycle name is unknown (the message lists the valid cycles).
    """
    for name in (first, last):
        cycles.validate_cycle(name, conferences)
    means = by_cycle(contributions, conferences, by="contributor_iso3")
    wide = means.pivot_table(
        index="contributor_iso3", columns="cycle", values="mean", observed=True
    )
    out = pd.DataFrame(index=wide.index)
    for name in (first, last):
        col = wide[name] if name in wide else pd.Series(np.nan, index=wide.index)
        out[f"mean_{name}"] = col
        out[f"rank_{name}"] = col.rank(ascending=False, method="min").astype("Int64")
    out["rank_change"] = out[f"rank_{first}"] - out[f"rank_{last}"]
    return out.dropna(how="all").sort_values(f"rank_{last}").reset_index()
