"""What a brief can be about: checks of its subject, with close valid values in the error.

The notebooks and ``pkanalysis brief`` check their subject here, so a bad value fails the same
way everywhere: one line naming the value and suggesting the closest valid ones
(:func:`pkanalysis.selection.select`).
"""

from __future__ import annotations

import re

import pandas as pd

from .. import selection
from ..i18n import LANGUAGES
from ..i18n import check_lang as _check_lang

KINDS = ("country", "mission", "conference")
"""The kinds of brief, as the ``pkanalysis brief`` command names them."""

NOTEBOOKS = {
    "country": "country_brief",
    "mission": "mission_brief",
    "conference": "conference_brief",
}
"""The notebook of each kind of brief."""

PARAMETERS = {"country": "iso3", "mission": "mission", "conference": "conference"}
"""The notebook parameter that receives a brief's subject."""


def check_lang(lang: str) -> str:
    """A language a brief can be written in (see :data:`pkanalysis.i18n.LANGUAGES`)."""
    return _check_lang(lang)


def _one(valid: pd.DataFrame, column: str, value, what: str, **options) -> str:
    if not isinstance(value, str) or not value.strip():
        raise selection.SelectionError(f"{what} must be a non-empty string, not {value!r}")
    kept = selection.select(valid, column, [value], what, **options)
    return str(kept[column].iloc[0])


def check_country(value: str, contributions: pd.DataFrame) -> str:
    """The ISO3 code of a contributor, given its code or name as users type it.

    Examples
    --------
    >>> import pkanalysis as pk
    >>> c = pk.load_contributions()
    >>> check_country("npl", c), check_country("Nepal", c)
    ('NPL', 'NPL')
    >>> check_country("NPLL", c)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pkanalysis.selection.SelectionError: unknown contributor 'NPLL'; did you mean NPL (Nepal) or ...
    """
    valid = contributions[["contributor_iso3", "contributor"]].drop_duplicates("contributor_iso3")
    labels = selection.names_of(valid, "contributor_iso3", "contributor")
    return _one(
        valid, "contributor_iso3", value, "contributor", labels=labels,
        resolver=selection.resolve_contributor,
    )  # fmt: skip


def brief_missions() -> list[str]:
    """Missions a brief can show: those with contributor rows in the data (country briefs show
    them too), and peacekeeping operations and political missions with IPI mission totals.

    Entries of IPI's series that are not missions (a headquarters, a logistics base, an
    umbrella command: kind "other" in the missions table) have no brief.
    """
    import pkanalysis as pk

    kinds = pk.load_missions().set_index("mission")["kind"]
    totals = set(pk.load_mission_strength()["mission"].dropna())
    shown = set(pk.load_contributions()["mission"].dropna())
    shown |= {m for m in totals if kinds.get(m) != "other"}
    return sorted(shown)


def check_mission(value: str, missions: pd.DataFrame | None = None) -> str:
    """A mission acronym (or English name) among :func:`brief_missions`.

    Examples
    --------
    >>> check_mission("unmiss"), check_mission("United Nations Interim Force in Lebanon")
    ('UNMISS', 'UNIFIL')
    >>> check_mission("UNMIS S")
    Traceback (most recent call last):
    ...
    pkanalysis.selection.SelectionError: unknown mission 'UNMIS S'; did you mean UNMISS (United Nations Mission in the Republic of South Sudan) or UNMIS (United Nations Mission in the Sudan) or UNTMIS (United Nations Transitional Assistance Mission in Somalia)?
    """  # noqa: E501
    import pkanalysis as pk

    missions = pk.load_missions() if missions is None else missions
    valid = missions[missions["mission"].isin(brief_missions())]
    labels = selection.names_of(valid, "mission", "name")
    return _one(valid, "mission", value, "mission", labels=labels)


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(sorted(t for t in re.split(r"[^0-9a-z]+", text.lower()) if t))


def check_conference(value: str, conferences: pd.DataFrame) -> str:
    """A conference id (``"2021 Seoul"``), also written as users type it (``seoul-2021``).

    Examples
    --------
    >>> import pkanalysis as pk
    >>> check_conference("seoul-2021", pk.load_conferences())
    '2021 Seoul'
    >>> check_conference("2022 Seoul", pk.load_conferences())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pkanalysis.selection.SelectionError: unknown conference '2022 Seoul'; did you mean ...
    """
    ids = list(conferences["conference_id"])
    by_tokens = {_tokens(c): c for c in ids}

    def resolver(text: str) -> str | None:
        return by_tokens.get(_tokens(text))

    return _one(conferences[["conference_id"]], "conference_id", value, "conference",
                resolver=resolver)  # fmt: skip


def check_subject(kind: str, value: str) -> str:
    """Check a brief's subject by kind (``country``, ``mission`` or ``conference``).

    Raises
    ------
    ValueError
        For an unknown kind or subject; the message names the value and close valid ones.
    """
    import pkanalysis as pk

    if kind == "country":
        return check_country(value, pk.load_contributions())
    if kind == "mission":
        return check_mission(value)
    if kind == "conference":
        return check_conference(value, pk.load_conferences())
    valid = ", ".join(KINDS)
    raise selection.SelectionError(f"unknown kind of brief {kind!r}; valid kinds: {valid}")


__all__ = [
    "KINDS",
    "LANGUAGES",
    "NOTEBOOKS",
    "PARAMETERS",
    "brief_missions",
    "check_conference",
    "check_country",
    "check_lang",
    "check_mission",
    "check_subject",
]
