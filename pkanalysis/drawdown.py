"""Drawdown decomposition: how a change in uniformed personnel splits by mission and contributor.

Between two months, each mission's change falls in one component: ``opened`` (none at the
start), ``closed`` (none at the end), ``grew``, ``shrank`` or ``unchanged``.  The components
add up exactly to the change in the total, because every row of a month with a mission split
has a mission.  Months that the sources do not split by mission (2018-03..2019-08, 2023-09)
cannot be endpoints; :func:`monthly` chains the months that can, and says which pairs span a
gap.  "Closed" means no personnel reported at the end, whatever the mandate says.
"""

from __future__ import annotations

import pandas as pd

COMPONENTS = ("opened", "grew", "shrank", "closed", "unchanged")
CONTRIBUTOR_COMPONENTS = ("entered", "grew", "shrank", "left", "unchanged")


def split_months(contributions: pd.DataFrame) -> pd.DatetimeIndex:
    """Months in which every row has a mission (the only months a mission split exists)."""
    has = contributions.groupby("date")["mission"].agg(lambda s: s.notna().all())
    return pd.DatetimeIndex(has.index[has.to_numpy(dtype=bool)])


def describe_months(months: pd.DatetimeIndex) -> str:
    """Months as runs: ``"2015-01..2018-02, 2019-09..2023-08, 2023-10..2025-07"``.

    Examples
    --------
    >>> describe_months(pd.to_datetime(["2020-01-31", "2020-02-29", "2020-04-30"]))
    '2020-01..2020-02, 2020-04'
    """
    periods = sorted(pd.DatetimeIndex(months).to_period("M"))
    runs: list[list[pd.Period]] = []
    for p in periods:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(f"{r[0]}..{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def _month(value, months: pd.DatetimeIndex, what: str) -> pd.Timestamp:
    month = pd.Timestamp(value).to_period("M").to_timestamp(how="end").normalize()
    if month not in months:
        raise ValueError(
            f"{what} {month:%Y-%m} has no mission split; months with one: {describe_months(months)}"
        )
    return month


def _component(start: pd.Series, end: pd.Series, names: tuple[str, ...]) -> pd.Series:
    opened, grew, shrank, closed, same = names
    out = pd.Series(same, index=start.index, dtype=object)
    out[(start == 0) & (end > 0)] = opened
    out[(start > 0) & (end == 0)] = closed
    out[(start > 0) & (end > 0) & (end > start)] = grew
    out[(start > 0) & (end > 0) & (end < start)] = shrank
    return out


def decompose(contributions: pd.DataFrame, start, end, by: str = "mission") -> pd.DataFrame:
    """Each mission's (or contributor's) change between two months, and its component.

    Parameters
    ----------
    contributions : DataFrame
        From ``load_contributions()``.
    start, end : date-like
        Months with a mission split.
    by : {"mission", "contributor_iso3"}
        Components are opened/grew/shrank/closed per mission, entered/grew/shrank/left per
        contributor.

    Returns
    -------
    DataFrame
        ``by``, ``start``, ``end``, ``change``, ``component``; largest falls first.

    Examples
    --------
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2020-01-31"] * 3 + ["2021-01-31"] * 3),
    ...                   "mission": ["A", "B", "C", "A", "B", "D"],
    ...                   "contributor_iso3": ["X"] * 6, "total": [10, 50, 30, 15, 20, 5]})
    >>> d = decompose(c, "2020-01", "2021-01")
    >>> d[["mission", "change", "component"]].values.tolist()
    [['B', -30, 'shrank'], ['C', -30, 'closed'], ['A', 5, 'grew'], ['D', 5, 'opened']]
    >>> int(d["change"].sum())
    -50
    """
    if by not in ("mission", "contributor_iso3"):
        raise ValueError(f"unknown by {by!r}; valid by: mission, contributor_iso3")
    months = split_months(contributions)
    first, last = _month(start, months, "start"), _month(end, months, "end")
    if first >= last:
        raise ValueError(f"start {first:%Y-%m} must come before end {last:%Y-%m}")
    rows = contributions[contributions["date"].isin([first, last])]
    wide = (
        rows.assign(**{by: rows[by].astype(str)})
        .pivot_table(index=by, columns="date", values="total", aggfunc="sum", fill_value=0)
        .reindex(columns=[first, last], fill_value=0)
        .astype(int)
    )
    out = pd.DataFrame({"start": wide[first], "end": wide[last]})
    out["change"] = out["end"] - out["start"]
    names = COMPONENTS if by == "mission" else CONTRIBUTOR_COMPONENTS
    out["component"] = _component(out["start"], out["end"], names)
    out = out.reset_index().sort_values(["change", by]).reset_index(drop=True)
    out.attrs.update(start=first, end=last)
    return out


def summary(decomposition: pd.DataFrame) -> pd.DataFrame:
    """Change per component, with the number of missions (or contributors) in each; the last
    row is the total change.

    Examples
    --------
    >>> d = pd.DataFrame({"mission": ["A", "B", "C"], "start": [10, 0, 5], "end": [0, 4, 6],
    ...                   "change": [-10, 4, 1], "component": ["closed", "opened", "grew"]})
    >>> summary(d)[["component", "units", "change"]].values.tolist()
    [['opened', 1, 4], ['grew', 1, 1], ['closed', 1, -10], ['total', 3, -5]]
    """
    order = [
        c for c in (*COMPONENTS, *CONTRIBUTOR_COMPONENTS) if c in set(decomposition["component"])
    ]
    out = (
        decomposition.groupby("component")
        .agg(units=("change", "size"), change=("change", "sum"))
        .reindex(list(dict.fromkeys(order)))
        .reset_index()
    )
    total = pd.DataFrame(
        {
            "component": ["total"],
            "units": [len(decomposition)],
            "change": [decomposition["change"].sum()],
        }
    )
    return pd.concat([out, total], ignore_index=True)


def monthly(contributions: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Month-on-month change split by component, over consecutive months with a mission split.

    A row whose ``gap_months`` is above 0 compares months on either side of a stretch without
    a mission split.  The ``change`` column sums to the change between the first and last
    month, whatever the components.

    Returns
    -------
    DataFrame
        ``date``, ``previous``, ``gap_months``, one column per component, ``change``.
    """
    months = split_months(contributions)
    if start is not None:
        months = months[months >= _month(start, months, "start")]
    if end is not None:
        months = months[months <= _month(end, months, "end")]
    if len(months) < 2:
        raise ValueError("monthly decomposition needs at least two months with a mission split")
    rows = contributions[contributions["date"].isin(months)]
    wide = (
        rows.assign(mission=rows["mission"].astype(str))
        .pivot_table(index="mission", columns="date", values="total", aggfunc="sum", fill_value=0)
        .reindex(columns=months, fill_value=0)
        .astype(int)
    )
    out = []
    for before, after in zip(months[:-1], months[1:], strict=True):
        a, b = wide[before], wide[after]
        comp = _component(a, b, COMPONENTS)
        change = (b - a).groupby(comp).sum()
        gap = (after.year - before.year) * 12 + after.month - before.month - 1
        out.append(
            {
                "date": after,
                "previous": before,
                "gap_months": gap,
                **{c: int(change.get(c, 0)) for c in COMPONENTS[:4]},
                "change": int((b - a).sum()),
            }
        )
    return pd.DataFrame(out)


def destinations(
    contributions: pd.DataFrame,
    mission: str,
    top: int = 5,
    later: int = 12,
) -> pd.DataFrame:
    """Where the largest contingents of a closed mission were deployed ``later`` months after
    its last month with personnel.

    The contingents are the ``top`` contributors at the mission's peak in its final 12
    months (the last month itself often holds only a rear party).  ``later`` months after the
    last month, or the first month after that with a mission split, each contributor's
    personnel are listed by mission; ``"(none)"`` means it deployed no one at all.

    Returns
    -------
    DataFrame
        ``closed_mission``, ``contributor_iso3``, ``reference_month``, ``in_closed_mission``,
        ``total_at_reference``, ``later_month``, ``mission``, ``personnel``.
    """
    months = split_months(contributions)
    mine = contributions[contributions["mission"] == mission]
    mine = mine[mine["date"].isin(months)]
    strength = mine.groupby("date")["total"].sum()
    strength = strength[strength > 0]
    if strength.empty:
        raise ValueError(f"{mission} has no personnel in months with a mission split")
    last = strength.index.max()
    if last == months.max():
        raise ValueError(f"{mission} still has personnel in {last:%Y-%m}, the last month")
    final = strength[strength.index > last - pd.DateOffset(months=12)]
    reference = final.idxmax()
    at_ref = mine[mine["date"] == reference].groupby("contributor_iso3", observed=True)["total"]
    biggest = at_ref.sum().nlargest(top)
    target = (last + pd.DateOffset(months=later)).to_period("M").to_timestamp(how="end").normalize()
    candidates = months[months >= target]
    later_month = candidates.min() if len(candidates) else pd.NaT
    rows = []
    for iso3, size in biggest.items():
        mine_all = contributions[contributions["contributor_iso3"] == iso3]
        total_ref = int(mine_all.loc[mine_all["date"] == reference, "total"].sum())
        base = {
            "closed_mission": mission,
            "contributor_iso3": iso3,
            "reference_month": reference,
            "in_closed_mission": int(size),
            "total_at_reference": total_ref,
            "later_month": later_month,
        }
        if pd.isna(later_month):
            rows.append({**base, "mission": "(after the data end)", "personnel": pd.NA})
            continue
        there = mine_all[mine_all["date"] == later_month]
        by_mission = there.groupby("mission", observed=True)["total"].sum()
        by_mission = by_mission[by_mission > 0].sort_values(ascending=False)
        if by_mission.empty:
            rows.append({**base, "mission": "(none)", "personnel": 0})
        for m, n in by_mission.items():
            rows.append({**base, "mission": str(m), "personnel": int(n)})
    out = pd.DataFrame(rows)
    out["personnel"] = out["personnel"].astype("Int64")
    return out


def closed_missions(decomposition: pd.DataFrame) -> list[str]:
    """Missions of a :func:`decompose` table that closed, largest loss first."""
    closed = decomposition[decomposition["component"] == "closed"]
    return closed.sort_values("change")["mission"].tolist()


def destination_summary(destinations_table: pd.DataFrame) -> pd.DataFrame:
    """One row per contingent of :func:`destinations`: personnel in the closed mission, the
    contributor's total then, and its total in the later month (missing after the data end).

    Examples
    --------
    >>> d = pd.DataFrame({"closed_mission": ["M"] * 3, "contributor_iso3": ["A", "A", "B"],
    ...                   "reference_month": pd.to_datetime(["2017-01-31"] * 3),
    ...                   "in_closed_mission": [100, 100, 50],
    ...                   "total_at_reference": [300, 300, 50],
    ...                   "later_month": pd.to_datetime(["2018-03-31"] * 3),
    ...                   "mission": ["X", "Y", "(none)"],
    ...                   "personnel": pd.array([200, 40, 0], dtype="Int64")})
    >>> destination_summary(d)[["contributor_iso3", "total_later", "change"]].values.tolist()
    [['A', 240, -60], ['B', 0, -50]]
    """
    keys = [
        "closed_mission",
        "contributor_iso3",
        "reference_month",
        "in_closed_mission",
        "total_at_reference",
        "later_month",
    ]
    out = (
        destinations_table.groupby(keys, dropna=False, sort=False)["personnel"]
        .sum(min_count=1)
        .rename("total_later")
        .reset_index()
    )
    out["change"] = out["total_later"] - out["total_at_reference"]
    return out
