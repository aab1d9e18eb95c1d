"""Names a reader knows in place of codes: conferences as city and year, countries by name."""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, country_name, gettext, tr

#: Cities of the conferences, as messages (a conference is "<city> <year>").
CITIES = (
    N_("New York"),
    N_("London"),
    N_("Paris"),
    N_("Vancouver"),
    N_("Seoul"),
    N_("Accra"),
    N_("Berlin"),
)


def conference_name(conference_id: str, lang: str) -> str:
    """A conference (or the cycle it opens) as its city and year: "Seoul 2021", "Séoul 2021".

    Examples
    --------
    >>> conference_name("2021 Seoul", "en"), conference_name("2016 London", "fr")
    ('Seoul 2021', 'Londres 2016')
    >>> conference_name("pre-2014", "fr")
    'avant 2014'
    """
    if conference_id == "pre-2014":
        return tr("before 2014", lang)
    year, _, city = str(conference_id).partition(" ")
    return tr("{city} {year}", lang, city=gettext(city, lang), year=year)


def conference_names(values: pd.Series, lang: str) -> pd.Series:
    """:func:`conference_name` of every value (missing stays missing)."""
    return values.map(lambda v: conference_name(str(v), lang) if pd.notna(v) else pd.NA).astype(
        object
    )


def country_names(values: pd.Series, lang: str) -> pd.Series:
    """UN short names of ISO3 codes (missing stays missing)."""
    return values.map(lambda v: country_name(v, lang) if pd.notna(v) else pd.NA).astype(object)
