"""Reference tables from the snapshot: schema, primary key and facts checked against sources."""

from __future__ import annotations

import pandas as pd

import pkanalysis as pk
from pkanalysis import schemas


def test_missions_schema_key_and_facts():
    missions = pk.load_missions()
    schemas.Mission.validate(missions)
    assert missions["mission"].is_unique
    m = missions.set_index("mission")
    # MINUSMA's mandate ended on 30 June 2023 and withdrawal on 31 December 2023 (S/RES/2690).
    assert m.loc["MINUSMA", "end_date"] == pd.Timestamp("2023-12-31")
    assert not m.loc["MINUSMA", "active"]
    assert m.loc["UNTAG", "counted_in_71"]
    assert m.loc["UNTAG", "kind"] == "peacekeeping operation"
    assert m.loc["UNAMA", "kind"] == "special political mission"
    assert m.loc["UNEF", "umbrella"]
    assert not m.loc["UNEF", "counted_in_71"]
    assert m.loc["UNEF I", "part_of"] == "UNEF"
    assert m.loc["UNMIK", "host_iso3"] == "SRB;XKX"  # KSV in the crosswalk is not ISO
    assert (missions["longitude"].dropna().abs() <= 180).all()


def test_every_mission_in_the_data_resolves():
    known = set(pk.load_missions()["mission"])
    used = set(pk.load_contributions()["mission"].dropna().astype(str))
    used |= set(pk.load_fatalities()["mission"]) | set(pk.load_mission_strength()["mission"])
    assert used <= known


def test_fatalities_deduplicated_with_codes_repaired():
    fatalities = pk.load_fatalities()
    schemas.Fatality.validate(fatalities)
    # 4,429 rows in the Data Hub export, six UNMIK deaths listed twice (PROVENANCE.md).
    assert len(fatalities) == 4423
    assert fatalities["casualty_id"].is_unique
    civ = fatalities[fatalities["nationality"] == "Côte dIvoire"]
    assert len(civ) == 29
    assert (civ["nationality_iso3"] == "CIV").all()
    assert not fatalities["personnel_type"].str.endswith(" ").any()
    assert (
        pk.load_fatalities(missions="UNMIK", start="2003-01", end="2005-12")["nationality_iso3"]
        .value_counts()
        .get("SCG", 0)
        >= 6
    )


def test_countries_cover_every_contributor_with_groups():
    countries = pk.load_countries()
    schemas.LoadedCountry.validate(countries)
    assert countries["iso3"].is_unique
    used = set(pk.load_contributions()["contributor_iso3"].astype(str))
    assert used <= set(countries["iso3"])
    c = countries.set_index("iso3")
    assert c.loc["BRA", "un_regional_group"] == "GRULAC"
    assert c.loc["FRA", "p5"]
    assert c.loc["FRA", "eu"]
    assert not c.loc["GBR", "eu"]
    assert c.loc["NGA", "au"]
    assert c.loc["NGA", "un_regional_group"] == "African"
    assert c.loc["KOR", "m49"] == 410
    assert c.loc["SCG", "un_name"] == "Serbia and Montenegro"


def test_contributions_schema_grain_and_a_printed_figure():
    df = pk.load_contributions()
    schemas.Contributions.validate(df)  # every row, IPI's and the reports' alike
    key = ["date", "mission", "contributor_iso3", "personnel_type"]
    assert not df.duplicated(key).any()
    # July 2025 report, grand total printed: 54,915 men, 6,212 women, 61,127 in all.
    july = df[df["date"] == "2025-07-31"]
    assert (int(july["male"].sum()), int(july["female"].sum()), int(july["total"].sum())) == (
        54915,
        6212,
        61127,
    )
    months = pd.date_range("1990-11-30", "2025-07-31", freq="ME")
    missing = sorted(f"{m:%Y-%m}" for m in set(months) - set(df["date"]))
    assert missing == [
        "2014-09",
        "2014-10",
        "2014-11",
        "2014-12",
        "2015-03",
        "2016-03",
        "2017-03",
        "2020-06",
        "2022-07",
    ]


def test_catalogue_knows_every_loader():
    assert pk.list_datasets() == [
        "bloc_membership",
        "capability_requirements",
        "conferences",
        "contributions",
        "countries",
        "fatalities",
        "mission_strength",
        "missions",
        "parity_targets",
        "pledge_counts",
        "pledge_coverage",
        "pledges",
        "unit_sizes",
    ]
    for name in pk.list_datasets():
        assert pk.cite(name)
        assert len(pk.load(name)) > 0
