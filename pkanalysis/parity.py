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

    ``gap`` is target minus share (positive = behind).  Groups must include
    ``personnel_type``, since targets are per type.

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
    end = targets[targets["year"] == targets["year"].max()][
        ["personnel_type", "target_female_share"]
    ]
    out = shares.merge(
        t.rename(columns={"target_female_share": "target"}), on="personnel_type", how="left"
    )
    out = out.merge(
        end.rename(columns={"target_female_share": "target_2028"}), on="personnel_type", how="left"
    )
    out["gap"] = (out["target"] - out["share"]).round(4)
    out["gap_2028"] = (out["target_2028"] - out["share"]).round(4)
    out["met"] = (out["share"] >= out["target"]).where(out["target"].notna())
    return out


def furthest_behind(gaps: pd.DataFrame, min_total: int = 100, n: int = 10) -> pd.DataFrame:
    """Contributors furthest from the 2028 target among those with at least ``min_total``
    person-months in the year (small contingents swing too easily to rank)."""
    big = gaps[gaps["total"] >= min_total]
    return big.sort_values("gap_2028", ascending=False).head(n).reset_index(drop=True)


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
