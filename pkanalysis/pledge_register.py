"""The pledge register: rows and states per conference and category, what a pledge row stands
for in personnel, and how complete the register is against published counts."""

from __future__ import annotations

import pandas as pd

from .vocab import PERSON_UNITS

#: Commitments that put (or hold ready) uniformed personnel; others have no personnel equivalent.
PERSONNEL_COMMITMENTS = ("deployment", "standby")


def personnel_equivalent(pledges: pd.DataFrame, unit_sizes: pd.DataFrame) -> pd.Series:
    """Uniformed personnel each deployment or standby pledge stands for.

    The quantity itself where the unit counts people (``vocab.PERSON_UNITS``), the quantity
    times the size of its ``unit_type`` where it counts units, else missing.  Training, money,
    equipment and policy pledges are missing: the people trained are not deployed by the
    pledger.  ``data/pledges.csv`` stores the result; the tests check it against this function.

    Examples
    --------
    >>> p = pd.DataFrame({"commitment": ["deployment", "standby", "training", "deployment"],
    ...                   "quantity": [2.0, 300.0, 50.0, 1.0],
    ...                   "unit": ["police units", "personnel", "personnel", "helicopters"],
    ...                   "unit_type": ["formed police unit", None, None, None]})
    >>> sizes = pd.DataFrame({"unit_type": ["formed police unit"], "personnel": [140]})
    >>> personnel_equivalent(p, sizes).tolist()
    [280, 300, <NA>, <NA>]
    """
    size = pledges["unit_type"].map(unit_sizes.set_index("unit_type")["personnel"])
    quantity = pledges["quantity"].astype("Float64")
    counted = quantity * size.astype("Float64")
    people = quantity.where(pledges["unit"].isin(PERSON_UNITS))
    out = counted.fillna(people).where(pledges["commitment"].isin(PERSONNEL_COMMITMENTS))
    return out.round().astype("Int64").rename("personnel_equivalent")


def coverage(pledges: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """How much of each conference the register holds, overall (``category == "all"``) and for
    each category with a published count of pledging states.

    Columns: ``states_published`` (the published count; a lower bound where the source says
    "more than"), ``states_recorded`` (states with at least one row here),
    ``states_recorded_not_policy`` (states with a row that is not an endorsement or other
    policy undertaking), ``states_known`` (the larger of the first two: a state with a sourced
    row is known to have pledged even if the published count is lower) and ``share`` =
    ``states_recorded / states_known``.  Conferences without a published count have
    ``states_published`` and ``share`` missing.

    Examples
    --------
    >>> p = pd.DataFrame({"conference_id": ["A", "A", "A"], "pledger_iso3": ["X", "Y", "Y"],
    ...                   "category": ["medical", "political", "medical"],
    ...                   "commitment": ["deployment", "policy", "deployment"]})
    >>> c = pd.DataFrame({"conference_id": ["A", "A"], "category": ["all", "medical"],
    ...                   "n_states": [4, 1], "notes": [None, None], "source": ["s", "s"]})
    >>> coverage(p, c)[["category", "states_recorded", "states_known", "share"]].values.tolist()
    [['all', 2, 4, 0.5], ['medical', 2, 2, 1.0]]
    """
    published = counts.dropna(subset=["n_states"])
    rows = []
    for conference, mine in pledges.groupby("conference_id", observed=True):
        rows.append(_coverage_row(conference, "all", mine, published))
        for category in published.loc[published["conference_id"] == conference, "category"]:
            if category != "all":
                chosen = mine[mine["category"].astype(str) == category]
                rows.append(_coverage_row(conference, category, chosen, published))
    table = pd.DataFrame(rows)
    for col in ("states_published", "states_recorded", "states_recorded_not_policy"):
        table[col] = table[col].astype("Int64")
    table["states_known"] = table[["states_published", "states_recorded"]].max(axis=1)
    table["states_known"] = table["states_known"].astype("Int64")
    share = table["states_recorded"] / table["states_known"].astype("Float64")
    table["share"] = share.where(table["states_published"].notna()).round(2).astype("Float64")
    order = ["conference_id", "category", "states_published", "states_recorded",
             "states_recorded_not_policy", "states_known", "share", "notes", "source"]  # fmt: skip
    return table[order].sort_values(["conference_id", "category"]).reset_index(drop=True)


def _coverage_row(conference: str, category: str, rows: pd.DataFrame, published: pd.DataFrame):
    hit = published[
        (published["conference_id"] == conference) & (published["category"] == category)
    ]
    # A conference can carry two published counts for one category (a lower bound and a
    # figure from another source): the larger is the better-informed lower bound.
    top = hit.sort_values("n_states").iloc[-1] if not hit.empty else None
    return {
        "conference_id": conference,
        "category": category,
        "states_published": None if top is None else int(top["n_states"]),
        "states_recorded": rows["pledger_iso3"].nunique(),
        "states_recorded_not_policy": rows.loc[
            rows["commitment"].astype(str) != "policy", "pledger_iso3"
        ].nunique(),
        "notes": None if top is None else top["notes"],
        "source": None if top is None else top["source"],
    }


def pledges_by_category(pledges: pd.DataFrame, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per conference and category: recorded pledge rows and pledging states, beside the
    conference-level counts published where no per-state list is (``load_pledge_counts()``).

    Examples
    --------
    >>> p = pd.DataFrame({"conference_id": ["A", "A", "A"], "category": ["medical"] * 3,
    ...                   "pledger_iso3": ["X", "X", "Y"]})
    >>> pledges_by_category(p)[["pledge_rows", "pledging_states"]].values.tolist()
    [[3, 2]]
    """
    table = (
        pledges.groupby(["conference_id", "category"], observed=True)
        .agg(pledge_rows=("pledger_iso3", "size"), pledging_states=("pledger_iso3", "nunique"))
        .reset_index()
    )
    table["category"] = table["category"].astype(str)
    if counts is not None:
        pub = counts[["conference_id", "category", "n_pledges", "n_states"]].rename(
            columns={"n_pledges": "published_pledges", "n_states": "published_states"}
        )
        table = table.merge(pub, on=["conference_id", "category"], how="outer")
    return table.sort_values(["conference_id", "category"]).reset_index(drop=True)


def repeated_categories(pledges: pd.DataFrame, min_conferences: int = 2) -> pd.DataFrame:
    """Categories a state pledged at ``min_conferences`` or more conferences (pledged again and
    again), with the conferences listed.

    Examples
    --------
    >>> p = pd.DataFrame({"pledger_iso3": ["X", "X", "Y"], "category": ["medical"] * 3,
    ...                   "conference_id": ["A", "B", "A"]})
    >>> repeated_categories(p)[["pledger_iso3", "conferences", "which"]].values.tolist()
    [['X', 2, 'A, B']]
    """
    grp = pledges.groupby(["pledger_iso3", "category"], observed=True)["conference_id"]
    out = grp.agg(conferences="nunique", which=lambda s: ", ".join(sorted(set(s))))
    return (
        out[out["conferences"] >= min_conferences]
        .reset_index()
        .sort_values(["conferences", "pledger_iso3"], ascending=[False, True])
    )
