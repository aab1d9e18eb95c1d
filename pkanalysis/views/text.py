"""Headings, paragraphs and lists of a report, displayed as Markdown in the notebook.

Text written in a Markdown cell could not follow the report's language; these take a sentence
already in it (``tr(...)``) and display it, returning nothing (so no value is echoed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..i18n import N_, gettext


def show(obj: Any) -> None:
    """Display a table, a figure's HTML or Markdown text; returns nothing."""
    from IPython.display import Markdown, display

    display(Markdown(obj) if isinstance(obj, str) else obj)


def heading(text: str, level: int = 2) -> None:
    """A heading (level 1 is the report's title)."""
    show(f"{'#' * level} {text}")


def paragraph(*sentences: str) -> None:
    """One paragraph of sentences (``**bold**`` and ``*italics*`` are kept)."""
    show(" ".join(s for s in sentences if s))


def bullets(items: Iterable[str]) -> None:
    """A bulleted list."""
    show("\n".join(f"- {item}" for item in items))


YES, NO = N_("yes"), N_("no")


def yes_no(values: pd.Series, lang: str) -> pd.Series:
    """Booleans as "yes"/"no" in ``lang`` (a table would show True/False)."""
    words = {True: gettext(YES, lang), False: gettext(NO, lang)}
    return values.map(lambda v: words.get(bool(v)) if pd.notna(v) else pd.NA).astype(object)


def term_list(value: Any, lang: str, sep: str = ", ") -> Any:
    """A list of closed-list words joined by ``sep`` ("training, policy"), each in ``lang``."""
    if pd.isna(value) or value == "":
        return pd.NA
    return sep.join(gettext(word, lang) for word in str(value).split(sep))


def terms(values: pd.Series, lang: str) -> pd.Series:
    """Words of a closed list (each marked with ``N_`` where it is defined) in ``lang``."""
    return values.map(lambda v: gettext(str(v), lang) if pd.notna(v) and v != "" else pd.NA)


VALUE = N_("Value")


def with_headers(df: pd.DataFrame, lang: str, headers: dict[str, str], **kwargs: Any):
    """:func:`pkanalysis.tables.table` with headers already in ``lang`` (made from the data,
    such as a column per conference cycle, so no catalogue can hold them)."""
    from ..tables import table

    # Columns of text are names already (converted from codes by the caller): shown as they are.
    formats = {c: "text" for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])}
    formats.update(kwargs.pop("formats", {}))
    gt = table(df, lang, labels=dict.fromkeys(df.columns, VALUE), formats=formats, **kwargs)
    return gt if df.empty else gt.cols_label(cases={str(k): v for k, v in headers.items()})
