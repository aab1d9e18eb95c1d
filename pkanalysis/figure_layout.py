"""The house layout of pkanalysis figures and the pieces the chart functions share.

:func:`figure` makes a figure at one of two widths with title, subtitle (and unit) and a source
line kept clear of the plot at every draw; the helpers place legends outside the plot, labels at
line ends, conferences above the plot, and break lines where data are missing.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.textpath import text_to_path
from matplotlib.ticker import Formatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation

from . import i18n
from .figure_files import FigureInfo
from .figure_style import (
    EVENT_COLOUR,
    LABEL_PT,
    MUTED,
    SOURCE_COLOUR,
    TEXT_COLOUR,
    DateFormatter,
    NumberFormatter,
    readable,
    use_style,
)
from .i18n import N_, gettext, tr
from .tables import LABELS

WIDTHS: dict[str, float] = {"column": 3.5, "full": 7.0}
"""Figure widths in inches: one column of a two-column page, and the full text width."""

_HEIGHTS: dict[str, dict[str, float]] = {
    "half": {"full": 3.9, "column": 3.4},
    "full": {"full": 7.5, "column": 5.5},
}

SIZES: dict[str, tuple[float, float]] = {name: (7.0, h["full"]) for name, h in _HEIGHTS.items()}
"""Figure sizes in inches at full width: half or full page high (``size=``)."""

_TITLE_PT = {"full": 12.0, "column": 10.0}
_SUBTITLE_PT = {"full": 9.5, "column": 8.5}
_SOURCE_PT = 8.0
_EDGE_PT = 6.0  # margin between the figure edge and the title / source line
_GAP_PT = 4.0  # space between title, subtitle, axes and source line
_MAX_EVENT_ROWS = 2

YFormat = str | Formatter | Callable[[float, int | None], str] | None
Labels = Mapping[Any, str] | Callable[[Any], str] | None


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
def _label_width(text: str, size: float = LABEL_PT) -> float:
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
            color=TEXT_COLOUR,
        )  # fmt: skip
        texts = [(title_artist, title)]
        if header:
            subtitle_artist = fig.text(
                0, 1, header, ha="left", va="top", fontsize=_SUBTITLE_PT[text_width],
                color=TEXT_COLOUR,
            )  # fmt: skip
            texts.append((subtitle_artist, header))
        source_artist = fig.text(
            0, 0, source, ha="left", va="bottom", fontsize=_SOURCE_PT, color=SOURCE_COLOUR
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
    """How a category value reads in ``lang``.

    The caller's ``labels`` first; then an ISO3 code (in an ``*_iso3`` column) becomes the
    country's UN name; a word the catalogue knows (personnel types, capabilities, ...) is
    translated; anything else is shown as it is, so callers may pass names already written in
    the chart's language (mission acronyms, translated group names).
    """
    if labels is not None:
        if callable(labels):
            return str(labels(value))
        if value in labels:
            return str(labels[value])
        if str(value) in labels:
            return str(labels[str(value)])
        raise ValueError(f"no label for {value!r} in labels=; labelled: {list(labels)[:10]}")
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return i18n.MISSING
    text = str(value)
    if column and (column.endswith("_iso3") or column == "iso3") and _ISO3.fullmatch(text):
        return i18n.country_name(text, lang)
    return _translated(text, lang)


_ISO3 = re.compile(r"[A-Z]{3}")


def _translated(text: str, lang: str) -> str:
    """``text`` in ``lang`` if the catalogue translates it, else as it is."""
    if lang == "en":
        return text
    try:
        return gettext(text, lang)
    except i18n.MissingTranslationError:
        return text


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
            fontsize=LABEL_PT,
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
        placed = _spread(wanted, LABEL_PT * 1.25)
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
    widths = [_label_width(t) + 2.8 * LABEL_PT for t in labels]
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
        handles=handles, ncol=ncol, frameon=False, fontsize=LABEL_PT, handlelength=1.8,
        columnspacing=1.2, borderaxespad=0, title=title, alignment="left",
    )  # fmt: skip
    if title:
        common["title_fontsize"] = LABEL_PT
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


def _event_rows(events: pd.DataFrame | Iterable[Any], lang: str) -> list[tuple[Any, str]]:
    """(date, short label) of each event: a conferences frame gives its start date and city."""
    if isinstance(events, pd.DataFrame):
        date_col = "start_date" if "start_date" in events else "date"
        _check_columns(events, date_col)
        if "label" in events:
            labels = events["label"].astype(str).tolist()
        elif "city" in events:
            labels = [_translated(str(c), lang) for c in events["city"]]
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
        x = _axis_position(date, is_dates)
        if x0 <= x <= x1:
            shown.append((x, label))
    colour, style = (MUTED, ":") if kind == "break" else (EVENT_COLOUR, (0, (4, 3)))
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
                xytext=(0, 3 + row * (LABEL_PT * 1.25)),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=LABEL_PT,
                color=SOURCE_COLOUR,
                annotation_clip=False,
            )  # fmt: skip
        )
    return len(shown), texts


def _axis_position(date: Any, is_dates: bool) -> float:
    """Where a date falls on a date axis, or on a year axis (2014-09-26 is 2014.73)."""
    if is_dates:
        return float(mdates.date2num(date))
    if isinstance(date, (pd.Timestamp, dt.date)):
        stamp = pd.Timestamp(date)
        days = 366 if stamp.is_leap_year else 365
        return stamp.year + (stamp.day_of_year - 1) / days
    return float(date)


def _events_handle(lang: str) -> Line2D:
    return Line2D([], [], color=EVENT_COLOUR, linewidth=0.9, linestyle=(0, (4, 3)),
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
