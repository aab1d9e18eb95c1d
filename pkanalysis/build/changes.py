"""What a build changed against the snapshot it replaces: new months, revised months, movers.

A month is *revised* when it was in the old snapshot and any of its contributor x mission x type
totals differs now (a report re-issued with other numbers, or a parser fix).  *Movers* are the
contributors and missions whose totals moved most: in a revised month against the old
snapshot, in a new month against the month before it.
"""

from __future__ import annotations

import pandas as pd

KEY = ["date", "mission", "contributor_iso3", "personnel_type"]


def _totals(df: pd.DataFrame) -> pd.Series:
    return (
        df.assign(mission=df["mission"].astype("string").fillna("-"))
        .groupby(KEY, observed=True)["total"]
        .sum()
        .astype("int64")
    )


def _top(diff: pd.Series, level: str, n: int) -> list[dict]:
    moved = diff.groupby(level=level).sum()
    moved = moved[moved != 0]
    order = moved.abs().sort_values(ascending=False, kind="stable").index[:n]
    return [{level: str(k), "change": int(moved[k])} for k in order]


def compare(old: pd.DataFrame | None, new: pd.DataFrame, n: int = 5) -> dict:
    """New and revised months and the top ``n`` movers between two contributions tables.

    Examples
    --------
    >>> t = lambda m, c, v: pd.DataFrame({"date": pd.to_datetime(m), "mission": "UNMISS",
    ...     "contributor_iso3": c, "personnel_type": "Troops", "total": v})
    >>> old = t(["2025-06-30"], ["NPL"], [100])
    >>> new = pd.concat([t(["2025-06-30"], ["NPL"], [90]), t(["2025-07-31"], ["NPL"], [95])])
    >>> got = compare(old, new)
    >>> got["new_months"], got["revised_months"], got["contributors"]
    (['2025-07'], ['2025-06'], [{'contributor_iso3': 'NPL', 'change': -5}])
    """
    after = _totals(new)
    if old is None:
        return {
            "new_months": [],
            "revised_months": [],
            "contributors": [],
            "missions": [],
            "first_build": True,
        }
    before = _totals(old)
    # distinct months first: iterating 200,000 timestamps one by one costs a second
    months_new = pd.DatetimeIndex(after.index.get_level_values("date").unique()).sort_values()
    months_old = pd.DatetimeIndex(before.index.get_level_values("date").unique())
    added = list(months_new.difference(months_old))
    both = months_new.intersection(months_old)
    a = after[after.index.get_level_values("date").isin(both)]
    b = before[before.index.get_level_values("date").isin(both)]
    revision = a.sub(b, fill_value=0)
    revision = revision[revision != 0]
    revised = list(pd.DatetimeIndex(revision.index.get_level_values("date").unique()).sort_values())
    # A new month moves against the month before it in the new table.
    moves = [revision.droplevel("date")]
    months = list(months_new)
    for month in added:
        i = months.index(month)
        if i:
            cur, prev = after.xs(month, level="date"), after.xs(months[i - 1], level="date")
            moves.append(cur.sub(prev, fill_value=0))
    diff = pd.concat(moves)
    return {
        "new_months": [f"{m:%Y-%m}" for m in added],
        "revised_months": [f"{m:%Y-%m}" for m in revised],
        "contributors": _top(diff, "contributor_iso3", n),
        "missions": [m for m in _top(diff, "mission", n + 1) if m["mission"] != "-"][:n],
    }


def table(changes: dict) -> str:
    """The changes as a short plain-text table (the build prints it).

    Examples
    --------
    >>> print(table({"new_months": ["2025-08"], "revised_months": [],
    ...              "contributors": [{"contributor_iso3": "NPL", "change": 12}],
    ...              "missions": [{"mission": "UNMISS", "change": -3}]}))
    new months: 2025-08
    revised months: none
    contributors moving most: NPL +12
    missions moving most: UNMISS -3
    """
    if changes.get("first_build"):
        return "first build: no previous snapshot to compare with"
    lines = [
        f"new months: {', '.join(changes['new_months']) or 'none'}",
        f"revised months: {', '.join(changes['revised_months']) or 'none'}",
    ]
    for what, key in (("contributors", "contributor_iso3"), ("missions", "mission")):
        if changes[what]:
            moved = ", ".join(f"{c[key]} {c['change']:+,}" for c in changes[what])
            lines.append(f"{what} moving most: {moved}")
    return "\n".join(lines)
