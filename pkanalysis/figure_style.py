"""The house style of pkanalysis figures: style sheet, colours, contrast, and tick labels in the
figure's language.

Colours are the Okabe-Ito palette; every text colour keeps a WCAG contrast of 4.5:1 or more on
white (:func:`readable` darkens a line's colour for its label).  Tick labels go through Babel
(:mod:`pkanalysis.i18n`), so a French figure reads "6 247", "5,3 %" and "janv. 2020".
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import matplotlib.style as mplstyle
import numpy as np
from matplotlib.ticker import Formatter

from . import i18n

STYLE = Path(__file__).with_name("pkanalysis.mplstyle")
"""Path of the house style sheet, for ``matplotlib.style.use(STYLE)`` in a whole notebook."""

PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]
"""Okabe-Ito colours, distinguishable with the common colour-vision deficiencies."""

ACCENT = PALETTE[3]
"""Colour of highlighted bars; vermillion keeps its contrast against grey in greyscale too."""

MUTED = "#B3B3B3"
"""Colour of the bars that are not highlighted."""

MIN_CONTRAST = 4.5
"""WCAG 2 contrast ratio every text colour keeps against the white background."""

TEXT_COLOUR = "#222222"
SOURCE_COLOUR = "#595959"  # 7:1 on white, still visibly lighter than the text
EVENT_COLOUR = "#8C8C8C"  # lines only, never text
LABEL_PT = 8.0
"""Size of labels written on a figure (direct labels, notes, conference names), in points."""


# --- style and colour -------------------------------------------------------------------------


def use_style() -> contextlib.AbstractContextManager[None]:
    """Apply the house style sheet inside a ``with`` block.

    Returns
    -------
    context manager
        ``matplotlib.style.context`` for :data:`STYLE`; rcParams are restored on exit.  It also
        works as a decorator.  For a whole notebook use ``matplotlib.style.use(figures.STYLE)``.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with use_style():
    ...     mpl.rcParams["axes.spines.top"], mpl.rcParams["pdf.fonttype"]
    (False, 42)
    """
    return mplstyle.context(STYLE)


def _luminance(colour: Any) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in mcolors.to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: Any, background: Any = "white") -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21).

    Examples
    --------
    >>> round(contrast_ratio("black"), 1), round(contrast_ratio("#767676"), 2)
    (21.0, 4.54)
    """
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@functools.lru_cache(maxsize=64)
def readable(colour: str, minimum: float = MIN_CONTRAST) -> str:
    """``colour`` darkened just enough to reach ``minimum`` contrast on white, as hex.

    Labels written in a line's colour keep its hue (so the label still names its line) but not
    a pale tint that fails the contrast rule: Okabe-Ito orange becomes a brown-orange.

    Examples
    --------
    >>> readable("#0072B2")  # already 5.1:1
    '#0072b2'
    >>> contrast_ratio(readable("#E69F00")) >= 4.5
    True
    """
    rgb = np.array(mcolors.to_rgb(colour))
    for step in range(101):
        candidate = rgb * (1 - step / 100)
        if contrast_ratio(candidate) >= minimum:
            return mcolors.to_hex(candidate)
    return "#000000"  # pragma: no cover - black always passes


# --- numbers and dates in the figure's language -----------------------------------------------


def thousands(value: float, pos: int | None = None) -> str:
    """Tick label for counts, with a thousands separator and a true minus sign (English).

    Pass it to ``ax.yaxis.set_major_formatter(thousands)``; matplotlib wraps it per axis.  The
    chart functions use the formatter of their ``lang`` instead.

    Examples
    --------
    >>> thousands(12500), thousands(0.5), thousands(-3000), thousands(-0.0)
    ('12,500', '0.5', '−3,000', '0')
    """
    if value == 0:
        return "0"  # also avoids "-0"
    if math.isclose(value, round(value), abs_tol=1e-9):
        text = f"{round(value):,}"
    else:
        text = f"{value:,g}"
    return text.replace("-", "\u2212")


def _step_decimals(values: Sequence[float], scale: float = 1.0) -> int:
    """Decimals needed to tell ticks ``values`` (times ``scale``) apart, at most 3."""
    finite = sorted({round(v * scale, 9) for v in values if np.isfinite(v)})
    if len(finite) < 2:
        value = abs(finite[0]) if finite else 0.0
        return 0 if float(value).is_integer() else 1
    step = min(b - a for a, b in zip(finite, finite[1:], strict=False))
    if step <= 0:
        return 0
    return int(min(3, max(0, -math.floor(math.log10(step) + 1e-9))))


class NumberFormatter(Formatter):
    """Tick labels as numbers (or shares as percentages) in ``lang``, through Babel.

    Decimals follow the tick spacing (ticks 0, 0.5, 1 get one), a minus is a true minus, and
    zero is "0".

    Examples
    --------
    >>> f = NumberFormatter("fr")
    >>> f.format_ticks([0, 2500, 5000])
    ['0', '2\\u202f500', '5\\u202f000']
    >>> NumberFormatter("fr", percent=True).format_ticks([0.0, 0.05, 0.1])
    ['0\\xa0%', '5\\xa0%', '10\\xa0%']
    """

    def __init__(self, lang: str, percent: bool = False) -> None:
        self.lang = i18n.check_lang(lang)
        self.percent = percent
        self._decimals = 0

    def _one(self, value: float) -> str:
        if value == 0:
            value = 0.0  # no "-0"
        if self.percent:
            text = i18n.format_percent(value, self.lang, self._decimals)
        else:
            text = i18n.format_number(value, self.lang, self._decimals)
        return text.replace("-", "\u2212")

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        self._decimals = _step_decimals(values, 100.0 if self.percent else 1.0)
        return [self._one(v) for v in values]

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self._one(x)


class DateFormatter(Formatter):
    """Date tick labels in ``lang``: years alone when every tick is a 1 January, else the
    month's abbreviation and the year ("janv. 2020").

    Examples
    --------
    >>> import pandas as pd
    >>> f = DateFormatter("fr")
    >>> f.format_ticks(mdates.date2num(pd.to_datetime(["2019-01-01", "2020-01-01"])))
    ['2019', '2020']
    >>> f.format_ticks(mdates.date2num(pd.to_datetime(["2020-01-01", "2020-07-01"])))
    ['janv. 2020', 'juil. 2020']
    """

    def __init__(self, lang: str) -> None:
        self.lang = i18n.check_lang(lang)
        self._years = True

    def _one(self, value: float) -> str:
        from babel.dates import format_skeleton

        date = mdates.num2date(value).date()
        if self._years:
            return str(date.year)
        return format_skeleton("yMMM", date, locale=self.lang)

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        dates = [mdates.num2date(v) for v in values]
        self._years = all(d.month == 1 and d.day == 1 for d in dates)
        return [self._one(v) for v in values]

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self._one(x)
