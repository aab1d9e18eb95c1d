"""The capability-gaps report: what was asked for, pledged and deployed, in words."""

from __future__ import annotations

import pandas as pd

from .. import capability_gaps
from ..i18n import N_, format_percent, gettext, term, tr
from ..tables import table
from .names import conference_name, mission_names
from .text import term_list, yes_no

LABELS: dict[str, str] = {
    "paper": N_("Requirement paper"),
    "paper_date": N_("Date"),
    "capability": N_("Capability"),
    "units_requested": N_("Units requested"),
    "pcrs_level": N_("Readiness level"),
    "pcrs_levels": N_("Readiness levels"),
    "mission": N_("Mission"),
    "missions": N_("Missions"),
    "notes": N_("Notes"),
    "requested": N_("Requested"),
    "pledging_states": N_("Pledging states"),
    "units_pledged": N_("Units pledged"),
    "units_rdl": N_("Units at the Rapid Deployment Level"),
    "personnel_equivalent": N_("Personnel pledged"),
    "deployed_change": N_("Change in deployed personnel"),
    "deployed_basis": N_("How deployment is measured"),
    "papers": N_("Papers"),
    "longest_run": N_("Longest run of papers"),
    "cycles": N_("Cycles"),
    "which": N_("Papers naming it"),
}

VOCABULARY = (
    N_("level 1"),
    N_("level 2"),
    N_("level 3"),
    N_("RDL"),
    N_("helicopters"),
    N_("aviation"),
    N_("medical"),
    N_("police"),
)


def _capabilities(values: pd.Series, lang: str) -> pd.Series:
    return values.map(lambda v: term(v, lang)).astype(object)


def deployed_basis(text: str, lang: str) -> str:
    """How deployment of a capability is measured (``capability_gaps.deployed_basis``)."""
    prefix = "personnel of type "
    if text.startswith(prefix):
        types = " + ".join(term(t, lang) for t in text.removeprefix(prefix).split(" + "))
        return tr("personnel of type {types}", lang, types=types)
    return gettext(text, lang)


def requested(asked: pd.DataFrame, lang: str):
    """The capabilities the UN's papers asked for in the cycle."""
    columns = ["paper", "paper_date", "capability", "units_requested", "pcrs_level", "mission"]
    shown = asked[columns + ["notes"]].assign(
        capability=_capabilities(asked["capability"], lang),
        pcrs_level=asked["pcrs_level"].map(lambda v: term_list(v, lang)).astype(object),
        mission=mission_names(asked["mission"], lang),
    )
    return table(
        shown,
        lang,
        labels=LABELS,
        formats={"capability": "text", "pcrs_level": "text"},
        empty=gettext(N_("No requirement paper of this cycle is in the table."), lang),
    )


def gaps(gap_table: pd.DataFrame, lang: str):
    """Requested, pledged and deployed, per capability."""
    columns = [
        "capability",
        "requested",
        "units_requested",
        "pcrs_levels",
        "missions",
        "pledging_states",
        "units_pledged",
        "units_rdl",
        "personnel_equivalent",
        "deployed_change",
        "deployed_basis",
    ]
    shown = gap_table[columns].assign(
        capability=_capabilities(gap_table["capability"], lang),
        requested=yes_no(gap_table["requested"], lang),
        pcrs_levels=gap_table["pcrs_levels"].map(lambda v: term_list(v, lang)).astype(object),
        deployed_basis=gap_table["deployed_basis"].map(lambda v: deployed_basis(v, lang)),
        missions=mission_names(gap_table["missions"], lang, sep=", "),
    )
    return table(
        shown,
        lang,
        labels=LABELS,
        formats={"capability": "text"},
        empty=gettext(N_("No capability was requested or pledged in this cycle."), lang),
    )


def chart_frame(gap_table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The requested-vs-pledged chart's rows, capabilities and notes in ``lang``."""
    frame = capability_gaps.chart_frame(gap_table, lang)
    return frame.assign(capability=_capabilities(frame["capability"], lang))


def chart_subtitle(coverage: pd.DataFrame, cycle: str, lang: str) -> str:
    """What the bars count, and how much of the conference the register holds."""
    held = coverage[(coverage["conference_id"] == cycle) & (coverage["category"] == "all")]
    share = held["share"].iloc[0] if len(held) else None
    text = tr("Deployment and standby pledges that state a number of units", lang)
    if share is not None and pd.notna(share):
        text += tr(
            "; the register holds {share} of pledging states",
            lang,
            share=format_percent(share, lang, decimals=0),
        )
    return text


def chart_title(cycle: str, lang: str) -> str:
    return tr(
        "{cycle}: units requested by the UN and pledged by states",
        lang,
        cycle=conference_name(cycle, lang),
    )


def persistent(df: pd.DataFrame, lang: str):
    """Capabilities named in two or more papers, with the longest run of papers naming them."""
    shown = df.assign(
        capability=_capabilities(df["capability"], lang),
        cycles=df["cycles"].map(
            lambda v: ", ".join(conference_name(c, lang) for c in str(v).split(", "))
        ),
    )
    return table(shown, lang, labels=LABELS, formats={"capability": "text"})


def summary_sentence(requirements: pd.DataFrame, persistent_df: pd.DataFrame, lang: str) -> str:
    """How many papers the table holds, and the capabilities asked for most often."""
    top = "; ".join(
        tr(
            "{capability} ({papers} papers, longest run {run})",
            lang,
            capability=term(r.capability, lang),
            papers=r.papers,
            run=r.longest_run,
        )
        for r in persistent_df.head(3).itertuples()
    )
    return tr(
        "{papers} papers, {rows} requirement rows; asked for most often: {top}.",
        lang,
        papers=requirements["paper"].nunique(),
        rows=len(requirements),
        top=top,
    )
