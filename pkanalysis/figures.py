"""One house style for every figure in a briefing paper, in English or French.

Every figure carries a left-aligned bold title that states the finding, an optional subtitle
with the unit, and a one-line grey source line at the bottom left; the full citation of the data
goes into the saved files' metadata and into the caption :func:`show` writes under the figure
in a notebook.  The style sheet ``pkanalysis.mplstyle`` (fonts of 8 pt or more, grid on the
value axis only, Okabe-Ito colours, editable text in PDF and SVG) is applied only inside
:func:`use_style`; importing this module changes no global matplotlib setting.

Typical use in a notebook::

    source = figures.source_line("contributions", lang=lang)
    fig, ax = figures.line_chart(monthly, x="date", y="total", hue="personnel_type",
                                 title=title, unit=unit, source=source, events=conferences,
                                 lang=lang)
    figures.save(fig, "monthly_total")
    figures.show(fig)

The plotters take a tidy frame and column names and never load data themselves.  Every chart
function takes ``lang`` ("en" or "fr"): tick labels, months, legend entries of the shared
vocabulary, country names and the module's own words are written in that language; titles and
subtitles are passed in already translated.  Two widths exist: ``width="full"`` (7 in, the
default) and ``width="column"`` (3.5 in, one column of a two-column page).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import io
import math
import os
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.style as mplstyle
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.textpath import text_to_path
from matplotlib.ticker import Formatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation

from . import catalog, i18n, outputs
from .i18n import N_, gettext, tr, trn
from .tables import LABELS

__all__ = [
    "ACCENT",
    "MUTED",
    "PALETTE",
    "SIZES",
    "STYLE",
    "WIDTHS",
    "FigureInfo",
    "SourceLine",
    "bar_chart",
    "contrast_ratio",
    "coverage_chart",
    "describe",
    "event_study_chart",
    "figure",
    "figure_html",
    "line_chart",
    "mark_dates",
    "mark_events",
    "paired_bar_chart",
    "readable",
    "save",
    "show",
    "source_line",
    "target_chart",
    "thousands",
    "use_style",
]

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

WIDTHS: dict[str, float] = {"column": 3.5, "full": 7.0}
"""Figure widths in inches: one column of a two-column page, and the full text width."""

_HEIGHTS: dict[str, dict[str, float]] = {
    "half": {"full": 3.9, "column": 3.4},
    "full": {"full": 7.5, "column": 5.5},
}

SIZES: dict[str, tuple[float, float]] = {name: (7.0, h["full"]) for name, h in _HEIGHTS.items()}
"""Figure sizes in inches at full width: half or full page high (``size=``)."""

MIN_CONTRAST = 4.5
"""WCAG 2 contrast ratio every text colour keeps against the white background."""

_TEXT_COLOUR = "#222222"
_SOURCE_COLOUR = "#595959"  # 7:1 on white, still visibly lighter than the text
_EVENT_COLOUR = "#8C8C8C"  # lines only, never text
_TITLE_PT = {"full": 12.0, "column": 10.0}
_SUBTITLE_PT = {"full": 9.5, "column": 8.5}
_SOURCE_PT = 8.0
_LABEL_PT = 8.0
_EDGE_PT = 6.0  # margin between the figure edge and the title / source line
_GAP_PT = 4.0  # space between title, subtitle, axes and source line
_MAX_DIRECT_LABELS = 6
_MAX_EVENT_ROWS = 2

YFormat = str | Formatter | Callable[[float, int | None], str] | None
Labels = Mapping[Any, str] | Callable[[Any], str] | None


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


# --- source lines and citations ---------------------------------------------------------------

#: What each ``kind`` of mission selection counts; goes into the caption and the metadata.
KIND_TEXT = {
    "all": N_("All UN operations in the reports, special political missions included."),
    "peacekeeping": N_(
        "Peacekeeping operations only (months without a mission split count all operations)."
    ),
    "political": N_("Special political missions only."),
}

#: Short names of the catalogue's publishers, for the one-line source (the full names are in
#: the citation).  Keys are the publisher parts of :attr:`DatasetInfo.publisher`, split at ";".
SHORT_PUBLISHERS: dict[str, str] = {
    "United Nations Department of Peace Operations": "UN DPO",
    "United Nations Department of Peace Operations (via cited pages)": "UN DPO",
    "International Peace Institute, Providing for Peacekeeping": "IPI",
    "UN DPPA/DPO Peace and Security Data Hub (DPPADPOSS-FATALITIES)": "UN Data Hub",
    "UN DPPA/DPO Peace and Security Data Hub (DPPADPOSS-PKO)": "UN Data Hub",
    "UN OCHA country list (hdx-python-country)": "UN OCHA",
}


_TRANSLATED_PUBLISHERS = {N_("UN DPO"), N_("UN Data Hub")}


def _short_publisher(part: str) -> str:
    part = part.strip()
    if part in SHORT_PUBLISHERS:
        return SHORT_PUBLISHERS[part]
    if part.startswith("pkanalysis"):
        return "pkanalysis"  # the project's own compilation of cited sources
    return part


class SourceLine(str):
    """A one-line source ("Sources: UN DPO; IPI.") that also carries the full citation.

    It is a ``str``, so it goes wherever a source text goes; :func:`figure` reads
    :attr:`citation` from it for the saved files' metadata and the HTML caption.

    Attributes
    ----------
    datasets : tuple of str
        Catalogue names cited.
    citation : str
        :func:`pkanalysis.catalog.cite` of each dataset, one per line, then what the figure
        counts (``kind``).
    """

    datasets: tuple[str, ...]
    citation: str

    def __new__(cls, text: str, datasets: Sequence[str] = (), citation: str = "") -> SourceLine:
        line = super().__new__(cls, text)
        line.datasets = tuple(datasets)
        line.citation = citation
        return line

    def __reduce__(self):  # keep the citation through pickling (papermill, multiprocessing)
        return (SourceLine, (str(self), self.datasets, self.citation))


def source_line(*datasets: str, kind: str = "all", lang: str = "en") -> SourceLine:
    """The one-line source of a figure, with the full citation attached.

    Name only the datasets the figure draws: the line says who published them, short enough to
    fit one line at column width; the citation (publisher, title, vintage, URL, licence,
    retrieval and access dates, pkanalysis version) goes to :attr:`SourceLine.citation`.

    Parameters
    ----------
    *datasets : str
        Catalogue names (see :func:`pkanalysis.list_datasets`); repeats are shown once.
    kind : {"all", "peacekeeping", "political"}, default "all"
        Which missions the figure counts (as ``kind=`` of the loaders); said in the citation
        whenever contributions are among the datasets.  Say it in the subtitle too when it is
        not "all".
    lang : {"en", "fr"}, default "en"

    Returns
    -------
    SourceLine
        ``"Sources: UN DPO; IPI."`` (a ``str``) with ``.citation`` and ``.datasets``.

    Raises
    ------
    ValueError
        If no name is given, or a name, ``kind`` or ``lang`` is not known (the message lists
        the valid ones).

    Examples
    --------
    >>> source_line("contributions")
    'Sources: UN DPO; IPI.'
    >>> source_line("parity_targets", lang="fr")
    'Source\xa0: DOP (ONU).'
    >>> source_line("contributions").citation.startswith("United Nations Department")
    True
    """
    if not datasets:
        raise ValueError("source_line() needs at least one dataset name")
    if kind not in KIND_TEXT:
        raise ValueError(f"unknown kind {kind!r}; valid kinds: {', '.join(KIND_TEXT)}")
    i18n.check_lang(lang)
    names = list(dict.fromkeys(datasets))
    short: list[str] = []
    for name in names:
        for part in catalog.info(name).publisher.split(";"):
            label = _short_publisher(part)
            if label not in short:
                short.append(label)
    shown = [gettext(s, lang) if s in _TRANSLATED_PUBLISHERS else s for s in short]
    separator = "\u202f; " if lang == "fr" else "; "  # French sets a thin space before ";"
    text = trn("Source: {sources}.", "Sources: {sources}.", len(shown), lang,
               sources=separator.join(shown))  # fmt: skip
    citation = "\n".join(catalog.cite(name) for name in names)
    if "contributions" in names:
        citation += "\n" + gettext(KIND_TEXT[kind], lang)
    return SourceLine(text, names, citation)


# --- the figure and its description -----------------------------------------------------------


@dataclass(frozen=True)
class FigureInfo:
    """What a figure says about itself: for the saved files' metadata and the HTML caption.

    Attributes
    ----------
    title, subtitle, unit : str
        As given to :func:`figure` (subtitle and unit may be empty).
    source : str
        The one-line source drawn on the figure.
    citation : str
        The full citation (from :func:`source_line`, or ``citation=``); may be empty.
    alt : str
        Alternative text: ``alt=`` or title, subtitle and unit.
    lang : str
        Language of the figure's text.
    width : str
        "full", "column" or "custom".
    """

    title: str
    subtitle: str
    unit: str
    source: str
    citation: str
    alt: str
    lang: str
    width: str


def describe(fig: Figure) -> FigureInfo:
    """The :class:`FigureInfo` of a figure made by :func:`figure` (or a chart function).

    Raises
    ------
    ValueError
        If the figure was not made by this module.
    """
    info = getattr(fig, "_pkanalysis_info", None)
    if info is None:
        raise ValueError("this figure was not made by pkanalysis.figures.figure()")
    return info


class _HouseLayout(ConstrainedLayoutEngine):
    """Constrained layout inside the band left between the title block and the source line.

    Title, subtitle and source are figure texts; constrained layout ignores those, so the band is
    recomputed (and the texts re-wrapped) at every draw: resizing a figure keeps them clear.
    """

    def __init__(self, texts: list[tuple[Text, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._texts = texts  # (artist, unwrapped text); the source line is always last

    def execute(self, fig: Figure) -> Any:
        width_in, height_in = fig.get_size_inches()
        width_pt, height_pt = width_in * 72.0, height_in * 72.0
        *header, (source, source_raw) = self._texts
        # The renderer constrained layout itself uses; only its text metrics are needed here.
        renderer = fig._get_renderer()

        top = height_pt - _EDGE_PT
        for artist, raw in header:
            artist.set_text(_wrap(raw, artist.get_fontproperties(), width_pt - 2 * _EDGE_PT))
            artist.set_position((_EDGE_PT / width_pt, top / height_pt))
            top -= _block_height(artist, renderer) + _GAP_PT
        source.set_text(_wrap(source_raw, source.get_fontproperties(), width_pt - 2 * _EDGE_PT))
        source.set_position((_EDGE_PT / width_pt, _EDGE_PT / height_pt))
        bottom = _EDGE_PT + _block_height(source, renderer) + _GAP_PT

        if top - bottom < 0.2 * height_pt:
            warnings.warn(
                "title, subtitle and source line leave little room for the plot; "
                "shorten them or make the figure taller",
                stacklevel=2,
            )
        band = max(top - bottom, 0.1 * height_pt)
        self.set(rect=(0.0, bottom / height_pt, 1.0, band / height_pt))
        return super().execute(fig)


def _text_width(text: str, prop: FontProperties) -> float:
    """Width in points, measured with the font itself so wrapping does not depend on a backend."""
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


# Every draw re-wraps the title block (three saves and the notebook's image each draw), and
# measuring text is the costly part; FontProperties hash by value, so a changed font misses.
@functools.lru_cache(maxsize=512)
def _wrap(text: str, prop: FontProperties, width_pt: float) -> str:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        # Only ordinary spaces break a line: no-break spaces (French "Source\u00a0:",
        # "6\u202f247") hold their neighbours together.
        for word in filter(None, paragraph.split(" ")):
            candidate = f"{line} {word}" if line else word
            if line and _text_width(candidate, prop) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


@functools.lru_cache(maxsize=1024)
def _label_width(text: str, size: float = _LABEL_PT) -> float:
    return _text_width(text, FontProperties(family="DejaVu Sans", size=size))


def _block_height(artist: Text, renderer: Any) -> float:
    """Height in points of a (multi-line) text as matplotlib will draw it."""
    figure = artist.get_figure(root=True)
    return artist.get_window_extent(renderer).height * 72.0 / figure.dpi


def _size(
    size: str | tuple[float, float] | None, width: str | None
) -> tuple[tuple[float, float], str]:
    """Figure size in inches and the width's name ("custom" for a tuple)."""
    if size is not None and not isinstance(size, str):
        if width is not None:
            raise ValueError("give width= or a (width, height) size in inches, not both")
        w, h = size
        return (float(w), float(h)), "custom"
    size = size or "half"
    width = width or "full"
    if width not in WIDTHS:
        raise ValueError(f"unknown width {width!r}; use one of {', '.join(map(repr, WIDTHS))}")
    if size not in _HEIGHTS:
        raise ValueError(
            f"unknown size {size!r}; use one of {', '.join(map(repr, _HEIGHTS))} "
            "or a (width, height) tuple in inches"
        )
    return (WIDTHS[width], _HEIGHTS[size][width]), width


def _grown(size, width, extra_rows: int, per_row: float, base: float):
    """A default size made taller for many categories (bars), at the requested width."""
    if size is not None:
        return size, width
    (w, h), name = _size(None, width)
    return (w, max(h, base + per_row * extra_rows)), None


def figure(
    title: str,
    source: str,
    subtitle: str | None = None,
    nrows: int = 1,
    ncols: int = 1,
    size: str | tuple[float, float] | None = None,
    *,
    unit: str | None = None,
    width: str | None = None,
    lang: str = "en",
    citation: str | None = None,
    alt: str | None = None,
    **subplot_kw: Any,
) -> tuple[Figure, Any]:
    """A figure in the house style with title, optional subtitle and unit, and source line.

    Parameters
    ----------
    title : str
        Bold title at the top left; wrapped to the figure width.  State the finding ("Nepal's
        deployment doubled after 2015"), not the chart's content.
    source : str
        Source line at the bottom left, usually from :func:`source_line` (which carries the
        full citation).  "Source: " is added when the text does not start with "Source".
    subtitle : str, optional
        Smaller line under the title: what is shown, the period, the selection.
    nrows, ncols : int, default 1
        Grid of axes, as in :func:`matplotlib.pyplot.subplots`.
    size : {"half", "full"} or (float, float), optional
        Height: "half" (default; 3.9 in at full width, 3 in at column width) or "full" (7.5 in,
        5 in); a tuple is (width, height) in inches and excludes ``width``.
    unit : str, optional
        Unit of the values ("personnel", "% of uniformed personnel"), shown after the subtitle
        in parentheses (or alone as the subtitle).
    width : {"full", "column"}, optional
        7 in (default) or 3.5 in.
    lang : {"en", "fr"}, default "en"
        Language of the figure (the "Source" prefix; recorded in the metadata).
    citation : str, optional
        Full citation for the metadata and the caption; default the ``citation`` of a
        :class:`SourceLine` source.
    alt : str, optional
        Alternative text for the HTML image; default title, subtitle and unit.
    **subplot_kw
        Passed to :meth:`matplotlib.figure.Figure.subplots` (``sharex``, ``sharey``, ...).

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes or numpy.ndarray of Axes
        A single Axes for a 1 x 1 grid, else an array as from ``plt.subplots``.

    Raises
    ------
    ValueError
        If ``title`` or ``source`` is empty, or ``size``, ``width`` or ``lang`` is unknown.

    Notes
    -----
    Settings read when an artist is made (colour cycle, grid, spines) are fixed on the returned
    axes; calls such as ``ax.set_title`` read rcParams when called, so make them inside
    ``with use_style():`` (or ``matplotlib.style.use(STYLE)`` once per notebook).
    """
    if not title or not title.strip():
        raise ValueError("a figure needs a title")
    if not source or not source.strip():
        raise ValueError("a figure needs a source line; build one with figures.source_line()")
    i18n.check_lang(lang)
    dims, width_name = _size(size, width)
    if citation is None:
        citation = getattr(source, "citation", "")
    source = source.strip()
    if not source.lower().startswith("source"):
        source = tr("Source: {text}", lang, text=source)
    header = subtitle or ""
    if unit:
        header = f"{header} ({unit})" if header else unit
    text_width = "column" if dims[0] < 5 else "full"  # smaller title type on narrow figures

    with use_style():
        fig = plt.figure(figsize=dims)
        title_artist = fig.text(
            0, 1, title, ha="left", va="top", fontsize=_TITLE_PT[text_width], fontweight="bold",
            color=_TEXT_COLOUR,
        )  # fmt: skip
        texts = [(title_artist, title)]
        if header:
            subtitle_artist = fig.text(
                0, 1, header, ha="left", va="top", fontsize=_SUBTITLE_PT[text_width],
                color=_TEXT_COLOUR,
            )  # fmt: skip
            texts.append((subtitle_artist, header))
        source_artist = fig.text(
            0, 0, source, ha="left", va="bottom", fontsize=_SOURCE_PT, color=_SOURCE_COLOUR
        )
        texts.append((source_artist, source))
        fig.set_layout_engine(_HouseLayout(texts))
        axes = fig.subplots(nrows, ncols, **subplot_kw)
    description = ". ".join(t.strip().rstrip(".") for t in (title, header) if t and t.strip())
    fig._pkanalysis_info = FigureInfo(
        title=title, subtitle=subtitle or "", unit=unit or "", source=source,
        citation=citation or "", alt=alt or f"{description}.", lang=lang, width=width_name,
    )  # fmt: skip
    return fig, axes


# --- saving and showing -----------------------------------------------------------------------


def _metadata(fig: Figure, ext: str) -> dict[str, Any] | None:
    """Per-format metadata: title, description and full citation; no dates (re-runs of a
    report give byte-identical files)."""
    info = getattr(fig, "_pkanalysis_info", None)
    from . import __version__

    software = f"pkanalysis {__version__}"
    if ext == "pdf":
        meta: dict[str, Any] = {"CreationDate": None, "Creator": software}
        if info:
            cited = info.citation or info.source
            meta.update(Title=info.title, Subject=f"{info.alt}\n\n{cited}")
        return meta
    if ext == "svg":
        meta = {"Date": None, "Creator": software}
        if info:
            meta.update(
                Title=info.title, Description=info.alt, Source=info.citation or info.source,
                Language=info.lang,
            )  # fmt: skip
        return meta
    if ext == "png":
        meta = {"Software": software}
        if info:
            meta.update(Title=info.title, Description=info.alt, Source=info.source)
            if info.citation:
                meta["Citation"] = info.citation
        return meta
    return None


def save(
    fig: Figure,
    name: str,
    out_dir: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = ("png", "svg", "pdf"),
    dpi: int = 300,
) -> list[Path]:
    """Save ``fig`` in every format at once, with its title, description and citation.

    PNG files carry ``Title``, ``Description`` (the alt text), ``Source`` (the source line) and
    ``Citation`` text chunks; SVG files Dublin Core ``Title``, ``Description``, ``Source`` (the
    citation) and ``Language``; PDF files ``Title`` and ``Subject`` (alt text and citation).
    PDF text is TrueType (Type 42) and SVG text is ``<text>``, so both can be edited.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem; reduced to ``[A-Za-z0-9_.-]`` so it cannot leave ``out_dir``
        (``"../x"`` becomes ``"x"``).
    out_dir : path-like, optional
        Folder to write to; default :func:`pkanalysis.outputs.output_dir` (the report job's
        folder, else ``<reports>/scratch``).  Created if missing.
    formats : iterable of str, default ("png", "svg", "pdf")
        File extensions; any format matplotlib can write.
    dpi : int, default 300
        Resolution of raster formats.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.

    Raises
    ------
    ValueError
        If a format is not supported by matplotlib or no format is given.
    """
    supported = fig.canvas.get_supported_filetypes()
    exts = list(dict.fromkeys(f.lower().lstrip(".") for f in formats))
    if not exts:
        raise ValueError("no format given")
    unknown = [e for e in exts if e not in supported]
    if unknown:
        raise ValueError(
            f"unsupported format(s) {', '.join(unknown)}; supported: {', '.join(sorted(supported))}"
        )

    folder = outputs.output_dir(out_dir).expanduser().resolve()
    stem = outputs.safe_stem(name)

    written: list[Path] = []
    # Save-time settings (font embedding, SVG ids) come from the style sheet too.
    with use_style(), _layout_frozen(fig), _lean_font_subsets():
        for ext in exts:
            path = folder / f"{stem}.{ext}"
            if path.resolve().parent != folder:  # belt and braces on top of safe_stem
                raise ValueError(f"refusing to write outside {folder}: {path}")
            fig.savefig(path, format=ext, dpi=dpi, metadata=_metadata(fig, ext))
            written.append(path)
            if ext == "svg":
                fig._pkanalysis_svg = path.read_bytes()
    # show() embeds the saved SVG unless the figure changes in between: saving leaves the
    # figure marked stale (it restores colours it set for the file), and any later change to
    # an artist marks it stale again.
    fig.stale = False
    return written


@contextlib.contextmanager
def _layout_frozen(fig: Figure):
    """Lay the figure out once for all the formats saved, not once per file.

    The layout is in figure fractions, the same at every resolution, and constrained layout
    costs about a third of a draw; matplotlib's documented way to keep a layout is to set the
    engine to "none" after it ran.  The engine is restored afterwards.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        yield
        return
    engine.execute(fig)
    fig.set_layout_engine("none")
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


@contextlib.contextmanager
def _lean_font_subsets():
    """Leave the OpenType layout tables (kerning, ligature rules) out of the fonts embedded
    in PDFs.

    Type 42 embedding subsets each font with fontTools, and decompiling DejaVu Sans's GPOS
    and GSUB tables is most of that cost (about 0.5 s of a 0.9 s PDF).  A PDF places every
    glyph itself and never reads those tables, so the file shows and edits the same.
    fontTools keeps its default list of dropped tables on ``Options``; where it does not (a
    future version), fonts are subset as matplotlib does by default.
    """
    from fontTools import subset

    default = getattr(subset.Options, "_drop_tables_default", None)
    if not isinstance(default, list):
        yield
        return
    subset.Options._drop_tables_default = [*default, "GSUB", "GPOS", "GDEF", "kern"]
    try:
        yield
    finally:
        subset.Options._drop_tables_default = default


def _svg(fig: Figure) -> bytes:
    cached = getattr(fig, "_pkanalysis_svg", None)
    if cached is not None and not fig.stale:
        return cached
    buffer = io.BytesIO()
    with use_style():
        fig.savefig(buffer, format="svg", metadata=_metadata(fig, "svg"))
    fig._pkanalysis_svg = buffer.getvalue()
    return fig._pkanalysis_svg


def figure_html(
    fig: Figure, alt: str | None = None, caption: str | None = None, image: str = "svg"
) -> str:
    """The figure as a self-contained HTML ``<figure>``: image with alt text, then a caption.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str, optional
        Alternative text; default :attr:`FigureInfo.alt` (title, subtitle and unit).
    caption : str, optional
        Caption under the image; default the full citation (one paragraph per line), else the
        source line.
    image : {"svg", "png"}, default "svg"
        SVG (text stays text, sharp in print, usually smaller) or PNG at 150 dpi; embedded as a
        ``data:`` URI, so the page requests nothing.

    Returns
    -------
    str
    """
    info = getattr(fig, "_pkanalysis_info", None)
    if alt is None:
        alt = info.alt if info else ""
    if not alt.strip():
        raise ValueError("a figure shown in a report needs alt text; pass alt=")
    if caption is None:
        caption = (info.citation or info.source) if info else ""
    if image == "svg":
        data, mime = _svg(fig), "image/svg+xml"
    elif image == "png":
        buffer = io.BytesIO()
        with use_style():
            fig.savefig(buffer, format="png", dpi=150, metadata=_metadata(fig, "png"))
        data, mime = buffer.getvalue(), "image/png"
    else:
        raise ValueError(f"unknown image format {image!r}; use 'svg' or 'png'")
    width_px = round(fig.get_size_inches()[0] * 96)
    src = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    paragraphs = "".join(
        f"<p>{html.escape(line)}</p>" for line in caption.splitlines() if line.strip()
    )
    lang = info.lang if info else "en"
    return (
        f'<figure class="pkanalysis-figure" lang="{lang}" style="margin:1em 0;'
        f'max-width:{width_px}px">'
        f'<img src="{src}" alt="{html.escape(alt, quote=True)}" width="{width_px}" '
        'style="max-width:100%;height:auto">'
        '<figcaption style="font-size:0.8em;color:#595959">'
        f"{paragraphs}</figcaption></figure>"
    )


def show(fig: Figure, alt: str | None = None, caption: str | None = None) -> None:
    """Display ``fig`` once in a notebook as an HTML figure with alt text and caption, then
    release it.

    The output is :func:`figure_html`: the image embedded (nothing is fetched), its alt text
    (default title, subtitle and unit) and a caption with the full citation.  Notebooks call
    this after :func:`save`, which it reuses the SVG of.  Outside IPython it only closes the
    figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt, caption : str, optional
        See :func:`figure_html`.
    """
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(HTML(figure_html(fig, alt=alt, caption=caption)))
    plt.close(fig)


# --- shared helpers of the chart functions ----------------------------------------------------


def _check_columns(df: pd.DataFrame, *columns: str | None) -> None:
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        raise ValueError(
            f"column(s) {', '.join(map(repr, missing))} not in the frame; "
            f"columns are: {', '.join(map(str, df.columns))}"
        )


def _format_values(
    ax: Axes, axis: str, yformat: YFormat, values: Sequence[float], lang: str = "en"
) -> None:
    """Apply a tick formatter to the value axis in ``lang`` ("auto": numbers, "percent":
    shares in [0, 1] as percentages)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    if yformat is None:
        return
    if isinstance(yformat, str):
        if yformat in ("auto", "thousands"):
            target.set_major_formatter(NumberFormatter(lang))
        elif yformat == "percent":
            target.set_major_formatter(NumberFormatter(lang, percent=True))
        else:
            raise ValueError(
                f"unknown yformat {yformat!r}; use 'auto', 'thousands', 'percent', None, "
                "a Formatter or a function (value, pos) -> str"
            )
    else:
        target.set_major_formatter(yformat)


#: Value-axis names for the columns analyses return, when the caller gives no label or unit.
UNITS: dict[str, str] = {
    "total": N_("personnel"),
    "women": N_("women"),
    "female": N_("women"),
    "male": N_("men"),
    "change": N_("change in personnel"),
    "share": N_("share"),
    "female_share": N_("share of women"),
}


def _value_label(column: str, label: str | None, unit: str | None, lang: str) -> str:
    """The value axis's name: the caller's label, else the unit, else the column's unit."""
    if label:
        return label
    if unit:
        return unit
    if column in UNITS:
        return gettext(UNITS[column], lang)
    if lang == "en":
        return column.replace("_", " ")
    raise ValueError(
        f"no {i18n.LANGUAGES[lang]} name for the value column {column!r}: pass unit= or a label"
    )


def _axis_name(column: str, lang: str) -> str | None:
    """A category or legend title from the tables' headers, in ``lang`` (None if unknown)."""
    if column in LABELS:
        return gettext(LABELS[column], lang)
    return column.replace("_", " ") if lang == "en" else None


def _display(value: Any, column: str | None, lang: str, labels: Labels = None) -> str:
    """How a category value reads in ``lang``: the caller's label, a country's name for ISO3
    codes, a vocabulary word translated, a mission acronym as it is."""
    if labels is not None:
        if callable(labels):
            return str(labels(value))
        if value in labels:
            return str(labels[value])
        if str(value) in labels:
            return str(labels[str(value)])
        raise ValueError(f"no label for {value!r} in labels=; labelled: {list(labels)[:10]}")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return i18n.MISSING
    if column and (column.endswith("_iso3") or column == "iso3"):
        return i18n.country_name(str(value), lang)
    text = str(value)
    if lang == "en" or column == "mission":
        return text
    try:
        return i18n.term(text, lang)
    except i18n.MissingTranslationError:
        if text.isupper() and " " not in text:
            return text  # an acronym (UNMISS, WEOG) reads the same in every language
        raise ValueError(
            f"no {i18n.LANGUAGES[lang]} label for {text!r} (column {column!r}): pass labels= "
            "with the translated words, or use an ISO3 column for countries"
        ) from None


def _is_years(values: pd.Series) -> bool:
    return pd.api.types.is_integer_dtype(values) and len(values) > 0


def _integer_x(ax: Axes, values: pd.Series) -> None:
    # Years as integers: no "2,020", no "2019.5".
    if _is_years(values):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(lambda v, pos=None: f"{v:.0f}")


def _date_axis(ax: Axes, lang: str, width_pt: float) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=max(5, int(width_pt // 55)))
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(DateFormatter(lang))


def _groups(df: pd.DataFrame, hue: str) -> list[Any]:
    column = df[hue]
    if isinstance(column.dtype, pd.CategoricalDtype):
        present = set(column.dropna().unique())
        return [c for c in column.cat.categories if c in present]
    values = list(column.dropna().unique())
    try:
        return sorted(values)
    except TypeError:
        return values


def _monthly(dates: pd.Series) -> bool:
    """Dates that are month ends (the tables' convention for monthly data)."""
    dates = pd.to_datetime(dates.dropna())
    return len(dates) > 1 and bool(dates.dt.is_month_end.all())


def _with_gaps(part: pd.DataFrame, x: str, y: str, coverage: pd.DataFrame | None) -> pd.DataFrame:
    """One line's rows with a missing value at every month (or year) between its first and
    last that has no row, and at months ``coverage`` marks unobserved or repeated."""
    if part[x].duplicated().any():
        repeated = part.loc[part[x].duplicated(), x].iloc[0]
        raise ValueError(
            f"{x!r} repeats within one line (e.g. {repeated}); aggregate to one row per {x}"
        )
    if part.empty:
        return part
    if pd.api.types.is_datetime64_any_dtype(part[x]) and _monthly(part[x]):
        full = pd.date_range(part[x].min(), part[x].max(), freq="ME")
    elif _is_years(part[x]):
        full = pd.RangeIndex(int(part[x].min()), int(part[x].max()) + 1)
    else:
        return part
    out = part.set_index(x).reindex(full)
    out.index.name = x
    out = out.reset_index()
    if coverage is not None and pd.api.types.is_datetime64_any_dtype(out[x]):
        _check_columns(coverage, "date", "observed", "carried_forward")
        bad = coverage.loc[~coverage["observed"] | coverage["carried_forward"], "date"]
        out.loc[out[x].isin(bad), y] = np.nan
    return out


def _isolated(values: np.ndarray) -> np.ndarray:
    """Points with no valid neighbour: a line through them draws nothing, so they get a dot."""
    valid = np.isfinite(values)
    before = np.concatenate([[False], valid[:-1]])
    after = np.concatenate([valid[1:], [False]])
    return valid & ~before & ~after


def _plot_line(ax: Axes, xs, ys, **kwargs: Any):
    ys = pd.to_numeric(pd.Series(ys), errors="coerce").astype(float).to_numpy()
    lonely = _isolated(ys)
    if lonely.any():
        kwargs.setdefault("marker", "o")
        kwargs.setdefault("markersize", 2.5)
        kwargs["markevery"] = list(np.flatnonzero(lonely))
    (line,) = ax.plot(np.asarray(xs), ys, **kwargs)
    return line


def _spread(positions: list[float], min_gap: float, floor: float | None = 0.0) -> list[float]:
    """Move label positions (points) apart by at least ``min_gap``, as little as possible."""
    order = sorted(range(len(positions)), key=positions.__getitem__)
    pos = [positions[i] for i in order]
    for _ in range(100):
        moved = False
        for i in range(1, len(pos)):
            overlap = min_gap - (pos[i] - pos[i - 1])
            if overlap > 1e-6:
                pos[i - 1] -= overlap / 2
                pos[i] += overlap / 2
                moved = True
        if not moved:
            break
    # Keep the stack inside the axes: a label below the x axis would collide with tick labels.
    if floor is not None and pos and pos[0] < floor:
        pos = [p - pos[0] + floor for p in pos]
    out = [0.0] * len(pos)
    for rank, i in enumerate(order):
        out[i] = pos[rank]
    return out


def _layout_now(fig: Figure, ax: Axes) -> tuple[float, float]:
    """Run the layout once; the axes' width and height in points."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    ax.autoscale_view()
    box = ax.get_position()
    w_in, h_in = fig.get_size_inches()
    return box.width * w_in * 72.0, box.height * h_in * 72.0


#: The least height in inches a plot keeps at each width before a default-sized figure grows.
_MIN_PLOT_IN = {"full": 2.0, "column": 1.6}


def _keep_plot_height(fig: Figure, ax: Axes, size: Any) -> float:
    """Grow a default-sized figure so legends, conference labels and a wrapped title leave
    the plot its least height (at column width they would squeeze it to a strip).

    Returns the plot's height in points after the layout.
    """
    _, height_pt = _layout_now(fig, ax)
    if size is not None:
        return height_pt  # the caller chose the size
    width_in, height_in = fig.get_size_inches()
    least = _MIN_PLOT_IN["column" if width_in < 5 else "full"] * 72.0
    if height_pt < least - 1:
        fig.set_size_inches(width_in, height_in + (least - height_pt) / 72.0)
        _, height_pt = _layout_now(fig, ax)
    return height_pt


def _add_direct_labels(ax: Axes, ends: list[tuple[str, Any, float, str]]) -> list[Any]:
    """A label at each line's last point (spread apart later by :func:`_spread_direct_labels`)."""
    return [
        ax.annotate(
            text,
            xy=(x_end, y_end),
            xytext=(5, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=_LABEL_PT,
            color=readable(colour),
            annotation_clip=False,
        )  # fmt: skip
        for text, x_end, y_end, colour in ends
    ]


def _spread_direct_labels(
    ax: Axes, ends: list[tuple[str, Any, float, str]], labels: list[Any], height_pt: float
) -> None:
    """Nudge the line-end labels apart where they would collide, at the plot's final height."""
    y0, y1 = ax.get_ylim()
    scale = height_pt / (y1 - y0) if y1 != y0 else 1.0

    by_x: dict[Any, list[int]] = {}
    for i, (_, x_end, _, _) in enumerate(ends):
        by_x.setdefault(x_end, []).append(i)
    offsets = [0.0] * len(ends)
    for members in by_x.values():
        wanted = [(ends[i][2] - y0) * scale for i in members]
        placed = _spread(wanted, _LABEL_PT * 1.25)
        for i, w, p in zip(members, wanted, placed, strict=True):
            offsets[i] = p - w
    for label, dy in zip(labels, offsets, strict=True):
        label.xyann = (5, dy)


def _below_axes(ax: Axes, extra_pt: float = 0.0) -> Any:
    """A transform placing an anchor under the x axis's tick labels (and its label)."""
    import matplotlib as mpl

    with use_style():
        ticks = mpl.rcParams["xtick.major.size"] + mpl.rcParams["xtick.major.pad"]
        rows = max(1, max((t.get_text().count("\n") + 1 for t in ax.get_xticklabels()), default=1))
        depth = ticks + rows * mpl.rcParams["xtick.labelsize"] * 1.3 + 2
        if ax.get_xlabel():
            depth += mpl.rcParams["axes.labelpad"] + mpl.rcParams["axes.labelsize"] * 1.3
    fig = ax.get_figure(root=True)
    return ax.transAxes + ScaledTranslation(0, -(depth + extra_pt) / 72.0, fig.dpi_scale_trans)


def _legend_columns(labels: Sequence[str], width_pt: float) -> int:
    """As many legend columns as fit ``width_pt`` (each entry: handle, gap, text, spacing)."""
    widths = [_label_width(t) + 2.8 * _LABEL_PT for t in labels]
    for ncol in range(len(widths), 0, -1):
        columns = [max(widths[c::ncol]) for c in range(ncol)]
        if sum(columns) <= width_pt:
            return ncol
    return 1


def _legend(
    ax: Axes,
    handles: list[Any],
    where: str,
    title: str | None = None,
    width_pt: float | None = None,
) -> None:
    """A legend outside the plot, so it never covers data: ``where`` is "below" (under the
    tick labels) or "above" (between the subtitle and the plot)."""
    fig = ax.get_figure(root=True)
    if width_pt is None:
        width_pt = fig.get_size_inches()[0] * 72.0 * 0.8
    ncol = _legend_columns([h.get_label() for h in handles], width_pt)
    common = dict(
        handles=handles, ncol=ncol, frameon=False, fontsize=_LABEL_PT, handlelength=1.8,
        columnspacing=1.2, borderaxespad=0, title=title, alignment="left",
    )  # fmt: skip
    if title:
        common["title_fontsize"] = _LABEL_PT
    if where == "below":
        ax.legend(loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=_below_axes(ax),
                  **common)  # fmt: skip
    elif where == "above":
        offset = ScaledTranslation(0, 4 / 72.0, fig.dpi_scale_trans)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1), bbox_transform=ax.transAxes + offset,
                  **common)  # fmt: skip
    else:  # pragma: no cover - internal
        raise ValueError(where)


# --- conferences and other dated events -------------------------------------------------------

#: Cities of the conferences, as short labels on time axes (translated like any message).
CITIES = (
    N_("New York"),
    N_("London"),
    N_("Paris"),
    N_("Vancouver"),
    N_("Seoul"),
    N_("Accra"),
    N_("Berlin"),
)


def _event_rows(events: pd.DataFrame | Iterable[Any], lang: str) -> list[tuple[Any, str]]:
    """(date, short label) of each event: a conferences frame gives its start date and city."""
    if isinstance(events, pd.DataFrame):
        date_col = "start_date" if "start_date" in events else "date"
        _check_columns(events, date_col)
        if "label" in events:
            labels = events["label"].astype(str).tolist()
        elif "city" in events:
            labels = [gettext(str(c), lang) for c in events["city"]]
        elif "conference_id" in events:
            labels = events["conference_id"].astype(str).tolist()
        else:
            labels = [""] * len(events)
        column = events[date_col]
        numeric = pd.api.types.is_numeric_dtype(column)  # e.g. months from an event
        dates = (column if numeric else pd.to_datetime(column)).tolist()
        return [(d, lab) for d, lab in zip(dates, labels, strict=True) if pd.notna(d)]
    return [(pd.Timestamp(d), "") for d in events]


def mark_events(
    ax: Axes,
    events: pd.DataFrame | Iterable[Any],
    lang: str = "en",
    *,
    kind: str = "event",
) -> list[Text]:
    """Mark dated events (conferences) on a time axis: a light dashed line through the plot
    and a short label above it, outside the plot.

    Labels go in up to two rows so that no two touch; where an axis is too crowded for every
    label (a 35-year axis with two conferences a year apart), the later ones that do not fit
    keep their line without a label.  The chart functions add a legend entry for the lines.
    Events outside the axis's range are left out (they do not stretch the axis).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes with dates (or numbers) on x, already drawn.
    events : DataFrame or iterable of dates
        :func:`pkanalysis.load_conferences` (labels are the cities, in ``lang``) or any frame
        with ``date``/``start_date`` and ``label``; or plain dates (no labels).
    lang : {"en", "fr"}, default "en"
    kind : {"event", "break"}, default "event"
        "break" draws dotted, unlabelled lines (breaks in a series).

    Returns
    -------
    list of matplotlib.text.Text
        The labels drawn.
    """
    return _mark_events(ax, events, lang, kind)[1]


def _mark_events(ax: Axes, events: Any, lang: str, kind: str) -> tuple[int, list[Text]]:
    """:func:`mark_events`; also returns how many events fell inside the axis."""
    rows = _event_rows(events, lang)
    if not rows:
        return 0, []
    fig = ax.get_figure(root=True)
    ax.autoscale_view()
    x0, x1 = ax.get_xlim()
    is_dates = isinstance(ax.xaxis.get_major_formatter(), (DateFormatter, mdates.DateFormatter))
    is_dates = is_dates or ax.xaxis.get_converter() is not None
    shown: list[tuple[float, str]] = []
    for date, label in rows:
        x = mdates.date2num(date) if is_dates else float(date)
        if x0 <= x <= x1:
            shown.append((x, label))
    colour, style = (MUTED, ":") if kind == "break" else (_EVENT_COLOUR, (0, (4, 3)))
    for x, _ in shown:
        ax.axvline(x, color=colour, linewidth=0.7, linestyle=style, zorder=0.5)
    ax.set_xlim(x0, x1)
    if kind == "break" or not any(label for _, label in shown):
        return len(shown), []
    width_pt, _ = _layout_now(fig, ax)
    per_pt = width_pt / (x1 - x0) if x1 != x0 else 1.0
    ends: list[float] = []  # right end (points) of the last label in each row
    texts: list[Text] = []
    for x, label in sorted(shown):
        if not label:
            continue
        centre = (x - x0) * per_pt
        half = _label_width(label) / 2
        # Labels near an edge are aligned to it rather than running past the plot.
        left = min(max(centre - half, 0.0), width_pt - 2 * half)
        row = next((r for r, end in enumerate(ends) if left >= end + 3), len(ends))
        if row >= _MAX_EVENT_ROWS:
            continue  # no room: the line stays, unlabelled
        if row == len(ends):
            ends.append(0.0)
        ends[row] = left + 2 * half
        texts.append(
            ax.annotate(
                label,
                xy=(x0 + (left + half) / per_pt, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, 3 + row * (_LABEL_PT * 1.25)),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=_LABEL_PT,
                color=_SOURCE_COLOUR,
                annotation_clip=False,
            )  # fmt: skip
        )
    return len(shown), texts


def _events_handle(lang: str) -> Line2D:
    return Line2D([], [], color=_EVENT_COLOUR, linewidth=0.9, linestyle=(0, (4, 3)),
                  label=gettext(N_("peacekeeping conferences"), lang))  # fmt: skip


def mark_dates(
    ax: Axes, dates: Iterable[Any], labels: Iterable[str] | None = None, kind: str = "event"
) -> list[Text]:
    """Thin vertical lines at ``dates`` (conferences, or breaks in a series with
    ``kind="break"``), labelled above the plot where ``labels`` are given.

    Prefer ``events=`` of the chart functions, which also translates the labels; this stays
    for charts drawn by hand.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot(pd.to_datetime(["2020-01-31", "2021-01-31"]), [1, 2])
    >>> [t.get_text() for t in mark_dates(ax, pd.to_datetime(["2020-06-30"]), ["C"])]
    ['C']
    >>> len(ax.lines)
    2
    >>> plt.close(fig)
    """
    dates = list(dates)
    if labels is None:
        return mark_events(ax, dates, kind=kind)
    frame = pd.DataFrame({"date": pd.to_datetime(dates), "label": list(labels)})
    return mark_events(ax, frame, kind=kind)


# --- the charts -------------------------------------------------------------------------------


def _target_handle(label: str) -> Line2D:
    return Line2D([], [], color="#333333", linestyle="--", linewidth=1.2, label=label)


def line_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None = None,
    *,
    title: str,
    source: str,
    subtitle: str | None = None,
    ylabel: str | None = None,
    xlabel: str | None = None,
    yformat: YFormat = "auto",
    size: str | tuple[float, float] | None = None,
    unit: str | None = None,
    width: str | None = None,
    lang: str = "en",
    events: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    gaps: bool = True,
    source_col: str | None = None,
    target: float | str | pd.Series | None = None,
    target_label: str | None = None,
    labels: Labels = None,
    alt: str | None = None,
) -> tuple[Figure, Axes]:
    """One line per ``hue`` value, labelled at its end, else with a legend under the plot.

    Lines are labelled directly when there are at most 6 and all end at the last ``x``;
    otherwise (many series, or some stopping early) a legend goes under the plot.  Months (or
    years) with no row break the line; a point alone between gaps gets a dot.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy frame: one row per ``x`` (and ``hue``) value.  Rows are sorted by ``x``; a missing
        ``y`` leaves a gap.
    x, y : str
        Columns for the horizontal axis (dates or numbers) and the values.
    hue : str, optional
        Column whose values get one line each; categorical order is kept, others are sorted.
        ISO3 columns are shown as country names, vocabulary columns translated.
    title, source, subtitle, unit, width, lang, alt
        See :func:`figure`.
    xlabel, ylabel : str, optional
        Axis names; the value axis is named ``ylabel``, else ``unit``, else after the column.
    yformat : {"auto", "thousands", "percent"}, Formatter, callable or None, default "auto"
        Value-axis labels in ``lang``: "auto"/"thousands" numbers with separators, "percent"
        shares (0-1) as %.
    size : {"half", "full"} or (float, float), optional
    events : DataFrame, optional
        Conferences (:func:`pkanalysis.load_conferences`) to mark on a date axis: a dashed
        line each and the city above the plot.  Those outside the data's range are left out.
    coverage : DataFrame, optional
        :func:`pkanalysis.coverage`: months it marks unobserved or repeated break the lines.
    gaps : bool, default True
        Break lines at months (month-end dates) or years with no row in their own span.
    source_col : str, optional
        Column naming each point's source: the line changes style where the source changes
        (one style per source, explained in the legend), so data of one source are never
        labelled as another's.
    target : float, str or Series, optional
        Target to draw as a dashed line: a number (one level), a column of ``df`` (per line,
        in its colour) or a Series indexed by ``x``.
    target_label : str, optional
        Legend entry of the target; default "target" in ``lang``.
    labels : mapping or callable, optional
        Display names of the ``hue`` and ``source_col`` values (for words the catalogue does
        not know, e.g. in French).

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
    """
    _check_columns(df, x, y, hue, source_col)
    if isinstance(target, str):
        _check_columns(df, target)
    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size, unit=unit, width=width,
                         lang=lang, alt=alt)  # fmt: skip
        fig_width_pt = fig.get_size_inches()[0] * 72.0
        data = df.sort_values(x, kind="stable")
        groups = _groups(data, hue) if hue is not None else [None]
        # Ordered by their last point: the source of the latest data is drawn solid.
        sources = _by_last(data, x, source_col) if source_col else [None]
        styles = _source_styles(sources)
        ends: list[tuple[str, Any, float, str]] = []
        for i, group in enumerate(groups):
            part = data if group is None else data[data[hue] == group]
            keep = [c for c in (x, y, source_col, target if isinstance(target, str) else None)
                    if c is not None]  # fmt: skip
            part = part[list(dict.fromkeys(keep))]
            if gaps or coverage is not None:
                part = _with_gaps(part, x, y, coverage)
            # Colours repeat after 8 series; the line style then keeps them apart.
            colour = PALETTE[i % len(PALETTE)]
            name = None if group is None else _display(group, hue, lang, labels)
            if source_col is None:
                style = ["-", "--", ":", "-."][(i // len(PALETTE)) % 4]
                _plot_line(ax, part[x], part[y], color=colour, linestyle=style, label=name)
            else:
                for value in sources:
                    shown = part[y].where(part[source_col] == value)
                    _plot_line(ax, part[x], shown, color=colour, linestyle=styles[value],
                               label=name)  # fmt: skip
            if isinstance(target, str):
                goal = part[[x, target]].dropna()
                ax.plot(goal[x], goal[target], color=colour, linestyle="--", linewidth=1.1,
                        marker="_", markersize=8, alpha=0.9)  # fmt: skip
            valid = part[part[y].notna()]
            if name is not None and len(valid):
                ends.append((name, valid[x].iloc[-1], float(valid[y].iloc[-1]), colour))
        legend_extra: list[Any] = []
        if target is not None:
            legend_extra.append(_draw_target(ax, target, target_label, yformat, lang))
        if source_col is not None:
            legend_extra += [
                Line2D([], [], color="#333333", linestyle=styles[v], linewidth=1.5,
                       label=_display(v, source_col, lang, labels))
                for v in sources
            ]  # fmt: skip
        if pd.api.types.is_datetime64_any_dtype(data[x]):
            _date_axis(ax, lang, fig_width_pt)
        _integer_x(ax, data[x])
        values = pd.to_numeric(data[y], errors="coerce")
        _format_values(ax, "y", yformat, values, lang)
        ax.set_ylabel(_value_label(y, ylabel, unit, lang))
        if xlabel:
            ax.set_xlabel(xlabel)
        last_x = data.loc[data[y].notna(), x].max()
        # A label where a line stops mid-plot would sit on top of the other lines.
        ragged = any(x_end != last_x for _, x_end, _, _ in ends)
        use_legend = hue is not None and (len(groups) > _MAX_DIRECT_LABELS or ragged)
        # Order matters: direct labels take room on the right before conference labels are
        # spread over the plot's width; their vertical spacing waits for the final height.
        direct = [] if use_legend else _add_direct_labels(ax, ends)
        if events is not None and _mark_events(ax, events, lang, "event")[0]:
            legend_extra.append(_events_handle(lang))
        if use_legend:
            handles = [
                Line2D([], [], color=PALETTE[i % len(PALETTE)],
                       linestyle=["-", "--", ":", "-."][(i // len(PALETTE)) % 4],
                       label=_display(g, hue, lang, labels))
                for i, g in enumerate(groups)
            ]  # fmt: skip
            _legend(ax, handles + legend_extra, "below", title=_axis_name(hue, lang))
        elif legend_extra:
            _legend(ax, legend_extra, "below")
        height_pt = _keep_plot_height(fig, ax, size)
        if direct:
            _spread_direct_labels(ax, ends, direct, height_pt)
    return fig, ax


def _by_last(data: pd.DataFrame, x: str, column: str) -> list[Any]:
    """Values of ``column`` ordered by the last ``x`` where each appears."""
    last = data.dropna(subset=[column]).groupby(column, observed=True, sort=False)[x].max()
    return list(last.sort_values(kind="stable").index)


def _source_styles(sources: list[Any]) -> dict[Any, Any]:
    """Line styles of sources ordered by their last point: the latest solid, earlier ones
    dashed, dotted, dash-dotted."""
    others = [(0, (5, 2)), (0, (1, 1.5)), (0, (5, 2, 1, 2))]
    styles: dict[Any, Any] = {}
    for i, value in enumerate(reversed(sources)):
        styles[value] = "-" if i == 0 else others[(i - 1) % len(others)]
    return styles


def _draw_target(ax, target, target_label, yformat, lang) -> Line2D:
    """Draw a target that is not a column (a level or a Series by x); its legend handle."""
    if isinstance(target, str):
        return _target_handle(target_label or gettext(N_("target"), lang))
    if isinstance(target, pd.Series):
        goal = target.dropna().sort_index()
        ax.step(goal.index, goal.to_numpy(dtype=float), where="mid", color="#333333",
                linestyle="--", linewidth=1.2, zorder=2.5)  # fmt: skip
        return _target_handle(target_label or gettext(N_("target"), lang))
    level = float(target)
    ax.axhline(level, color="#333333", linestyle="--", linewidth=1.2, zorder=2.5)
    return _level_handle(level, target_label, yformat, lang)


def bar_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    source: str,
    subtitle: str | None = None,
    horizontal: bool = True,
    highlight: Iterable[Any] | None = None,
    highlight_label: str | None = None,
    other_label: str | None = None,
    label: str | None = None,
    yformat: YFormat = "auto",
    size: str | tuple[float, float] | None = None,
    unit: str | None = None,
    width: str | None = None,
    lang: str = "en",
    labels: Labels = None,
    target: float | None = None,
    target_label: str | None = None,
    alt: str | None = None,
) -> tuple[Figure, Axes]:
    """Bars sorted by value, largest first; optionally some bars in the accent colour.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per category; rows with a missing value are not drawn.
    x : str
        Category column (e.g. contributor); ISO3 codes are shown as country names in ``lang``.
    y : str
        Value column.
    title, source, subtitle, unit, width, lang, alt
        See :func:`figure`.
    horizontal : bool, default True
        Horizontal bars (long category names stay readable), largest at the top.
    highlight : iterable, optional
        Values of ``x`` drawn in :data:`ACCENT`; the other bars turn :data:`MUTED`.
    highlight_label, other_label : str, optional
        Legend entries explaining the colours (above the plot); a legend is drawn only if
        ``highlight_label`` is given; ``other_label`` defaults to "other" in ``lang``.
    label : str, optional
        Name of the value axis; default ``unit``, else after the column.
    yformat : {"auto", "thousands", "percent"}, Formatter, callable or None, default "auto"
        Value-axis labels, as in :func:`line_chart`.
    size : {"half", "full"} or (float, float), optional
        Default "half", made taller for more than 14 horizontal bars so labels stay >= 8 pt apart.
    labels : mapping or callable, optional
        Display names of the categories.
    target : float, optional
        A target level drawn as a dashed line across the bars (e.g. a parity target share).
    target_label : str, optional
        Its legend entry; default "target" in ``lang``.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a category appears more than once (aggregate first).
    """
    _check_columns(df, x, y)
    data = df[df[y].notna()]
    duplicated = data[x][data[x].duplicated()].unique().tolist()
    if duplicated:
        raise ValueError(f"{x!r} repeats {duplicated[:5]}; aggregate to one row per category")
    data = data.sort_values(y, ascending=False, kind="stable")
    keys = [str(v) for v in data[x]]
    names = [_display(v, x, lang, labels) for v in data[x]]
    values = data[y].astype(float).to_numpy()

    colours = [PALETTE[0]] * len(names)
    if highlight is not None:
        wanted = {str(h) for h in highlight}
        absent = sorted(wanted - set(keys))
        if absent:
            warnings.warn(f"highlight values not among the bars: {absent}", stacklevel=2)
        colours = [ACCENT if k in wanted else MUTED for k in keys]

    if horizontal:
        size, width = _grown(size, width, len(names), 0.2, 1.4)

    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size, unit=unit, width=width,
                         lang=lang, alt=alt)  # fmt: skip
        positions = np.arange(len(names))
        if horizontal:
            ax.barh(positions, values, color=colours, height=0.7)
            ax.set_yticks(positions, _category_labels(names, fig))
            ax.invert_yaxis()  # largest at the top, where reading starts
            ax.grid(False, axis="y")
            ax.grid(True, axis="x")
            ax.tick_params(axis="y", length=0)
            ax.tick_params(axis="x", length=0)
            ax.margins(y=0.01)
            value_axis = "x"
        else:
            ax.bar(positions, values, color=colours, width=0.7)
            long_names = max((len(n) for n in names), default=0) * len(names) > 60
            ax.set_xticks(positions, names, rotation=45 if long_names else 0,
                          ha="right" if long_names else "center")  # fmt: skip
            ax.tick_params(axis="x", length=0)
            ax.margins(x=0.01)
            value_axis = "y"
        if len(values) and np.nanmin(values) < 0:
            # A baseline makes the sign of each bar obvious.
            (ax.axvline if horizontal else ax.axhline)(0, color="#333333", linewidth=0.8)
        _format_values(ax, value_axis, yformat, values, lang)
        (ax.set_xlabel if horizontal else ax.set_ylabel)(_value_label(y, label, unit, lang))
        handles: list[Any] = []
        if highlight is not None and highlight_label:
            other = other_label or gettext(N_("other"), lang)
            handles += [Patch(color=ACCENT, label=highlight_label), Patch(color=MUTED, label=other)]
        if target is not None:
            level = float(target)
            (ax.axvline if horizontal else ax.axhline)(
                level, color="#333333", linestyle="--", linewidth=1.2, zorder=2.5
            )
            handles.append(_level_handle(level, target_label, yformat, lang))
        if handles:
            # Above the bars: inside the plot it would sit on the shortest (or negative) bars.
            _legend(ax, handles, "above")
    return fig, ax


def _level_handle(level: float, target_label: str | None, yformat, lang: str) -> Line2D:
    """Legend entry of a target level, with its value ("target: 15%")."""
    label = target_label or gettext(N_("target"), lang)
    shown = (
        i18n.format_percent(level, lang, _step_decimals([level], 100.0))
        if yformat == "percent"
        else i18n.format_number(level, lang, _step_decimals([level]))
    )
    return _target_handle(f"{label}: {shown}")


def paired_bar_chart(
    df: pd.DataFrame,
    x: str,
    first: str,
    second: str,
    *,
    title: str,
    source: str,
    subtitle: str | None = None,
    first_label: str | None = None,
    second_label: str | None = None,
    notes: str | None = None,
    label: str | None = None,
    size: str | tuple[float, float] | None = None,
    unit: str | None = None,
    width: str | None = None,
    lang: str = "en",
    labels: Labels = None,
    alt: str | None = None,
) -> tuple[Figure, Axes]:
    """Two horizontal bars per category (e.g. units requested and units pledged), in the
    frame's row order, with an optional note written beside each pair.

    A missing value draws no bar; ``notes`` (a column of short texts) says why, e.g.
    "requested, no number", so that an absent bar is not read as zero.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per category, in the order to draw (top first).
    x : str
        Category column (vocabulary words such as capabilities are translated).
    first, second : str
        Value columns, drawn in the first and second palette colours.
    title, source, subtitle, unit, width, lang, alt
        See :func:`figure`.
    first_label, second_label : str, optional
        Legend entries (above the plot); default the column names.
    notes : str, optional
        Column of texts written to the right of each pair (already in ``lang``).
    label : str, optional
        Name of the value axis; default ``unit``, else after the columns.
    size : {"half", "full"} or (float, float), optional
        Default "half", taller for more than 7 categories.
    labels : mapping or callable, optional
        Display names of the categories.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a category appears more than once (aggregate first).
    """
    _check_columns(df, x, first, second, notes)
    if df[x].duplicated().any():
        raise ValueError(f"{x!r} repeats; aggregate to one row per category")
    names = [_display(v, x, lang, labels) for v in df[x]]
    a = pd.to_numeric(df[first]).astype(float).to_numpy()
    b = pd.to_numeric(df[second]).astype(float).to_numpy()
    size, width = _grown(size, width, len(names), 0.42, 1.6)
    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size, unit=unit, width=width,
                         lang=lang, alt=alt)  # fmt: skip
        positions = np.arange(len(names))
        ax.barh(positions - 0.2, a, height=0.38, color=PALETTE[0], label=first_label or first)
        ax.barh(positions + 0.2, b, height=0.38, color=PALETTE[1], label=second_label or second)
        ax.set_yticks(positions, _category_labels(names, fig))
        ax.set_ylim(len(names) - 0.4, -0.6)  # top first, and the last note clear of the axis
        ax.grid(False, axis="y")
        ax.grid(True, axis="x")
        ax.tick_params(axis="both", length=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(NumberFormatter(lang))
        top = float(np.nanmax(np.concatenate([a, b, [1.0]])))
        ax.set_xlim(0, top * 1.05)
        ax.set_xlabel(_value_label(first, label, unit, lang))
        # Above the bars, so it never sits on a category's note.
        handles, _ = ax.get_legend_handles_labels()
        _legend(ax, handles, "above")
        if notes is not None:
            ends = np.nan_to_num(np.fmax(a, b), nan=0.0)
            _add_notes(fig, ax, positions, ends, df[notes].tolist(), top)
    return fig, ax


def _category_labels(names: Sequence[str], fig: Figure) -> list[str]:
    """Category names wrapped to at most 38% of the figure's width (long French terms)."""
    width_pt = fig.get_size_inches()[0] * 72.0 * 0.38
    prop = FontProperties(family="DejaVu Sans", size=_LABEL_PT)
    return [_wrap(name, prop, width_pt) for name in names]


def _add_notes(fig: Figure, ax: Axes, positions, ends, notes: list[Any], top: float) -> None:
    """Write each note just right of its bars, and widen the value axis until every note
    fits inside the plot (a note is never cut by the figure's edge)."""
    width_pt, _ = _layout_now(fig, ax)
    prop = FontProperties(family="DejaVu Sans", size=_LABEL_PT)
    x_max = top * 1.05
    for pos, text, end in zip(positions, notes, ends, strict=True):
        if not (isinstance(text, str) and text):
            continue
        text = _wrap(text, prop, width_pt * 0.45)
        needed = max(_text_width(line, prop) for line in text.split("\n")) + 6.0
        # end / x_max of the width holds the bar; the note needs `needed` points after it.
        x_max = max(x_max, end * width_pt / max(width_pt - needed, 1.0))
        ax.annotate(
            text, xy=(end, pos), xytext=(3, 0), textcoords="offset points", va="center",
            fontsize=_LABEL_PT, color=_SOURCE_COLOUR, annotation_clip=False,
        )  # fmt: skip
    ax.set_xlim(0, x_max)


def target_chart(
    df: pd.DataFrame,
    x: str,
    actual: str,
    target: str,
    *,
    title: str,
    source: str,
    subtitle: str | None = None,
    ylabel: str | None = None,
    actual_label: str | None = None,
    target_label: str | None = None,
    yformat: YFormat = "percent",
    size: str | tuple[float, float] | None = None,
    unit: str | None = None,
    width: str | None = None,
    lang: str = "en",
    events: pd.DataFrame | None = None,
    alt: str | None = None,
) -> tuple[Figure, Axes]:
    """Actual values as a line with points against a dashed step line of targets.

    Made for the gender parity strategy: the share of women each year against that year's target.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per ``x``; a missing target (years before the strategy) leaves a gap, and so
        does a year with no row.
    x : str
        Period column (years, or month-end dates).
    actual, target : str
        Columns of achieved and target values.
    title, source, subtitle, ylabel, unit, width, lang, alt
        See :func:`figure` and :func:`line_chart`.
    actual_label, target_label : str, optional
        Legend entries (under the plot); default the column's name in ``lang`` and "target".
    yformat : {"auto", "thousands", "percent"}, Formatter, callable or None, default "percent"
        Value-axis labels; "percent" suits shares between 0 and 1.
    size : {"half", "full"} or (float, float), optional
    events : DataFrame, optional
        Conferences to mark on a date axis (see :func:`line_chart`).

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``x`` repeats (filter to one series first, e.g. one personnel type).
    """
    _check_columns(df, x, actual, target)
    if df[x].duplicated().any():
        raise ValueError(f"{x!r} repeats; filter the frame to one series (e.g. one personnel type)")
    data = _with_gaps(df.sort_values(x, kind="stable")[[x, actual, target]], x, actual, None)
    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size, unit=unit, width=width,
                         lang=lang, alt=alt)  # fmt: skip
        achieved = actual_label or (
            gettext(UNITS[actual], lang) if actual in UNITS else _axis_name(actual, lang) or actual
        )
        ax.plot(data[x], data[actual].astype(float), color=PALETTE[0], marker="o",
                label=achieved)  # fmt: skip
        # "mid" steps centre each period's target on its point, so the dot sits inside its bar.
        ax.step(
            data[x], data[target].astype(float), where="mid", color="#333333", linestyle="--",
            linewidth=1.4, label=target_label or gettext(N_("target"), lang),
        )  # fmt: skip
        if pd.api.types.is_datetime64_any_dtype(data[x]):
            _date_axis(ax, lang, fig.get_size_inches()[0] * 72.0)
        _integer_x(ax, data[x])
        _format_values(ax, "y", yformat, pd.concat([data[actual], data[target]]), lang)
        ax.set_ylabel(_value_label(actual, ylabel, unit, lang))
        handles, _ = ax.get_legend_handles_labels()
        if events is not None and _mark_events(ax, events, lang, "event")[0]:
            handles.append(_events_handle(lang))
        _legend(ax, handles, "below")
        _keep_plot_height(fig, ax, size)
    return fig, ax


def event_study_chart(
    coefficients: pd.DataFrame,
    *,
    title: str,
    source: str,
    subtitle: str | None = None,
    proportional: bool = True,
    size: str | tuple[float, float] | None = None,
    unit: str | None = None,
    width: str | None = None,
    lang: str = "en",
    alt: str | None = None,
) -> tuple[Figure, Axes]:
    """Event-study coefficients with 95% intervals, a zero line and the conference marked.

    Parameters
    ----------
    coefficients : pandas.DataFrame
        :attr:`pkanalysis.followthrough.EventStudy.coefficients`: ``rel_month``,
        ``estimate``, ``ci_low``, ``ci_high`` and ``status``.  Months without an estimate are
        left as gaps; the reference month is drawn as an open circle at zero.
    title, source, subtitle, unit, width, lang, alt
        See :func:`figure`.
    proportional : bool, default True
        Coefficients are log points (``outcome="log1p"``): draw ``exp(b) - 1`` as percent.
        Otherwise they are personnel.
    size : {"half", "full"} or (float, float), optional

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
    """
    _check_columns(coefficients, "rel_month", "estimate", "ci_low", "ci_high", "status")
    data = coefficients.sort_values("rel_month").set_index("rel_month")
    # Reindexing to every month leaves NaN where nothing was estimated, so lines break there.
    months = range(int(data.index.min()), int(data.index.max()) + 1)
    shown = data.reindex(months)
    est = shown["estimate"].where(shown["status"] == "estimated").astype(float)
    low, high = shown["ci_low"].astype(float), shown["ci_high"].astype(float)
    if proportional:
        est, low, high = np.expm1(est), np.expm1(low), np.expm1(high)
    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size, unit=unit, width=width,
                         lang=lang, alt=alt)  # fmt: skip
        ax.fill_between(
            est.index, low, high, color=PALETTE[5], alpha=0.35, linewidth=0,
            label=gettext(N_("95% interval"), lang),
        )  # fmt: skip
        _plot_line(ax, est.index, est, color=PALETTE[0], marker="o", markersize=2.5,
                   linewidth=1.2, label=gettext(N_("pledgers minus controls"), lang))  # fmt: skip
        reference = data.index[data["status"] == "reference"]
        ax.plot(
            reference, [0] * len(reference), linestyle="none", marker="o",
            markerfacecolor="white", markeredgecolor=PALETTE[0],
            label=gettext(N_("reference month"), lang),
        )  # fmt: skip
        ax.axhline(0, color="#333333", linewidth=0.8)
        uncovered = data.index[data["status"] == "not covered"]
        if len(uncovered):
            ax.axvspan(uncovered.min() - 0.5, uncovered.max() + 0.5, color="#EEEEEE", linewidth=0,
                       label=gettext(N_("no report yet"), lang))  # fmt: skip
        ax.set_xlim(months.start - 0.5, months.stop - 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(NumberFormatter(lang))
        ax.set_xlabel(gettext(N_("months from the conference month"), lang))
        if proportional:
            ax.yaxis.set_major_formatter(NumberFormatter(lang, percent=True))
            ax.set_ylabel(unit or gettext(N_("gap vs month −1 (%)"), lang))
        else:
            ax.yaxis.set_major_formatter(NumberFormatter(lang))
            ax.set_ylabel(unit or gettext(N_("gap vs month −1 (personnel)"), lang))
        conference = pd.DataFrame({"date": [-0.5], "label": [gettext(N_("conference"), lang)]})
        mark_events(ax, conference, lang)
        # Under the axes, so the legend never covers a coefficient or its interval.
        handles, _ = ax.get_legend_handles_labels()
        _legend(ax, handles, "below")
        _keep_plot_height(fig, ax, size)
    return fig, ax


#: The coverage chart's lanes (column of :func:`pkanalysis.coverage`, label).
COVERAGE_LANES = (
    ("grain", N_("grain")),
    ("source", N_("source")),
    ("sex_split", N_("sex split")),
    ("carried_forward", N_("repeated month")),
)

#: Values of the coverage table's grain and source columns, as messages of the catalogue.
COVERAGE_TERMS = (
    N_("contributor x mission x type"),
    N_("contributor x type"),
    N_("mission totals only"),
    N_("none"),
    N_("UN DPO monthly report"),
    N_("IPI gender data"),
    N_("IPI per-country files"),
    N_("IPI mission totals"),
)


def coverage_chart(
    coverage: pd.DataFrame,
    *,
    title: str,
    source: str,
    subtitle: str | None = None,
    size: str | tuple[float, float] | None = None,
    width: str | None = None,
    lang: str = "en",
    alt: str | None = None,
) -> tuple[Figure, Axes]:
    """Month by month: the grain and source of the data, the split by sex and repeated months,
    with breaks in source or definition marked.

    Parameters
    ----------
    coverage : pandas.DataFrame
        :func:`pkanalysis.coverage`.
    title, source, subtitle, size, width, lang, alt
        See :func:`figure`.
    """
    _check_columns(coverage, "date", "grain", "source", "sex_split", "carried_forward", "break")
    from .months import spans

    span = pd.Timedelta(days=31)
    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size, width=width, lang=lang,
                         alt=alt)  # fmt: skip
        handles = []
        for lane, (column, _) in enumerate(COVERAGE_LANES):
            runs = spans(coverage, (column,))
            values = [
                v for v in dict.fromkeys(runs[column].astype(str)) if v not in ("", "False", "none")
            ]
            # Grain and source lanes take different colours, so the legend reads unambiguously.
            palette = PALETTE[:4] if column == "grain" else [*PALETTE[4:6], PALETTE[7], "#8C564B"]
            colours = dict(zip(values, palette, strict=False))
            if column in ("sex_split", "carried_forward"):
                colours = {"True": PALETTE[2] if column == "sex_split" else ACCENT}
            for run in runs.itertuples():
                value = str(getattr(run, column))
                if value not in colours:
                    continue
                start = mdates.date2num(run.first - span + pd.Timedelta(days=1))
                length = mdates.date2num(run.last) - start
                ax.broken_barh([(start, length)], (lane - 0.4, 0.8), color=colours[value])
            if column in ("grain", "source"):
                handles += [Patch(color=c, label=gettext(v, lang)) for v, c in colours.items()]
        for month in coverage.loc[coverage["break"] != "", "date"]:
            ax.axvline(month - span / 2, color="#333333", linewidth=0.8, linestyle="--")
        ax.set_yticks(range(len(COVERAGE_LANES)), [gettext(t, lang) for _, t in COVERAGE_LANES])
        ax.invert_yaxis()
        ax.xaxis_date()
        _date_axis(ax, lang, fig.get_size_inches()[0] * 72.0)
        ax.grid(False)
        _legend(ax, handles, "below")
        _keep_plot_height(fig, ax, size)
    return fig, ax
