"""Property-based tests of name harmonisation (hypothesis): the printed noise the sources add to a
name (ranks, line breaks, stray quotes, case in acronyms) never changes what it maps to."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import pkanalysis as pk
from pkanalysis import harmonise

# Every contributor name the committed data print, with the code it was given.
_COUNTRIES = pk.load_countries()
NAMES = sorted(zip(_COUNTRIES["un_name"], _COUNTRIES["iso3"], strict=True))
ALIASES = harmonise.country_aliases()
UNDATED_ALIASES = sorted(
    zip(
        ALIASES.loc[ALIASES["valid_from"].isna() & ALIASES["valid_to"].isna(), "alias"],
        ALIASES.loc[ALIASES["valid_from"].isna() & ALIASES["valid_to"].isna(), "iso3"],
        strict=True,
    )
)
breaks = st.sampled_from([" ", "  ", "\n", " \n ", "\t"])


@st.composite
def printed(draw, name: str) -> str:
    """``name`` as a report or a CSV may print it."""
    words = name.split(" ")
    text = words[0]
    for word in words[1:]:
        text += draw(breaks) + word
    if draw(st.booleans()):
        text = f"{draw(st.integers(1, 150))} {text}"  # rank column run into the name
    elif draw(st.booleans()) and text[-1].isalpha():
        text += str(draw(st.integers(1, 9)))  # rank digit run into the end ("Albania1")
    quote = draw(st.sampled_from(["", "'", '"']))
    return draw(st.sampled_from(["", " "])) + text + quote + draw(st.sampled_from(["", " "]))


@given(st.data())
def test_printed_noise_never_changes_the_code_of_a_name(data):
    name, iso3 = data.draw(st.sampled_from(NAMES + UNDATED_ALIASES))
    noisy = data.draw(printed(name))
    assert harmonise.clean_name(noisy) == " ".join(name.split())
    assert harmonise.to_iso3(pd.Series([noisy])).tolist() == [iso3]


@given(st.text(max_size=40))
def test_cleaning_a_name_twice_changes_nothing(text):
    once = harmonise.clean_name(text)
    assert harmonise.clean_name(once) == once
    assert "  " not in once
    assert once == once.strip(" '\"")


@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=25))
def test_a_column_maps_row_by_row_and_keeps_its_index(pairs):
    names = pd.Series([n for n, _ in pairs], index=range(100, 100 + len(pairs)))
    got = harmonise.to_iso3(names)
    assert got.index.tolist() == names.index.tolist()
    assert got.tolist() == [code for _, code in pairs]


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2014, 12, 31))


@given(st.lists(days, min_size=1, max_size=20))
def test_a_dated_alias_applies_on_the_days_of_its_period_only(dates):
    """IPI's "Serbia": Yugoslavia up to 2003-02-03, Serbia and Montenegro to 2006-06-02, then
    Serbia itself (the oracle is the alias table read row by row)."""
    rows = ALIASES[ALIASES["alias"] == "Serbia"]

    def expected(day: pd.Timestamp) -> str:
        for row in rows.itertuples():
            after = pd.isna(row.valid_from) or day >= row.valid_from
            before = pd.isna(row.valid_to) or day <= row.valid_to
            if after and before:
                return row.iso3
        return "SRB"

    stamps = pd.Series(pd.to_datetime(dates))
    got = harmonise.to_iso3(pd.Series(["Serbia"] * len(dates)), stamps)
    assert got.tolist() == [expected(d) for d in stamps]


acronyms = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=9)


@given(acronyms, st.sampled_from(["", "'", '"', " "]), st.booleans())
def test_mission_acronyms_ignore_case_quotes_and_spaces(acronym, quote, lower):
    printed_as = (acronym.lower() if lower else acronym) + quote
    got = harmonise.normalise_missions(pd.Series([f" {printed_as} "]))
    expected = harmonise.mission_aliases().get(acronym, acronym)
    assert got.tolist() == [expected]
    # normalising again changes nothing
    assert harmonise.normalise_missions(got).tolist() == [expected]


@given(st.lists(st.one_of(st.none(), st.sampled_from(["a  b", "c", " d\n"])), max_size=30))
def test_map_unique_equals_mapping_every_row(values):
    series = pd.Series(values, dtype=object)

    def squash(v):
        return " ".join(v.split())

    got = harmonise.map_unique(series, squash)
    want = [None if v is None else squash(v) for v in values]
    assert [None if pd.isna(v) else v for v in got] == want
