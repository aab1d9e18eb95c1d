"""The burden-sharing report: shares by group over time and the drawdown, in words."""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, format_month, format_number, gettext, tr
from ..tables import table
from .names import country_names, group_names, mission_names
from .text import terms, with_headers

LABELS: dict[str, str] = {
    "component": N_("Component"),
    "units": N_("Missions or contributors"),
    "change": N_("Change in personnel"),
    "mission": N_("Mission"),
    "start": N_("Personnel at the start"),
    "end": N_("Personnel at the end"),
    "year": N_("Year"),
    "opened": N_("Opened"),
    "grew": N_("Grew"),
    "shrank": N_("Shrank"),
    "closed": N_("Closed"),
    "contributor_iso3": N_("Contributor"),
    "closed_mission": N_("Closed mission"),
    "reference_month": N_("Month of its largest contingent"),
    "in_closed_mission": N_("Contingent in the closed mission"),
    "total_at_reference": N_("Deployed in all missions then"),
    "later_month": N_("A year later"),
    "total_later": N_("Deployed in all missions a year later"),
    "personnel": N_("Personnel"),
}

#: What :func:`pkanalysis.drawdown.destinations` puts where a contingent has no later mission.
NO_MISSION = {"(after the data end)": N_("(after the data end)"), "(none)": N_("(none)")}


def _destination_names(values: pd.Series, lang: str) -> pd.Series:
    return values.map(
        lambda v: (
            gettext(NO_MISSION[v], lang)
            if v in NO_MISSION
            else mission_names(pd.Series([v], dtype=object), lang).iloc[0]
        )
    ).astype(object)


#: Parts of a drawdown, as messages.
COMPONENTS = (
    N_("opened"),
    N_("grew"),
    N_("shrank"),
    N_("closed"),
    N_("unchanged"),
    N_("entered"),
    N_("left"),
    N_("total"),
)
GROUPINGS = {
    "region": N_("region"),
    "un_regional_group": N_("UN regional group"),
    "bloc": N_("bloc"),
}


def shares_chart_frame(shares: pd.DataFrame, share_by: str, lang: str) -> pd.DataFrame:
    """Monthly shares with each group named in ``lang`` (for the legend)."""
    return shares.assign(group=group_names(shares["group"], share_by, lang))


def shares_title(share_by: str, lang: str) -> str:
    return tr(
        "Share of uniformed personnel by {grouping}",
        lang,
        grouping=gettext(GROUPINGS[share_by], lang),
    )


def yearly_shares(yearly: pd.DataFrame, share_by: str, lang: str, years: int = 12):
    """The last ``years`` years' shares, one column per group."""
    wide = yearly.pivot(index="year", columns="group", values="share").tail(years)
    headers = {g: group_names(pd.Series([g]), share_by, lang).iloc[0] for g in wide.columns}
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.reset_index()
    wide["year"] = wide["year"].astype(str)
    headers["year"] = gettext(N_("Year"), lang)
    return with_headers(
        wide, lang, headers, formats=dict.fromkeys(headers.keys() - {"year"}, "percent")
    )


def components(df: pd.DataFrame, lang: str):
    """The drawdown split into missions (or contributors) that opened, grew, shrank or closed."""
    return table(df.assign(component=terms(df["component"], lang)), lang, labels=LABELS)


def change_sentence(components_df: pd.DataFrame, first, last, lang: str) -> str:
    """The total change between two months, and its parts."""
    c = components_df.set_index("component")["change"]
    parts = "; ".join(
        tr("{component} {change}", lang, component=gettext(k, lang), change=_signed(v, lang))
        for k, v in c.drop("total").items()
    )
    return tr(
        "From {first} to {last}, uniformed personnel changed by {total}: {parts}.",
        lang,
        first=format_month(first, lang),
        last=format_month(last, lang),
        total=_signed(c["total"], lang),
        parts=parts,
    )


def _signed(n, lang: str) -> str:
    text = format_number(n, lang)
    return "+" + text if n > 0 else text


def by_mission(df: pd.DataFrame, lang: str):
    """Every mission's personnel at the start and end of the window, and the change."""
    shown = df.assign(
        mission=mission_names(df["mission"], lang), component=terms(df["component"], lang)
    )
    return table(shown, lang, labels=LABELS)


def mission_chart_frame(df: pd.DataFrame, closed: list[str], lang: str):
    """Missions whose personnel changed, named in ``lang``, and the names of those closed."""
    moved = df[df["change"] != 0]
    moved = moved.assign(mission=mission_names(moved["mission"], lang))
    return moved, list(mission_names(pd.Series(closed, dtype=object), lang))


def mission_chart_title(first, last, lang: str) -> str:
    return tr(
        "Change in uniformed personnel by mission, {first} to {last}",
        lang,
        first=format_month(first, lang),
        last=format_month(last, lang),
    )


def per_year(per_month: pd.DataFrame, lang: str):
    """The monthly drawdown summed by year."""
    yearly = (
        per_month.assign(year=per_month["date"].dt.year.astype(str))
        .groupby("year")[["opened", "grew", "shrank", "closed", "change"]]
        .sum()
        .reset_index()
    )
    return table(yearly, lang, labels=LABELS)


def by_contributor(df: pd.DataFrame, lang: str, rows: int = 10):
    """The contributors whose deployments changed most."""
    shown = df.head(rows).assign(
        contributor_iso3=country_names(df["contributor_iso3"].head(rows), lang),
        component=terms(df["component"].head(rows), lang),
    )
    return table(shown, lang, labels=LABELS, formats={"contributor_iso3": "text"})


def destinations(summary: pd.DataFrame, lang: str):
    """Where the largest contingents of each closed mission were a year later."""
    shown = summary.assign(
        contributor_iso3=country_names(summary["contributor_iso3"], lang),
        closed_mission=mission_names(summary["closed_mission"], lang),
    )
    return table(shown, lang, labels=LABELS, formats={"contributor_iso3": "text"})


def largest_destinations(where: pd.DataFrame, lang: str, top: int = 3):
    """The three missions that took most of each closed mission's contingents."""
    largest = (
        where.groupby(["closed_mission", "mission"], sort=False)["personnel"]
        .sum()
        .groupby(level=0, group_keys=False)
        .nlargest(top)
        .reset_index()
    )
    largest = largest.assign(
        closed_mission=mission_names(largest["closed_mission"], lang),
        mission=_destination_names(largest["mission"], lang),
    )
    return table(largest, lang, labels=LABELS)
