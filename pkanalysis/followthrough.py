"""Pledge follow-through: did states deploy more after pledging troops or police?

Design
------
*Treated* states made a deployment pledge at the conference (``commitment == "deployment"`` in
the pledge register: units, troops, police, rapid-deployment and enabling units).  Money,
training, policy and standby (PCRS) registrations do not define treatment.  *Controls* are
states that deployed someone in the window, made no recorded pledge of any kind at the
conference, and none at a conference in the window before it.  States with more than
``max_exposure`` of their pre-conference deployments in missions that closed during the window
(MINUSMA 2023, UNAMID 2020, ...) are left out of both groups and listed, because a mission's end
moves their numbers whatever they pledged.

:func:`event_study` estimates, on the balanced state x month panel of :func:`pkanalysis.panel`,

    y_st = a_s + g_t + sum_{r != ref} b_r * treated_s * 1[t - E = r] + e_st

with state and month fixed effects, standard errors clustered by state (pyfixest), and one
coefficient per month relative to the conference month ``E`` (``ref`` is the last
pre-conference month).  With ``outcome="log1p"`` the coefficients are approximate proportional
changes (``exp(b) - 1``).  The 12- and 24-month estimates average ``b_0 .. b_{h-1}``; a horizon
that the data do not yet cover is reported as incomplete, not estimated.

:func:`staggered` pools all conferences: a state's cohort is the first conference at which it
made a deployment pledge, and Sun and Abraham's interaction-weighted estimator (pyfixest's
saturated event study, never-pledging states as controls) avoids the bias of a two-way
fixed-effects regression when effects differ across cohorts.

:func:`placebo` is the inference that survives few and heavy-tailed units: it re-assigns pledger
status at random among the same states, or moves the conference to months with no conference,
and reports the share of placebo estimates at least as large as the real one.

Limits
------
The register records only some pledging states for most conferences
(:func:`register_coverage` says how many), so some controls pledged; pledges often announce
deployments already planned; and the estimates are associations, not causal effects.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import panels
from .vocab import POLICE, STAFF_OFFICERS, TROOPS

DEPLOYMENT = "deployment"
OUTCOMES = ("log1p", "level")
CONTROL_CHOICES = ("all", "size-matched")
HORIZONS = (12, 24)
PLACEBO_KINDS = ("states", "dates")


@dataclass(frozen=True)
class Groups:
    """Who is compared with whom around one conference."""

    conference: str
    event: pd.Timestamp
    treated: tuple[str, ...]
    controls: tuple[str, ...]
    excluded: pd.DataFrame = field(repr=False)


def event_month(conference: str, conferences: pd.DataFrame) -> pd.Timestamp:
    """Month-end of the month in which ``conference`` opened.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["2021 Seoul"],
    ...                      "start_date": pd.to_datetime(["2021-12-07"])})
    >>> event_month("2021 Seoul", conf).date().isoformat()
    '2021-12-31'
    """
    row = conferences[conferences["conference_id"] == conference]
    if row.empty:
        valid = ", ".join(conferences["conference_id"])
        raise ValueError(f"unknown conference {conference!r}; valid conferences: {valid}")
    return row["start_date"].iloc[0] + pd.offsets.MonthEnd(0)


def _shift(month: pd.Timestamp, months: int) -> pd.Timestamp:
    return month + pd.offsets.MonthEnd(months) if months else month


def deployment_pledgers(pledges: pd.DataFrame, conference: str) -> list[str]:
    """States with a deployment pledge at ``conference``."""
    if "commitment" not in pledges:
        raise ValueError(
            "pledges have no 'commitment' column; load them with pkanalysis.load_pledges()"
        )
    mine = pledges[(pledges["conference_id"] == conference) & (pledges["commitment"] == DEPLOYMENT)]
    return sorted(mine["pledger_iso3"].astype(str).unique())


def _closing_missions(
    missions: pd.DataFrame | None, first: pd.Timestamp, last: pd.Timestamp
) -> pd.DataFrame:
    """Peacekeeping operations that ended between ``first`` and ``last``."""
    if missions is None:
        return pd.DataFrame(columns=["mission", "end_date"])
    pko = missions[missions["kind"] == "peacekeeping operation"]
    ends = pko[["mission", "end_date"]].dropna()
    return ends[ends["end_date"].between(first, last)]


def groups(
    conference: str,
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    *,
    window: tuple[int, int] = (-24, 24),
    controls: str = "all",
    missions: pd.DataFrame | None = None,
    max_exposure: float = 0.5,
) -> Groups:
    """Treated and control states for one conference, and who was left out and why.

    Parameters
    ----------
    conference : str
        A conference id, e.g. ``"2021 Seoul"``.
    contributions, pledges, conferences : DataFrame
        As from :func:`pkanalysis.load_contributions`, :func:`pkanalysis.load_pledges` and
        :func:`pkanalysis.load_conferences`.
    window : (int, int)
        First and last month of the window relative to the conference month.
    controls : {"all", "size-matched"}
        ``"size-matched"`` keeps only controls whose pre-conference mean deployment falls in a
        size decile that holds at least one treated state.
    missions : DataFrame, optional
        :func:`pkanalysis.load_missions`; with it, states too exposed to missions that closed
        during the window are left out.
    max_exposure : float
        Largest share of a state's pre-conference deployments in closing missions that is kept.

    Returns
    -------
    Groups
        ``excluded`` lists ``contributor_iso3`` and ``reason`` for every state left out.
    """
    if controls not in CONTROL_CHOICES:
        raise ValueError(f"unknown controls {controls!r}; valid controls: {CONTROL_CHOICES}")
    event = event_month(conference, conferences)
    first, last = _shift(event, window[0]), _shift(event, window[1])
    pre_end = _shift(event, -1)
    in_window = contributions[contributions["date"].between(first, last)]
    deployed = set(in_window.loc[in_window["total"].fillna(0) > 0, "contributor_iso3"].astype(str))
    treated = set(deployment_pledgers(pledges, conference))
    excluded: dict[str, str] = {}

    here = pledges[pledges["conference_id"] == conference]
    kinds = here.groupby(here["pledger_iso3"].astype(str))["commitment"].agg(
        lambda c: ", ".join(sorted(set(c.astype(str))))
    )
    for iso3 in sorted(set(kinds.index) - treated):
        excluded[iso3] = f"pledged at {conference} ({kinds[iso3]}), no deployment"
    dated = pledges.merge(conferences[["conference_id", "start_date"]], on="conference_id")
    earlier = dated[dated["start_date"].between(first, event - pd.offsets.MonthBegin(1))]
    for row in earlier.drop_duplicates("pledger_iso3").itertuples():
        if row.pledger_iso3 not in treated and row.pledger_iso3 not in excluded:
            excluded[str(row.pledger_iso3)] = f"pledged at {row.conference_id}, before it"

    pre = in_window[in_window["date"].between(first, pre_end)]
    closing = _closing_missions(missions, first, last)
    if not closing.empty:
        split = pre[pre["mission"].notna()]
        by_state = split.groupby("contributor_iso3", observed=True)["total"].sum()
        closed = split[split["mission"].isin(closing["mission"])]
        in_closed = closed.groupby(["contributor_iso3", "mission"], observed=True)["total"].sum()
        in_closed = in_closed[in_closed > 0]
        ended = closing.set_index("mission")["end_date"]
        share = (in_closed.groupby(level=0).sum() / by_state).dropna()
        for iso3, s in share[share > max_exposure].items():
            names = ", ".join(
                f"{m} (ended {ended[m]:%Y-%m})" for m in in_closed.loc[iso3].index.astype(str)
            )
            excluded.setdefault(str(iso3), f"{s:.0%} of pre-conference deployments in {names}")

    treated_kept = sorted(treated - set(excluded))
    control_pool = sorted(deployed - treated - set(excluded))
    if controls == "size-matched" and treated_kept and control_pool:
        size = pre.groupby("contributor_iso3", observed=True)["total"].sum() / max(
            pre["date"].nunique(), 1
        )
        size.index = size.index.astype(str)
        pool = size.reindex(treated_kept + control_pool).fillna(0)
        decile = pd.qcut(pool.rank(method="first"), 10, labels=False)
        matched = set(decile[treated_kept])
        for iso3 in control_pool:
            if decile[iso3] not in matched:
                excluded[iso3] = "size decile with no pledging state"
        control_pool = [s for s in control_pool if s not in excluded]
    table = pd.DataFrame(sorted(excluded.items()), columns=["contributor_iso3", "reason"]).astype(
        "string"
    )
    return Groups(conference, event, tuple(treated_kept), tuple(control_pool), table)


@dataclass
class EventStudy:
    """An event study of one conference (or of all, for :func:`staggered`).

    Attributes
    ----------
    coefficients : DataFrame
        One row per relative month: ``rel_month``, ``estimate``, ``std_error``, ``ci_low``,
        ``ci_high`` (95%), ``n_treated``, ``n_control`` (states observed that month) and
        ``status`` (``estimated``, ``reference``, ``no observation`` or ``not covered``).
    averages : DataFrame
        ``horizon`` 12 and 24: the mean of the coefficients of months ``0 .. horizon - 1``,
        with ``std_error``, ``ci_low``, ``ci_high``, ``p_value``, ``percent`` (log outcome:
        ``exp(estimate) - 1``) and ``status`` (``complete``, or ``incomplete: ...`` when the
        data do not cover the horizon; then nothing is estimated).
    pretrend : Series
        The mean of the pre-conference coefficients (all but the reference month) with its
        ``std_error`` and ``p_value``: far from zero when treated and controls were already
        diverging.  One linear combination rather than a joint test of every month, because a
        joint Wald test with two dozen restrictions and few treated clusters rejects far too
        often.
    """

    conference: str
    outcome: str
    groups: Groups | None
    coefficients: pd.DataFrame
    averages: pd.DataFrame
    pretrend: pd.Series
    last_month: pd.Timestamp

    def average(self, horizon: int = 12) -> pd.Series:
        """The ``horizon``-month estimate as a Series."""
        rows = self.averages[self.averages["horizon"] == horizon]
        if rows.empty:
            raise ValueError(
                f"no {horizon}-month estimate; valid horizons: {self.averages['horizon'].tolist()}"
            )
        return rows.iloc[0]


COEFFICIENT_COLUMNS = [
    "rel_month",
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "n_treated",
    "n_control",
    "status",
]
AVERAGE_COLUMNS = [
    "horizon",
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
    "percent",
    "status",
]


def _combination(weights: np.ndarray, fit, n_clusters: int) -> dict[str, float]:
    """A linear combination of the fit's coefficients with its clustered standard error and a
    t test on ``n_clusters - 1`` degrees of freedom (as pyfixest does for single coefficients)."""
    from scipy.stats import t

    beta = np.asarray(fit._beta_hat)
    vcov = np.asarray(fit._vcov)
    est = float(weights @ beta)
    se = float(np.sqrt(weights @ vcov @ weights))
    df = max(n_clusters - 1, 1)
    crit = float(t.ppf(0.975, df))
    return {
        "estimate": est,
        "std_error": se,
        "ci_low": est - crit * se,
        "ci_high": est + crit * se,
        "p_value": float(2 * t.sf(abs(est / se), df)) if se > 0 else np.nan,
    }


def _tabulate(
    conference: str,
    outcome: str,
    g: Groups | None,
    fit,
    weights_by_rel: dict[int, np.ndarray],
    n_by_rel: pd.DataFrame,
    n_clusters: int,
    window: tuple[int, int],
    ref: int,
    last_month: pd.Timestamp,
) -> EventStudy:
    """Coefficient table, horizon averages and pre-trend from per-month weight vectors."""
    last_rel = int(n_by_rel.index.max())
    rows = []
    for r in range(window[0], window[1] + 1):
        row = {
            "rel_month": r,
            "n_treated": int(n_by_rel["treated"].get(r, 0)),
            "n_control": int(n_by_rel["control"].get(r, 0)),
        }
        if r == ref:
            row.update(estimate=0.0, status="reference")
        elif r in weights_by_rel:
            stats = _combination(weights_by_rel[r], fit, n_clusters)
            stats.pop("p_value")
            row.update(stats, status="estimated")
        else:
            row["status"] = "not covered" if r > last_rel else "no observation"
        rows.append(row)
    coefficients = pd.DataFrame(rows).reindex(columns=COEFFICIENT_COLUMNS)
    averages = []
    for h in HORIZONS:
        post = [weights_by_rel[r] for r in range(h) if r in weights_by_rel]
        if h - 1 > min(last_rel, window[1]) or not post:
            reach = f"data end {last_month:%Y-%m}" if h - 1 > last_rel else f"window {window}"
            averages.append({"horizon": h, "status": f"incomplete: {reach}"})
            continue
        averages.append(
            {
                "horizon": h,
                **_combination(np.mean(post, axis=0), fit, n_clusters),
                "status": "complete",
            }
        )
    averages = pd.DataFrame(averages).reindex(columns=AVERAGE_COLUMNS)
    averages["percent"] = (
        np.expm1(averages["estimate"].astype(float)) if outcome == "log1p" else np.nan
    )
    pre = [w for r, w in weights_by_rel.items() if r < 0]
    pretrend = pd.Series(
        _combination(np.mean(pre, axis=0), fit, n_clusters) if pre else {}, dtype=float
    )
    return EventStudy(conference, outcome, g, coefficients, averages, pretrend, last_month)


def _long_panel(
    contributions: pd.DataFrame,
    event: pd.Timestamp,
    window: tuple[int, int],
    states: list[str],
    outcome: str,
    personnel_types,
) -> pd.DataFrame:
    """The window of the state x month panel, one row per observed state-month."""
    first, last = _shift(event, window[0]), _shift(event, window[1])
    data_last = contributions["date"].max()
    p = panels.panel(
        contributions,
        personnel_types=personnel_types,
        start=first,
        end=min(last, data_last),
    )
    p["contributor_iso3"] = p["contributor_iso3"].astype(str)
    months = p["date"].drop_duplicates()
    covered = p.groupby("date")["observed"].any()
    # States that pledged but never appear in the window deployed no one in it.
    grid = pd.MultiIndex.from_product([states, months], names=["contributor_iso3", "date"])
    p = p.set_index(["contributor_iso3", "date"]).reindex(grid).reset_index()
    p["observed"] = p["date"].map(covered).astype(bool)
    p["total"] = p["total"].fillna(0).where(p["observed"])
    p = p[p["observed"]].copy()
    y = p["total"].astype(float)
    p["y"] = np.log1p(y) if outcome == "log1p" else y
    p["rel_month"] = panels.months_between(p["date"], event)
    p["month"] = p["date"].dt.strftime("%Y-%m")
    return p[["contributor_iso3", "month", "rel_month", "y"]]


@contextlib.contextmanager
def _quiet_pyfixest():
    """pyfixest 0.60 calls pandas methods with ``inplace=``, which pandas 3.1 deprecates; the
    warnings are about pyfixest's code, not the user's, and would fill every notebook.

    It also calls ``logging.basicConfig(level=INFO)`` when its compressed estimator is first
    imported (during a fit): the root logger would then print every INFO record to stderr,
    e.g. fontTools' subsetting of each PDF saved afterwards.  The root logger is restored.
    """
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"(?s).*inplace keyword", module="pyfixest")
            # Cohort x month cells that fall in months without a report have no rows;
            # pyfixest drops their all-zero dummies and says so.  They are reported as "no
            # observation".
            warnings.filterwarnings("ignore", message=r"(?s).*dropped due to multicollinearity")
            yield
    finally:
        root.setLevel(level)
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)


def _fit_one(data: pd.DataFrame, treated: set[str], vcov: object = None):
    """Fit the one-conference event study; returns the fit, the reference month and the
    weight vector that picks each relative month's coefficient.  ``vcov`` defaults to errors
    clustered by state; placebo draws, which need only the point estimates, pass ``"iid"``."""
    import pyfixest as pf

    observed = set(data["rel_month"])
    pre = [r for r in observed if r < 0]
    if not pre:
        raise ValueError("no observed month before the conference in the window")
    # The month before the conference, or the latest observed one when that month has no
    # report (2014-09..12, 2015-03, ... are missing from the sources).
    ref = -1 if -1 in observed else max(pre)
    data = data.assign(treated=data["contributor_iso3"].isin(treated).astype(int))
    with _quiet_pyfixest():
        fit = pf.feols(
            f"y ~ i(rel_month, treated, ref={ref}) | contributor_iso3 + month",
            data,
            vcov=vcov or {"CRV1": "contributor_iso3"},
        )
    names = list(fit._coefnames)
    weights = {}
    for i, name in enumerate(names):
        # pyfixest names the dummies "rel_month::<r>:treated".
        w = np.zeros(len(names))
        w[i] = 1.0
        weights[int(name.split("::")[1].split(":")[0])] = w
    return fit, ref, weights


def event_study(
    conference: str,
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    *,
    window: tuple[int, int] = (-24, 24),
    outcome: str = "log1p",
    controls: str = "all",
    missions: pd.DataFrame | None = None,
    max_exposure: float = 0.5,
    personnel_types=None,
) -> EventStudy:
    """Event study of deployments around one conference (see the module docstring).

    Parameters
    ----------
    conference : str
        A conference id, e.g. ``"2021 Seoul"``.
    contributions, pledges, conferences : DataFrame
        As from the loaders of the same names.
    window : (int, int)
        First and last month relative to the conference month; months after the data end are
        reported as ``not covered``.
    outcome : {"log1p", "level"}
        ``log(1 + personnel)`` (proportional changes, so large and small contributors weigh
        alike) or personnel.
    controls, missions, max_exposure
        See :func:`groups`.
    personnel_types : str or list of str, optional
        Outcome restricted to these types (all uniformed personnel by default).

    Returns
    -------
    EventStudy
    """
    _check_design(outcome, window)
    g = groups(
        conference,
        contributions,
        pledges,
        conferences,
        window=window,
        controls=controls,
        missions=missions,
        max_exposure=max_exposure,
    )
    if not g.treated:
        raise ValueError(f"{conference}: no state with a recorded deployment pledge")
    if not g.controls:
        raise ValueError(f"{conference}: no control state left")
    data = _long_panel(
        contributions, g.event, window, [*g.treated, *g.controls], outcome, personnel_types
    )
    fit, ref, weights = _fit_one(data, set(g.treated))
    is_treated = data["contributor_iso3"].isin(g.treated)
    n_by_rel = pd.DataFrame(
        {
            "treated": data[is_treated].groupby("rel_month").size(),
            "control": data[~is_treated].groupby("rel_month").size(),
        }
    ).fillna(0)
    return _tabulate(
        conference,
        outcome,
        g,
        fit,
        weights,
        n_by_rel,
        data["contributor_iso3"].nunique(),
        window,
        ref,
        contributions["date"].max(),
    )


def _check_design(outcome: str, window: tuple[int, int]) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; valid outcomes: {', '.join(OUTCOMES)}")
    if not (window[0] < -1 and window[1] >= 0):
        raise ValueError(f"window {window} must start before month -1 and end at 0 or later")


def _placebo_dates(
    event: pd.Timestamp,
    window: tuple[int, int],
    horizon: int,
    conferences: pd.DataFrame,
    months: pd.Series,
) -> list[pd.Timestamp]:
    """Months that could stand in for the conference: the window before and the horizon after
    lie inside the data, and no cycle-opening conference falls in that span."""
    first, last = months.min(), months.max()
    real = [event_month(c, conferences) for c in conferences["conference_id"]]
    out = []
    for m in pd.date_range(first, last, freq="ME"):
        lo, hi = _shift(m, window[0]), _shift(m, horizon - 1)
        if lo < first or hi > last or m == event:
            continue
        if any(lo <= r <= hi for r in real):
            continue
        out.append(m)
    return out


def placebo(
    conference: str,
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    *,
    n: int = 200,
    seed: int = 0,
    kind: str = "states",
    horizon: int = 12,
    window: tuple[int, int] = (-24, 24),
    outcome: str = "log1p",
    controls: str = "all",
    missions: pd.DataFrame | None = None,
    max_exposure: float = 0.5,
) -> pd.DataFrame:
    """Randomisation inference for the ``horizon``-month estimate of :func:`event_study`.

    Parameters
    ----------
    kind : {"states", "dates"}
        ``"states"`` gives pledger status to as many states as really pledged, drawn at random
        from the same treated and control states; ``"dates"`` keeps the real groups and moves
        the conference to months whose window holds no conference.
    n : int
        Number of placebo draws (``"dates"`` uses every eligible month when there are fewer).
    seed : int
        Seed of the random draws, so a run can be repeated exactly.
    Other parameters are those of :func:`event_study`.

    Returns
    -------
    DataFrame
        One row per draw: ``kind``, ``draw``, ``placebo`` (the states or the month used),
        ``estimate``, ``real_estimate`` and ``as_large`` (``|estimate| >= |real|``).  The mean
        of ``as_large`` is the placebo share, a randomisation p-value; :func:`placebo_share`
        computes it.
    """
    if kind not in PLACEBO_KINDS:
        raise ValueError(f"unknown kind {kind!r}; valid kinds: {', '.join(PLACEBO_KINDS)}")
    if horizon not in HORIZONS:
        raise ValueError(f"unknown horizon {horizon!r}; valid horizons: {HORIZONS}")
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    real = event_study(
        conference,
        contributions,
        pledges,
        conferences,
        window=window,
        outcome=outcome,
        controls=controls,
        missions=missions,
        max_exposure=max_exposure,
    )
    avg = real.average(horizon)
    if avg["status"] != "complete":
        raise ValueError(
            f"{conference}: the {horizon}-month window is not covered ({avg['status']}); "
            "no placebo test"
        )
    real_estimate = float(avg["estimate"])
    g = real.groups
    states = [*g.treated, *g.controls]
    rng = np.random.default_rng(seed)
    draws = []
    if kind == "states":
        data = _long_panel(contributions, g.event, (window[0], horizon - 1), states, outcome, None)
        for i in range(n):
            fake = set(rng.choice(states, size=len(g.treated), replace=False))
            est = _horizon_estimate(data, fake, horizon)
            draws.append((i, " ".join(sorted(fake)), est))
    else:
        months = contributions["date"].drop_duplicates()
        candidates = _placebo_dates(g.event, window, horizon, conferences, months)
        if not candidates:
            raise ValueError(f"{conference}: no month without a conference to use as placebo")
        chosen = rng.choice(len(candidates), size=min(n, len(candidates)), replace=False)
        for i, j in enumerate(sorted(chosen)):
            month = candidates[j]
            data = _long_panel(
                contributions, month, (window[0], horizon - 1), states, outcome, None
            )
            est = _horizon_estimate(data, set(g.treated), horizon)
            draws.append((i, f"{month:%Y-%m}", est))
    out = pd.DataFrame(draws, columns=["draw", "placebo", "estimate"])
    out.insert(0, "kind", kind)
    out["real_estimate"] = real_estimate
    out["as_large"] = out["estimate"].abs() >= abs(real_estimate)
    return out


def _horizon_estimate(data: pd.DataFrame, treated: set[str], horizon: int) -> float:
    fit, _, weights = _fit_one(data, treated, vcov="iid")
    post = [weights[r] for r in range(horizon) if r in weights]
    return float(np.mean(post, axis=0) @ np.asarray(fit._beta_hat))


def placebo_share(draws: pd.DataFrame) -> float:
    """Share of placebo estimates at least as large (in absolute value) as the real one.

    Examples
    --------
    >>> placebo_share(pd.DataFrame({"as_large": [True, False, False, False]}))
    0.25
    """
    return float(draws["as_large"].mean())


def _month_index(dates: pd.Series) -> np.ndarray:
    dates = pd.DatetimeIndex(dates)
    return np.asarray(dates.year * 12 + dates.month - 1, dtype=int)


def staggered(
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    *,
    window: tuple[int, int] = (-24, 24),
    outcome: str = "log1p",
) -> EventStudy:
    """All conferences at once: Sun and Abraham's interaction-weighted event study.

    A state's cohort is the month of the first conference at which it made a deployment
    pledge; states with no recorded pledge of any kind are the never-treated controls; states
    whose only pledges are not deployments are left out.  One coefficient is estimated per
    cohort and relative month (pyfixest, state and month fixed effects, errors clustered by
    state), and each relative month's estimate is the average of the cohorts' coefficients
    weighted by their share of the states observed at that relative month.  Unlike
    :func:`event_study`, which compares one conference's pledgers with states that did not
    pledge then, this pools every conference and stays unbiased when effects differ between
    cohorts (where a plain two-way fixed-effects regression would not).  Treated states'
    months outside ``window`` are dropped, and no state is excluded for exposure to closing
    missions.

    Returns
    -------
    EventStudy
        ``conference`` is ``"all conferences"``, ``groups`` is ``None``; ``n_control`` counts
        the never-treated states.
    """
    import pyfixest as pf

    _check_design(outcome, window)
    dated = pledges.merge(conferences[["conference_id", "start_date"]], on="conference_id")
    dated["event"] = dated["start_date"] + pd.offsets.MonthEnd(0)
    deploy = dated[dated["commitment"] == DEPLOYMENT]
    cohort = deploy.groupby("pledger_iso3", observed=True)["event"].min()
    cohort.index = cohort.index.astype(str)
    other_only = set(dated["pledger_iso3"].astype(str)) - set(cohort.index)
    p = panels.panel(contributions, start=_shift(dated["event"].min(), window[0]))
    p["contributor_iso3"] = p["contributor_iso3"].astype(str)
    deployed = set(p.loc[p["total"] > 0, "contributor_iso3"])
    keep = p["observed"] & p["contributor_iso3"].isin((deployed | set(cohort.index)) - other_only)
    p = p[keep].copy()
    y = p["total"].astype(float)
    p["y"] = np.log1p(y) if outcome == "log1p" else y
    p["t"] = _month_index(p["date"])
    first = p["contributor_iso3"].map(cohort)
    p["cohort"] = np.where(first.notna(), _month_index(first.fillna(p["date"])), 0)
    # Never-treated rows take the reference month, so they add no interaction dummy.
    p["rel_time"] = np.where(p["cohort"] > 0, p["t"] - p["cohort"], -1)
    p = p[(p["cohort"] == 0) | p["rel_time"].between(window[0], window[1])]
    with _quiet_pyfixest():
        fit = pf.feols(
            "y ~ i(rel_time, cohort, ref=-1, ref2=0) | contributor_iso3 + t",
            p,
            vcov={"CRV1": "contributor_iso3"},
        )
    treated = p[p["cohort"] > 0]
    counts = treated.groupby(["rel_time", "cohort"]).size()
    names = list(fit._coefnames)
    weights: dict[int, np.ndarray] = {}
    for i, name in enumerate(names):
        # pyfixest names the dummies "rel_time::<r>:cohort::<g>".
        rel_part, cohort_part = name.split(":cohort::")
        r, c = int(float(rel_part.split("::")[1])), int(float(cohort_part))
        # Interaction weights: each cohort counts by its share of the treated states
        # observed at that relative month.
        weights.setdefault(r, np.zeros(len(names)))[i] = counts.get((r, c), 0)
    weights = {r: w / w.sum() for r, w in weights.items() if w.sum() > 0}
    n_by_rel = pd.DataFrame(
        {
            "treated": treated.groupby("rel_time").size(),
            "control": p.loc[p["cohort"] == 0, "contributor_iso3"].nunique(),
        }
    )
    return _tabulate(
        "all conferences",
        outcome,
        None,
        fit,
        weights,
        n_by_rel,
        p["contributor_iso3"].nunique(),
        window,
        -1,
        contributions["date"].max(),
    )


#: Which deployments a deployment pledge of each category would add to.  Categories that add
#: to the same personnel types form one group, so that a state's pledges are never set twice
#: against the same change.
CATEGORY_GROUPS: dict[str, str] = {
    "units/troops": "military",
    "rapid deployment": "military",
    "aviation": "military",
    "engineering": "military",
    "medical": "military",
    "other enabling capability": "military",
    "police": "police",
    "women and gender": "women",
}
GROUP_TYPES: dict[str, tuple[str, ...] | None] = {
    "military": (TROOPS, STAFF_OFFICERS),
    "police": (POLICE,),
    "women": None,  # women of every type
}


def pledged_vs_deployed(
    conference: str,
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    *,
    horizon: int = 12,
) -> pd.DataFrame:
    """Personnel pledged for deployment beside the change in what the state deployed.

    Only deployment pledges count; standby registrations, training and money do not.  A
    state's pledges are summed per group of personnel they would add to
    (:data:`CATEGORY_GROUPS`: military, police, women), and set beside the change in the
    state's mean deployment of that group over months ``0 .. horizon - 1`` against months
    ``-horizon .. -1`` of the conference, counting only months with a report.  Personnel
    pledged sums the pledges with a personnel equivalent (a stated number of personnel, or
    units converted with ``data/unit_sizes.csv``); those without one (no number stated, or a
    unit with no sourced size) are counted in ``unsized_rows``, so the sum is a lower bound
    wherever that count is not zero, and missing where no pledge of the group has a size.

    Returns
    -------
    DataFrame
        One row per state and group: ``conference_id``, ``pledger_iso3``, ``pledger``,
        ``personnel_group``, ``categories``, ``pledge_rows``, ``unsized_rows``,
        ``pledged_personnel``, ``before``, ``after``, ``change``, ``change_per_pledged``
        (missing without pledged personnel) and ``status`` (``complete``, or
        ``incomplete: data end YYYY-MM`` when the months after are not all reported yet; then
        ``after`` and ``change`` are missing).
    """
    event = event_month(conference, conferences)
    chosen = pledges[
        (pledges["conference_id"] == conference) & (pledges["commitment"] == DEPLOYMENT)
    ].copy()
    chosen["personnel_group"] = chosen["category"].astype(str).map(CATEGORY_GROUPS)
    chosen = chosen[chosen["personnel_group"].notna()]
    columns = [
        "conference_id", "pledger_iso3", "pledger", "personnel_group", "categories",
        "pledge_rows", "unsized_rows", "pledged_personnel", "before", "after", "change",
        "change_per_pledged", "status",
    ]  # fmt: skip
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    summed = (
        chosen.groupby(["pledger_iso3", "pledger", "personnel_group"], observed=True)
        .agg(
            categories=("category", lambda c: ", ".join(sorted(set(c.astype(str))))),
            pledge_rows=("personnel_equivalent", "size"),
            unsized_rows=("personnel_equivalent", lambda s: int(s.isna().sum())),
            pledged_personnel=("personnel_equivalent", lambda s: s.sum(min_count=1)),
        )
        .reset_index()
    )
    last_month = contributions["date"].max()
    complete = _shift(event, horizon - 1) <= last_month
    status = "complete" if complete else f"incomplete: data end {last_month:%Y-%m}"
    first, last = _shift(event, -horizon), min(_shift(event, horizon - 1), last_month)
    rows = []
    for group_name, group in summed.groupby("personnel_group"):
        p = panels.panel(contributions, personnel_types=GROUP_TYPES[group_name], start=first,
                         end=last)  # fmt: skip
        p["contributor_iso3"] = p["contributor_iso3"].astype(str)
        p["rel"] = panels.months_between(p["date"], event)
        value = "female" if group_name == "women" else "total"
        means = {
            side: p[p["rel"].between(*span)].groupby("contributor_iso3")[value].mean()
            for side, span in (("before", (-horizon, -1)), ("after", (0, horizon - 1)))
        }
        for row in group.itertuples(index=False):
            # A pledger absent from the panel deployed no one in the window.
            before = float(means["before"].get(row.pledger_iso3, 0.0))
            after = float(means["after"].get(row.pledger_iso3, 0.0)) if complete else np.nan
            rows.append(
                {**row._asdict(), "conference_id": conference, "before": before,
                 "after": after, "change": after - before, "status": status}
            )  # fmt: skip
    out = pd.DataFrame(rows)
    out["pledged_personnel"] = out["pledged_personnel"].astype("Int64")
    out["change_per_pledged"] = out["change"] / out["pledged_personnel"].astype(float)
    out = out.reindex(columns=columns)
    return out.sort_values(["pledger_iso3", "personnel_group"], ignore_index=True)


def register_coverage(
    conference: str, pledges: pd.DataFrame, counts: pd.DataFrame, lang: str = "en"
) -> str:
    """One sentence on how many of the conference's pledging states the register records.

    Counts come from :func:`pkanalysis.pledge_register.coverage`: a state counts when it has a
    recorded pledge other than an endorsement (policy rows, such as signing a summit
    declaration, are mentioned apart), out of the states known to have pledged (the published
    count, where the UN or the host gave one).  The sentence is in ``lang``.

    Examples
    --------
    >>> p = pd.DataFrame({"conference_id": ["2021 Seoul"] * 4,
    ...                   "pledger_iso3": ["A", "A", "B", "C"],
    ...                   "category": ["medical", "medical", "financial", "political"],
    ...                   "commitment": ["deployment", "training", "financial", "policy"]})
    >>> c = pd.DataFrame({"conference_id": ["2021 Seoul"], "category": ["all"],
    ...                   "n_states": pd.array([62], dtype="Int64"), "notes": [None],
    ...                   "source": ["s"]})
    >>> register_coverage("2021 Seoul", p, c)
    'Seoul 2021: pledges recorded for 2 of 62 pledging states (1 with a deployment pledge); 1 more state only endorsed a statement.'
    """  # noqa: E501
    from .i18n import tr, trn
    from .pledge_register import coverage
    from .views.names import conference_name

    mine = pledges[pledges["conference_id"] == conference]
    deploying = mine.loc[mine["commitment"] == DEPLOYMENT, "pledger_iso3"].nunique()
    table = coverage(mine, counts) if len(mine) else pd.DataFrame()
    row = table[table["category"] == "all"].iloc[0] if len(table) else None
    recorded = 0 if row is None else int(row["states_recorded_not_policy"])
    endorsing = 0 if row is None else int(row["states_recorded"]) - recorded
    published = None if row is None else row["states_published"]
    known = counts[(counts["conference_id"] == conference) & (counts["category"] == "all")]
    name = conference_name(conference, lang)
    if pd.notna(published) or known["n_states"].notna().any():
        total = (
            max(int(published), recorded) if pd.notna(published) else int(known["n_states"].max())
        )
        text = tr(
            "{conference}: pledges recorded for {n} of {total} pledging states ({deploying} "
            "with a deployment pledge)",
            lang,
            conference=name,
            n=recorded,
            total=total,
            deploying=deploying,
        )
    else:
        text = trn(
            "{conference}: pledges recorded for {n} state (the number of pledging states was "
            "not published) ({deploying} with a deployment pledge)",
            "{conference}: pledges recorded for {n} states (the number of pledging states was "
            "not published) ({deploying} with a deployment pledge)",
            recorded,
            lang,
            conference=name,
            deploying=deploying,
        )
    if endorsing:
        text += trn(
            "; {n} more state only endorsed a statement",
            "; {n} more states only endorsed a statement",
            endorsing,
            lang,
        )
    return text + "."
