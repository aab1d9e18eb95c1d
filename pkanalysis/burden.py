"""Burden sharing: each region's, UN regional group's and bloc's share of uniformed personnel.

Regions (M49) and UN regional groups are taken as they are now.  Bloc membership changes over
time: the country table's flags are membership in 2025, and ``load_bloc_membership()`` dates
the changes since the data begin (EU enlargements of 1995, 2004, 2007 and 2013, the United
Kingdom's exit on 2020-01-31, Morocco's return to the AU in 2017, South Sudan's admission in
2011).  AU membership before the AU's launch in 2002 is that of its predecessor, the OAU, as
the same states were members.  G77 and NAM carry their 2025 membership throughout: dated
changes for them are not sourced in the project.  The P5 is fixed.  Blocs overlap, so their
shares do not add up to 1.
"""

from __future__ import annotations

import pandas as pd

from .schemas import BLOCS

GROUPINGS = ("region", "un_regional_group", "bloc")


def membership(countries: pd.DataFrame, changes: pd.DataFrame, dates, blocs=BLOCS) -> pd.DataFrame:
    """Bloc membership of every state on each date: the 2025 flag, unless a dated change
    covers the state and bloc, in which case the dates decide.

    Returns
    -------
    DataFrame
        ``date``, ``iso3``, ``bloc``, ``member`` (bool).

    Examples
    --------
    >>> countries = pd.DataFrame({"iso3": ["GBR", "FRA"], "eu": [False, True]})
    >>> changes = pd.DataFrame({"iso3": ["GBR"], "bloc": ["eu"], "member_from": [pd.NaT],
    ...                         "member_until": pd.to_datetime(["2020-01-31"])})
    >>> m = membership(countries, changes, pd.to_datetime(["2019-12-31", "2020-02-29"]), ["eu"])
    >>> m[m["iso3"] == "GBR"]["member"].tolist()
    [True, False]
    """
    dates = pd.DatetimeIndex(pd.to_datetime(dates)).unique()
    bad = [b for b in blocs if b not in BLOCS]
    if bad:
        raise ValueError(f"unknown blocs {bad}; valid blocs: {', '.join(BLOCS)}")
    static = countries.melt(id_vars="iso3", value_vars=list(blocs), var_name="bloc", value_name="m")
    grid = static.merge(pd.DataFrame({"date": dates}), how="cross")
    grid["member"] = grid["m"].fillna(False).astype(bool)
    ch = changes[changes["bloc"].astype(str).isin(blocs)]
    ch = ch.assign(bloc=ch["bloc"].astype(str))
    grid = grid.merge(ch[["iso3", "bloc", "member_from", "member_until"]], how="left")
    dated = grid["member_from"].notna() | grid["member_until"].notna()
    after_start = grid["member_from"].isna() | (grid["date"] >= grid["member_from"])
    before_end = grid["member_until"].isna() | (grid["date"] <= grid["member_until"])
    grid.loc[dated, "member"] = (after_start & before_end)[dated]
    return grid[["date", "iso3", "bloc", "member"]].reset_index(drop=True)


def shares(
    contributions: pd.DataFrame,
    countries: pd.DataFrame,
    by: str = "un_regional_group",
    changes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Monthly personnel of each group and its share of all uniformed personnel that month.

    Parameters
    ----------
    contributions : DataFrame
        From ``load_contributions()`` (filter it first for personnel types or missions).
    countries : DataFrame
        From ``load_countries()``.
    by : {"region", "un_regional_group", "bloc"}
        For ``"bloc"``, membership is dated with ``changes`` (``load_bloc_membership()``).

    Returns
    -------
    DataFrame
        ``date``, ``group``, ``total``, ``share``; contributors without a group (e.g. the
        Holy See, outside the regional groups) form the group ``"none"``.

    Examples
    --------
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2020-01-31"] * 2 + ["2020-02-29"] * 2),
    ...                   "contributor_iso3": ["GBR", "FRA"] * 2, "total": [60, 40, 60, 40]})
    >>> countries = pd.DataFrame({"iso3": ["GBR", "FRA"], "eu": [False, True],
    ...                           "au": False, "nam": False, "g77": False, "p5": True})
    >>> changes = pd.DataFrame({"iso3": ["GBR"], "bloc": ["eu"], "member_from": [pd.NaT],
    ...                         "member_until": pd.to_datetime(["2020-01-31"])})
    >>> s = shares(c, countries, "bloc", changes)
    >>> s[s["group"] == "eu"]["share"].tolist()
    [1.0, 0.4]
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; valid groupings: {', '.join(GROUPINGS)}")
    per_state = (
        contributions.groupby(["date", "contributor_iso3"], observed=True)["total"]
        .sum()
        .reset_index()
    )
    per_state["contributor_iso3"] = per_state["contributor_iso3"].astype(str)
    totals = per_state.groupby("date")["total"].sum()
    if by == "bloc":
        if changes is None:
            raise ValueError("shares by bloc need the dated changes (load_bloc_membership())")
        member = membership(countries, changes, per_state["date"].unique())
        member = member[member["member"]].rename(columns={"iso3": "contributor_iso3"})
        joined = per_state.merge(member, on=["date", "contributor_iso3"])
        out = joined.groupby(["date", "bloc"])["total"].sum().rename_axis(["date", "group"])
        out = out.unstack(fill_value=0).reindex(columns=list(BLOCS), fill_value=0).stack()
    else:
        lookup = countries.set_index("iso3")[by]
        group = per_state["contributor_iso3"].map(lookup).fillna("none")
        out = per_state.groupby(["date", group.rename("group")])["total"].sum()
    out = out.rename("total").reset_index()
    out["share"] = (out["total"] / out["date"].map(totals)).astype(float).round(4)
    return out.sort_values(["date", "group"]).reset_index(drop=True)


def annual(shares_table: pd.DataFrame) -> pd.DataFrame:
    """Mean monthly personnel and mean monthly share of each group per calendar year.

    Examples
    --------
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2020-01-31", "2020-02-29"]),
    ...                   "group": ["eu", "eu"], "total": [10, 30], "share": [0.1, 0.3]})
    >>> annual(s)[["year", "group", "total", "share"]].values.tolist()
    [[2020, 'eu', 20.0, 0.2]]
    """
    s = shares_table.assign(year=shares_table["date"].dt.year)
    out = s.groupby(["year", "group"], as_index=False).agg(
        months=("date", "nunique"), total=("total", "mean"), share=("share", "mean")
    )
    out["total"] = out["total"].astype(float).round(1)
    out["share"] = out["share"].round(4)
    return out[["year", "group", "months", "total", "share"]]
