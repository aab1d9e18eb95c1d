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
    contributions: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    value: str = "total",
    gaps: bool = False,
    coverage: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Monthly sums of ``value``, optionally per group.

    With ``gaps=True`` (for charts), months between the first and the last that no report
    covers get a missing value, so a line breaks there, as do months that only repeat the
    month before when ``coverage`` (:func:`pkanalysis.coverage`) is given.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-31"] * 3 + ["2020-02-29"]),
    ...                    "personnel_type": ["Troops", "Troops", "Individual Police", "Troops"],
    ...                    "total": [10, 5, 2, 12]})
    >>> monthly(df, by="personnel_type")["total"].tolist()
    [2, 15, 12]
    >>> gap = pd.DataFrame({"date": pd.to_datetime(["2020-01-31", "2020-03-31"]),
    ...                     "total": [10, 12]})
    >>> monthly(gap, gaps=True)["total"].tolist()
    [10.0, <NA>, 12.0]
    """
    keys = ["date", *([by] if isinstance(by, str) else (by or []))]
    out = contributions.groupby(keys, observed=True, dropna=False)[value].sum(min_count=1)
    out = out.reset_index()
    if out.empty or not (gaps or coverage is not None):
        return out
    # Months no report covers, and months that only repeat the one before (given
    # pk.coverage()), become missing values: a line chart then breaks there instead of drawing
    # across them as if they were observations.
    months = pd.date_range(out["date"].min(), out["date"].max(), freq="ME")
    gaps = months.difference(pd.DatetimeIndex(out["date"].unique()))
    if coverage is not None:
        repeated = coverage.loc[coverage["carried_forward"], "date"]
        gaps = gaps.union(pd.DatetimeIndex(repeated[repeated.isin(months)]))
    if gaps.empty:
        return out
    groups = out[keys[1:]].drop_duplicates() if len(keys) > 1 else pd.DataFrame(index=[0])
    blank = groups.merge(pd.DataFrame({"date": gaps}), how="cross")
    out = pd.concat([out[~out["date"].isin(gaps)], blank], ignore_index=True)
    out[value] = out[value].astype("Float64")
    return out.sort_values(keys, ignore_index=True)[[*keys, value]]


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
    # Cycles last 3 to 32 months: a change per year compares them; None for a single month.
    span = _months_apart(agg["first_month"], agg["last_month"])
    agg["change_per_year"] = (agg["change"] / span.where(span > 0) * 12).astype(float).round(1)
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
    months = cycles.assign(contributions["date"], conferences).astype(str)
    months = contributions["date"].groupby(months.to_numpy()).nunique()
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
                "months": int(months.get(cycle, 0)),
            }
        )
        previous = now
    out = pd.DataFrame(rows)
    # Longer cycles collect more entries and exits: per year of the cycle they compare.
    years = out["months"].where(out["months"] > 0) / 12
    out["entries_per_year"] = (out["entries"] / years).round(2)
    out["exits_per_year"] = (out["exits"] / years).round(2)
    return out


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


def _months_apart(first: pd.Series, last: pd.Series) -> pd.Series:
    return (last.dt.year - first.dt.year) * 12 + (last.dt.month - first.dt.month)


def peacekeeping_only(contributions: pd.DataFrame, missions: pd.DataFrame) -> pd.DataFrame:
    """Rows of peacekeeping operations, plus rows without a mission (months the sources do
    not split by mission, which cannot be sorted; :func:`breaks` lists those months).

    Examples
    --------
    >>> m = pd.DataFrame({"mission": ["UNMISS", "UNAMA"],
    ...                   "kind": ["peacekeeping operation", "special political mission"]})
    >>> c = pd.DataFrame({"mission": ["UNMISS", "UNAMA", None], "total": [5, 2, 7]})
    >>> peacekeeping_only(c, m)["total"].tolist()
    [5, 7]
    """
    from .loaders import MISSION_KINDS

    kinds = MISSION_KINDS["peacekeeping"]
    pko = set(missions.loc[missions["kind"].isin(kinds), "mission"].astype(str))
    keep = contributions["mission"].isna() | contributions["mission"].astype(str).isin(pko)
    return contributions[keep.to_numpy(dtype=bool)]


def breaks(contributions: pd.DataFrame) -> pd.DataFrame:
    """Months where the series changes character: the first month of each source family
    (IPI to UN reports) and months without a mission split (special political missions
    cannot be excluded there, nor a mission followed).

    Returns
    -------
    DataFrame
        ``date`` and ``break`` (a short description).
    """
    rows = []
    fam = contributions.groupby("date", observed=True)["source"].agg(
        lambda s: "IPI" if str(s.iloc[0]).startswith("ipi") else "UN monthly reports"
    )
    changed = fam.ne(fam.shift()) & fam.shift().notna()
    for date in fam.index[changed.to_numpy()]:
        rows.append({"date": date, "break": f"source changes to {fam[date]}"})
    split = contributions.groupby("date")["mission"].agg(lambda s: s.notna().all())
    for date in split.index[~split.to_numpy(dtype=bool)]:
        rows.append({"date": date, "break": "no mission split"})
    return pd.DataFrame(rows, columns=["date", "break"]).sort_values("date").reset_index(drop=True)


def windows(
    contributions: pd.DataFrame,
    conferences: pd.DataFrame,
    months: int = 12,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Fixed windows around each conference: mean monthly personnel in the ``months`` months
    before the conference month and in the ``months`` months from it, the change, and the
    change per year (windows of equal length, unlike cycles).

    A window the data do not cover in full is marked ``complete=False``; ``breaks`` counts
    months of :func:`breaks` inside the two windows.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["C"], "opens_cycle": [True],
    ...                      "start_date": pd.to_datetime(["2020-03-10"])})
    >>> dates = pd.date_range("2020-01-31", periods=4, freq="ME")
    >>> df = pd.DataFrame({"date": dates, "total": [10, 20, 30, 50],
    ...                    "mission": ["A"] * 4, "source": ["un"] * 4})
    >>> w = windows(df, conf, months=2)
    >>> w[["before", "after", "change", "change_per_year", "complete"]].values.tolist()
    [[15.0, 40.0, 25.0, 150.0, True]]
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    m = monthly(contributions, groups)
    # Float, so an empty window's mean is NaN rather than pd.NA.
    m["total"] = m["total"].astype(float)
    broken = set(breaks(contributions)["date"])
    first, last = contributions["date"].min(), contributions["date"].max()
    rows = []
    for conf in conferences.sort_values("start_date").itertuples():
        event = conf.start_date + pd.offsets.MonthEnd(0)
        lo = event - pd.offsets.MonthEnd(months)
        hi = event + pd.offsets.MonthEnd(months - 1)
        before = m[(m["date"] >= lo) & (m["date"] < event)]
        after = m[(m["date"] >= event) & (m["date"] <= hi)]
        b = (
            before.groupby(groups, observed=True)["total"].mean()
            if groups
            else before["total"].mean()
        )
        a = (
            after.groupby(groups, observed=True)["total"].mean()
            if groups
            else after["total"].mean()
        )
        part = (
            pd.DataFrame({"before": b, "after": a})
            if groups
            else pd.DataFrame({"before": [b], "after": [a]})
        )
        part = part.astype(float).round(1)
        part["change"] = (part["after"] - part["before"]).round(1)
        # Window midpoints are `months` months apart.
        part["change_per_year"] = (part["change"] * 12 / months).round(1)
        part["pct_change"] = (part["change"] / part["before"]).round(4)
        part.insert(0, "conference_id", conf.conference_id)
        part["complete"] = (
            bool(lo + pd.offsets.MonthEnd(1) >= first and hi <= last)
            and before["date"].nunique() == months
            and after["date"].nunique() == months
        )
        inside = [d for d in broken if lo < d <= hi]
        part["breaks"] = len(inside)
        rows.append(part.reset_index(drop=not groups))
    return pd.concat(rows, ignore_index=True)


def window_concentration(
    contributions: pd.DataFrame, conferences: pd.DataFrame, months: int = 12, top: int = 5
) -> pd.DataFrame:
    """Concentration over contributors in equal windows before and after each conference: the
    number of contributors, the share of the ``top`` largest and the Gini coefficient over
    contributors' mean monthly personnel (0 = all equal), so spans are alike; on the "after"
    row, contributors that entered or left between the two windows.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["C"], "start_date": pd.to_datetime(["2020-02-05"])})
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-31"] * 2 + ["2020-02-29"] * 2),
    ...                    "contributor_iso3": ["A", "B", "A", "C"], "total": [30, 10, 20, 20]})
    >>> window_concentration(df, conf, months=1, top=1)[
    ...     ["window", "contributors", "top1_share", "gini", "entries", "exits"]].values.tolist()
    [['before', 2, 0.75, 0.25, <NA>, <NA>], ['after', 2, 0.5, 0.0, 1, 1]]
    """
    rows = []
    for conf in conferences.sort_values("start_date").itertuples():
        event = conf.start_date + pd.offsets.MonthEnd(0)
        present: dict[str, set] = {}
        spans = {
            "before": (event - pd.offsets.MonthEnd(months), event - pd.offsets.MonthEnd(1)),
            "after": (event, event + pd.offsets.MonthEnd(months - 1)),
        }
        for side, (lo, hi) in spans.items():
            part = contributions[contributions["date"].between(lo, hi)]
            n_months = part["date"].nunique()
            if n_months == 0:
                continue
            vals = part.groupby("contributor_iso3", observed=True)["total"].sum() / n_months
            vals = vals[vals > 0]
            present[side] = set(vals.index.astype(str))
            vals = vals.to_numpy(dtype=float)
            # Entries and exits on equal windows: present after but not before, and back.
            moved = side == "after" and "before" in present
            rows.append(
                {
                    "conference_id": conf.conference_id,
                    "window": side,
                    "months": n_months,
                    "contributors": int(vals.size),
                    f"top{top}_share": round(
                        float(np.sort(vals)[::-1][:top].sum() / vals.sum()), 4
                    ),
                    "gini": round(gini(vals), 4),
                    "entries": len(present["after"] - present["before"]) if moved else pd.NA,
                    "exits": len(present["before"] - present["after"]) if moved else pd.NA,
                }
            )
    out = pd.DataFrame(rows)
    for col in ("entries", "exits"):
        out[col] = out[col].astype("Int64")
    return out
