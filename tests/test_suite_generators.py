"""Generated parameter sets of report suites, on a hand-made latest month."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import pkanalysis
from pkanalysis.report import suite

LATEST = pd.DataFrame(
    {
        "date": pd.to_datetime(["2025-06-30"] * 2 + ["2025-07-31"] * 6),
        "mission": ["OLD", "OLD", "UNMISS", "UNMISS", "UNIFIL", "UNIFIL", None, "MINUSCA"],
        "contributor_iso3": ["XXX", "NPL", "NPL", "IND", "IND", "FJI", "GHA", "PER"],
        "total": [9999, 5, 300, 200, 250, 40, 60, 0],
    }
)


@pytest.fixture
def latest(monkeypatch):
    monkeypatch.setattr(pkanalysis, "load_contributions", lambda: LATEST)


@pytest.mark.usefixtures("latest")
def test_contributors_of_the_latest_month_largest_first():
    # July 2025: IND 450, NPL 300, GHA 60, FJI 40; PER deployed no one; XXX only in June
    assert suite.generate("top_contributors", n=3) == ["IND", "NPL", "GHA"]
    assert suite.generate("top_contributors", n=10) == ["IND", "NPL", "GHA", "FJI"]
    assert suite.generate("current_contributors") == ["FJI", "GHA", "IND", "NPL"]


@pytest.mark.usefixtures("latest")
def test_missions_of_the_latest_month_in_order():
    assert suite.generate("active_missions") == ["MINUSCA", "UNIFIL", "UNMISS"]


def test_conferences_and_an_unknown_generator():
    assert suite.generate("conferences") == list(pkanalysis.load_conferences()["conference_id"])
    message = (
        "unknown generator 'missions'; valid generators: active_missions, current_contributors, "
        "top_contributors, conferences, latest_conference"
    )
    with pytest.raises(suite.SuiteError, match=f"^{re.escape(message)}$"):
        suite.generate("missions")


def test_the_real_top_contributors_are_the_largest_of_the_last_report():
    data = pkanalysis.load_contributions()
    last = data[data["date"] == data["date"].max()]
    sizes = last.groupby("contributor_iso3", observed=True)["total"].sum()
    top = suite.generate("top_contributors", n=5)
    assert [sizes[c] for c in top] == sorted(sizes, reverse=True)[:5]
