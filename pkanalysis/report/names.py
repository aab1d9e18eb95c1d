"""What a report is called: its notebook's title and its parameters in words, in its language.

A run index lists reports by name, not by parameter dump: ``country_brief`` with ``iso3=NPL`` is
"Country brief: Nepal" in English and "Fiche pays : Népal" in French.  Countries take their UN
short names (:func:`pkanalysis.i18n.country_name`), conferences their city and year ("Seoul
2021"), vocabulary words their translation; options other than the subject follow in brackets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import (
    N_,
    country_name,
    format_month,
    format_number,
    gettext,
    mission_name,
    term,
    tr,
)
from ..views.names import conference_name

#: Notebook -> (title of one report, heading of the group of its reports), as messages.
NOTEBOOKS: dict[str, tuple[str, str]] = {
    "country_brief": (N_("Country brief"), N_("Country briefs")),
    "mission_brief": (N_("Mission brief"), N_("Mission briefs")),
    "conference_brief": (N_("Conference brief"), N_("Conference briefs")),
    "data_quality": (N_("Data quality"), N_("Data quality")),
    "contribution_trends": (N_("Contribution trends"), N_("Contribution trends")),
    "pledge_follow_through": (N_("Pledge follow-through"), N_("Pledge follow-through")),
    "capability_gaps": (N_("Capability gaps"), N_("Capability gaps")),
    "gender_parity_gap": (N_("Gender parity gap"), N_("Gender parity gap")),
    "burden_sharing": (
        N_("Burden sharing and the drawdown"),
        N_("Burden sharing and the drawdown"),
    ),
}

#: Parameters that say what a report is about, in the order they are named.
SUBJECTS = (
    "iso3",
    "contributor",
    "contributors",
    "mission",
    "conference",
    "cycle",
    "first_cycle",
    "last_cycle",
    "year",
    "personnel_type",
    "personnel_types",
)
#: Subjects named by their default value when a job does not set them ("Country brief:
#: Bangladesh" for the country brief run with its defaults).
DEFAULT_SUBJECTS = ("iso3", "contributor", "mission", "conference", "cycle", "year")

#: Values of option parameters, as messages (the codes themselves mean nothing to a reader).
OPTION_VALUES: dict[str, dict[Any, str]] = {
    "measure": {"annual": N_("annual average"), "december": N_("December reports")},
    "share_by": {
        "region": N_("by region"),
        "un_regional_group": N_("by UN regional group"),
        "bloc": N_("by bloc"),
    },
    "grouping": {
        "personnel_type": N_("by personnel type"),
        "un_regional_group": N_("by UN regional group"),
        "contributor_iso3": N_("by contributor"),
        "mission": N_("by mission"),
    },
    "controls": {"all": N_("all controls"), "size-matched": N_("size-matched controls")},
    "outcome": {"log1p": N_("proportional change"), "level": N_("personnel per state")},
    "include_spm": {
        True: N_("special political missions included"),
        False: N_("peacekeeping operations only"),
    },
}

#: Numeric options: a sentence fragment with the value as ``{n}``.
OPTION_NUMBERS: dict[str, str] = {
    "max_rows": N_("{n} rows per listing"),
    "top_n": N_("top {n}"),
    "top_contingents": N_("{n} largest contingents"),
    "placebo_draws": N_("{n} placebo draws"),
    "seed": N_("seed {n}"),
    "max_exposure": N_("exposure up to {n}"),
}


def _value(name: str, value: Any, lang: str) -> str:
    if name in ("iso3", "contributor"):
        return country_name(str(value).upper(), lang)
    if name == "contributors":
        return ", ".join(country_name(str(v).upper(), lang) for v in value)
    if name == "mission":
        try:
            return mission_name(str(value), lang)
        except KeyError:  # given in lower case (the notebook's check accepts it)
            return mission_name(str(value).upper(), lang)
    if name in ("conference", "cycle", "first_cycle", "last_cycle"):
        return conference_name(value, lang)
    if name == "personnel_type":
        return term(value, lang)
    if name == "personnel_types":
        return ", ".join(term(v, lang) for v in value)
    if name in ("start_month", "end_month"):
        return format_month(value, lang)
    if name in OPTION_VALUES and value in OPTION_VALUES[name]:
        return gettext(OPTION_VALUES[name][value], lang)
    if name in OPTION_NUMBERS:
        decimals = 0 if float(value).is_integer() else 2
        return gettext(OPTION_NUMBERS[name], lang).format(n=format_number(value, lang, decimals))
    return str(value)  # a year


def report_title(
    notebook: str,
    parameters: Mapping[str, Any],
    lang: str,
    defaults: Mapping[str, Any] | None = None,
) -> str:
    """The name of a report in ``lang``: the notebook's title, then its parameters in words.

    Parameters
    ----------
    notebook : str
        The notebook's name (a notebook this module does not know keeps its file name).
    parameters : mapping
        The job's parameters (``lang`` is the language, not part of the name).
    lang : {"en", "fr"}
        The language of the report, and so of its name.
    defaults : mapping, optional
        The notebook's declared parameters: a subject the job leaves at its default (a
        country, mission, conference, cycle or year) is named too.

    Examples
    --------
    >>> report_title("country_brief", {"iso3": "NPL", "lang": "fr"}, "fr")
    'Fiche pays\\xa0: Népal'
    >>> report_title("conference_brief", {"conference": "2021 Seoul"}, "en")
    'Conference brief: Seoul 2021'
    >>> report_title("burden_sharing", {"share_by": "region", "start_month": "2016-01"}, "en")
    'Burden sharing and the drawdown (by region, from January 2016)'
    >>> report_title("data_quality", {}, "en")
    'Data quality'
    """
    title = gettext(NOTEBOOKS[notebook][0], lang) if notebook in NOTEBOOKS else notebook
    given = {k: v for k, v in (defaults or {}).items() if k in DEFAULT_SUBJECTS}
    shown = {k: v for k, v in {**given, **parameters}.items() if k != "lang"}
    subjects, options = [], []
    for key in SUBJECTS:
        if key not in shown or key == "last_cycle" and "first_cycle" in shown:
            continue
        if key == "first_cycle" and "last_cycle" in shown:
            first, last = (_value(k, shown[k], lang) for k in ("first_cycle", "last_cycle"))
            subjects.append(tr("{first} to {last}", lang, first=first, last=last))
        else:
            subjects.append(_value(key, shown[key], lang))
    for key, value in shown.items():
        if key in SUBJECTS:
            continue
        if key == "start_month":
            options.append(tr("from {month}", lang, month=_value(key, value, lang)))
        elif key == "end_month":
            options.append(tr("to {month}", lang, month=_value(key, value, lang)))
        else:
            options.append(_value(key, value, lang))
    if subjects:
        title = tr("{report}: {subject}", lang, report=title, subject=", ".join(subjects))
    if options:
        title = tr("{report} ({options})", lang, report=title, options=", ".join(options))
    return title


def group_title(notebook: str, lang: str) -> str:
    """The heading of a notebook's reports in an index ("Country briefs")."""
    return gettext(NOTEBOOKS[notebook][1], lang) if notebook in NOTEBOOKS else notebook
