"""The mean-change comparison of pledgers and other states (superseded; kept for comparison).

:mod:`pkanalysis.followthrough` replaced this with an event study, placebo inference and
treatment defined by deployment pledges only.  This module keeps the first method so that its
results can be set beside the new ones; do not cite it as a measure of follow-through.  It
compares changes in headcount, which grow with contingent size (pledgers are several times
larger than other states), and its post-window runs to the next conference (2 to 31 months).

Method
------
For one conference, each contributor's mean monthly deployment is measured over a pre-window
(the ``before`` months before the conference month) and a post-window (from the month after the
conference to the end of the cycle it opens, or ``after`` months if given).  States that made at
least one pledge there (optionally in one category) are compared with states that deployed in
either window but made no recorded pledge: the difference between the two groups' mean changes
is a difference-in-differences estimate, reported with a Welch standard error.

Limits
------
This is descriptive, not causal.  Pledges are often formal announcements of deployments already
planned, so pledgers may differ from other states before any pledge.  The pledge table is as
complete as public sources allow and several conferences have few per-state rows, so a state
recorded as a non-pledger may have pledged.  Deployments also move with mandates opening and
closing (MINUSMA's end in 2023, for example), which affect pledgers and others unequally.  A
category is linked to the personnel types it most plausibly changes (``CATEGORY_TYPES``);
categories with no such link (money, politics, training) use all uniformed personnel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import cycles
from .vocab import ALL_PERSONNEL_TYPES, COARSE_PERSONNEL_TYPES, POLICE, STAFF_OFFICERS, TROOPS

ALL_TYPES = ALL_PERSONNEL_TYPES
MILITARY = (TROOPS, STAFF_OFFICERS)
POLICE_TYPES = (*COARSE_PERSONNEL_TYPES[POLICE], POLICE)
CATEGORY_TYPES: dict[str, tuple[str, ...]] = {
    "units/troops": MILITARY,
    "rapid deployment": MILITARY,
    "aviation": MILITARY,
    "engineering": MILITARY,
    "medical": MILITARY,
    "other enabling capability": MILITARY,
    "police": POLICE_TYPES,
}


def windows(
    conference: str, conferences: pd.DataFrame, before: int = 12, after: int | None = None
) -> dict[str, pd.Timestamp]:
    """Month-end bounds of the pre- and post-windows around ``conference``.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["2019 New York", "2021 Seoul"],
    ...                      "start_date": pd.to_datetime(["2019-03-29", "2021-12-07"]),
    ...                      "opens_cycle": [True, True]})
    >>> w = windows("2019 New York", conf, before=12)
    >>> [w[k].date().isoformat() for k in ("pre_start", "pre_end", "post_start", "post_end")]
    ['2018-03-31', '2019-02-28', '2019-04-30', '2021-11-30']
    """
    _, event, default_end = cycles.window(conference, conferences, before=before, after=after or 0)
    if after is None:
        table = cycles.cycle_table(conferences)
        row = table[table["cycle"].astype(str) == conference]
        end = row["end"].iloc[0] if not row.empty else pd.NaT
        default_end = (
            end + pd.offsets.MonthEnd(0) - pd.offsets.MonthEnd(1)
            if pd.notna(end)
            else pd.Timestamp.max.normalize()
        )
    return {
        "pre_start": event - pd.offsets.MonthEnd(before),
        "pre_end": event - pd.offsets.MonthEnd(1),
        "post_start": event + pd.offsets.MonthEnd(1),
        "post_end": default_end,
    }


def _series(contributions: pd.DataFrame, category: str | None) -> tuple[pd.DataFrame, str]:
    value = "total"
    if category == "women and gender":
        value = "female"
        df = contributions
    else:
        df = contributions[
            contributions["personnel_type"].isin(CATEGORY_TYPES.get(category or "", ALL_TYPES))
        ]
    return df, value


def state_changes(
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    conference: str,
    category: str | None = None,
    before: int = 12,
    after: int | None = None,
) -> pd.DataFrame:
    """Per state: mean monthly deployment before and after the conference, and whether it pledged.

    Returns
    -------
    DataFrame
        ``contributor_iso3``, ``pledged`` (bool), ``pre``, ``post``, ``change``,
        ``pre_months``, ``post_months``.
    """
    w = windows(conference, conferences, before, after)
    # Only the two windows matter: cutting to them first keeps the group-by small.
    in_windows = contributions["date"].between(w["pre_start"], w["post_end"])
    df, value = _series(contributions[in_windows], category)
    month = df.groupby(["contributor_iso3", "date"], observed=True)[value].sum(min_count=1)
    month = month.reset_index()
    pre = month[month["date"].between(w["pre_start"], w["pre_end"])]
    post = month[month["date"].between(w["post_start"], w["post_end"])]
    # A state absent from a covered month deployed no one that month.
    pre_months = pre["date"].nunique() or np.nan
    post_months = post["date"].nunique() or np.nan
    out = pd.DataFrame(
        {
            "pre": pre.groupby("contributor_iso3")[value].sum() / pre_months,
            "post": post.groupby("contributor_iso3")[value].sum() / post_months,
        }
    ).fillna(0.0)
    out["change"] = out["post"] - out["pre"]
    out["pre_months"], out["post_months"] = pre_months, post_months
    chosen = pledges[pledges["conference_id"] == conference]
    if category is not None:
        chosen = chosen[chosen["category"] == category]
    out["pledged"] = out.index.isin(set(chosen["pledger_iso3"]))
    missing = sorted(set(chosen["pledger_iso3"]) - set(out.index))
    if missing:  # pledgers that deployed no one in either window still count
        extra = pd.DataFrame(
            {
                "pre": 0.0,
                "post": 0.0,
                "change": 0.0,
                "pre_months": pre_months,
                "post_months": post_months,
                "pledged": True,
            },
            index=missing,
        )
        out = pd.concat([out, extra])
    out.index.name = "contributor_iso3"
    return out.reset_index()


def difference_in_differences(changes: pd.DataFrame) -> pd.Series:
    """Mean change of pledgers minus that of non-pledgers, with a Welch standard error.

    Examples
    --------
    >>> ch = pd.DataFrame({"pledged": [True, True, False, False],
    ...                    "change": [10.0, 30.0, 0.0, 10.0]})
    >>> difference_in_differences(ch)[["pledgers", "others", "did"]].tolist()
    [2.0, 2.0, 15.0]
    """
    a = changes.loc[changes["pledged"], "change"]
    b = changes.loc[~changes["pledged"], "change"]
    se = (
        np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        if min(len(a), len(b)) > 1
        else np.nan
    )
    did = a.mean() - b.mean()
    return pd.Series(
        {
            "pledgers": float(len(a)),
            "others": float(len(b)),
            "mean_change_pledgers": a.mean(),
            "mean_change_others": b.mean(),
            "did": did,
            "se": se,
            "ci_low": did - 1.96 * se,
            "ci_high": did + 1.96 * se,
        }
    )


def follow_through(
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    conference: str,
    category: str | None = None,
    before: int = 12,
    after: int | None = None,
) -> pd.Series:
    """Difference-in-differences summary for one conference (see the module docstring)."""
    changes = state_changes(
        contributions, pledges, conferences, conference, category, before, after
    )
    summary = difference_in_differences(changes)
    labels = pd.Series({"conference": conference, "category": category or "any"}, dtype=object)
    return pd.concat([labels, summary.astype(object)])


def all_conferences(
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    category: str | None = None,
    before: int = 12,
) -> pd.DataFrame:
    """:func:`follow_through` for every cycle-opening conference with pledges and data after it."""
    last = contributions["date"].max()
    rows = []
    for conf in conferences[conferences["opens_cycle"]].itertuples():
        has_pledges = (pledges["conference_id"] == conf.conference_id).any()
        if has_pledges and conf.start_date + pd.offsets.MonthEnd(1) <= last:
            rows.append(
                follow_through(
                    contributions, pledges, conferences, conf.conference_id, category, before
                )
            )
    return pd.DataFrame(rows)
