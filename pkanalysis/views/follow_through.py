"""The pledge follow-through report: estimates, exclusions and pledged personnel in words.

The sentences themselves come from :mod:`pkanalysis.followthrough_summary` (in the report's
language); this module lays out its tables.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from ..followthrough_summary import signed_number, signed_percent
from ..i18n import N_, format_month, format_percent, gettext, mission_name, tr
from ..tables import table
from .names import conference_name, country_names
from .text import term_list

LABELS: dict[str, str] = {
    "horizon": N_("Months after the conference"),
    "change": N_("Change"),
    "ci_low": N_("95% interval, low"),
    "ci_high": N_("95% interval, high"),
    "p_value": N_("p-value"),
    "n_treated": N_("Pledging states"),
    "n_control": N_("Control states"),
    "placebo_share": N_("Placebo estimates as large"),
    "status": N_("Status"),
    "contributor_iso3": N_("State"),
    "reason": N_("Why it was left out"),
    "pledger_iso3": N_("State"),
    "personnel_group": N_("Personnel"),
    "categories": N_("Pledge categories"),
    "pledge_rows": N_("Pledge rows"),
    "unsized_rows": N_("Of which without a size"),
    "pledged_personnel": N_("Personnel pledged"),
    "before": N_("Deployed, 12 months before"),
    "after": N_("Deployed, 12 months after"),
    "change_per_pledged": N_("Change per person pledged"),
}

VOCABULARY = (
    N_("complete"),
    N_("military"),
    N_("police"),
    N_("women"),
    N_("units/troops"),
    N_("aviation"),
    N_("engineering"),
    N_("medical"),
    N_("other enabling capability"),
    N_("rapid deployment"),
    N_("training and capacity building"),
    N_("women and gender"),
    N_("technology"),
    N_("protection"),
    N_("financial"),
    N_("political"),
    N_("training"),
    N_("policy"),
    N_("equipment"),
    N_("standby"),
    N_("deployment"),
)


def _status(value: Any, lang: str) -> str:
    text = str(value)
    found = re.fullmatch(r"incomplete: data end (\d{4}-\d{2})", text)
    if found:
        month = format_month(found.group(1) + "-01", lang)
        return tr("incomplete: the data end in {month}", lang, month=month)
    found = re.fullmatch(r"incomplete: window .*", text)
    if found:
        return gettext(N_("incomplete: outside the estimation window"), lang)
    return gettext(text, lang)


def averages(df: pd.DataFrame, outcome: str, lang: str):
    """The 12- and 24-month estimates: change, interval, p-value, group sizes, placebo share."""
    if outcome == "log1p":  # log points -> proportional change
        change, low, high = (
            df[c].map(lambda v: signed_percent(math.expm1(v), lang) if pd.notna(v) else pd.NA)
            for c in ("estimate", "ci_low", "ci_high")
        )
    else:
        change, low, high = (
            df[c].map(lambda v: signed_number(v, lang) if pd.notna(v) else pd.NA)
            for c in ("estimate", "ci_low", "ci_high")
        )
    shown = pd.DataFrame(
        {
            "horizon": df["horizon"],
            "change": change.astype(object),
            "ci_low": low.astype(object),
            "ci_high": high.astype(object),
            "p_value": df["p_value"],
            "status": df["status"].map(lambda v: _status(v, lang)),
        }
    )
    for column in ("n_treated", "n_control", "placebo_share"):
        if column in df:
            shown[column] = pd.to_numeric(df[column], errors="coerce")
    return table(
        shown,
        lang,
        labels=LABELS,
        formats={"change": "text", "ci_low": "text", "ci_high": "text"},
        decimals={"p_value": 3, "placebo_share": 1},
    )


_REASONS = (
    (
        re.compile(r"pledged at (?P<conference>.+?) \((?P<kinds>.+)\), no deployment"),
        N_("pledged at {conference} ({kinds}), no deployment"),
    ),
    (
        re.compile(r"pledged at (?P<conference>.+), before it"),
        N_("pledged at {conference}, before it"),
    ),
    (
        re.compile(r"(?P<share>\d+)% of pre-conference deployments in (?P<missions>.+)"),
        N_("{share} of pre-conference deployments in {missions}"),
    ),
    (re.compile(r"size decile with no pledging state"), N_("size decile with no pledging state")),
)


def reason(text: str, lang: str) -> str:
    """Why :func:`pkanalysis.followthrough.event_study` left a state out, in ``lang``.

    Examples
    --------
    >>> reason("pledged at 2015 New York (training, policy), no deployment", "fr")
    'annonce faite à New York 2015 (formation, politique), sans déploiement'
    >>> reason("62% of pre-conference deployments in MINUSTAH (ended 2017-10)", "en")
    '62% of pre-conference deployments in MINUSTAH (ended October 2017)'
    >>> reason("90% of pre-conference deployments in UNOCI (ended 2017-05)", "fr")
    '90\xa0% des effectifs déployés avant la conférence dans ONUCI (fermée en mai 2017)'
    """
    for pattern, message in _REASONS:
        found = pattern.fullmatch(str(text))
        if not found:
            continue
        values = found.groupdict()
        if "conference" in values:
            values["conference"] = conference_name(values["conference"], lang)
        if "kinds" in values:
            values["kinds"] = term_list(values["kinds"], lang)
        if "share" in values:
            values["share"] = format_percent(int(values["share"]) / 100, lang, decimals=0)
        if "missions" in values:
            values["missions"] = re.sub(
                r"(\S+) \(ended (\d{4}-\d{2})\)",
                lambda m: (
                    mission_name(m.group(1), lang)
                    + " "
                    + tr("(ended {month})", lang, month=format_month(m.group(2) + "-01", lang))
                ),
                values["missions"],
            )
        return gettext(message, lang).format(**values)
    raise ValueError(f"no translation pattern for the exclusion reason {text!r}")


def left_out(groups: pd.DataFrame, lang: str):
    """The states left out of both groups, and why."""
    out = groups[groups["group"] == "left out"]
    shown = pd.DataFrame(
        {
            "contributor_iso3": country_names(out["contributor_iso3"], lang),
            "reason": out["reason"].map(lambda v: reason(v, lang)).astype(object),
        }
    )
    return table(
        shown,
        lang,
        labels=LABELS,
        formats={"contributor_iso3": "text"},
        empty=gettext(N_("No state was left out."), lang),
    )


def pledged_vs_deployed(pvd: pd.DataFrame, lang: str):
    """Personnel pledged by each state against its deployments before and after."""
    shown = pvd.drop(columns=["conference_id", "pledger", "register_coverage"], errors="ignore")
    shown = shown.assign(
        pledger_iso3=country_names(shown["pledger_iso3"], lang),
        personnel_group=shown["personnel_group"].map(lambda v: gettext(v, lang)),
        categories=shown["categories"].map(lambda v: term_list(v, lang)),
        status=shown["status"].map(lambda v: _status(v, lang)),
    )
    return table(
        shown,
        lang,
        labels=LABELS,
        formats={"pledger_iso3": "text"},
        decimals={"before": 0, "after": 0, "change": 0, "change_per_pledged": 2},
        empty=gettext(N_("No personnel pledge is recorded for this conference."), lang),
    )


def pooled_note(lang: str) -> str:
    """What the pooled estimate is."""
    return tr(
        "All conferences at once (staggered event study after Sun and Abraham): the change "
        "after a conference, averaged over every conference with recorded deployment pledges.",
        lang,
    )


def chart_subtitle(coverage: str, outcome: str, lang: str) -> str:
    """The event-study chart's subtitle: the register's coverage and the unit."""
    unit = (
        tr("Pledgers minus controls, change since the month before the conference (percent)", lang)
        if outcome == "log1p"
        else tr(
            "Pledgers minus controls, change since the month before the conference (personnel "
            "per state)",
            lang,
        )
    )
    return coverage + "\n" + unit
