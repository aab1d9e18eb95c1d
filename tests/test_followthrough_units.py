"""Follow-through's parts on small hand-made frames: who is treated and who controls, the
panel fed to the regressions, the standard errors of combined coefficients, the tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from pkanalysis import followthrough as ft

CONF = pd.DataFrame(
    {
        "conference_id": ["2017 Vancouver", "2019 New York", "2021 Seoul"],
        "start_date": pd.to_datetime(["2017-11-14", "2019-03-29", "2021-12-07"]),
        "opens_cycle": [True, True, True],
    }
)


def monthly(state: str, values: dict[str, int], mission: str = "M") -> pd.DataFrame:
    df = pd.DataFrame({"date": pd.to_datetime(list(values)), "total": list(values.values())})
    df["date"] = df["date"] + pd.offsets.MonthEnd(0)
    return df.assign(contributor_iso3=state, mission=mission, personnel_type="Troops",
                     female=pd.NA)  # fmt: skip


def test_event_month_and_deployment_pledgers():
    assert ft.event_month("2019 New York", CONF) == pd.Timestamp("2019-03-31")
    pledges = pd.DataFrame(
        {
            "conference_id": ["2019 New York"] * 4 + ["2021 Seoul"],
            "pledger_iso3": pd.Categorical(["B", "A", "B", "C", "D"]),
            "commitment": ["deployment", "deployment", "training", "standby", "deployment"],
        }
    )
    assert ft.deployment_pledgers(pledges, "2019 New York") == ["A", "B"]
    assert ft.deployment_pledgers(pledges, "2017 Vancouver") == []


def test_closing_missions_are_operations_that_end_inside_the_window():
    missions = pd.DataFrame(
        {
            "mission": ["A", "B", "C", "D", "E"],
            "kind": ["peacekeeping operation"] * 4 + ["special political mission"],
            "end_date": pd.to_datetime(
                ["2019-01-31", "2020-06-30", "2022-01-31", None, "2020-01-31"]
            ),  # fmt: skip
        }
    )
    got = ft._closing_missions(missions, pd.Timestamp("2019-01-31"), pd.Timestamp("2021-12-31"))
    assert got["mission"].tolist() == ["A", "B"]  # both ends of the window count
    assert ft._closing_missions(None, pd.Timestamp("2019-01-31"), pd.Timestamp("2021-12-31")).empty


def test_pledgers_who_deployed_no_one_stay_in_the_comparison():
    # Colombia and Georgia in 2015: deployment pledgers with no troops in the window are
    # treated states at zero, not dropped.
    data = pd.concat(
        [
            # no month repeats the one before (a repeated month is not observed)
            monthly("X", {"2019-01": 10, "2019-02": 11, "2019-03": 12, "2019-04": 13}),
            monthly("Y", {"2019-01": 5, "2019-02": 6, "2019-03": 5, "2019-04": 6}),
        ]
    )
    pledges = pd.DataFrame(
        {"conference_id": ["2019 New York"] * 2, "pledger_iso3": ["X", "ZERO"],
         "commitment": ["deployment", "deployment"]}
    )  # fmt: skip
    g = ft.groups("2019 New York", data, pledges, CONF, window=(-2, 1))
    assert g.treated == ("X", "ZERO")
    assert g.controls == ("Y",)
    panel = ft._long_panel(data, g.event, (-2, 1), [*g.treated, *g.controls], "level", None)
    zero = panel[panel["contributor_iso3"] == "ZERO"]
    assert zero["y"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert zero["rel_month"].tolist() == [-2, -1, 0, 1]
    logged = ft._long_panel(data, g.event, (-2, 1), ["X"], "log1p", None)
    assert logged["y"].tolist() == pytest.approx(np.log1p([10, 11, 12, 13]).tolist())
    assert logged["month"].tolist() == ["2019-01", "2019-02", "2019-03", "2019-04"]


def test_months_without_a_report_are_left_out_of_the_regression_panel():
    data = pd.concat(
        [
            monthly("X", {"2019-01": 10, "2019-03": 12, "2019-04": 12}),  # February missing
            monthly("Y", {"2019-01": 5, "2019-03": 5, "2019-04": 6}),
        ]
    )
    panel = ft._long_panel(data, pd.Timestamp("2019-03-31"), (-2, 1), ["X", "Y"], "level", None)
    assert sorted(set(panel["rel_month"])) == [-2, 0, 1]


def _fit_data(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(12):
        level = rng.normal(5, 1)
        for rel in range(-3, 3):
            bump = 0.5 if (i < 5 and rel >= 0) else 0.0
            rows.append(
                {"contributor_iso3": f"S{i}", "month": f"2019-{rel + 4:02d}", "rel_month": rel,
                 "y": level + 0.1 * rel + bump + rng.normal(0, 0.2)}
            )  # fmt: skip
    return pd.DataFrame(rows)


def test_a_single_coefficient_has_pyfixests_standard_error_and_t_test():
    data = _fit_data()
    treated = {f"S{i}" for i in range(5)}
    fit, ref, weights = ft._fit_one(data, treated)
    assert ref == -1
    assert sorted(weights) == [-3, -2, 0, 1, 2]
    se = fit.se()
    for r, w in weights.items():
        got = ft._combination(w, fit, n_clusters=12)
        name = fit._coefnames[int(np.argmax(w))]
        assert got["estimate"] == pytest.approx(float(fit.coef()[name]))
        assert got["std_error"] == pytest.approx(float(se[name]))
        assert got["p_value"] == pytest.approx(float(fit.pvalue()[name]), rel=1e-6), r
        # 95% interval on 11 degrees of freedom (12 clusters - 1)
        crit = stats.t.ppf(0.975, 11)
        assert got["ci_high"] - got["estimate"] == pytest.approx(crit * got["std_error"])
        assert got["estimate"] - got["ci_low"] == pytest.approx(crit * got["std_error"])


def test_an_average_of_coefficients_has_the_variance_of_a_linear_combination():
    data = _fit_data(seed=3)
    fit, _, weights = ft._fit_one(data, {f"S{i}" for i in range(5)})
    w = np.mean([weights[0], weights[1], weights[2]], axis=0)
    got = ft._combination(w, fit, n_clusters=12)
    beta, vcov = np.asarray(fit._beta_hat), np.asarray(fit._vcov)
    assert got["estimate"] == pytest.approx(float(w @ beta))
    assert got["std_error"] == pytest.approx(float(np.sqrt(w @ vcov @ w)))
    t = got["estimate"] / got["std_error"]
    assert got["p_value"] == pytest.approx(2 * stats.t.sf(abs(t), 11))
    # one cluster leaves no degrees of freedom: the test uses one rather than none
    single = ft._combination(w, fit, n_clusters=1)
    assert single["ci_high"] - single["estimate"] == pytest.approx(
        stats.t.ppf(0.975, 1) * single["std_error"]
    )


def test_a_window_that_starts_too_late_or_ends_too_early_is_refused():
    for window in ((-1, 12), (0, 12), (-12, -1)):
        with pytest.raises(ValueError, match=r"must start before month -1 and end at 0 or later"):
            ft._check_design("log1p", window)
    ft._check_design("level", (-2, 0))
    with pytest.raises(ValueError, match="^no observed month before the conference"):
        ft._fit_one(_fit_data().query("rel_month >= 0"), {"S1"})


def test_placebo_dates_keep_clear_of_every_conference():
    months = pd.Series(pd.date_range("2016-01-31", "2023-12-31", freq="ME"))
    dates = ft._placebo_dates(pd.Timestamp("2019-03-31"), (-3, 3), 2, CONF, months)
    assert dates  # some months qualify
    real = [ft.event_month(c, CONF) for c in CONF["conference_id"]]
    for m in dates:
        lo, hi = m - pd.offsets.MonthEnd(3), m + pd.offsets.MonthEnd(1)
        assert lo >= months.min()
        assert hi <= months.max()
        assert not any(lo <= r <= hi for r in real), m
        assert m != pd.Timestamp("2019-03-31")
    # the first eligible month: its window starts on the first month of the data
    assert dates[0] == pd.Timestamp("2016-04-30")
    assert pd.Timestamp("2017-11-30") not in dates  # Vancouver's own month
    assert pd.Timestamp("2017-10-31") not in dates  # Vancouver falls in its horizon


def test_placebo_share_and_the_month_index():
    assert ft.placebo_share(pd.DataFrame({"as_large": [True, True, False, False, False]})) == 0.4
    got = ft._month_index(pd.Series(pd.to_datetime(["2000-01-31", "2000-12-31", "2001-01-31"])))
    assert got.tolist() == [24000, 24011, 24012]


def _tabulated(last_month: str = "2020-12-31", window=(-3, 14), observed_to: int = 2):
    data = _fit_data()
    fit, ref, weights = ft._fit_one(data, {f"S{i}" for i in range(5)})
    months = range(-3, observed_to + 1)
    n_by_rel = pd.DataFrame({"treated": {r: 5 for r in months},
                             "control": {r: 7 for r in months}})  # fmt: skip
    return ft._tabulate("C", "log1p", None, fit, weights, n_by_rel, 12, window, ref,
                        pd.Timestamp(last_month))  # fmt: skip


def test_the_coefficient_table_says_why_a_month_has_no_estimate():
    es = _tabulated()
    coef = es.coefficients.set_index("rel_month")
    assert coef.loc[-1, "status"] == "reference"
    assert coef.loc[-1, "estimate"] == 0.0
    assert coef.loc[0, "status"] == "estimated"
    assert coef.loc[3, "status"] == "not covered"  # after the last observed month
    assert (coef.loc[-3:2, "n_treated"] == 5).all()
    assert coef.loc[5, "n_treated"] == 0
    assert list(es.coefficients.columns) == ft.COEFFICIENT_COLUMNS
    # the 12-month average needs months 0..11: the panel stops at 2
    avg = es.averages.set_index("horizon")
    assert avg.loc[12, "status"] == "incomplete: data end 2020-12"
    assert pd.isna(avg.loc[12, "estimate"])
    assert list(es.averages.columns) == ft.AVERAGE_COLUMNS
    # pre-trend: the mean of months -3 and -2
    assert es.pretrend["estimate"] == pytest.approx(
        (coef.loc[-3, "estimate"] + coef.loc[-2, "estimate"]) / 2
    )
    with pytest.raises(ValueError, match=r"^no 6-month estimate; valid horizons: \[12, 24\]$"):
        es.average(6)


def test_a_horizon_past_the_window_is_incomplete_for_the_window():
    es = _tabulated(window=(-3, 2), observed_to=14)
    avg = es.averages.set_index("horizon")
    assert avg.loc[12, "status"] == "incomplete: window (-3, 2)"


def test_register_coverage_sentences():
    pledges = pd.DataFrame(
        {
            "conference_id": ["C"] * 4,
            "pledger_iso3": ["A", "B", "C", "D"],
            "category": ["medical", "police", "political", "political"],
            "commitment": ["deployment", "training", "policy", "policy"],
        }
    )
    counts = pd.DataFrame(
        {"conference_id": ["C"], "category": ["all"], "n_states": pd.array([1], dtype="Int64"),
         "notes": [None], "source": ["s"]}
    )  # fmt: skip
    # the published count (1) is below what the register holds (2): the larger is the total
    assert ft.register_coverage("C", pledges, counts) == (
        "C: pledges recorded for 2 of 2 pledging states (1 with a deployment pledge); "
        "2 more states only endorsed a statement."
    )
    one = pledges.iloc[:1]
    no_count = counts.iloc[:0]
    assert ft.register_coverage("C", one, no_count) == (
        "C: pledges recorded for 1 state (the number of pledging states was not published) "
        "(1 with a deployment pledge)."
    )
    assert ft.register_coverage("Z", pledges, no_count) == (
        "Z: pledges recorded for 0 states (the number of pledging states was not published) "
        "(0 with a deployment pledge)."
    )


# --- placebo, pledged vs deployed, groups: cases mutants survived ----------------------------


def small_panel(n: int = 10, treated: int = 4, effect: float = 0.3) -> pd.DataFrame:
    """Ten states, 2016-01..2020-12, the first ``treated`` growing by ``effect`` (log points)
    from the 2019 New York conference on."""
    rng = np.random.default_rng(5)
    dates = pd.date_range("2016-01-31", "2020-12-31", freq="ME")
    frames = []
    for i in range(n):
        log_y = rng.normal(5, 1) + rng.normal(0, 0.05, len(dates)).cumsum()
        if i < treated:
            log_y = log_y + effect * (dates >= "2019-03-31")
        frames.append(monthly(f"S{i}", dict(zip(dates.strftime("%Y-%m"),
                                                np.round(np.exp(log_y)).astype(int),
                                                strict=True))))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


PLEDGED = pd.DataFrame(
    {"conference_id": "2019 New York", "pledger_iso3": ["S0", "S1", "S2", "S3"],
     "commitment": "deployment"}
)  # fmt: skip


def test_placebo_by_dates_and_by_states_against_the_real_estimate():
    data = small_panel()
    kwargs = {"window": (-6, 11), "outcome": "level", "n": 2, "seed": 3}
    real = ft.event_study("2019 New York", data, PLEDGED, CONF, window=(-6, 11), outcome="level")
    for kind in ("dates", "states"):
        draws = ft.placebo("2019 New York", data, PLEDGED, CONF, kind=kind, **kwargs)
        assert draws.columns.tolist() == ["kind", "draw", "placebo", "estimate", "real_estimate",
                                          "as_large"]  # fmt: skip
        assert draws["kind"].tolist() == [kind, kind]
        assert draws["draw"].tolist() == [0, 1]
        assert (draws["real_estimate"] == real.average(12)["estimate"]).all()
        assert (
            draws["as_large"].tolist()
            == (draws["estimate"].abs() >= abs(real.average(12)["estimate"])).tolist()
        )
    months = pd.Series(data["date"].drop_duplicates())
    eligible = {f"{m:%Y-%m}" for m in ft._placebo_dates(real.groups.event, (-6, 11), 12, CONF,
                                                        months)}  # fmt: skip
    dates = ft.placebo("2019 New York", data, PLEDGED, CONF, kind="dates", **kwargs)
    assert set(dates["placebo"]) <= eligible
    states = ft.placebo("2019 New York", data, PLEDGED, CONF, kind="states", **kwargs)
    assert all(len(p.split()) == 4 for p in states["placebo"])  # as many as really pledged
    many = ft.placebo("2019 New York", data, PLEDGED, CONF, kind="dates",
                      **{**kwargs, "n": 1000})  # fmt: skip
    assert len(many) == len(eligible)  # every eligible month once, no more


def test_placebo_refusals():
    data = small_panel()
    late = ft.placebo
    with pytest.raises(ValueError, match=r"^unknown horizon 6; valid horizons: \(12, 24\)$"):
        late("2019 New York", data, PLEDGED, CONF, horizon=6)
    with pytest.raises(ValueError, match="^n must be at least 1, got 0$"):
        late("2019 New York", data, PLEDGED, CONF, n=0)
    short = data[data["date"] <= "2019-09-30"]
    with pytest.raises(ValueError, match=r"12-month window is not covered \(incomplete: data end "
                                         r"2019-09\); no placebo test$"):  # fmt: skip
        late("2019 New York", short, PLEDGED, CONF, window=(-6, 11))
    # every month that could stand in has the 2019 conference in its span
    narrow = data[data["date"].between("2018-03-31", "2020-06-30")]
    with pytest.raises(ValueError, match="no month without a conference to use as placebo"):
        late("2019 New York", narrow, PLEDGED, CONF, kind="dates", window=(-6, 11), n=2)


def test_a_zero_standard_error_has_no_p_value():
    data = _fit_data()
    fit, _, weights = ft._fit_one(data, {f"S{i}" for i in range(5)})
    zero = ft._combination(np.zeros_like(next(iter(weights.values()))), fit, 12)
    assert (zero["estimate"], zero["std_error"]) == (0.0, 0.0)
    assert np.isnan(zero["p_value"])


def test_a_horizon_past_a_narrow_window_says_window_even_when_data_reach_it():
    es = _tabulated(window=(-3, 5), observed_to=12)
    assert es.averages.set_index("horizon").loc[12, "status"] == "incomplete: window (-3, 5)"


def _pvd_data() -> pd.DataFrame:
    months = [f"{y}-{m:02d}" for y in (2018, 2019) for m in range(1, 13)]
    # totals change every month: a month repeating the one before would not count
    a = monthly("A", {m: 100 + i for i, m in enumerate(months)})
    a["female"] = pd.array([10] * len(a), dtype="Int64")
    # B: more women in 2019 (the months from 2019-01's conference on)
    b = monthly("B", {m: 50 + i for i, m in enumerate(months)})
    b["female"] = pd.array([5] * 12 + [8] * 12, dtype="Int64")
    return pd.concat([a, b], ignore_index=True)


def test_pledged_vs_deployed_women_and_a_pledger_who_deployed_no_one():
    conf = pd.DataFrame({"conference_id": ["C"], "start_date": pd.to_datetime(["2019-01-10"]),
                         "opens_cycle": [True]})  # fmt: skip
    pledges = pd.DataFrame(
        {
            "conference_id": "C",
            "pledger_iso3": ["B", "Z"],
            "pledger": ["Bee", "Zed"],
            "category": ["women and gender", "units/troops"],
            "commitment": "deployment",
            "personnel_equivalent": pd.array([6, 100], dtype="Int64"),
        }
    )
    out = ft.pledged_vs_deployed("C", _pvd_data(), pledges, conf).set_index("pledger_iso3")
    assert out.columns.tolist() == [
        "conference_id", "pledger", "personnel_group", "categories", "pledge_rows",
        "unsized_rows", "pledged_personnel", "before", "after", "change", "change_per_pledged",
        "status",
    ]  # fmt: skip
    women = out.loc["B"]
    # women, not all personnel: 5 a month before, 8 after (months 2019-01..2019-12)
    assert (women["before"], women["after"], women["change"]) == (5.0, 8.0, 3.0)
    assert women["change_per_pledged"] == 0.5
    assert women["status"] == "complete"  # the twelfth month after is the last in the data
    assert out.loc["Z", ["before", "after", "change"]].tolist() == [0.0, 0.0, 0.0]
    assert out.index.tolist() == ["B", "Z"]


def test_pledged_vs_deployed_keeps_deployment_pledges_without_a_size():
    conf = pd.DataFrame({"conference_id": ["C"], "start_date": pd.to_datetime(["2019-01-10"]),
                         "opens_cycle": [True]})  # fmt: skip
    pledges = pd.DataFrame(
        {
            "conference_id": "C",
            "pledger_iso3": ["A", "A", "A", "B", "B"],
            "pledger": ["Ay", "Ay", "Ay", "Bee", "Bee"],
            "category": ["units/troops", "engineering", "units/troops", "units/troops",
                         "units/troops"],
            "commitment": ["deployment", "deployment", "deployment", "deployment", "standby"],
            "personnel_equivalent": pd.array([100, None, 50, None, 850], dtype="Int64"),
        }
    )  # fmt: skip
    out = ft.pledged_vs_deployed("C", _pvd_data(), pledges, conf).set_index("pledger_iso3")
    # A: three pledges, one (a platoon, say) with no size: the sum is a lower bound
    a = out.loc["A"]
    assert (a["pledge_rows"], a["unsized_rows"], a["pledged_personnel"]) == (3, 1, 150)
    assert a["change_per_pledged"] == pytest.approx(a["change"] / 150)
    # B's only deployment pledge has no size: B is listed, with no personnel to divide by;
    # its standby registration is not a deployment pledge
    b = out.loc["B"]
    assert (b["pledge_rows"], b["unsized_rows"]) == (1, 1)
    assert pd.isna(b["pledged_personnel"])
    assert pd.isna(b["change_per_pledged"])
    assert b["change"] == pytest.approx(12.0)  # B's totals rise by one a month
    assert str(out["pledged_personnel"].dtype) == "Int64"


def test_groups_name_every_closing_mission_and_every_kind_of_pledge():
    data = pd.concat(
        [
            monthly("A", {"2019-01": 1, "2019-02": 1}, mission="OLD"),
            monthly("B", {"2019-01": 3, "2019-02": 4}, mission="OLD"),
            monthly("B", {"2019-01": 3, "2019-02": 4}, mission="GONE"),
            monthly("C", {"2019-01": 5, "2019-02": 6}),
            monthly("D", {"2019-01": 0, "2019-02": 0}),
            monthly("E", {"2019-01": 7, "2019-02": 8}),
        ]
    )
    data.loc[data["contributor_iso3"] == "D", "total"] = None  # no count: deployed no one
    missions = pd.DataFrame(
        {"mission": ["OLD", "GONE", "M"], "kind": "peacekeeping operation",
         "end_date": pd.to_datetime(["2019-06-30", "2019-05-31", None])}
    )  # fmt: skip
    pledges = pd.DataFrame(
        {"conference_id": "2019 New York", "pledger_iso3": ["E", "C", "C"],
         "commitment": ["deployment", "financial", "training"]}
    )  # fmt: skip
    g = ft.groups("2019 New York", data, pledges, CONF, window=(-2, 3), missions=missions)
    reasons = g.excluded.set_index("contributor_iso3")["reason"].to_dict()
    assert reasons == {
        "A": "100% of pre-conference deployments in OLD (ended 2019-06)",
        "B": "100% of pre-conference deployments in GONE (ended 2019-05), OLD (ended 2019-06)",
        "C": "pledged at 2019 New York (financial, training), no deployment",
    }
    assert g.treated == ("E",)
    assert g.controls == ()  # D has no count, the others are left out
