"""The pledge follow-through of one conference, in the sentences and tables a brief prints.

:func:`summarise` runs :func:`pkanalysis.followthrough.event_study` and
:func:`~pkanalysis.followthrough.placebo` for one conference and says, in plain sentences with
their numbers, what they found, or why nothing could be estimated (no recorded deployment
pledge, a window the reports do not cover yet).  The ``pledge_follow_through`` and
``conference_brief`` notebooks print these, so both say the same thing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import followthrough as ft
from .i18n import format_month, format_number, format_percent, tr, trn
from .views.names import conference_name

MIN_PLACEBO_DRAWS = 20


@dataclass
class FollowThrough:
    """What the follow-through analysis found for one conference."""

    conference: str
    coverage: str
    lang: str = "en"
    effect: str = ""
    pretrend: str = ""
    exclusions: str = ""
    placebo_note: str = ""
    study: ft.EventStudy | None = None
    placebo: pd.DataFrame | None = None

    @property
    def sentences(self) -> list[str]:
        """The findings, one sentence each: coverage, effect, pre-trend, exclusions, placebo."""
        texts = [self.coverage, self.effect, self.pretrend, self.exclusions, self.placebo_note]
        return [t for t in texts if t]

    @property
    def headline(self) -> str:
        """A title that states the finding, for the event-study figure."""
        lang, name = self.lang, conference_name(self.conference, self.lang)
        if self.study is None:
            return tr("No deployment pledge recorded for {conference}", lang, conference=name)
        avg = self.study.average(12)
        if avg["status"] != "complete":
            return tr(
                "Pledgers at {conference}: too early to tell (reports end {month})",
                lang,
                conference=name,
                month=self.study.last_month,
            )
        size = _size(avg["percent"] if self.study.outcome == "log1p" else avg["estimate"],
                     self.study.outcome, lang)  # fmt: skip
        if avg["ci_low"] > 0 or avg["ci_high"] < 0:
            return tr(
                "Pledgers at {conference} changed deployments by {size} in a year",
                lang,
                conference=name,
                size=size,
            )
        return tr(
            "Pledgers at {conference}: no clear change in deployments after a year ({size})",
            lang,
            conference=name,
            size=size,
        )

    def coefficients_table(self) -> pd.DataFrame:
        """The month-by-month coefficients (no rows when nothing was estimated)."""
        columns = ["conference_id", *ft.COEFFICIENT_COLUMNS, "register_coverage"]
        if self.study is None:
            return pd.DataFrame(columns=columns)
        table = self.study.coefficients.assign(conference_id=self.conference)
        return table.assign(register_coverage=self.coverage)[columns]

    def groups_table(self) -> pd.DataFrame:
        """Every state in the comparison or left out of it: ``group`` (pledger, control or
        left out) and, for those left out, the ``reason``."""
        columns = ["conference_id", "contributor_iso3", "group", "reason"]
        if self.study is None or self.study.groups is None:
            return pd.DataFrame(columns=columns)
        g = self.study.groups
        table = pd.concat(
            [
                pd.DataFrame({"contributor_iso3": list(g.treated), "group": "pledger"}),
                pd.DataFrame({"contributor_iso3": list(g.controls), "group": "control"}),
                g.excluded.assign(group="left out"),
            ],
            ignore_index=True,
        )
        return table.assign(conference_id=self.conference).reindex(columns=columns)

    def placebo_table(self) -> pd.DataFrame:
        """The placebo draws (no rows when the test was not run)."""
        columns = ["conference_id", "kind", "draw", "placebo", "estimate", "real_estimate",
                   "as_large"]  # fmt: skip
        if self.placebo is None:
            return pd.DataFrame(columns=columns)
        return self.placebo.assign(conference_id=self.conference)[columns]

    def averages_table(self) -> pd.DataFrame:
        """The 12- and 24-month estimates, with the placebo share where one was computed."""
        if self.study is None:
            return pd.DataFrame(columns=["conference_id", *ft.AVERAGE_COLUMNS,
                                         "register_coverage"])  # fmt: skip
        table = self.study.averages.copy()
        table.insert(0, "conference_id", self.conference)
        table["n_treated"] = len(self.study.groups.treated) if self.study.groups else pd.NA
        table["n_control"] = len(self.study.groups.controls) if self.study.groups else pd.NA
        table["placebo_share"] = pd.NA
        if self.placebo is not None:
            table.loc[table["horizon"] == 12, "placebo_share"] = ft.placebo_share(self.placebo)
        table["register_coverage"] = self.coverage
        return table


def signed_percent(x: float, lang: str) -> str:
    """A change as a whole percentage with its sign: "+37%", "-5 %" in French.

    Examples
    --------
    >>> signed_percent(0.368, "en"), signed_percent(-0.05, "fr"), signed_percent(0.001, "en")
    ('+37%', '-5\xa0%', '0%')
    """
    text = format_percent(x, lang, decimals=0)
    return "+" + text if round(x, 2) > 0 else text.replace("-0", "0")


def signed_number(x: float, lang: str) -> str:
    """A change in personnel with its sign: "+1,234"."""
    text = format_number(x, lang)
    return "+" + text if round(x) > 0 else text.replace("-0", "0")


def _size(x: float, outcome: str, lang: str) -> str:
    if outcome == "log1p":
        return signed_percent(x, lang)
    return tr("{n} personnel", lang, n=signed_number(x, lang))


def _effect_sentence(conference: str, study: ft.EventStudy, lang: str) -> str:
    avg = study.average(12)
    g = study.groups
    name = conference_name(conference, lang)
    if avg["status"] != "complete":
        return tr(
            "The 12 months after {conference} are not covered by the reports yet ({status}): "
            "no 12-month estimate.",
            lang,
            conference=name,
            status=_status(avg["status"], lang),
        )
    values = dict(conference=name, treated=len(g.treated), controls=len(g.controls))
    if study.outcome == "log1p":
        return tr(
            "In the 12 months after {conference}, the {treated} states with a recorded "
            "deployment pledge changed their deployments by {size} (95% interval {low} to "
            "{high}) relative to the {controls} control states, measured from the month before "
            "the conference.",
            lang,
            size=signed_percent(avg["percent"], lang),
            low=signed_percent(math.expm1(avg["ci_low"]), lang),
            high=signed_percent(math.expm1(avg["ci_high"]), lang),
            **values,
        )
    return tr(
        "In the 12 months after {conference}, the {treated} states with a recorded deployment "
        "pledge changed their deployments by {size} personnel each (95% interval {low} to "
        "{high}) relative to the {controls} control states, measured from the month before the "
        "conference.",
        lang,
        size=signed_number(avg["estimate"], lang),
        low=signed_number(avg["ci_low"], lang),
        high=signed_number(avg["ci_high"], lang),
        **values,
    )


def _status(status: str, lang: str) -> str:
    """An estimate's status in words ("data end 2019-09" -> "data end in September 2019")."""
    if status.startswith("incomplete: data end "):
        month = status.removeprefix("incomplete: data end ")
        return tr("the data end in {month}", lang, month=format_month(month + "-01", lang))
    return status


def _pretrend_sentence(study: ft.EventStudy, lang: str) -> str:
    pre = study.pretrend
    if pre.empty:
        return tr(
            "No month before the conference besides the reference month: no pre-trend check.",
            lang,
        )
    size = (
        signed_percent(math.expm1(pre["estimate"]), lang)
        if study.outcome == "log1p"
        else tr("{n} personnel", lang, n=signed_number(pre["estimate"], lang))
    )
    p_value = format_number(pre["p_value"], lang, decimals=2)
    if pre["p_value"] < 0.05:
        return tr(
            "Before the conference the gap between the groups averaged {size} against the "
            "reference month (p = {p}): the groups were already diverging, so read the "
            "estimate with care.",
            lang,
            size=size,
            p=p_value,
        )
    return tr(
        "Before the conference the gap between the groups averaged {size} against the "
        "reference month (p = {p}): not significantly different from zero at the 5% level.",
        lang,
        size=size,
        p=p_value,
    )


def _placebo_sentence(draws: pd.DataFrame, n_states: int, lang: str) -> str:
    n, k = len(draws), int(draws["as_large"].sum())
    # (k + 1) / (n + 1) counts the real assignment among the draws, so it is never zero.
    return trn(
        "Giving pledger status at random to as many of the same {states} states {draws} times, "
        "{n} of {draws} placebo estimates ({share}) was at least as large as the real one "
        "(randomisation p-value {p}).",
        "Giving pledger status at random to as many of the same {states} states {draws} times, "
        "{n} of {draws} placebo estimates ({share}) were at least as large as the real one "
        "(randomisation p-value {p}).",
        k,
        lang,
        states=n_states,
        draws=n,
        share=format_percent(k / n, lang, decimals=1),
        p=format_number((k + 1) / (n + 1), lang, decimals=3),
    )


def summarise(
    conference: str,
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    missions: pd.DataFrame | None = None,
    outcome: str = "log1p",
    controls: str = "all",
    max_exposure: float = 0.5,
    placebo_draws: int = 200,
    seed: int = 1,
    lang: str = "en",
) -> FollowThrough:
    """Event study, pre-trend and placebo of one conference, with their sentences.

    Parameters
    ----------
    counts : DataFrame
        :func:`pkanalysis.load_pledge_counts`, for the register's coverage.
    placebo_draws : int
        Random re-assignments of pledger status; 0 skips the placebo test, otherwise at least
        :data:`MIN_PLACEBO_DRAWS`.
    lang : {"en", "fr"}
        The language of the sentences.
    Other parameters are those of :func:`pkanalysis.followthrough.event_study`.

    Returns
    -------
    FollowThrough
        ``study`` and ``placebo`` are ``None`` where they could not be estimated, and
        ``notes`` says why.
    """
    if placebo_draws and placebo_draws < MIN_PLACEBO_DRAWS:
        raise ValueError(
            f"placebo_draws must be 0 or at least {MIN_PLACEBO_DRAWS}, got {placebo_draws}"
        )
    coverage = ft.register_coverage(conference, pledges, counts, lang)
    out = FollowThrough(conference, coverage, lang)
    if not ft.deployment_pledgers(pledges, conference):
        out.effect = tr(
            "No deployment pledge is recorded for {conference}, so there is no group of "
            "pledgers to follow: no event study.",
            lang,
            conference=conference_name(conference, lang),
        )
        return out
    options = dict(outcome=outcome, controls=controls, missions=missions,
                   max_exposure=max_exposure)  # fmt: skip
    study = ft.event_study(conference, contributions, pledges, conferences, **options)
    out.study = study
    out.effect = _effect_sentence(conference, study, lang)
    out.pretrend = _pretrend_sentence(study, lang)
    n_excluded = len(study.groups.excluded)
    if n_excluded:
        out.exclusions = trn(
            "{n} state was left out of both groups (pledges of other kinds, pledges at the "
            "conference before, or most deployments in a mission that closed in the window); "
            "the table of exclusions names it.",
            "{n} states were left out of both groups (pledges of other kinds, pledges at the "
            "conference before, or most deployments in a mission that closed in the window); "
            "the table of exclusions names them.",
            n_excluded,
            lang,
        )
    complete = study.average(12)["status"] == "complete"
    if placebo_draws and complete:
        out.placebo = ft.placebo(conference, contributions, pledges, conferences,
                                 n=placebo_draws, seed=seed, **options)  # fmt: skip
        n_states = len(study.groups.treated) + len(study.groups.controls)
        out.placebo_note = _placebo_sentence(out.placebo, n_states, lang)
    elif placebo_draws:
        out.placebo_note = tr("No placebo test: the 12-month window is not covered yet.", lang)
    return out
