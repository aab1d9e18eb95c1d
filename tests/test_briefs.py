"""Briefs: key facts against numbers computed here by hand, in English and French; sections
without missing translations; subjects with suggestions; the command; the French mission names."""

from __future__ import annotations

import re

import pandas as pd
import pandera.errors
import pytest

import pkanalysis as pk
from pkanalysis import i18n, mission_names
from pkanalysis.briefs import common, conference, country, document, mission, subjects
from pkanalysis.cli import main

NNBSP = "\u202f"  # CLDR's French thousands separator
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def contributions():
    return pk.load_contributions()


@pytest.fixture(scope="module")
def conferences():
    return pk.load_conferences()


def _frame(rows):
    df = pd.DataFrame(
        rows, columns=["date", "contributor_iso3", "mission", "personnel_type", "female", "total"]
    )
    df["date"] = pd.to_datetime(df["date"])
    df["female"] = df["female"].astype("Int64")
    df["source"] = "un_dpo_contributions_monthly_pdfs/x.pdf"
    return df


# --- country facts on small frames ---------------------------------------------------------

SMALL = _frame(
    [
        ("2023-10-31", "NPL", "UNMISS", "Troops", 500, 5000),
        ("2023-10-31", "IND", "UNMISS", "Troops", 100, 5500),
        ("2023-11-30", "NPL", "UNMISS", "Troops", 600, 4000),
        ("2023-11-30", "NPL", "UNIFIL", "Troops", 100, 2000),
        ("2023-11-30", "NPL", "UNIFIL", "Staff Officers", 20, 247),
        ("2023-11-30", "IND", "UNMISS", "Troops", 300, 6000),
        ("2023-11-30", "SEN", "MINUSCA", "Formed Police Units", None, 0),
    ]
)
NO_PLEDGES = pd.DataFrame(columns=["conference_id", "pledger_iso3"])


def test_small_frame_numbers_are_the_hand_computed_ones():
    s = country.standing(SMALL, "NPL")
    assert (s["total"], s["rank"], s["contributors"]) == (6247, 1, 2)  # 4000 + 2000 + 247
    assert country.standing(SMALL, "IND")["rank"] == 2
    assert country.standing(SMALL, "SEN")["total"] == 0  # a row of zero is no deployment
    totals = country.monthly_totals(SMALL, "NPL")
    assert country.peak(totals) == {"month": pd.Timestamp("2023-11-30"), "total": 6247}
    w = common.latest_women(SMALL[SMALL["contributor_iso3"] == "NPL"])
    assert (w["female"], w["total"]) == (720, 6247)
    m = country.missions(SMALL, "NPL")
    assert m[["mission", "total"]].values.tolist() == [["UNMISS", 4000], ["UNIFIL", 2247]]
    kind = country.largest_type(SMALL, "NPL", pd.Timestamp("2023-11-30"))
    assert (kind["personnel_type"], kind["total"], kind["of"]) == ("Troops", 6000, 6247)


def test_small_frame_key_facts_in_english_and_french(conferences):
    en = country.key_facts("NPL", SMALL, NO_PLEDGES, conferences, None, None, "en")
    assert [f.text for f in en] == [
        "Nepal deployed 6,247 uniformed personnel in November 2023, the largest contribution "
        "of any state.",
        "Its largest deployment was 6,247 uniformed personnel, in November 2023.",
        "Largest category in November 2023: Troops, 6,000 of 6,247 (96.0%).",
        "Women were 11.5% of its uniformed personnel in November 2023 (720 of 6,247).",
        "It served in 2 missions in November 2023; the largest contingent was in UNMISS (4,000).",
        "The pledge register records no pledge by this state.",
    ]
    fr = country.key_facts("NPL", SMALL, NO_PLEDGES, conferences, None, None, "fr")
    assert fr[0].text == (
        f"Népal{NBSP}: 6{NNBSP}247 membres du personnel en tenue déployés en novembre 2023, la "
        "contribution la plus importante de tous les États."
    )
    assert fr[3].text == (
        f"Part des femmes dans le personnel en tenue en novembre 2023{NBSP}: "
        f"11,5{NBSP}% (720 sur 6{NNBSP}247)."
    )
    assert f"MINUSS (4{NNBSP}000)" in fr[4].text  # the UN's French acronym of UNMISS
    assert [f.month for f in en] == [pd.Timestamp("2023-11-30")] * 5 + [None]


def test_rank_and_singular_forms(conferences):
    india = country.key_facts("IND", SMALL, NO_PLEDGES, conferences, None, None, "en")[0]
    assert india.text == (
        "India deployed 6,000 uniformed personnel in November 2023, rank 2 of 2 contributing "
        "states."
    )
    one = _frame([("2024-01-31", "FJI", "UNDOF", "Troops", 0, 1)])
    facts = country.key_facts("FJI", one, NO_PLEDGES, conferences, None, None, "fr")
    assert facts[0].text.startswith(f"Fidji{NBSP}: 1 membre du personnel en tenue déployé en")
    assert "dans 1 mission en janvier 2024" in facts[4].text


def test_a_state_absent_in_the_latest_month_says_when_it_last_deployed(conferences):
    frame = pd.concat([SMALL, _frame([("2023-12-31", "IND", "UNMISS", "Troops", 0, 10)])])
    fact = country.key_facts("NPL", frame, NO_PLEDGES, conferences, None, None, "en")[0]
    assert fact.text == (
        "Nepal deployed no uniformed personnel in December 2023; the last month with any was "
        "November 2023 (6,247 personnel)."
    )


# --- country facts on the real data --------------------------------------------------------------


def test_real_country_facts_match_a_computation_by_hand(contributions, conferences):
    pledges, fat = pk.load_pledges(), pk.load_fatalities()
    brief = country.CountryBrief(
        "NPL", "en", contributions, conferences, pledges, fat, pk.coverage()
    )
    facts = {f.key: f for f in brief.key_facts()}
    latest = contributions["date"].max()
    now = contributions[contributions["date"] == latest].groupby("contributor_iso3")["total"]
    sizes = now.sum()
    nepal = int(sizes["NPL"])
    rank = int((sizes > nepal).sum()) + 1
    assert facts["latest"].values["total"] == nepal
    assert facts["latest"].values["rank"] == rank
    assert i18n.format_number(nepal, "en") in facts["latest"].text
    assert i18n.format_month(latest, "en") in facts["latest"].text
    mine = contributions[contributions["contributor_iso3"] == "NPL"]
    by_month = mine.groupby("date")["total"].sum()
    assert facts["peak"].values == {"month": by_month.idxmax(), "total": int(by_month.max())}
    split = mine[mine["female"].notna()]
    last = split[split["date"] == split["date"].max()]
    share = last["female"].sum() / last["total"].sum()
    assert i18n.format_percent(share, "en") in facts["women"].text
    assert facts["pledges"].values["rows"] == int((pledges["pledger_iso3"] == "NPL").sum())
    # Deaths per 1,000 personnel-years from the fatality rows and the monthly strengths.
    start, end = facts["fatalities"].values["start"], facts["fatalities"].values["end"]
    window = mine[mine["date"].between(start, end)]
    months = contributions.loc[contributions["date"].between(start, end), "date"].nunique()
    years = window["total"].sum() / months * ((end.year - start.year) * 12 + end.month) / 12
    deaths = fat[
        (fat["nationality_iso3"] == "NPL")
        & fat["incident_date"].between(start, end)
        & fat["personnel_type"].isin(["Military", "Police", "Military Observer"])
    ]
    assert facts["fatalities"].values["fatalities"] == len(deaths)
    assert facts["fatalities"].values["rate"] == pytest.approx(len(deaths) / years * 1000, abs=5e-4)
    assert "deaths per 1,000 personnel-years" in facts["fatalities"].text


def test_the_same_country_facts_in_french_state_the_same_numbers(contributions, conferences):
    args = (contributions, conferences, pk.load_pledges(), pk.load_fatalities(), pk.coverage())
    en = country.CountryBrief("SEN", "en", *args).key_facts()
    fr = country.CountryBrief("SEN", "fr", *args).key_facts()
    assert [f.key for f in en] == [f.key for f in fr]
    for a, b in zip(en, fr, strict=True):
        assert a.values == b.values
        assert a.month == b.month
        numbers = re.findall(r"\d{1,3}(?:,\d{3})+", a.text)
        for n in numbers:
            if "," in n:  # 1,234 in English is 1 234 in French
                assert n.replace(",", NNBSP) in b.text
    assert fr[0].text.startswith(f"Sénégal{NBSP}:")
    assert "décès pour 1\u202f000 années-personnes" in fr[-1].text


# --- missions ------------------------------------------------------------------------------------


def test_strength_says_which_source_each_month_comes_from():
    c = _frame(
        [
            ("2015-01-31", "NPL", "X", "Troops", 0, 3),
            ("2015-01-31", "IND", "X", "Troops", 0, 4),
        ]
    )
    c.loc[1, "source"] = "ipi_providing_for_peacekeeping/full_gender_data.csv"
    c = pd.concat([c, c.assign(date=pd.Timestamp("2015-03-31"))], ignore_index=True)
    c.loc[c["date"] == "2015-03-31", "source"] = "ipi_providing_for_peacekeeping/x.csv"
    totals = pd.DataFrame(
        {"date": pd.to_datetime(["2014-10-31", "2015-01-31"]), "mission": "X", "total": [9, 8]}
    )
    s = mission.strength(c, totals, "X", gaps=True)
    assert s["source"].tolist() == ["ipi_totals", "none", "none", "un", "none", "ipi_contributors"]
    assert s["total"].tolist()[0] == 9
    assert s["total"].tolist()[3] == 7
    assert s["total"].isna().sum() == 3  # gaps are missing, so lines break


def test_real_mission_facts_match_a_computation_by_hand(contributions):
    brief = mission.build("UNMISS", "en")
    facts = {f.key: f for f in brief.key_facts()}
    rows = contributions[contributions["mission"] == "UNMISS"]
    last = rows[rows["date"] == rows["date"].max()]
    assert facts["latest"].values["total"] == int(last["total"].sum())
    by_state = last.groupby("contributor_iso3")["total"].sum()
    by_state = by_state[by_state > 0]
    assert facts["contributors"].values["states"] == len(by_state)
    assert facts["contributors"].values["largest"] == by_state.idxmax()
    assert i18n.country_name(by_state.idxmax(), "en") in facts["contributors"].text
    assert facts["dates"].text == "UNMISS has been deployed since 8 July 2011."
    fr = mission.build("UNMISS", "fr").key_facts()
    assert fr[0].text == f"MINUSS{NBSP}: déploiement depuis le 8 juillet 2011."


def test_a_closed_mission_reports_its_last_month_with_personnel():
    facts = {f.key: f for f in mission.build("MINUSMA", "en").key_facts()}
    assert facts["latest"].values["total"] > 0
    assert facts["latest"].text.endswith("the last month recorded.")
    assert facts["dates"].text == "MINUSMA ran from 25 April 2013 to 31 December 2023."


# --- conferences ---------------------------------------------------------------------------------


def test_conference_facts_match_a_computation_by_hand(contributions, conferences):
    a = conference.around(contributions, conferences, "2021 Seoul")
    totals = contributions.groupby("date")["total"].sum()
    assert a["before"] == totals[pd.Timestamp("2021-11-30")]
    assert a["after"] == totals[pd.Timestamp("2022-12-31")]
    assert a["complete"]
    late = conference.around(contributions, conferences, "2025 Berlin")
    assert not late["complete"]
    assert late["after_month"] == contributions["date"].max()
    pledges = pk.load_pledges()
    reg = conference.register(pledges, "2021 Seoul")
    mine = pledges[pledges["conference_id"] == "2021 Seoul"]
    assert reg == {"rows": len(mine), "states": mine["pledger_iso3"].nunique()}
    brief = conference.build("seoul-2021", "fr")
    facts = {f.key: f.text for f in brief.key_facts()}
    assert facts["meeting"].startswith("Réunion ministérielle de Séoul")
    assert f"{len(mine)} engagements pour Séoul 2021" in facts["register"]


def test_every_conference_name_city_category_and_unit_in_the_data_is_translated(conferences):
    for row in conferences.itertuples():
        assert conference.conference_name(row.name, "fr")
        assert document.conference_label(row.conference_id, conferences, "fr")
    pledges = pk.load_pledges()
    for category in pledges["category"].dropna().unique():
        assert conference.category_label(category, "fr")
    for unit in pledges["unit"].dropna().unique():
        assert country.unit_label(unit, "fr") not in ("", "\u2013")
    with pytest.raises(KeyError, match="'fleet'"):
        country.unit_label("fleet", "fr")


# --- whole briefs, both languages ----------------------------------------------------------------


def _sections(brief):
    return [getattr(brief, name)() for name in dir(brief) if name.endswith("_section")]


@pytest.mark.parametrize(
    ("kind", "subject"),
    [
        ("country", "BFA"),
        ("country", "YUG"),
        ("mission", "UNPROFOR"),
        ("conference", "2014 New York"),
    ],
)
def test_every_section_is_written_in_french_without_a_missing_translation(
    kind, subject, tmp_path, monkeypatch
):
    monkeypatch.setenv("PKANALYSIS_OUTPUT", str(tmp_path))
    build = {"country": country.build, "mission": mission.build, "conference": conference.build}
    brief = build[kind](subject, "fr")
    facts = brief.key_facts()
    assert facts
    assert all(f.text.endswith(".") for f in facts)
    for section in _sections(brief):
        assert section.heading
        assert section.reading
        html = section.table.as_raw_html() if section.table is not None else ""
        for repr_text in ("NaN", "<NA>", "NaT", "dtype", "None"):
            assert repr_text not in re.sub(r"<[^>]+>", " ", html)


def test_a_state_without_pledges_says_none_recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("PKANALYSIS_OUTPUT", str(tmp_path))
    pledgers = set(pk.load_pledges()["pledger_iso3"])
    latest = pk.load_contributions()
    latest = latest[latest["date"] == latest["date"].max()]
    iso3 = sorted(set(latest["contributor_iso3"]) - pledgers)[0]
    section = country.build(iso3, "en").pledges_section()
    assert "None recorded." in section.table.as_raw_html()
    assert "The register holds no pledge by" in section.reading


# --- subjects and the command --------------------------------------------------------------------


def test_subjects_accept_names_and_suggest_close_values(contributions, conferences):
    assert subjects.check_country("Senegal", contributions) == "SEN"
    assert subjects.check_conference("Accra 2023", conferences) == "2023 Accra"
    with pytest.raises(ValueError, match=r"unknown mission 'UNMIS S'; did you mean UNMISS"):
        subjects.check_mission("UNMIS S")
    with pytest.raises(ValueError, match="unknown kind of brief 'region'"):
        subjects.check_subject("region", "Africa")


def test_brief_command_refuses_a_bad_subject_in_one_line(capsys):
    assert main(["brief", "country", "Nepall", "--lang", "fr"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("pkanalysis: error: unknown contributor 'Nepall'; did you mean NPL")
    assert main(["brief", "mission", "UNMISS", "--lang", "de"]) == 2
    assert "unknown language 'de'" in capsys.readouterr().err


def test_brief_command_writes_the_html_figures_and_tables(tmp_path, capsys):
    assert main(["brief", "conference", "berlin-2025", "--lang", "fr", "--out", str(tmp_path)]) == 0
    path = capsys.readouterr().out.strip()
    html = open(path, encoding="utf-8").read()
    assert path.startswith(str(tmp_path))
    assert path.endswith("conference_brief.html")
    assert "Fiche conférence" in html
    assert "Berlin 2025" in html
    folder = tmp_path.joinpath(path).parent
    assert (folder / "personnel_around_conference.svg").stat().st_size > 1000
    assert (folder / "pledges_by_category.csv").exists()


# --- French mission names ------------------------------------------------------------------------


def test_every_mission_a_brief_can_show_has_a_sourced_french_name():
    table = mission_names.load_mission_names_fr().set_index("mission")
    shown = subjects.brief_missions()
    missing = sorted(set(shown) - set(table.index))
    assert not missing, f"no French name in {mission_names.path()} for {missing}"
    assert set(pk.load_contributions()["mission"].dropna()) <= set(shown)
    for acronym in shown:
        row = table.loc[acronym]
        assert re.match(r"^(https?://\S+|S/(RES|PRST)/\S+.*|S/\d{4}/\d+)$", row["source"]), acronym
        assert pd.Timestamp(row["source_date"]).year >= 1948
    assert (
        i18n.mission_name("UNIFIL", "fr", long=True)
        == "Force intérimaire des Nations Unies au Liban"
    )
    assert i18n.mission_name("UNMISS", "fr") == "MINUSS"


def test_the_mission_name_table_refuses_a_row_without_source_and_names_unknown_missions():
    bad = mission_names.load_mission_names_fr().copy()
    bad.loc[0, "source"] = ""
    with pytest.raises(pandera.errors.SchemaError, match="source"):
        mission_names.MissionNamesFr.validate(bad)
    with pytest.raises(KeyError, match="no French name for the mission 'UNXYZ'"):
        i18n.mission_name("UNXYZ", "fr")


# --- the briefing pack's generators --------------------------------------------------------------


def test_pack_generators_pick_the_latest_conference_largest_contributors_active_missions(
    contributions, conferences
):
    from pkanalysis.report import generate

    assert generate("latest_conference") == [
        conferences.loc[conferences["start_date"].idxmax(), "conference_id"]
    ]
    latest = contributions[contributions["date"] == contributions["date"].max()]
    sizes = latest.groupby("contributor_iso3")["total"].sum()
    top = generate("top_contributors", 10)
    assert len(top) == 10
    assert sizes[top].min() >= sizes.drop(top).max()
    assert list(sizes[top]) == sorted(sizes[top], reverse=True)
    missions = generate("active_missions")
    assert missions == sorted(latest["mission"].dropna().unique())
    for acronym in missions:  # every one can be briefed, in French too
        assert subjects.check_mission(acronym) == acronym
        assert i18n.mission_name(acronym, "fr")


def test_the_largest_category_is_set_against_its_sourced_target():
    rows = _frame(
        [
            ("2025-01-31", "NPL", "UNIFIL", "Troops", 90, 1000),
            ("2025-02-28", "NPL", "UNIFIL", "Troops", 110, 1000),
            ("2025-02-28", "NPL", "UNIFIL", "Individual Police", 30, 100),
        ]
    )
    targets = pd.DataFrame(
        {"personnel_type": ["Troops", "Individual Police"], "year": [2025, 2025],
         "target_female_share": [0.12, 0.3], "source": ["s", "s"]}
    )  # fmt: skip
    c = common.category_against_target(rows, targets)
    assert (c["category"], c["female"], c["total"], c["target"]) == ("troops", 200, 2000, 0.12)
    assert c["share"] == pytest.approx(0.1)
    assert common.category_against_target(rows, targets.iloc[1:])["target"] is None
