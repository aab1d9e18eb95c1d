"""Languages of the briefs: the catalogue is complete, formats follow each language's rules."""

from __future__ import annotations

import re
import string

import pandas as pd
import pytest
from babel.numbers import parse_decimal
from hypothesis import given
from hypothesis import strategies as st

import pkanalysis as pk
from pkanalysis import i18n, tables
from pkanalysis.messages import messages_in_use, vocabulary_terms
from pkanalysis.vocab import CONFERENCE_CITIES


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _ids(message_id) -> tuple[str, ...]:
    return (message_id,) if isinstance(message_id, str) else tuple(message_id)


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_message_in_use_has_a_translation_with_the_same_placeholders(lang):
    used = messages_in_use()
    assert len(used) > 60  # the extractor finds the tables' headers and the vocabulary at least
    catalogue = i18n.catalogue(lang)
    problems = []
    for message in used:
        entry = catalogue.get(message.id)
        translations = () if entry is None else _ids(entry.string)
        if entry is None or entry.fuzzy or not all(translations):
            problems.append(f"{message.where}: no translation of {message.id!r}")
            continue
        wanted = set().union(*map(_placeholders, _ids(message.id)))
        for text in translations:
            if _placeholders(text) != wanted:
                problems.append(f"{message.where}: placeholders differ in {text!r}")
    assert not problems, "\n".join(problems)


def test_the_catalogue_holds_no_message_that_nothing_uses():
    used = {message.id for message in messages_in_use()}
    stale = [m.id for m in i18n.catalogue("fr") if m.id and m.id not in used]
    assert not stale, f"run scripts/update_catalogue.py; unused: {stale}"


def test_a_missing_translation_is_an_error_never_the_english_text():
    with pytest.raises(i18n.MissingTranslationError, match="no français translation"):
        i18n.tr("A sentence nobody translated.", "fr")
    assert i18n.tr("A sentence nobody translated.", "en") == "A sentence nobody translated."


def test_unknown_language_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown language 'es'; choose one of: 'en'"):
        i18n.format_number(1, "es")


def test_french_forms_of_numbers_shares_and_months():
    # The forms the issue asks for: 6 247 ; 5,3 % ; novembre 2023 (CLDR: narrow no-break
    # space between thousands, no-break space before the percent sign).
    assert i18n.format_number(6247, "fr") == "6\u202f247"
    assert i18n.format_percent(0.053, "fr") == "5,3\u00a0%"
    assert i18n.format_month(pd.Timestamp("2023-11-30"), "fr") == "novembre 2023"
    assert i18n.format_number(6247, "en") == "6,247"
    assert i18n.format_percent(0.053, "en") == "5.3%"
    assert i18n.format_month("2023-11-30", "en") == "November 2023"
    assert i18n.format_value(pd.NA, "fr") == i18n.format_value(float("nan"), "en") == "\u2013"


@given(st.integers(min_value=-(10**9), max_value=10**9), st.sampled_from(["en", "fr"]))
def test_whole_numbers_read_back_to_themselves(n, lang):
    assert parse_decimal(i18n.format_number(n, lang), locale=lang) == n


@given(st.integers(min_value=0, max_value=1000))
def test_french_plural_follows_n_greater_than_one(n):
    text = i18n.trn("{n} more row not shown.", "{n} more rows not shown.", n, "fr")
    assert text.endswith("lignes non affichées.") == (n > 1)


@pytest.mark.filterwarnings("error::DeprecationWarning")
def test_a_count_from_a_table_chooses_the_plural_like_an_int():
    # counts read from pandas are NumPy integers; gettext warns on those and will refuse them
    counts = pd.Series([1, 2], dtype="int64").to_numpy()
    texts = [
        i18n.trn("{n} more row not shown.", "{n} more rows not shown.", n, "fr") for n in counts
    ]
    assert texts == ["1 autre ligne non affichée.", "2 autres lignes non affichées."]
    with pytest.raises(TypeError):
        i18n.trn("{n} more row not shown.", "{n} more rows not shown.", 1.5, "fr")


def test_every_state_has_its_un_french_name():
    countries = pk.load_countries()
    assert countries["un_name_fr"].notna().all()
    names = dict(zip(countries["iso3"], countries["un_name_fr"], strict=True))
    assert names["CIV"] == "Côte d'Ivoire"
    assert names["KOR"] == "République de Corée"
    assert names["SCG"] == "Serbie-et-Monténégro"
    assert i18n.country_name("SEN", "fr") == "Sénégal"
    with pytest.raises(KeyError, match="'ZZZ'"):
        i18n.country_name("ZZZ", "fr")


def test_every_vocabulary_term_is_translated():
    assert {i18n.term(word, "fr") for word in vocabulary_terms()} >= {
        "Troupes",
        "Unités de police constituées",
    }


def _cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>.*?</td>", html, re.S)]


def test_a_table_shows_names_words_and_local_numbers_without_index_or_reprs():
    df = pd.DataFrame(
        {
            "contributor_iso3": ["NPL", "SEN"],
            "total": pd.array([6247, None], dtype="Int64"),
            "female_share": [0.053, None],
            "date": pd.to_datetime(["2023-11-30", "2023-10-31"]),
            "personnel_type": ["Troops", "Individual Police"],
        },
        index=[7, 9],
    )
    html = tables.table(df, "fr").as_raw_html()
    assert _cells(html) == [
        "Népal", "6\u202f247", "5,3\u00a0%", "novembre 2023", "Troupes",
        "Sénégal", "\u2013", "\u2013", "octobre 2023", "Policiers hors unités constituées",
    ]  # fmt: skip
    assert "Part des femmes" in html
    assert "Pays contributeur" in html
    for repr_text in ("NaN", "<NA>", "NaT", "dtype", "None"):
        assert repr_text not in re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"(src|href)=\"https?://", html)


def test_a_table_says_how_many_rows_it_leaves_out_and_when_it_has_none():
    df = pd.DataFrame({"mission": ["UNMISS", "MINUSCA", "UNIFIL"], "total": [3, 2, 1]})
    assert "2 more rows not shown." in tables.table(df, "en", max_rows=1).as_raw_html()
    empty = tables.table(df.iloc[0:0], "fr").as_raw_html()
    assert _cells(empty) == ["Aucun enregistrement."]


def test_a_column_without_a_header_is_refused_by_name():
    df = pd.DataFrame({"total": [1], "mystery_metric": [2.5]})
    with pytest.raises(ValueError, match="'mystery_metric'"):
        tables.table(df, "en")
    html = tables.table(df, "en", labels={"mystery_metric": "Share"}).as_raw_html()
    assert "2.5" in _cells(html)


def test_every_conference_city_is_in_the_vocabulary_and_translated():
    cities = set(pk.load_conferences()["city"])
    assert cities <= set(CONFERENCE_CITIES)
    assert i18n.term("Seoul", "fr") == "Séoul"
    assert i18n.term("London", "fr") == "Londres"
