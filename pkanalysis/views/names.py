"""Names a reader knows in place of codes: conferences as city and year, countries by name."""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, country_name, gettext, mission_name, term, tr


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
    if not (year.isdigit() and city):
        return str(conference_id)  # not "<year> <city>": shown as it is
    return tr("{city} {year}", lang, city=gettext(city, lang), year=year)


def conference_names(values: pd.Series, lang: str) -> pd.Series:
    """:func:`conference_name` of every value (missing stays missing)."""
    return values.map(lambda v: conference_name(str(v), lang) if pd.notna(v) else pd.NA).astype(
        object
    )


def country_names(values: pd.Series, lang: str) -> pd.Series:
    """UN short names of ISO3 codes (missing stays missing)."""
    return values.map(lambda v: country_name(v, lang) if pd.notna(v) else pd.NA).astype(object)


#: Groups of contributors (UN regional groups, regions, blocs), as messages.
GROUPS: dict[str, str] = {
    "African": N_("African States"),
    "Asia-Pacific": N_("Asia-Pacific States"),
    "Eastern European": N_("Eastern European States"),
    "GRULAC": N_("Latin American and Caribbean States"),
    "WEOG": N_("Western European and other States"),
    "Africa": N_("Africa"),
    "Americas": N_("Americas"),
    "Asia": N_("Asia"),
    "Europe": N_("Europe"),
    "Oceania": N_("Oceania"),
    "au": N_("African Union"),
    "eu": N_("European Union"),
    "g77": N_("Group of 77"),
    "nam": N_("Non-Aligned Movement"),
    "p5": N_("Permanent members of the Security Council"),
}


def group_name(value, grouping: str, lang: str) -> str:
    """A value of a grouping column in words: a personnel type, country, group or mission.

    Examples
    --------
    >>> group_name("GRULAC", "un_regional_group", "fr")
    "États d'Amérique latine et des Caraïbes"
    >>> group_name("NPL", "contributor_iso3", "en"), group_name("Troops", "personnel_type", "fr")
    ('Nepal', 'Troupes')
    """
    if pd.isna(value):
        return gettext(N_("not assigned"), lang)
    if grouping.endswith("_iso3"):
        return country_name(value, lang)
    if grouping == "personnel_type":
        return term(value, lang)
    if grouping == "mission" or grouping.endswith("_mission"):
        return mission_name(str(value), lang)
    if value in GROUPS:
        return gettext(GROUPS[value], lang)
    return str(value)


def group_names(values: pd.Series, grouping: str, lang: str) -> pd.Series:
    """:func:`group_name` of every value, as text."""
    return values.map(lambda v: group_name(v, grouping, lang)).astype(object)


def mission_names(values: pd.Series, lang: str, sep: str | None = None) -> pd.Series:
    """Missions' acronyms as the UN writes them in ``lang`` (UNMISS -> MINUSS); with ``sep``,
    each value is a list of acronyms joined by it.  Missing stays missing."""

    def name(value):
        if pd.isna(value) or value == "":
            return pd.NA
        if sep is None:
            return mission_name(str(value), lang)
        return sep.join(mission_name(m, lang) for m in str(value).split(sep))

    return values.map(name).astype(object)
