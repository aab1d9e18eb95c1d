"""Every notebook through papermill with non-default parameters, and with bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import papermill as pm
import pytest

from conftest import run_job
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
        ("parity_gap_2022.csv", {"personnel_type", "share", "target_2028", "gap_2028"}),
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
                assert cell["outputs"] == [] and cell["execution_count"] is None, path.name


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
    assert placebo.empty and "estimate" in placebo.columns
    text = out.read_text()
    if status is None:  # no recorded deployment pledge: nothing estimated, and it says so
        assert averages.empty and pd.read_csv(tmp_path / "event_study.csv").empty
        assert f"No deployment pledge is recorded for {conference_name(conference, 'en')}" in text
    else:
        assert (averages["status"] == status).all() and averages["estimate"].isna().all()
        assert "No placebo test: the 12-month window is not covered yet." in text


def test_follow_through_treats_the_registers_deployment_pledgers(tmp_path, monkeypatch):
    run(tmp_path, "pledge_follow_through", {"placebo_draws": 20}, monkeypatch)
    register = pd.read_csv(Path(__file__).resolve().parent.parent / "data" / "pledges.csv")
    mine = register[register["conference_id"] == "2015 New York"]
    pledgers = set(mine.loc[mine["commitment"] == "deployment", "pledger_iso3"])
    groups = pd.read_csv(tmp_path / "groups.csv", keep_default_na=False)
    treated = set(groups.loc[groups["group"] == "pledger", "contributor_iso3"])
    left_out = set(groups.loc[groups["group"] == "left out", "contributor_iso3"])
    assert treated == pledgers - left_out and treated
    controls = set(groups.loc[groups["group"] == "control", "contributor_iso3"])
    assert not controls & set(mine["pledger_iso3"])
    averages = pd.read_csv(tmp_path / "event_study_averages.csv").set_index("horizon")
    assert averages.loc[12, "n_treated"] == len(treated)
    assert averages.loc[12, "ci_low"] < averages.loc[12, "estimate"] < averages.loc[12, "ci_high"]
    assert len(pd.read_csv(tmp_path / "placebo.csv")) == 20
