"""Every notebook through papermill with non-default parameters, and with bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import papermill as pm
import pytest

from conftest import run_job
from pkanalysis import quality
from pkanalysis.views.names import conference_name

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# notebook -> (non-default parameters, a figure it must write, a table and columns it must write)
CASES = {
    "contribution_trends": (
        {
            "first_cycle": "2019 New York",
            "last_cycle": "2023 Accra",
            "personnel_types": ["Troops"],
            "grouping": "un_regional_group",
            "top_n": 5,
            "include_spm": True,
        },
        "monthly_by_un_regional_group.png",
        ("by_cycle_un_regional_group.csv", {"cycle", "un_regional_group", "mean", "start", "end"}),
    ),
    "pledge_follow_through": (
        {"conference": "2021 Seoul", "controls": "size-matched", "placebo_draws": 20, "seed": 2},
        "event_study.png",
        ("event_study.csv", {"conference_id", "rel_month", "estimate", "ci_low", "n_treated"}),
    ),
    "capability_gaps": (
        {"cycle": "2016 London"},
        "requested_vs_pledged.png",
        (
            "capability_gaps.csv",
            {"cycle", "capability", "units_requested", "units_pledged", "deployed_basis"},
        ),
    ),
    "gender_parity_gap": (
        {
            "year": 2022,
            "personnel_type": "Individual Police",
            "contributors": ["NPL", "RWA"],
            "measure": "december",
        },
        "share_Individual_Police_2022_selected.png",
        ("parity_gap_2022.csv", {"personnel_type", "share", "end_target", "end_gap"}),
    ),
    "conference_brief": (
        {"conference": "2017 Vancouver", "lang": "fr"},
        "personnel_around_conference.png",
        ("pledges_by_category.csv", {"conference_id", "category", "pledge_rows"}),
    ),
    "country_brief": (
        {"iso3": "NPL", "lang": "fr"},
        "NPL_monthly.png",
        ("NPL_by_cycle.csv", {"cycle", "mean", "start", "end"}),
    ),
    "mission_brief": (
        {"mission": "MINUSCA"},
        "MINUSCA_strength.png",
        ("MINUSCA_strength.csv", {"date", "mission", "total", "source"}),
    ),
    "data_quality": ({"max_rows": 3}, None, None),
    "burden_sharing": (
        {
            "share_by": "un_regional_group",
            "start_month": "2016-01",
            "end_month": "2024-12",
            "top_contingents": 2,
        },
        "shares_by_un_regional_group.png",
        ("drawdown_components.csv", {"component", "units", "change"}),
    ),
}


def run(tmp_path: Path, name: str, parameters: dict, monkeypatch) -> Path:
    monkeypatch.setenv("PKANALYSIS_OUTPUT", str(tmp_path))
    out = tmp_path / f"{name}.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS / f"{name}.ipynb"),
        str(out),
        parameters=parameters,
        kernel_name="pkanalysis",
        cwd=str(tmp_path),
        progress_bar=False,
    )
    return out


def test_every_notebook_is_covered():
    assert set(CASES) == {p.stem for p in NOTEBOOKS.glob("*.ipynb")}


# --- figures the reports print themselves -------------------------------------------------------
# The reconciliation keeps every total a source prints (the UN reports' grand, mission and
# country totals; IPI's own "all" rows) beside the rows parsed: these are the numbers a reader
# can find in the PDFs, known without any of pkanalysis's arithmetic.


def printed(level: str, **where) -> pd.Series:
    """Printed totals of one level, by date (and the ``where`` columns fixed)."""
    rec = quality.reconciliation()
    rows = rec[rec["level"] == level]
    for column, value in where.items():
        rows = rows[rows[column].astype(str) == value]
    rows = rows.dropna(subset=["total"])
    return rows.set_index(pd.to_datetime(rows["date"]))["total"].astype(int)


def printed_grand(month: str) -> int:
    """A month's grand total as printed: the report's grand total line where it prints one,
    else the sum of its printed country totals (the 2015-2016 layouts print no grand total)."""
    when = pd.Timestamp(month) + pd.offsets.MonthEnd(0)
    grand = printed("grand")
    if when in grand.index:
        return int(grand[when])
    countries = printed("country")
    un = quality.reconciliation()
    un = un[(un["level"] == "country") & un["source"].str.startswith("un_dpo")]
    assert when.date() in set(un["date"]), month
    return int(countries[countries.index == when].sum())


def check_mission_strength(tmp_path: Path, mission: str) -> None:
    table = pd.read_csv(tmp_path / f"{mission}_strength.csv", parse_dates=["date"])
    ours = table[table["source"] == "un"].set_index("date")[
        "total"
    ]  # briefs.mission.STRENGTH_SOURCES
    theirs = printed("mission", mission=mission)
    both = ours.index.intersection(theirs.index)
    assert len(both) >= 60  # the reports print mission totals from 2019-11 on
    differ = both[ours[both].to_numpy() != theirs[both].to_numpy()]
    assert list(differ) == [], "mission totals that differ from the printed ones"


def check_country_cycles(tmp_path: Path, iso3: str, country: str) -> None:
    cycles = pd.read_csv(tmp_path / f"{iso3}_by_cycle.csv", parse_dates=["first_month",
                                                                         "last_month"])  # fmt: skip
    theirs = printed("country", country=country)
    theirs = theirs[theirs.index >= "2015-01-01"]  # the UN reports' own country totals
    compared = 0
    for row in cycles.itertuples():
        for month, value in ((row.first_month, row.start), (row.last_month, row.end)):
            if month in theirs.index:
                assert value == theirs[month], (row.cycle, month)
                compared += 1
    assert compared >= 6


def check_drawdown(tmp_path: Path, first: str, last: str) -> None:
    components = pd.read_csv(tmp_path / "drawdown_components.csv").set_index("component")
    assert components.loc["total", "change"] == printed_grand(last) - printed_grand(first)
    parts = components.drop("total")
    assert parts["change"].sum() == components.loc["total", "change"]


INDEPENDENT_CHECKS = {
    "mission_brief": lambda tmp: check_mission_strength(tmp, "MINUSCA"),
    "country_brief": lambda tmp: check_country_cycles(tmp, "NPL", "Nepal"),
    "burden_sharing": lambda tmp: check_drawdown(tmp, "2016-01", "2024-12"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_notebook_with_non_default_parameters(name, notebook_run):
    # The English job of the session's run of every notebook (tests/conftest.py) has them.
    parameters, figure, table = CASES[name]
    job = run_job(notebook_run, name, "en")
    assert job.status == "ok", job.error
    assert job.parameters == {**parameters, "lang": "en"}
    folder = notebook_run.folder / job.slug
    assert (folder / f"{name}.ipynb").exists()
    if figure:
        for ext in ("png", "svg", "pdf"):
            assert (folder / figure).with_suffix(f".{ext}").stat().st_size > 1000
    if table:
        file, columns = table
        assert columns <= set(pd.read_csv(folder / file).columns)
    if name in INDEPENDENT_CHECKS:
        INDEPENDENT_CHECKS[name](folder)


def _check_output(name: str) -> list[str]:
    """The committed reference output of a notebook's NBVAL_CHECK_OUTPUT cells, line by line."""
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text())
    lines = []
    for cell in nb["cells"]:
        if "# NBVAL_CHECK_OUTPUT" in "".join(cell["source"]):
            for output in cell["outputs"]:
                lines += "".join(output.get("text", "")).splitlines()
    return lines


def test_the_reference_outputs_agree_with_what_the_reports_print():
    """`make refresh-checks` rewrites these outputs from whatever the code prints; this test
    holds them to figures printed in the sources, so a wrong number cannot be refreshed in."""
    # burden_sharing (defaults 2015-01..2025-07): the change is the July 2025 report's grand
    # total (61,127) minus January 2015's country totals added up
    (burden,) = _check_output("burden_sharing")
    change = printed_grand("2025-07") - printed_grand("2015-01")
    assert burden.startswith(f"2015-01..2025-07: total change {change:+,}; ")
    # data_quality: the months no source covers are the months with no report file and no
    # IPI row (IPI ends 2014-08; the UN's files are named for their months)
    months_line = _check_output("data_quality")[0]
    assert months_line == "months with no source: " + ", ".join(quality.missing_months())
    assert months_line.endswith("2014-09, 2014-10, 2014-11, 2014-12, 2015-03, 2016-03, 2017-03, "
                                "2020-06, 2022-07")  # fmt: skip


BAD = {
    "conference_brief": (
        {"conference": "2020 Oslo"},
        "unknown conference '2020 Oslo'; did you mean 2021 Seoul",
    ),
    "country_brief": ({"iso3": "XXX"}, "unknown contributor 'XXX'; "),
    "mission_brief": ({"mission": "UNXYZ"}, "unknown mission 'UNXYZ'; did you mean UNFICYP"),
    "contribution_trends": (
        {"first_cycle": "2025 Berlin", "last_cycle": "2014 New York"},
        "first cycle '2025 Berlin' comes after last cycle '2014 New York'",
    ),
    "pledge_follow_through": (
        {"controls": "nearest"},
        "unknown controls 'nearest'; valid controls: all, size-matched",
    ),
    "capability_gaps": (
        {"cycle": "2020 Oslo"},
        "unknown cycle '2020 Oslo'; valid cycles: pre-2014",
    ),
    "data_quality": ({"max_rows": -5}, "max_rows must be a number from 1 to 1000; got -5"),
    "gender_parity_gap": (
        {"personnel_type": "Sailors"},
        "unknown personnel type 'Sailors'; valid personnel types: Troops",
    ),
    "burden_sharing": (
        {"start_month": "2018-06"},
        "unknown month '2018-06'; valid months (with a mission split): 2013-01..2013-12, 2014-02",
    ),
}


OUT_OF_RANGE = {
    "contribution_trends": ({"top_n": 0}, "top_n must be a number from 1 to 200; got 0"),
}


@pytest.mark.parametrize(
    ("name", "case"),
    [(n, BAD[n]) for n in sorted(BAD)] + [(n, OUT_OF_RANGE[n]) for n in sorted(OUT_OF_RANGE)],
)
def test_bad_parameter_fails_in_the_first_cell_after_the_parameters(
    name, case, tmp_path, monkeypatch
):
    parameters, message = case
    with pytest.raises(pm.PapermillExecutionError) as err:
        run(tmp_path, name, parameters, monkeypatch)
    assert message in str(err.value)
    cells = json.loads((tmp_path / f"{name}.ipynb").read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    tags = [c["metadata"].get("tags", []) for c in code]
    failed = next(
        i
        for i, c in enumerate(code)
        if any(o.get("output_type") == "error" for o in c.get("outputs", []))
    )
    assert "injected-parameters" in tags[failed - 1]


def test_only_check_cells_keep_outputs_in_git():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = json.loads(path.read_text())
        params = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
        assert len(params) == 1, path.name
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            checked = "# NBVAL_CHECK_OUTPUT" in "".join(cell["source"])
            assert bool(cell["metadata"].get("keep_output")) == checked, path.name
            if not checked:
                assert cell["outputs"] == [], path.name
                assert cell["execution_count"] is None, path.name


@pytest.mark.parametrize(
    ("conference", "status"),
    [("2025 Berlin", "incomplete: data end 2025-07"), ("2014 New York", None)],
)
def test_follow_through_says_why_a_conference_has_no_estimate(
    conference, status, tmp_path, monkeypatch
):
    out = run(tmp_path, "pledge_follow_through", {"conference": conference}, monkeypatch)
    averages = pd.read_csv(tmp_path / "event_study_averages.csv")
    placebo = pd.read_csv(tmp_path / "placebo.csv")
    assert placebo.empty
    assert "estimate" in placebo.columns
    text = out.read_text()
    if status is None:  # no recorded deployment pledge: nothing estimated, and it says so
        assert averages.empty
        assert pd.read_csv(tmp_path / "event_study.csv").empty
        assert f"No deployment pledge is recorded for {conference_name(conference, 'en')}" in text
    else:
        assert (averages["status"] == status).all()
        assert averages["estimate"].isna().all()
        assert "No placebo test: the 12-month window is not covered yet." in text


def test_follow_through_treats_the_registers_deployment_pledgers(notebook_run):
    # The French job of the session's run has the defaults (2015 New York) and 20 placebo draws.
    job = run_job(notebook_run, "pledge_follow_through", "fr")
    assert job.status == "ok", job.error
    assert job.parameters == {"placebo_draws": 20, "lang": "fr"}
    folder = notebook_run.folder / job.slug
    register = pd.read_csv(Path(__file__).resolve().parent.parent / "data" / "pledges.csv")
    mine = register[register["conference_id"] == "2015 New York"]
    pledgers = set(mine.loc[mine["commitment"] == "deployment", "pledger_iso3"])
    groups = pd.read_csv(folder / "groups.csv", keep_default_na=False)
    treated = set(groups.loc[groups["group"] == "pledger", "contributor_iso3"])
    left_out = set(groups.loc[groups["group"] == "left out", "contributor_iso3"])
    assert treated == pledgers - left_out
    assert treated
    controls = set(groups.loc[groups["group"] == "control", "contributor_iso3"])
    assert not controls & set(mine["pledger_iso3"])
    averages = pd.read_csv(folder / "event_study_averages.csv").set_index("horizon")
    assert averages.loc[12, "n_treated"] == len(treated)
    assert averages.loc[12, "ci_low"] < averages.loc[12, "estimate"] < averages.loc[12, "ci_high"]
    assert len(pd.read_csv(folder / "placebo.csv")) == 20
