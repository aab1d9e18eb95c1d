"""Gender parity: the share of women by personnel type against the 2018-2028 strategy targets.

Shares are computed from rows with a sex split only (numerator and denominator alike), summed
over the months of a year, so an annual share is weighted by person-months.  A target applies
only to the year the cited source states it for; years without a sourced target get no target
rather than an interpolated one.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from . import cycles
from .vocab import (
    EXPERTS_ON_MISSION,
    FORMED_POLICE_UNITS,
    INDIVIDUAL_POLICE,
    STAFF_OFFICERS,
    TROOPS,
)


def female_share(
    contributions: pd.DataFrame, by: str | Sequence[str] = ("personnel_type",), freq: str = "year"
) -> pd.DataFrame:
    """Share of women per period and group.

    Parameters
    ----------
    contributions : DataFrame
        From ``load_contributions()``.
    by : str or sequence of str
        Grouping columns (e.g. ``"personnel_type"``, ``["contributor_iso3", "personnel_type"]``).
    freq : {"year", "month"}
        Period of the share.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2024-01-31", "2024-02-29", "2024-01-31"]),
    ...                    "personnel_type": ["Troops", "Troops", "Troops"],
    ...                    "female": pd.array([5, 15, None], dtype="Int64"),
    ...                    "total": [100, 100, 50]})
    >>> female_share(df)[["year", "personnel_type", "female", "total", "share"]].values.tolist()
    [[2024, 'Troops', 20, 200, 0.1]]
    """
    if freq not in ("year", "month"):
        raise ValueError(f"freq must be 'year' or 'month', not {freq!r}")
    groups = [by] if isinstance(by, str) else list(by)
    split = contributions[contributions["female"].notna()].copy()
    period = "year" if freq == "year" else "date"
    if freq == "year":
        split["year"] = split["date"].dt.year
    out = split.groupby([period, *groups], observed=True)[["female", "total"]].sum()
    out["share"] = (out["female"] / out["total"]).astype(float).round(4)
    return out.reset_index()


def parity_gap(
    contributions: pd.DataFrame,
    targets: pd.DataFrame,
    year: int,
    by: str | Sequence[str] = ("personnel_type",),
) -> pd.DataFrame:
    """Female share in ``year`` beside that year's target, the gap and whether it is met.

    ``gap`` is target minus share (positive = behind); ``end_year``, ``end_target`` and
    ``end_gap`` do the same for the latest year the targets table has (2028, the strategy's
    last).  Groups must include ``personnel_type``, since targets are per type.

    Raises
    ------
    ValueError
        If ``year`` has no data, listing the years that have.
    """
    groups = [by] if isinstance(by, str) else list(by)
    if "personnel_type" not in groups:
        raise ValueError("parity_gap needs 'personnel_type' among the groups: targets are per type")
    shares = female_share(contributions, groups)
    years = sorted(shares["year"].unique())
    if year not in years:
        raise ValueError(
            f"no sex-disaggregated data for {year}; years with data: {', '.join(map(str, years))}"
        )
    shares = shares[shares["year"] == year]
    t = targets[targets["year"] == year][["personnel_type", "target_female_share"]]
    out = shares.merge(
        t.rename(columns={"target_female_share": "target"}), on="personnel_type", how="left"
    )
    out["gap"] = (out["target"] - out["share"]).round(4)
    out["met"] = (out["share"] >= out["target"]).where(out["target"].notna())
    latest = targets.rename(columns={"target_female_share": "target"})
    return _with_end_target(out, latest[["year", "personnel_type", "target"]], "personnel_type")


def _with_end_target(out: pd.DataFrame, targets: pd.DataFrame, key: str) -> pd.DataFrame:
    """``out`` with the target of the latest year in ``targets`` (``end_year``,
    ``end_target``) and the gap to it (``end_gap`` = end target - share)."""
    end_year = targets["year"].max()
    end = targets.loc[targets["year"] == end_year, [key, "target"]]
    out = out.merge(end.rename(columns={"target": "end_target"}), on=key, how="left")
    out.insert(len(out.columns) - 1, "end_year", end_year)
    out["end_gap"] = (out["end_target"] - out["share"]).round(4)
    return out


def furthest_behind(gaps: pd.DataFrame, min_total: int = 100, n: int = 10) -> pd.DataFrame:
    """Contributors furthest from the end target (``end_gap`` of :func:`parity_gap`) among
    those with at least ``min_total`` person-months in the year (small contingents swing too
    easily to rank)."""
    big = gaps[gaps["total"] >= min_total]
    return big.sort_values("end_gap", ascending=False).head(n).reset_index(drop=True)


def share_by_cycle(
    contributions: pd.DataFrame,
    conferences: pd.DataFrame,
    by: str | Sequence[str] = ("personnel_type",),
) -> pd.DataFrame:
    """Share of women per conference cycle and group (person-month weighted)."""
    groups = [by] if isinstance(by, str) else list(by)
    split = contributions[contributions["female"].notna()].copy()
    split["cycle"] = cycles.assign(split["date"], conferences).array
    out = split.groupby(["cycle", *groups], observed=True)[["female", "total"]].sum()
    out["share"] = (out["female"] / out["total"]).astype(float).round(4)
    return out.reset_index()


# --- the strategy's own categories ------------------------------------------------------------

#: Personnel types of the monthly reports -> Uniformed Gender Parity Strategy category.  The
#: strategy sets one target for staff officers and military observers together (reported as
#: "Experts on Mission"), so they are pooled: women over personnel of both, not a mean of
#: two shares.  Justice and corrections officers are not in the contribution reports.
UGPS_CATEGORIES: dict[str, str] = {
    TROOPS: "troops",
    STAFF_OFFICERS: "staff officers and military observers",
    EXPERTS_ON_MISSION: "staff officers and military observers",
    FORMED_POLICE_UNITS: "formed police units",
    INDIVIDUAL_POLICE: "individual police",
}
CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(UGPS_CATEGORIES.values()))
#: ``annual``: person-month weighted over the year's months; ``december``: December only.
MEASURES = ("annual", "december")


def _measure_rows(contributions: pd.DataFrame, measure: str) -> pd.DataFrame:
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; valid measures: {', '.join(MEASURES)}")
    split = contributions[
        contributions["female"].notna()
        & contributions["personnel_type"].isin(list(UGPS_CATEGORIES))
    ]
    if measure == "december":
        split = split[split["date"].dt.month == 12]
    return split.assign(
        year=split["date"].dt.year,
        category=split["personnel_type"].astype(str).map(UGPS_CATEGORIES),
    )


def category_share(
    contributions: pd.DataFrame, by: str | Sequence[str] = (), measure: str = "annual"
) -> pd.DataFrame:
    """Share of women per year and strategy category (and group), pooled within a category.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2024-06-30", "2024-06-30", "2024-12-31"]),
    ...                    "personnel_type": ["Staff Officers", "Experts on Mission",
    ...                                       "Staff Officers"],
    ...                    "female": pd.array([30, 10, 20], dtype="Int64"),
    ...                    "total": [100, 100, 100]})
    >>> category_share(df)[["category", "female", "total", "share"]].values.tolist()
    [['staff officers and military observers', 60, 300, 0.2]]
    >>> category_share(df, measure="december")["share"].tolist()
    [0.2]
    """
    groups = [by] if isinstance(by, str) else list(by)
    rows = _measure_rows(contributions, measure)
    out = rows.groupby(["year", *groups, "category"], observed=True)[["female", "total"]].sum()
    out["share"] = (out["female"] / out["total"]).astype(float).round(4)
    out = out.reset_index()
    out["category"] = pd.Categorical(out["category"], CATEGORIES, ordered=True)
    return out.sort_values(["year", *groups, "category"]).reset_index(drop=True)


def category_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The sourced targets per year and strategy category (only years a source gives).

    Raises
    ------
    ValueError
        If the staff-officer and expert rows of one year disagree (one target is pooled).
    """
    t = targets[targets["personnel_type"].isin(list(UGPS_CATEGORIES))].copy()
    t["category"] = t["personnel_type"].astype(str).map(UGPS_CATEGORIES)
    spread = t.groupby(["year", "category"])["target_female_share"].nunique()
    if (spread > 1).any():
        bad = spread[spread > 1].index[0]
        raise ValueError(f"conflicting targets for {bad[1]} in {bad[0]}: one pooled target")
    out = t.groupby(["year", "category"], as_index=False).agg(
        target=("target_female_share", "first"), source=("source", "first")
    )
    out["category"] = pd.Categorical(out["category"], CATEGORIES, ordered=True)
    return out.sort_values(["year", "category"]).reset_index(drop=True)


def parity_by_category(
    contributions: pd.DataFrame,
    targets: pd.DataFrame,
    year: int,
    measure: str = "annual",
    by: str | Sequence[str] = (),
) -> pd.DataFrame:
    """Share of women per strategy category in ``year`` beside that year's sourced target (blank
    where no source gives one) and the end target (the latest year's, with ``end_year`` and
    ``end_gap``); ``gap`` = target - share.

    Raises
    ------
    ValueError
        If ``year`` has no sex-disaggregated data, listing the years that have.
    """
    groups = [by] if isinstance(by, str) else list(by)
    shares = category_share(contributions, groups, measure)
    years = sorted(shares["year"].unique())
    if year not in years:
        raise ValueError(
            f"no sex-disaggregated data for {year}; years with data: {', '.join(map(str, years))}"
        )
    shares = shares[shares["year"] == year]
    t = category_targets(targets)
    now = t[t["year"] == year][["category", "target"]]
    out = shares.merge(now, on="category", how="left")
    out["gap"] = (out["target"] - out["share"]).round(4)
    out["met"] = (out["share"] >= out["target"]).where(out["target"].notna())
    out = _with_end_target(out, t, "category")
    out.insert(1, "measure", measure)
    return out


def meeting_targets(
    contributions: pd.DataFrame,
    targets: pd.DataFrame,
    year: int,
    measure: str = "annual",
    min_personnel: float = 0,
) -> pd.DataFrame:
    """Per contributor and category: share of women in ``year`` and whether it meets that
    year's sourced target (categories without one are left out).

    ``min_personnel`` drops contingents smaller than that many on average (person-months
    divided by months), which a single woman can push over any target.
    """
    shares = category_share(contributions, "contributor_iso3", measure)
    shares = shares[shares["year"] == year]
    months = 12 if measure == "annual" else 1
    covered = contributions[contributions["date"].dt.year == year]["date"].nunique()
    months = min(months, covered) or 1
    shares = shares[shares["total"] / months >= min_personnel]
    t = category_targets(targets)
    t = t[t["year"] == year][["category", "target"]]
    out = shares.merge(t, on="category", how="inner")
    out["met"] = out["share"] >= out["target"]
    return out.sort_values(["category", "share"], ascending=[True, False]).reset_index(drop=True)


def top_women(
    contributions: pd.DataFrame,
    year: int,
    rank_by: str = "number",
    n: int = 10,
    measure: str = "annual",
    category: str | None = None,
    min_personnel: float = 100,
) -> pd.DataFrame:
    """Contributors with the most women (mean women per month) or the highest share of women in
    ``year``, over all strategy categories or one.  Ranking by share keeps contributors with
    at least ``min_personnel`` personnel on average.
    """
    if rank_by not in ("number", "share"):
        raise ValueError(f"unknown rank_by {rank_by!r}; valid: number, share")
    if category is not None and category not in CATEGORIES:
        raise ValueError(
            f"unknown category {category!r}; valid categories: {', '.join(CATEGORIES)}"
        )
    rows = _measure_rows(contributions, measure)
    rows = rows[rows["year"] == year]
    if category is not None:
        rows = rows[rows["category"] == category]
    months = max(rows["date"].nunique(), 1)
    out = rows.groupby("contributor_iso3", observed=True)[["female", "total"]].sum()
    out = (out / months).astype(float).round(1)
    out.columns = ["women", "personnel"]
    out["share"] = (out["women"] / out["personnel"]).round(4)
    if rank_by == "share":
        out = out[out["personnel"] >= min_personnel]
    key = "women" if rank_by == "number" else "share"
    return out.sort_values(key, ascending=False).head(n).reset_index()
