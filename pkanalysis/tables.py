"""Tables for reading, not for computing: formatted in the brief's language, drawn by great-tables.

A frame from an analysis becomes a table a minister's office can read: headers in words (the
column's label in ``lang``), names rather than codes, thousands separators, shares as
percentages, months as words, missing values as an en dash, no index, and a width that fits the
page. Cells are written as text with :mod:`pkanalysis.i18n` (Babel), so a table and the sentences
around it show the same number the same way; great-tables lays the table out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .i18n import (
    N_,
    country_name,
    format_month,
    format_number,
    format_percent,
    gettext,
    term,
    trn,
)

#: Headers of the columns analyses return, as messages (English; translated per brief).
LABELS: dict[str, str] = {
    "total": N_("Uniformed personnel"),
    "female": N_("Women"),
    "male": N_("Men"),
    "date": N_("Month"),
    "year": N_("Year"),
    "contributor": N_("Contributor"),
    "contributor_iso3": N_("Contributor"),
    "pledger_iso3": N_("State"),
    "mission": N_("Mission"),
    "personnel_type": N_("Personnel type"),
    "share": N_("Share"),
    "female_share": N_("Share of women"),
    "cycle": N_("Conference cycle"),
    "conference_id": N_("Conference"),
    "commitment": N_("Commitment"),
    "capability": N_("Capability"),
    "description": N_("Description"),
    "quantity": N_("Quantity"),
    "unit": N_("Unit"),
    "rank": N_("Rank"),
    "change": N_("Change"),
}

#: Columns whose values are words of the shared vocabulary (translated with the catalogue).
VOCABULARY_COLUMNS = ("personnel_type", "commitment", "capability", "new_or_reaffirmed")

FORMATS = ("number", "percent", "month", "country", "term", "text")


def _default_format(name: str, values: pd.Series) -> str:
    if name.endswith("_iso3"):
        return "country"
    if name in VOCABULARY_COLUMNS:
        return "term"
    if pd.api.types.is_datetime64_any_dtype(values):
        return "month"
    if pd.api.types.is_bool_dtype(values):
        return "text"
    if pd.api.types.is_numeric_dtype(values):
        return "percent" if name == "share" or name.endswith("_share") else "number"
    return "text"


def _decimals(values: pd.Series) -> int:
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return 0 if numbers.empty or (numbers == numbers.round()).all() else 1


def format_column(
    values: pd.Series, kind: str, lang: str, decimals: int | None = None
) -> pd.Series:
    """One column's values as text in ``lang``.

    Parameters
    ----------
    values : Series
        The column.
    kind : {"number", "percent", "month", "country", "term", "text"}
        How to write it: numbers with separators, shares in [0, 1] as percentages, months as
        words, ISO3 codes as UN country names, vocabulary words translated, or as they are.
    lang : {"en", "fr"}
        The language.
    decimals : int, optional
        Decimals of numbers (0 when every value is whole, else 1) and percentages (1).

    Examples
    --------
    >>> format_column(pd.Series([6247, None], dtype="Int64"), "number", "fr").tolist()
    ['6\\u202f247', '–']
    >>> format_column(pd.Series([0.053]), "percent", "en").tolist()
    ['5.3%']
    """
    if kind not in FORMATS:
        raise ValueError(f"unknown column format {kind!r}; choose one of: {', '.join(FORMATS)}")
    if kind == "number":
        places = _decimals(values) if decimals is None else decimals
        return values.map(lambda v: format_number(v, lang, places)).astype(object)
    if kind == "percent":
        places = 1 if decimals is None else decimals
        return values.map(lambda v: format_percent(v, lang, places)).astype(object)
    if kind == "month":
        return values.map(lambda v: format_month(v, lang)).astype(object)
    if kind == "country":
        return values.map(lambda v: term(None, lang) if pd.isna(v) else country_name(v, lang))
    if kind == "term":
        return values.map(lambda v: term(v, lang)).astype(object)
    return values.map(lambda v: term(None, lang) if pd.isna(v) else str(v)).astype(object)


def table(
    df: pd.DataFrame,
    lang: str = "en",
    *,
    labels: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    decimals: Mapping[str, int] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    max_rows: int | None = None,
    empty: str | None = None,
) -> Any:
    """A formatted great-tables ``GT`` of ``df`` in ``lang``, ready to show in a brief.

    Parameters
    ----------
    df : DataFrame
        The rows to show; the index is not shown (reset it first if it holds data).
    lang : {"en", "fr"}
        The language of headers and cells.
    labels : mapping, optional
        Header of a column, as an English message translated here; columns not given take
        :data:`LABELS`. A column with neither is an error (no raw column names in a brief).
    formats : mapping, optional
        Column -> one of :data:`FORMATS`; by default from the name and dtype (``*_iso3`` ->
        country names, ``*share`` -> percent, dates -> months, numbers -> number).
    decimals : mapping, optional
        Column -> decimals.
    title, subtitle, source : str, optional
        Already in ``lang`` (they are sentences about this table).
    max_rows : int, optional
        Show the first ``max_rows`` rows and say how many are left out.
    empty : str, optional
        What to say when ``df`` has no rows (in ``lang``); by default "None recorded."

    Returns
    -------
    great_tables.GT
        Renders as self-contained HTML in a notebook (no external requests).

    Examples
    --------
    >>> df = pd.DataFrame({"contributor_iso3": ["NPL"], "total": [6247], "share": [0.053]})
    >>> html = table(df, "fr").as_raw_html()
    >>> "Népal" in html and "6\\u202f247" in html and "5,3\\xa0%" in html
    True
    """
    labels = {**LABELS, **(labels or {})}
    formats = dict(formats or {})
    decimals = dict(decimals or {})
    unknown = [c for c in df.columns if c not in labels]
    if unknown:
        raise ValueError(
            f"no header for column(s) {', '.join(map(repr, unknown))}: pass labels={{column: "
            "'English header'}} (translated through the catalogue) or drop the column"
        )
    shown = df if max_rows is None else df.head(max_rows)
    cells = pd.DataFrame(
        {
            str(column): format_column(
                shown[column],
                formats.get(column) or _default_format(str(column), shown[column]),
                lang,
                decimals.get(column),
            ).to_numpy()
            for column in shown.columns
        }
    )
    return _layout(df, cells, labels, formats, lang, title, subtitle, source, max_rows, empty)


def _layout(df, cells, labels, formats, lang, title, subtitle, source, max_rows, empty):
    from great_tables import GT

    if df.empty:
        message = empty or gettext("None recorded.", lang)
        cells = pd.DataFrame({gettext("Note", lang): [message]})
        labels = {gettext("Note", lang): N_("Note")}
    gt = GT(cells)
    gt = gt.cols_label(**{str(c): gettext(labels[c], lang) for c in cells.columns})
    right = [
        str(c)
        for c in df.columns
        if not df.empty
        and (formats.get(c) or _default_format(str(c), df[c])) in ("number", "percent")
    ]
    if right:
        gt = gt.cols_align("right", columns=right)
    if title:
        gt = gt.tab_header(title=title, subtitle=subtitle)
    if max_rows is not None and len(df) > max_rows:
        left = len(df) - max_rows
        gt = gt.tab_source_note(
            trn("{n} more row not shown.", "{n} more rows not shown.", left, lang)
        )
    if source:
        gt = gt.tab_source_note(source)
    return gt.tab_options(
        table_width="100%",
        table_font_size="90%",
        container_width="100%",
        table_font_names=["system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
    )
