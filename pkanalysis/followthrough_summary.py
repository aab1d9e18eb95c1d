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

MIN_PLACEBO_DRAWS = 20


@dataclass
class FollowThrough:
    """What the follow-through analysis found for one conference."""

    conference: str
    coverage: str
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
        if self.study is None:
            return f"No deployment pledge recorded for {self.conference}"
        avg = self.study.average(12)
        if avg["status"] != "complete":
            return (
                f"Pledgers at {self.conference}: too early to tell "
                f"(reports end {self.study.last_month:%B %Y})"
            )
        if self.study.outcome == "log1p":
            size = _signed_percent(avg["percent"])
        else:
            size = f"{avg['estimate']:+,.0f} personnel"
        if avg["ci_low"] > 0 or avg["ci_high"] < 0:
            return f"Pledgers at {self.conference} changed deployments by {size} in a year"
        return (
            f"Pledgers at {self.conference}: no clear change in deployments after a year ({size})"
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


def _signed_percent(x: float) -> str:
    return f"{x:+.0%}".replace("+-", "-")


def _effect_sentence(conference: str, study: ft.EventStudy) -> str:
    avg = study.average(12)
    g = study.groups
    who = f"the {len(g.treated)} states with a recorded deployment pledge"
    others = f"the {len(g.controls)} control states"
    if avg["status"] != "complete":
        return (
            f"The 12 months after {conference} are not covered by the reports yet "
            f"({avg['status'].removeprefix('incomplete: ')}): no 12-month estimate."
        )
    if study.outcome == "log1p":
        size = (
            f"{_signed_percent(avg['percent'])} (95% interval "
            f"{_signed_percent(math.expm1(avg['ci_low']))} to "
            f"{_signed_percent(math.expm1(avg['ci_high']))})"
        )
        return (
            f"In the 12 months after {conference}, {who} changed their deployments by {size} "
            f"relative to {others}, measured from the month before the conference."
        )
    return (
        f"In the 12 months after {conference}, {who} changed their deployments by "
        f"{avg['estimate']:+,.0f} personnel each (95% interval {avg['ci_low']:+,.0f} to "
        f"{avg['ci_high']:+,.0f}) relative to {others}, measured from the month before the "
        "conference."
    )


def _pretrend_sentence(study: ft.EventStudy) -> str:
    pre = study.pretrend
    if pre.empty:
        return "No month before the conference besides the reference month: no pre-trend check."
    size = (
        _signed_percent(math.expm1(pre["estimate"]))
        if study.outcome == "log1p"
        else f"{pre['estimate']:+,.0f} personnel"
    )
    verdict = (
        "the groups were already diverging, so read the estimate with care"
        if pre["p_value"] < 0.05
        else "not significantly different from zero at the 5% level"
    )
    return (
        f"Before the conference the gap between the groups averaged {size} against the "
        f"reference month (p = {pre['p_value']:.2f}): {verdict}."
    )


def _placebo_sentence(draws: pd.DataFrame, n_states: int) -> str:
    n, k = len(draws), int(draws["as_large"].sum())
    # (k + 1) / (n + 1) counts the real assignment among the draws, so it is never zero.
    return (
        f"Giving pledger status at random to as many of the same {n_states} states {n} times, "
        f"{k} of {n} placebo estimates ({k / n:.1%}) were at least as large as the real one "
        f"(randomisation p-value {(k + 1) / (n + 1):.3f})."
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
) -> FollowThrough:
    """Event study, pre-trend and placebo of one conference, with their sentences.

    Parameters
    ----------
    counts : DataFrame
        :func:`pkanalysis.load_pledge_counts`, for the register's coverage.
    placebo_draws : int
        Random re-assignments of pledger status; 0 skips the placebo test, otherwise at least
        :data:`MIN_PLACEBO_DRAWS`.
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
    out = FollowThrough(conference, ft.register_coverage(conference, pledges, counts))
    if not ft.deployment_pledgers(pledges, conference):
        out.effect = (
            f"No deployment pledge is recorded for {conference}, so there is no group of "
            "pledgers to follow: no event study."
        )
        return out
    options = dict(outcome=outcome, controls=controls, missions=missions,
                   max_exposure=max_exposure)  # fmt: skip
    study = ft.event_study(conference, contributions, pledges, conferences, **options)
    out.study = study
    out.effect = _effect_sentence(conference, study)
    out.pretrend = _pretrend_sentence(study)
    n_excluded = len(study.groups.excluded)
    if n_excluded:
        out.exclusions = (
            f"{n_excluded} states were left out of both groups (pledges of other kinds, "
            "pledges at the conference before, or most deployments in a mission that closed "
            "in the window); the table of exclusions names them."
        )
    complete = study.average(12)["status"] == "complete"
    if placebo_draws and complete:
        out.placebo = ft.placebo(conference, contributions, pledges, conferences,
                                 n=placebo_draws, seed=seed, **options)  # fmt: skip
        n_states = len(study.groups.treated) + len(study.groups.controls)
        out.placebo_note = _placebo_sentence(out.placebo, n_states)
    elif placebo_draws:
        out.placebo_note = "No placebo test: the 12-month window is not covered yet."
    return out
