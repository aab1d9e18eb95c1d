from __future__ import annotations

import pandas as pd
import pytest

from pkanalysis.harmonise import UnknownValuesError, normalise_missions, to_iso3, un_name


def test_un_and_ipi_spellings_map_to_one_code():
    names = pd.Series(
        [
            "Côte d'Ivoire",
            "Cote d Ivoire",
            "Republic of Korea",
            "DR Congo",
            "Turkey",
            "Türkiye",
            "The former Yugoslav Republic of Macedonia",
            "Macedonia",
            "Viet Nam",
            "Vietnam",
            "Argentina2",
        ]
    )
    assert to_iso3(names).tolist() == [
        "CIV",
        "CIV",
        "KOR",
        "COD",
        "TUR",
        "TUR",
        "MKD",
        "MKD",
        "VNM",
        "VNM",
        "ARG",
    ]


def test_historic_states_depend_on_the_month():
    names = pd.Series(["Serbia", "Serbia", "Serbia", "Serbia and Montenegro"])
    dates = pd.Series(pd.to_datetime(["1999-06-30", "2005-01-31", "2010-01-31", "2004-01-31"]))
    assert to_iso3(names, dates).tolist() == ["YUG", "SCG", "SRB", "SCG"]
    assert un_name("SCG") == "Serbia and Montenegro"


def test_unknown_names_are_all_listed():
    with pytest.raises(UnknownValuesError) as err:
        to_iso3(pd.Series(["Narnia", "Nepal", "Atlantis", "Narnia"]), what="contributor")
    assert str(err.value) == (
        "2 unknown contributor name(s): 'Atlantis', 'Narnia'; add them to "
        "data/country_aliases.csv with a source"
    )


def test_unknown_names_can_warn_instead():
    with pytest.warns(UserWarning, match="'Narnia'"):
        out = to_iso3(pd.Series(["Narnia", "Nepal"]), errors="warn")
    assert out.isna().tolist() == [True, False]


def test_mission_acronyms_are_normalised():
    assert normalise_missions(pd.Series(["ONUCI", " unmiss ", "MINUSMA'"])).tolist() == [
        "UNOCI",
        "UNMISS",
        "MINUSMA",
    ]


def test_without_a_date_a_period_alias_applies_only_to_a_name_with_no_match_of_its_own():
    # "Serbia" is also Serbia's own name: undated, it is Serbia; "Yugoslavia" has no other
    # meaning, so its alias applies whatever the date.
    names = pd.Series(["Serbia", "Yugoslavia", "Serbia and Montenegro"])
    assert to_iso3(names).tolist() == ["SRB", "YUG", "SCG"]


def test_a_rank_inside_a_trailing_quote_is_removed():
    assert to_iso3(pd.Series(["Albania1'", "12 Nepal'"])).tolist() == ["ALB", "NPL"]
