"""The follow-through estimators on synthetic panels whose true effect is known."""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd
import pytest

from pkanalysis import followthrough as ft

EVENT = "2019-03-29"
CONF = pd.DataFrame(
    {
        "conference_id": ["2017 Vancouver", "2019 New York", "2021 Seoul"],
        "start_date": pd.to_datetime(["2017-11-14", EVENT, "2021-12-07"]),
        "opens_cycle": [True, True, True],
    }
)


def synthetic(
    effect: float = 0.0,
    pretrend: float = 0.0,
    n: int = 80,
    n_treated: int = 20,
    seed: int = 0,
    months: tuple[str, str] = ("2016-01", "2022-12"),
    cohort_month: dict[str, str] | None = None,
) -> pd.DataFrame:
    """States with log-normal sizes and common month shocks; the first ``n_treated`` states
    grow by ``exp(effect)`` from their conference month on, and by ``pretrend`` log points a
    year before it (reaching zero at the conference)."""
    rng = np.random.default_rng(seed)
    dates = pd.period_range(*months, freq="M").to_timestamp(how="end").normalize()
    base = rng.lognormal(5, 1.2, n)
    shocks = rng.normal(0, 0.05, len(dates)).cumsum()
    frames = []
    for i in range(n):
        state = f"S{i:02d}"
        when = pd.Timestamp((cohort_month or {}).get(state, EVENT)) + pd.offsets.MonthEnd(0)
        rel = (dates.year - when.year) * 12 + (dates.month - when.month)
        log_y = np.log(base[i]) + shocks + rng.normal(0, 0.1, len(dates))
        if i < n_treated:
            log_y = log_y + effect * (rel >= 0) + pretrend * np.minimum(rel, 0) / 12
        frames.append(
            pd.DataFrame(
                {
                    "date": dates,
                    "contributor_iso3": state,
                    "personnel_type": "Troops",
                    "mission": "M1",
                    "total": np.round(np.exp(log_y)).astype(int),
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    df["total"] = df["total"].astype("Int64")
    df["female"] = pd.array([pd.NA] * len(df), dtype="Int64")
    return df


def pledges_for(states, conference="2019 New York", commitment="deployment") -> pd.DataFrame:
    return pd.DataFrame(
        {"conference_id": conference, "pledger_iso3": list(states), "commitment": commitment}
    )


TREATED = [f"S{i:02d}" for i in range(20)]


def test_event_study_recovers_an_injected_20_percent_effect():
    data = synthetic(effect=math.log(1.2))
    es = ft.event_study("2019 New York", data, pledges_for(TREATED), CONF)
    avg = es.average(12)
    assert avg["status"] == "complete"
    assert avg["ci_low"] <= math.log(1.2) <= avg["ci_high"]
    assert avg["ci_low"] > 0  # and the interval excludes no effect
    assert avg["percent"] == pytest.approx(0.2, abs=0.06)
    coef = es.coefficients.set_index("rel_month")
    assert coef.loc[-1, "status"] == "reference"
    assert coef.loc[-1, "estimate"] == 0
    assert list(coef.index) == list(range(-24, 25))
    assert (coef.loc[0:11, "estimate"] > 0.1).all()
    assert (coef["n_treated"] == 20).all()
    assert (coef["n_control"] == 60).all()


def test_event_study_in_levels_recovers_the_mean_increase_in_personnel():
    data = synthetic(effect=0.0)
    boost = data["contributor_iso3"].isin(TREATED[:10]) & (data["date"] >= "2019-03-31")
    data.loc[boost, "total"] += 100
    es = ft.event_study("2019 New York", data, pledges_for(TREATED), CONF, outcome="level")
    avg = es.average(12)
    # Half the 20 treated states gained 100: a mean gain of 50 personnel per treated state.
    assert avg["ci_low"] <= 50 <= avg["ci_high"]
    assert np.isnan(avg["percent"])


def test_no_effect_gives_a_large_placebo_share():
    data = synthetic(effect=0.0, seed=1)
    draws = ft.placebo("2019 New York", data, pledges_for(TREATED), CONF, n=40, seed=3)
    assert len(draws) == 40
    assert ft.placebo_share(draws) > 0.1
    # Each draw treats as many states as really pledged.
    assert draws["placebo"].str.split().map(len).eq(20).all()


def test_a_real_effect_gives_a_small_placebo_share_by_states_and_by_dates():
    data = synthetic(effect=math.log(1.2), seed=2, months=("2012-01", "2022-12"))
    pledges = pledges_for(TREATED)
    by_states = ft.placebo("2019 New York", data, pledges, CONF, n=40, seed=3)
    assert ft.placebo_share(by_states) < 0.05
    by_dates = ft.placebo("2019 New York", data, pledges, CONF, n=15, kind="dates", seed=3)
    assert ft.placebo_share(by_dates) < 0.1
    # No placebo date's window (24 months before, 12 after) may hold a real conference.
    for month in pd.to_datetime(by_dates["placebo"]) + pd.offsets.MonthEnd(0):
        lo, hi = month - pd.offsets.MonthEnd(24), month + pd.offsets.MonthEnd(11)
        assert not CONF["start_date"].between(lo, hi).any()


def test_placebo_is_repeatable_with_a_seed():
    data = synthetic(seed=4)
    a = ft.placebo("2019 New York", data, pledges_for(TREATED), CONF, n=5, seed=9)
    b = ft.placebo("2019 New York", data, pledges_for(TREATED), CONF, n=5, seed=9)
    pd.testing.assert_frame_equal(a, b)


def test_a_pre_trend_shows_in_the_pre_period_coefficients():
    data = synthetic(effect=0.0, pretrend=0.3, seed=5)
    es = ft.event_study("2019 New York", data, pledges_for(TREATED), CONF)
    coef = es.coefficients.set_index("rel_month")["estimate"]
    # Treated states were 0.3 log points lower 12 months before, 0.6 lower 24 months before.
    assert coef.loc[-24] == pytest.approx(-0.575, abs=0.12)
    assert coef.loc[-12] == pytest.approx(-0.275, abs=0.12)
    assert es.pretrend["p_value"] < 0.01
    flat = ft.event_study("2019 New York", synthetic(seed=5), pledges_for(TREATED), CONF)
    assert flat.pretrend["p_value"] > 0.05


def test_a_window_past_the_data_is_incomplete_not_estimated():
    data = synthetic(effect=0.1, months=("2016-01", "2019-08"))
    es = ft.event_study("2019 New York", data, pledges_for(TREATED), CONF)
    avg = es.averages.set_index("horizon")
    assert avg.loc[12, "status"] == "incomplete: data end 2019-08"
    assert avg[["estimate", "ci_low", "ci_high"]].isna().all().all()
    coef = es.coefficients.set_index("rel_month")
    assert coef.loc[5, "status"] == "estimated"
    assert (coef.loc[6:24, "status"] == "not covered").all()
    assert coef.loc[6:24, "estimate"].isna().all()
    with pytest.raises(ValueError, match="12-month window is not covered"):
        ft.placebo("2019 New York", data, pledges_for(TREATED), CONF, n=3)


def test_a_month_without_a_report_has_no_coefficient_and_the_reference_moves_back():
    data = synthetic(effect=0.1)
    data = data[~data["date"].isin(pd.to_datetime(["2019-02-28", "2018-06-30"]))]
    es = ft.event_study("2019 New York", data, pledges_for(TREATED), CONF)
    coef = es.coefficients.set_index("rel_month")
    assert coef.loc[-1, "status"] == "no observation"
    assert coef.loc[-9, "status"] == "no observation"
    assert coef.loc[-2, "status"] == "reference"


def test_groups_treat_only_deployment_pledges_and_keep_other_pledgers_out_of_controls():
    data = synthetic()
    pledges = pd.concat(
        [
            pledges_for(["S00", "S01"]),
            pledges_for(["S02"], commitment="financial"),
            pledges_for(["S03"], commitment="standby"),
            pledges_for(["S04"], conference="2017 Vancouver", commitment="training"),
            pledges_for(["S05"], conference="2021 Seoul"),
            pledges_for(["ZZZ"]),  # a pledger that never deployed anyone
        ]
    )
    g = ft.groups("2019 New York", data, pledges, CONF)
    assert g.treated == ("S00", "S01", "ZZZ")
    reasons = g.excluded.set_index("contributor_iso3")["reason"]
    assert reasons["S02"] == "pledged at 2019 New York (financial), no deployment"
    assert reasons["S03"] == "pledged at 2019 New York (standby), no deployment"
    assert reasons["S04"] == "pledged at 2017 Vancouver, before it"
    # A pledge after the conference does not disqualify a control.
    assert "S05" in g.controls
    assert not {"S02", "S03", "S04"} & set(g.controls)
    es = ft.event_study("2019 New York", data, pledges, CONF)
    assert (es.coefficients["n_treated"] == 3).all()  # ZZZ is a treated state with zeros


def test_states_exposed_to_a_closing_mission_are_left_out_and_named():
    data = synthetic()
    closing = data["contributor_iso3"].isin(["S00", "S30"])
    data.loc[closing, "mission"] = "MCLOSED"
    missions = pd.DataFrame(
        {
            "mission": ["M1", "MCLOSED"],
            "kind": ["peacekeeping operation"] * 2,
            "end_date": pd.to_datetime([None, "2020-06-30"]),
        }
    )
    g = ft.groups("2019 New York", data, pledges_for(TREATED), CONF, missions=missions)
    reasons = g.excluded.set_index("contributor_iso3")["reason"]
    assert reasons["S00"] == "100% of pre-conference deployments in MCLOSED (ended 2020-06)"
    assert "S30" in reasons
    assert "S30" not in g.controls
    assert "S00" not in g.treated
    kept = ft.groups(
        "2019 New York", data, pledges_for(TREATED), CONF, missions=missions, max_exposure=1.0
    )
    assert "S00" in kept.treated
    assert "S30" in kept.controls


def test_size_matched_controls_share_a_size_decile_with_a_pledger():
    data = synthetic()
    # Pledgers are the two largest states; most controls are far smaller.
    size = data[data["date"] < "2019-03-01"].groupby("contributor_iso3")["total"].mean()
    largest = list(size.sort_values().index[-2:])
    g = ft.groups("2019 New York", data, pledges_for(largest), CONF, controls="size-matched")
    assert set(g.treated) == set(largest)
    assert 0 < len(g.controls) <= 8  # only the top decile's other states remain
    assert set(g.controls) <= set(size.sort_values().index[-8:])
    with pytest.raises(ValueError, match="valid controls"):
        ft.groups("2019 New York", data, pledges_for(largest), CONF, controls="nearest")


def test_staggered_recovers_a_common_effect_across_two_cohorts():
    cohorts = {f"S{i:02d}": "2017-11-14" for i in range(10)}
    data = synthetic(effect=math.log(1.2), seed=6, cohort_month=cohorts)
    pledges = pd.concat(
        [
            pledges_for(TREATED[:10], conference="2017 Vancouver"),
            pledges_for(TREATED[10:]),
            pledges_for(TREATED[:3]),  # a second pledge does not start a new cohort
            pledges_for(["S70"], commitment="training"),
        ]
    )
    es = ft.staggered(data, pledges, CONF)
    avg = es.average(12)
    assert avg["ci_low"] <= math.log(1.2) <= avg["ci_high"]
    coef = es.coefficients.set_index("rel_month")
    assert coef.loc[-1, "status"] == "reference"
    assert coef.loc[0, "n_treated"] == 20
    # S70 pledged only training: neither cohort nor never-treated control.
    assert coef.loc[0, "n_control"] == 59


def test_bad_arguments_name_the_valid_choices():
    data = synthetic()
    with pytest.raises(ValueError, match="valid outcomes: log1p, level"):
        ft.event_study("2019 New York", data, pledges_for(TREATED), CONF, outcome="log")
    with pytest.raises(ValueError, match="valid conferences: 2017 Vancouver"):
        ft.event_study("2018 Paris", data, pledges_for(TREATED), CONF)
    with pytest.raises(ValueError, match="no state with a recorded deployment pledge"):
        ft.event_study("2021 Seoul", data, pledges_for(TREATED), CONF)
    with pytest.raises(ValueError, match="valid kinds: states, dates"):
        ft.placebo("2019 New York", data, pledges_for(TREATED), CONF, kind="months")
    with pytest.raises(ValueError, match="commitment"):
        ft.groups("2019 New York", data, pledges_for(TREATED).drop(columns="commitment"), CONF)


def test_pledged_vs_deployed_counts_deployment_pledges_once_per_personnel_group():
    data = synthetic()
    data["personnel_type"] = np.where(data["contributor_iso3"] == "S01", "Individual Police",
                                      "Troops")  # fmt: skip
    s00 = data["contributor_iso3"] == "S00"
    data.loc[s00 & (data["date"] >= "2019-03-31"), "total"] += 120
    pledges = pd.DataFrame(
        {
            "conference_id": "2019 New York",
            "pledger_iso3": ["S00", "S00", "S00", "S01", "S02"],
            "pledger": ["Zero", "Zero", "Zero", "One", "Two"],
            "category": ["units/troops", "medical", "training and capacity building", "police",
                         "units/troops"],
            "commitment": ["deployment", "deployment", "training", "deployment", "standby"],
            "personnel_equivalent": pd.array([850, 57, 40, 140, 850], dtype="Int64"),
        }
    )  # fmt: skip
    out = ft.pledged_vs_deployed("2019 New York", data, pledges, CONF).set_index("pledger_iso3")
    # Training and standby pledges are not set against deployments; S00's two military
    # pledges share one row, so its change is counted once.
    assert list(out.index) == ["S00", "S01"]
    zero = out.loc["S00"]
    assert zero["pledged_personnel"] == 907
    assert zero["pledge_rows"] == 2
    assert zero["categories"] == "medical, units/troops"
    months = data[s00].set_index("date")["total"].astype(float)
    before = months["2018-03-31":"2019-02-28"].mean()
    after = months["2019-03-31":"2020-02-29"].mean()
    assert zero["before"] == pytest.approx(before)
    assert zero["change"] == pytest.approx(after - before)
    assert zero["change_per_pledged"] == pytest.approx((after - before) / 907)
    assert out.loc["S01", "personnel_group"] == "police"
    short = ft.pledged_vs_deployed(
        "2019 New York", data[data["date"] <= "2019-09-30"], pledges, CONF
    )
    assert (short["status"] == "incomplete: data end 2019-09").all()
    assert short["change"].isna().all()
    assert short["before"].notna().all()


def test_register_coverage_without_a_published_count():
    pledges = pledges_for(["S00", "S01"]).assign(
        commitment=["deployment", "financial"], category=["units/troops", "financial"]
    )
    counts = pd.DataFrame(
        {"conference_id": ["2017 Vancouver"], "category": ["all"],
         "n_states": pd.array([48], dtype="Int64")}
    )  # fmt: skip
    assert ft.register_coverage("2019 New York", pledges, counts) == (
        "New York 2019: pledges recorded for 2 states (the number of pledging states was not "
        "published) (1 with a deployment pledge)."
    )


def test_estimating_leaves_the_root_logger_as_it_was():
    # pyfixest calls logging.basicConfig(INFO) on its first fit in a process; a fresh process
    # shows whether that leaks (fontTools would then log every PDF it subsets to stderr).
    import subprocess
    import sys

    code = (
        "import logging, pkanalysis as pk\n"
        "from pkanalysis import followthrough as ft\n"
        "ft.event_study('2015 New York', pk.load_contributions(), pk.load_pledges(),"
        " pk.load_conferences())\n"
        "root = logging.getLogger()\n"
        "print(len(root.handlers), root.level)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", str(logging.WARNING)]
