"""Languages of the briefs: translated text, and numbers, dates and names in each language's forms.

Text goes through a gettext catalogue (``pkanalysis/locale/<lang>/LC_MESSAGES/pkanalysis.po``,
read with Babel, so there is no compile step); numbers, percentages and dates through Babel's
CLDR data (French: ``6 247``, ``5,3 %``, ``novembre 2023``); country names are the UN's short
names in each language (UNTERM, as carried by the countries table).

The message ids are the English sentences themselves, written with ``{named}`` placeholders::

    tr("{name} deployed {n} uniformed personnel in {month}.", lang, name=..., n=6247, month=...)

A message with no French translation raises :class:`MissingTranslationError` rather than
showing English (or a key) in a French brief; ``tests/test_i18n.py`` extracts every message
the code and the notebooks use and checks the catalogue has each one, so a missing translation
fails a test first. ``scripts/update_catalogue.py`` adds new messages to the catalogue.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Mapping
from functools import cache
from numbers import Number
from pathlib import Path
from typing import Any

import pandas as pd

from . import paths

LANGUAGES: dict[str, str] = {"en": "English", "fr": "français"}
"""Languages a brief can be written in: code -> the language's own name."""

DOMAIN = "pkanalysis"
MISSING = "\u2013"  # an en dash stands for a missing value in text and tables


class UnknownLanguageError(ValueError):
    """A language briefs cannot be written in (the message lists those they can)."""


class MissingTranslationError(KeyError):
    """A message has no translation in the requested language's catalogue."""

    def __str__(self) -> str:
        message, lang = self.args
        return (
            f"no {LANGUAGES.get(lang, lang)} translation of {message!r}: add it to "
            f"pkanalysis/locale/{lang}/LC_MESSAGES/{DOMAIN}.po "
            "(scripts/update_catalogue.py lists what is missing)"
        )


def check_lang(lang: str) -> str:
    """Return ``lang`` if briefs can be written in it, else raise naming the choices.

    Examples
    --------
    >>> check_lang("fr")
    'fr'
    >>> check_lang("de")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pkanalysis.i18n.UnknownLanguageError: unknown language 'de'; choose one of: 'en' (English), ...
    """
    if lang not in LANGUAGES:
        choices = ", ".join(f"{code!r} ({name})" for code, name in LANGUAGES.items())
        raise UnknownLanguageError(f"unknown language {lang!r}; choose one of: {choices}")
    return lang


def catalogue_path(lang: str) -> Path:
    """Where the gettext catalogue of ``lang`` lives (inside the package)."""
    return paths.PACKAGE_DIR / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(lang: str):
    """The Babel ``Catalog`` of ``lang`` (read once per process)."""
    from babel.messages.pofile import read_po

    with catalogue_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def _lookup(message: str | tuple[str, str], lang: str) -> Any:
    entry = catalogue(lang).get(message)
    if entry is None or entry.fuzzy or not entry.string or not all(_strings(entry.string)):
        raise MissingTranslationError(message if isinstance(message, str) else message[0], lang)
    return entry.string


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def gettext(message: str, lang: str) -> str:
    """The translation of ``message`` (an English sentence) into ``lang``.

    Examples
    --------
    >>> gettext("Uniformed personnel", "fr")
    'Personnel en tenue'
    >>> gettext("Uniformed personnel", "en")
    'Uniformed personnel'
    """
    if check_lang(lang) == "en":
        return message
    return _lookup(message, lang)


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined, to translate it where it is used.

    Examples
    --------
    >>> N_("Uniformed personnel")
    'Uniformed personnel'
    """
    return message


def term(value: Any, lang: str) -> str:
    """A value of the shared vocabulary (a personnel type, capability, ...) in ``lang``.

    Examples
    --------
    >>> term("Formed Police Units", "fr"), term(None, "fr")
    ('Unités de police constituées', '–')
    """
    if _is_missing(value):
        return MISSING
    return gettext(str(value), lang)


def tr(message: str, lang: str, **values: Any) -> str:
    """Translate ``message`` and fill its ``{named}`` placeholders, each in ``lang``'s forms.

    Numbers are written with :func:`format_number` (integers without decimals, others with
    one), dates with :func:`format_month`, missing values as an en dash; anything else as
    ``str``.  Format a value yourself to choose otherwise (percentages, full dates).

    Examples
    --------
    >>> tr("{name} deployed {n} uniformed personnel in {month}.", "en", name="Nepal",
    ...   n=6247, month=pd.Timestamp("2023-11-30"))
    'Nepal deployed 6,247 uniformed personnel in November 2023.'
    """
    return gettext(message, lang).format(**_formatted(values, lang))


def trn(singular: str, plural: str, n: int, lang: str, **values: Any) -> str:
    """:func:`tr` with a plural form chosen by ``n`` (also available as ``{n}``).

    Examples
    --------
    >>> trn("{n} more row not shown.", "{n} more rows not shown.", 1, "fr")
    '1 autre ligne non affichée.'
    >>> trn("{n} more row not shown.", "{n} more rows not shown.", 1200, "fr")
    '1\u202f200 autres lignes non affichées.'
    >>> trn("{n} more row not shown.", "{n} more rows not shown.", 2, "en")
    '2 more rows not shown.'
    """
    check_lang(lang)
    if lang == "en":
        template = singular if n == 1 else plural
    else:
        forms = _lookup((singular, plural), lang)
        template = forms[_plural_index(n, lang)]
    return template.format(**_formatted({"n": n, **values}, lang))


@cache
def _plural_rule(lang: str):
    # The catalogue's own Plural-Forms expression (French: n > 1), compiled by the stdlib.
    import gettext as stdlib_gettext

    return stdlib_gettext.c2py(catalogue(lang).plural_expr)


def _plural_index(n: int, lang: str) -> int:
    # operator.index: a NumPy count is a whole number to gettext too; 1.5 items is a caller's bug
    return _plural_rule(lang)(operator.index(n))


def _formatted(values: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {key: format_value(value, lang) for key, value in values.items()}


def format_value(value: Any, lang: str) -> str:
    """A value as text in ``lang``: numbers and months in the language's forms, NA as a dash.

    Examples
    --------
    >>> format_value(8000.0, "en"), format_value(None, "fr"), format_value("UNMISS", "fr")
    ('8,000', '–', 'UNMISS')
    """
    if _is_missing(value):
        return MISSING
    if isinstance(value, (pd.Timestamp, dt.date)):
        return format_month(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Number):
        whole = float(value).is_integer()
        return format_number(value, lang, decimals=0 if whole else 1)
    return str(value)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


@cache
def _locale(lang: str):
    from babel import Locale

    return Locale.parse(check_lang(lang))


def _apply(kind: str, value: float, lang: str, decimals: int) -> str:
    from babel.numbers import parse_pattern

    loc = _locale(lang)
    formats = loc.percent_formats if kind == "percent" else loc.decimal_formats
    pattern = parse_pattern(formats[None].pattern)
    pattern.frac_prec = (decimals, decimals)
    return pattern.apply(value, loc)


def format_number(value: Any, lang: str, decimals: int = 0) -> str:
    """A number with the language's grouping and decimal marks; missing as an en dash.

    Examples
    --------
    >>> format_number(6247, "en"), format_number(6247, "fr")
    ('6,247', '6\\u202f247')
    >>> format_number(-115.506962, "fr", decimals=1), format_number(pd.NA, "en")
    ('-115,5', '–')
    """
    if _is_missing(value):
        return MISSING
    return _apply("decimal", float(value), lang, decimals)


def format_percent(share: Any, lang: str, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage in the language's form; missing as an en dash.

    Examples
    --------
    >>> format_percent(0.053, "en"), format_percent(0.053, "fr")
    ('5.3%', '5,3\\xa0%')
    """
    if _is_missing(share):
        return MISSING
    return _apply("percent", float(share), lang, decimals)


def _as_date(value: Any) -> dt.date:
    return pd.Timestamp(value).date()


def format_month(value: Any, lang: str) -> str:
    """A month as words ("November 2023", "novembre 2023"); missing as an en dash.

    Examples
    --------
    >>> format_month("2023-11-30", "en"), format_month(pd.Timestamp("2023-11-30"), "fr")
    ('November 2023', 'novembre 2023')
    """
    if _is_missing(value):
        return MISSING
    from babel.dates import format_date

    return format_date(_as_date(value), "MMMM y", locale=_locale(lang))


def format_date(value: Any, lang: str) -> str:
    """A day as words ("7 December 2023", "7 décembre 2023"); missing as an en dash.

    Examples
    --------
    >>> format_date("2023-12-07", "en"), format_date("2023-12-07", "fr")
    ('7 December 2023', '7 décembre 2023')
    """
    if _is_missing(value):
        return MISSING
    from babel.dates import format_date as babel_date

    return babel_date(_as_date(value), "d MMMM y", locale=_locale(lang))


def country_name(iso3: str, lang: str) -> str:
    """The UN short name of a state in ``lang`` (from the countries table).

    Examples
    --------
    >>> country_name("CIV", "fr"), country_name("USA", "fr"), country_name("KOR", "en")
    ("Côte d'Ivoire", "États-Unis d'Amérique", 'Republic of Korea')
    """
    names = _country_names(check_lang(lang))
    try:
        return names[iso3]
    except KeyError:
        raise KeyError(
            f"no {LANGUAGES[lang]} name for the ISO3 code {iso3!r} in the countries table"
        ) from None


@cache
def _country_names(lang: str) -> dict[str, str]:
    from . import loaders

    countries = loaders.load_countries()
    column = "un_name" if lang == "en" else f"un_name_{lang}"
    known = countries[countries[column].notna()]
    return dict(zip(known["iso3"], known[column].astype(str), strict=True))


def mission_name(acronym: str, lang: str, long: bool = False) -> str:
    """A mission's acronym (or, with ``long=True``, its name) as the UN writes it in ``lang``.

    English: the project's acronym and the missions table's name; French: the acronym and name
    of UN French documents (``data/mission_names_fr.csv``, each row sourced).

    Examples
    --------
    >>> mission_name("UNMISS", "fr"), mission_name("UNMISS", "en")
    ('MINUSS', 'UNMISS')
    >>> mission_name("MINUSMA", "fr", long=True)
    'Mission multidimensionnelle intégrée des Nations Unies pour la stabilisation au Mali'

    Raises
    ------
    KeyError
        For a mission the missions table (English) or the French table does not hold.
    """
    if check_lang(lang) == "en":
        if not long:
            return str(acronym)
        names = _mission_names_en()
        if acronym not in names:
            raise KeyError(f"no mission {acronym!r} in the missions table (load_missions())")
        return names[acronym]
    from .mission_names import french

    return french(acronym, long=long)


@cache
def _mission_names_en() -> dict[str, str]:
    from . import loaders

    missions = loaders.load_missions()
    return dict(zip(missions["mission"], missions["name"].astype(str), strict=True))
