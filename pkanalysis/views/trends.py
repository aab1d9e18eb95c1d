"""The contribution-trends report: windows, cycles, entries, concentration and ranks in words."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..i18n import N_, gettext, tr
from ..tables import table
from .names import conference_name, conference_names, country_names, group_names
from .text import terms, with_headers, yes_no

LABELS: dict[str, str] = {
    "conference_id": N_("Conference"),
    "cycle": N_("Conference cycle"),
    "before": N_("Mean, 12 months before"),
    "after": N_("Mean, 12 months from it"),
    "change": N_("Change"),
    "change_per_year": N_("Change per year"),
    "pct_change": N_("Change (%)"),
    "complete": N_("All 24 months covered"),
    "breaks": N_("Months with a break"),
    "window": N_("Window"),
    "months": N_("Months"),
    "contributors": N_("Contributors"),
    "present": N_("Contributors"),
    "top5_share": N_("Share of the top 5"),
    "top_share": N_("Share of the top contributors"),
    "gini": N_("Gini coefficient"),
    "entries": N_("Entries"),
    "exits": N_("Exits"),
    "entries_per_year": N_("Entries per year"),
    "exits_per_year": N_("Exits per year"),
    "rank_change": N_("Places gained"),
    "break": N_("Break"),
    "first": N_("First month"),
    "last": N_("Last month"),
}

VOCABULARY = (N_("before"), N_("after"), N_("no mission split"))

#: What each grouping of the monthly chart is called in its legend and tables.
GROUPINGS = {
    "personnel_type": N_("Personnel type"),
    "un_regional_group": N_("UN regional group"),
    "contributor_iso3": N_("Contributor"),
    "mission": N_("Mission"),
}


def _table(df: pd.DataFrame, lang: str, **kwargs: Any):
    return table(df, lang, labels=LABELS, **kwargs)


def monthly_chart_frame(monthly: pd.DataFrame, grouping: str, lang: str, top: int = 8):
    """The ``top`` largest groups of the monthly series, named in ``lang`` for the legend."""
    largest = monthly.groupby(grouping, observed=True)["total"].sum().nlargest(top).index
    shown = monthly[monthly[grouping].isin(largest)]
    return shown.assign(**{grouping: group_names(shown[grouping], grouping, lang)})


def windows(df: pd.DataFrame, lang: str):
    """Mean personnel in the 12 months before and from each conference."""
    shown = df.assign(
        conference_id=conference_names(df["conference_id"], lang),
        complete=yes_no(df["complete"], lang),
    )
    whole = dict.fromkeys(["before", "after", "change", "change_per_year"], 0)
    return _table(shown, lang, formats={"pct_change": "percent"}, decimals=whole)


def window_concentration(df: pd.DataFrame, lang: str):
    """Concentration, entries and exits in the equal windows around each conference."""
    shown = df.assign(
        conference_id=conference_names(df["conference_id"], lang),
        window=terms(df["window"], lang),
    )
    return _table(shown, lang, decimals={"gini": 2})


def change_per_year(per_cycle: pd.DataFrame, grouping: str, lang: str, rows: int = 15):
    """Change per year of each group (rows) in each cycle (columns)."""
    wide = per_cycle.pivot_table(
        index=grouping, columns="cycle", values="change_per_year", observed=True
    ).round(0)
    wide = wide.loc[wide.abs().sum(axis=1).sort_values(ascending=False).index].head(rows)
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.reset_index()
    wide[grouping] = group_names(wide[grouping], grouping, lang)
    headers = {c: conference_name(c, lang) for c in wide.columns[1:]}
    headers[grouping] = gettext(GROUPINGS[grouping], lang)
    return with_headers(wide, lang, headers, decimals=dict.fromkeys(wide.columns[1:], 0))


def cycles(summary: pd.DataFrame, lang: str):
    """Entries, exits and concentration per conference cycle."""
    columns = [
        "cycle",
        "months",
        "present",
        "entries",
        "exits",
        "entries_per_year",
        "exits_per_year",
        "top_share",
        "gini",
    ]
    shown = summary[columns].assign(cycle=conference_names(summary["cycle"], lang))
    return _table(shown, lang, decimals={"gini": 2, "entries_per_year": 1, "exits_per_year": 1})


def ranks(ranked: pd.DataFrame, first: str, last: str, lang: str, rows: int):
    """Contributors' rank by mean monthly personnel in the first and last cycle."""
    shown = ranked.head(rows).rename(
        columns={
            f"mean_{first}": "mean_first",
            f"rank_{first}": "rank_first",
            f"mean_{last}": "mean_last",
            f"rank_{last}": "rank_last",
        }
    )
    shown = shown.assign(contributor_iso3=country_names(shown["contributor_iso3"], lang))
    first_name, last_name = conference_name(first, lang), conference_name(last, lang)
    headers = {
        "contributor_iso3": gettext(N_("Contributor"), lang),
        "mean_first": tr("Mean personnel, {cycle}", lang, cycle=first_name),
        "rank_first": tr("Rank, {cycle}", lang, cycle=first_name),
        "mean_last": tr("Mean personnel, {cycle}", lang, cycle=last_name),
        "rank_last": tr("Rank, {cycle}", lang, cycle=last_name),
        "rank_change": gettext(LABELS["rank_change"], lang),
    }
    columns = list(headers)
    return with_headers(shown[columns], lang, headers, decimals={"mean_first": 0, "mean_last": 0})


def breaks(breaks_df: pd.DataFrame, lang: str):
    """Kinds of break in the series, their first and last month and how many months."""
    summary = (
        breaks_df.groupby("break")["date"]
        .agg(first="min", last="max", months="count")
        .reset_index()
    )
    return _table(summary.assign(**{"break": terms(summary["break"], lang)}), lang)


def cycles_sentence(cycle_names: list[str], include_spm: bool, lang: str) -> str:
    """Which cycles the report covers, and whether special political missions are counted."""
    named = ", ".join(conference_name(c, lang) for c in cycle_names)
    if include_spm:
        return tr(
            "Cycles shown: {cycles}. Special political missions are included.", lang, cycles=named
        )
    return tr("Cycles shown: {cycles}. Peacekeeping operations only.", lang, cycles=named)
