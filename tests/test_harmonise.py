from __future__ import annotations

import pandas as pd
import pytest

from pkanalysis import harmonise
from pkanalysis.harmonise import (
    UnknownValuesError,
    clean_name,
    normalise_missions,
    to_iso3,
    un_name,
)


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


def test_rank_digits_quotes_and_breaks_are_cleaned_in_any_case():
    assert clean_name("NEPAL1") == "NEPAL"
    assert clean_name("12 'Nepal'") == "Nepal"
    assert clean_name("Xanadu X") == "Xanadu X"  # letters at either end are kept
    assert clean_name("Timor-Leste (Democratic Republic of)2") == (
        "Timor-Leste (Democratic Republic of)"
    )


def test_a_period_alias_from_a_date_on_and_the_boundary_days(monkeypatch):
    # IPI's "Serbia": Yugoslavia to 2003-02-03, Serbia and Montenegro 2003-02-04..2006-06-02
    days = pd.Series(pd.to_datetime(["2003-02-03", "2003-02-04", "2006-06-02", "2006-06-03"]))
    got = to_iso3(pd.Series(["Serbia"] * 4), days)
    assert got.tolist() == ["YUG", "SCG", "SCG", "SRB"]
    # an alias that only starts on a date (no end) applies from that day on
    table = pd.DataFrame(
        {
            "alias": ["Nepal"],
            "iso3": ["XNP"],
            "name": ["New Nepal"],
            "valid_from": pd.to_datetime(["2020-01-01"]),
            "valid_to": pd.to_datetime([None]),
            "note": [""],
        }
    )
    monkeypatch.setattr(harmonise, "country_aliases", lambda: table)
    when = pd.Series(pd.to_datetime(["2019-12-31", "2020-01-01"]))
    assert to_iso3(pd.Series(["Nepal", "Nepal"]), when).tolist() == ["NPL", "XNP"]


def test_the_result_is_a_string_column_on_the_names_index():
    names = pd.Series(["Nepal", "Fiji"], index=[7, 3], name="country")
    got = to_iso3(names)
    assert str(got.dtype).startswith("str")
    assert got.index.tolist() == [7, 3]


def test_an_unknown_name_is_a_country_by_default_and_can_warn_instead():
    with pytest.raises(harmonise.UnknownValuesError, match=r"^1 unknown country name\(s\): 'Oz'"):
        to_iso3(pd.Series(["Oz"]))
    with pytest.warns(UserWarning, match=r"^1 unknown country name\(s\): 'Oz'"):
        got = to_iso3(pd.Series(["Oz", "Nepal"]), errors="warn")
    assert got.isna().tolist() == [True, False]
    with pytest.raises(ValueError, match="^errors must be 'raise' or 'warn', not 'ignore'$"):
        to_iso3(pd.Series(["Nepal"]), errors="ignore")


def test_un_names_come_from_the_alias_table_or_the_m49_list():
    assert un_name("NPL") == "Nepal"
    assert un_name("NRU") == "Nauru"  # M49's short name, not OCHA's "Naoero"
    assert un_name("YUG") == "Yugoslavia"
    with pytest.raises(harmonise.UnknownValuesError, match="^unknown ISO3 code 'ZZZ'$"):
        un_name("ZZZ")


def test_squash_spaces_and_map_unique_keep_the_index_and_the_name():
    labels = pd.Series(["Contingent\nTroop", None, "Ind  Police"], index=[5, 6, 9], name="label")
    got = harmonise.squash_spaces(labels)
    assert got.tolist()[0] == "Contingent Troop"
    assert pd.isna(got.tolist()[1])
    assert got.tolist()[2] == "Ind Police"
    assert got.index.tolist() == [5, 6, 9]
    assert got.name == "label"


def test_mission_acronyms_with_spaces_keep_one_space():
    assert normalise_missions(pd.Series(["unamid  ii", "UNMIK\nPolice"])).tolist() == [
        "UNAMID II",
        "UNMIK POLICE",
    ]
