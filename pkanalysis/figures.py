"""One house style for every figure in a briefing paper.

Every figure carries a left-aligned bold title, an optional subtitle and a grey source line at the
bottom left, so a figure copied out of a report still says what it shows and where the numbers come
from.  The style sheet ``pkanalysis.mplstyle`` (half an A4 page, fonts of 8 pt or more, grid on the
value axis only, Okabe-Ito colours) is applied only inside :func:`use_style`; importing this module
changes no global matplotlib setting.

Typical use in a notebook::

    source = figures.source_line("contributions")
    fig, ax = figures.line_chart(monthly, x="date", y="total", hue="personnel_type",
                                 title="Uniformed personnel per month", source=source)
    figures.save(fig, "monthly_total")

The plotters take a tidy frame and column names and never load data themselves.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.style as mplstyle
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.textpath import text_to_path
from matplotlib.ticker import Formatter, MaxNLocator, PercentFormatter

from . import catalog, outputs

__all__ = [
    "ACCENT",
    "MUTED",
    "PALETTE",
    "SIZES",
    "STYLE",
    "bar_chart",
    "coverage_chart",
    "event_study_chart",
    "figure",
    "line_chart",
    "paired_bar_chart",
    "save",
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

SIZES: dict[str, tuple[float, float]] = {"half": (6.5, 3.6), "full": (6.5, 7.0)}
"""Figure sizes in inches: the text width of an A4 page, half or full page high."""

_TEXT_COLOUR = "#222222"
_SOURCE_COLOUR = "#666666"
_TITLE_PT = 12.0
_SUBTITLE_PT = 9.5
_SOURCE_PT = 8.0
_LABEL_PT = 8.0
_EDGE_PT = 6.0  # margin between the figure edge and the title / source line
_GAP_PT = 4.0  # space between title, subtitle, axes and source line
_MAX_DIRECT_LABELS = 6

YFormat = str | Formatter | Callable[[float, int | None], str] | None


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
    ...     mpl.rcParams["axes.spines.top"]
    False
    """
    return mplstyle.context(STYLE)


def thousands(value: float, pos: int | None = None) -> str:
    """Tick label for counts, with a thousands separator and a true minus sign.

    Pass it to ``ax.yaxis.set_major_formatter(thousands)``; matplotlib wraps it per axis.

    Parameters
    ----------
    value : float
        Tick value.
    pos : int, optional
        Tick position (unused; part of matplotlib's formatter signature).

    Returns
    -------
    str

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


#: What each ``kind`` of mission selection counts, for source lines.
KIND_TEXT = {
    "all": "all UN operations in the reports, special political missions included",
    "peacekeeping": "peacekeeping operations only (months without a mission split count all)",
    "political": "special political missions only",
}


def source_line(*datasets: str, kind: str = "all") -> str:
    """The "Source: ..." line for a figure, from the catalogue's publisher and vintage.

    Parameters
    ----------
    *datasets : str
        Catalogue names (see :func:`pkanalysis.list_datasets`); repeats are shown once.
    kind : {"all", "peacekeeping", "political"}, default "all"
        Which missions the figure counts (as ``kind=`` of the loaders); said in the line
        whenever contributions are among the datasets.

    Returns
    -------
    str
        ``"Source: <publisher> (<vintage>). <missions counted>. pkanalysis <version>."``.

    Raises
    ------
    ValueError
        If no name is given, or a name or ``kind`` is not known (the message lists the valid
        ones).

    Examples
    --------
    >>> source_line("contributions").startswith("Source: United Nations Department of Peace")
    True
    >>> "peacekeeping operations only" in source_line("contributions", kind="peacekeeping")
    True
    """
    if not datasets:
        raise ValueError("source_line() needs at least one dataset name")
    if kind not in KIND_TEXT:
        raise ValueError(f"unknown kind {kind!r}; valid kinds: {', '.join(KIND_TEXT)}")
    from . import __version__

    parts: list[str] = []
    for name in dict.fromkeys(datasets):
        info = catalog.info(name)
        # Brackets inside parentheses, so a vintage with its own note still reads as one aside.
        vintage = info.vintage.replace("(", "[").replace(")", "]")
        part = f"{info.publisher} ({vintage})"
        if part not in parts:
            parts.append(part)
    label = "Source" if len(parts) == 1 else "Sources"
    counted = f" Missions: {KIND_TEXT[kind]}." if "contributions" in datasets else ""
    return f"{label}: {'. '.join(parts)}.{counted} pkanalysis {__version__}."


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


# Every draw re-wraps the title block (three saves and the notebook's inline image each draw),
# and measuring text is the costly part; FontProperties hash by value, so a changed font misses.
@functools.lru_cache(maxsize=512)
def _wrap(text: str, prop: FontProperties, width_pt: float) -> str:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and _text_width(candidate, prop) > width_pt:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


def _block_height(artist: Text, renderer: Any) -> float:
    """Height in points of a (multi-line) text as matplotlib will draw it."""
    figure = artist.get_figure(root=True)
    return artist.get_window_extent(renderer).height * 72.0 / figure.dpi


def _size(size: str | tuple[float, float]) -> tuple[float, float]:
    if isinstance(size, str):
        try:
            return SIZES[size]
        except KeyError:
            raise ValueError(
                f"unknown size {size!r}; use one of {', '.join(map(repr, SIZES))} "
                "or a (width, height) tuple in inches"
            ) from None
    width, height = size
    return float(width), float(height)


def figure(
    title: str,
    source: str,
    subtitle: str | None = None,
    nrows: int = 1,
    ncols: int = 1,
    size: str | tuple[float, float] = "half",
    **subplot_kw: Any,
) -> tuple[Figure, Any]:
    """A figure in the house style with title, optional subtitle and source line.

    Parameters
    ----------
    title : str
        Bold title at the top left; wrapped to the figure width.  Say what the reader should see.
    source : str
        Source line at the bottom left, usually from :func:`source_line`.  "Source: " is added
        when the text does not already start with "Source".
    subtitle : str, optional
        Smaller line under the title, e.g. units or the period shown.
    nrows, ncols : int, default 1
        Grid of axes, as in :func:`matplotlib.pyplot.subplots`.
    size : {"half", "full"} or (float, float), default "half"
        "half" is 6.5 x 3.6 in (half an A4 page), "full" is 6.5 x 7 in; a tuple is inches.
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
        If ``title`` or ``source`` is empty or ``size`` is unknown.

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
    source = source.strip()
    if not source.lower().startswith("source"):
        source = f"Source: {source}"

    with use_style():
        fig = plt.figure(figsize=_size(size))
        title_artist = fig.text(
            0, 1, title, ha="left", va="top", fontsize=_TITLE_PT, fontweight="bold",
            color=_TEXT_COLOUR,
        )  # fmt: skip
        texts = [(title_artist, title)]
        if subtitle:
            subtitle_artist = fig.text(
                0, 1, subtitle, ha="left", va="top", fontsize=_SUBTITLE_PT, color=_TEXT_COLOUR
            )
            texts.append((subtitle_artist, subtitle))
        source_artist = fig.text(
            0, 0, source, ha="left", va="bottom", fontsize=_SOURCE_PT, color=_SOURCE_COLOUR
        )
        texts.append((source_artist, source))
        fig.set_layout_engine(_HouseLayout(texts))
        axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def save(
    fig: Figure,
    name: str,
    out_dir: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = ("png", "svg", "pdf"),
    dpi: int = 300,
) -> list[Path]:
    """Save ``fig`` in every format at once.

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

    # Dates would make every re-run of a report differ byte for byte.
    metadata = {"pdf": {"CreationDate": None}, "svg": {"Date": None}}
    written: list[Path] = []
    # Save-time settings (font embedding, SVG ids) come from the style sheet too.
    with use_style():
        for ext in exts:
            path = folder / f"{stem}.{ext}"
            if path.resolve().parent != folder:  # belt and braces on top of safe_stem
                raise ValueError(f"refusing to write outside {folder}: {path}")
            fig.savefig(path, format=ext, dpi=dpi, metadata=metadata.get(ext))
            written.append(path)
    return written


def _check_columns(df: pd.DataFrame, *columns: str | None) -> None:
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        raise ValueError(
            f"column(s) {', '.join(map(repr, missing))} not in the frame; "
            f"columns are: {', '.join(map(str, df.columns))}"
        )


def _format_values(ax: Axes, axis: str, yformat: YFormat, values: Sequence[float]) -> None:
    """Apply a tick formatter to the value axis ("auto" = separators for counts >= 1,000)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    if yformat is None:
        return
    if isinstance(yformat, str):
        if yformat == "auto":
            finite = np.asarray(values, dtype=float)
            finite = finite[np.isfinite(finite)]
            if finite.size and np.abs(finite).max() >= 1000:
                target.set_major_formatter(thousands)
        elif yformat == "thousands":
            target.set_major_formatter(thousands)
        elif yformat == "percent":
            target.set_major_formatter(PercentFormatter(xmax=1, decimals=None))
        else:
            raise ValueError(
                f"unknown yformat {yformat!r}; use 'auto', 'thousands', 'percent', None, "
                "a Formatter or a function (value, pos) -> str"
            )
    else:
        target.set_major_formatter(yformat)


def _integer_x(ax: Axes, values: pd.Series) -> None:
    # Years as integers: no "2,020", no "2019.5".
    if pd.api.types.is_integer_dtype(values):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(lambda v, pos=None: f"{v:.0f}")


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


def _spread(positions: list[float], min_gap: float) -> list[float]:
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
    if pos and pos[0] < 0:
        pos = [p - pos[0] for p in pos]
    out = [0.0] * len(pos)
    for rank, i in enumerate(order):
        out[i] = pos[rank]
    return out


def _direct_labels(fig: Figure, ax: Axes, ends: list[tuple[str, Any, float, str]]) -> None:
    """Label each line at its last point, nudging labels that would collide."""
    fig.get_layout_engine().execute(fig)  # the axes' final height decides how far apart is apart
    ax.autoscale_view()
    y0, y1 = ax.get_ylim()
    height_pt = ax.get_position().height * fig.get_size_inches()[1] * 72.0
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
    for (text, x_end, y_end, colour), dy in zip(ends, offsets, strict=True):
        ax.annotate(
            text, xy=(x_end, y_end), xytext=(5, dy), textcoords="offset points",
            ha="left", va="center", fontsize=_LABEL_PT, color=colour, annotation_clip=False,
        )  # fmt: skip


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
    size: str | tuple[float, float] = "half",
) -> tuple[Figure, Axes]:
    """One line per ``hue`` value, labelled at its end, else with a legend beside the plot.

    Lines are labelled directly when there are at most 6 and all end at the last ``x``;
    otherwise (many series, or some stopping early) a legend goes to the right of the plot.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy frame: one row per ``x`` (and ``hue``) value.  Rows are sorted by ``x``; a missing
        ``y`` leaves a gap.
    x, y : str
        Columns for the horizontal axis (dates or numbers) and the values.
    hue : str, optional
        Column whose values get one line each; categorical order is kept, others are sorted.
    title, source : str
        See :func:`figure`.
    subtitle, xlabel, ylabel : str, optional
        Extra text; ``ylabel`` names the value axis.
    yformat : {"auto", "thousands", "percent"}, Formatter, callable or None, default "auto"
        Value-axis labels: "auto" adds thousands separators when values reach 1,000; "percent"
        shows shares (0-1) as %.
    size : {"half", "full"} or (float, float), default "half"

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
    """
    _check_columns(df, x, y, hue)
    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size)
        data = df.sort_values(x, kind="stable")
        groups = _groups(data, hue) if hue is not None else [None]
        ends: list[tuple[str, Any, float, str]] = []
        for i, group in enumerate(groups):
            part = data if group is None else data[data[hue] == group]
            # Colours repeat after 8 series; the line style then keeps them apart.
            colour = PALETTE[i % len(PALETTE)]
            style = ["-", "--", ":", "-."][(i // len(PALETTE)) % 4]
            (line,) = ax.plot(part[x], part[y], color=colour, linestyle=style, label=str(group))
            valid = part[part[y].notna()]
            if group is not None and len(valid):
                ends.append((str(group), valid[x].iloc[-1], float(valid[y].iloc[-1]), colour))
        _integer_x(ax, data[x])
        _format_values(ax, "y", yformat, data[y])
        if ylabel:
            ax.set_ylabel(ylabel)
        if xlabel:
            ax.set_xlabel(xlabel)
        last_x = data.loc[data[y].notna(), x].max()
        # A label where a line stops mid-plot would sit on top of the other lines.
        ragged = any(x_end != last_x for _, x_end, _, _ in ends)
        if hue is not None and (len(groups) > _MAX_DIRECT_LABELS or ragged):
            ax.legend(
                loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, handlelength=1.8,
                title=hue.replace("_", " "),
            )  # fmt: skip
        elif ends:
            _direct_labels(fig, ax, ends)
    return fig, ax


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
    other_label: str = "other",
    label: str | None = None,
    yformat: YFormat = "auto",
    size: str | tuple[float, float] | None = None,
) -> tuple[Figure, Axes]:
    """Bars sorted by value, largest first; optionally some bars in the accent colour.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per category; rows with a missing value are not drawn.
    x : str
        Category column (e.g. contributor).
    y : str
        Value column.
    title, source, subtitle : str
        See :func:`figure`.
    horizontal : bool, default True
        Horizontal bars (long category names stay readable), largest at the top.
    highlight : iterable, optional
        Values of ``x`` drawn in :data:`ACCENT`; the other bars turn :data:`MUTED`.
    highlight_label, other_label : str, optional
        Legend entries explaining the colours; a legend is drawn only if ``highlight_label``
        is given.
    label : str, optional
        Name of the value axis.
    yformat : {"auto", "thousands", "percent"}, Formatter, callable or None, default "auto"
        Value-axis labels, as in :func:`line_chart`.
    size : {"half", "full"} or (float, float), optional
        Default "half", made taller for more than 14 horizontal bars so labels stay >= 8 pt apart.

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
    names = data[x].astype(str).tolist()
    values = data[y].astype(float).to_numpy()

    colours = [PALETTE[0]] * len(names)
    if highlight is not None:
        wanted = {str(h) for h in highlight}
        absent = sorted(wanted - set(names))
        if absent:
            warnings.warn(f"highlight values not among the bars: {absent}", stacklevel=2)
        colours = [ACCENT if n in wanted else MUTED for n in names]

    if size is None:
        size = (SIZES["half"][0], max(SIZES["half"][1], 1.4 + 0.2 * len(names)))
        size = size if horizontal else "half"

    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size)
        positions = np.arange(len(names))
        if horizontal:
            ax.barh(positions, values, color=colours, height=0.7)
            ax.set_yticks(positions, names)
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
        _format_values(ax, value_axis, yformat, values)
        if label:
            (ax.set_xlabel if horizontal else ax.set_ylabel)(label)
        if highlight is not None and highlight_label:
            ax.legend(
                handles=[Patch(color=ACCENT, label=highlight_label),
                         Patch(color=MUTED, label=other_label)],
                loc="lower right" if horizontal else "upper right",
            )  # fmt: skip
    return fig, ax


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
        Category column.
    first, second : str
        Value columns, drawn in the first and second palette colours.
    title, source, subtitle : str
        See :func:`figure`.
    first_label, second_label : str, optional
        Legend entries; default the column names.
    notes : str, optional
        Column of texts written to the right of each pair.
    label : str, optional
        Name of the value axis.
    size : {"half", "full"} or (float, float), optional
        Default "half", taller for more than 7 categories.

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
    names = df[x].astype(str).tolist()
    a = pd.to_numeric(df[first]).astype(float).to_numpy()
    b = pd.to_numeric(df[second]).astype(float).to_numpy()
    if size is None:
        size = (SIZES["half"][0], max(SIZES["half"][1], 1.6 + 0.42 * len(names)))
    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size)
        positions = np.arange(len(names))
        ax.barh(positions - 0.2, a, height=0.38, color=PALETTE[0], label=first_label or first)
        ax.barh(positions + 0.2, b, height=0.38, color=PALETTE[1], label=second_label or second)
        ax.set_yticks(positions, names)
        ax.set_ylim(len(names) - 0.4, -0.6)  # top first, and the last note clear of the axis
        ax.grid(False, axis="y")
        ax.grid(True, axis="x")
        ax.tick_params(axis="both", length=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        top = np.nanmax(np.concatenate([a, b, [1.0]]))
        ax.set_xlim(0, top * 1.9)  # room for the notes on the right
        if notes is not None:
            for pos, text, va, vb in zip(positions, df[notes], a, b, strict=True):
                if isinstance(text, str) and text:
                    end = np.nanmax([va, vb, 0.0])
                    ax.text(end + top * 0.03, pos, text, va="center", fontsize=_LABEL_PT,
                            color=_SOURCE_COLOUR)  # fmt: skip
        if label:
            ax.set_xlabel(label)
        # Above the bars, so it never sits on a category's note.
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False)
    return fig, ax


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
    size: str | tuple[float, float] = "half",
) -> tuple[Figure, Axes]:
    """Actual values as a line with points against a dashed step line of targets.

    Made for the gender parity strategy: the share of women each year against that year's target.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per ``x``; a missing target (years before the strategy) leaves a gap.
    x : str
        Period column (e.g. year).
    actual, target : str
        Columns of achieved and target values.
    title, source, subtitle, ylabel : str
        See :func:`figure`.
    actual_label, target_label : str, optional
        Legend entries; default the column names.
    yformat : {"auto", "thousands", "percent"}, Formatter, callable or None, default "percent"
        Value-axis labels; "percent" suits shares between 0 and 1.
    size : {"half", "full"} or (float, float), default "half"

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
    data = df.sort_values(x, kind="stable")
    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size)
        ax.plot(data[x], data[actual], color=PALETTE[0], marker="o", label=actual_label or actual)
        # "mid" steps centre each period's target on its point, so the dot sits inside its bar.
        ax.step(
            data[x], data[target], where="mid", color="#333333", linestyle="--", linewidth=1.4,
            label=target_label or target,
        )  # fmt: skip
        _integer_x(ax, data[x])
        _format_values(ax, "y", yformat, pd.concat([data[actual], data[target]]))
        if ylabel:
            ax.set_ylabel(ylabel)
        ax.legend(loc="best")
    return fig, ax


def event_study_chart(
    coefficients: pd.DataFrame,
    *,
    title: str,
    source: str,
    subtitle: str | None = None,
    proportional: bool = True,
    size: str | tuple[float, float] = "half",
) -> tuple[Figure, Axes]:
    """Event-study coefficients with 95% intervals, a zero line and the conference marked.

    Parameters
    ----------
    coefficients : pandas.DataFrame
        :attr:`pkanalysis.followthrough.EventStudy.coefficients`: ``rel_month``,
        ``estimate``, ``ci_low``, ``ci_high`` and ``status``.  Months without an estimate are
        left as gaps; the reference month is drawn as an open circle at zero.
    title, source, subtitle : str
        See :func:`figure`.
    proportional : bool, default True
        Coefficients are log points (``outcome="log1p"``): draw ``exp(b) - 1`` as percent.
        Otherwise they are personnel.
    size : {"half", "full"} or (float, float), default "half"

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
        fig, ax = figure(title, source, subtitle=subtitle, size=size)
        ax.fill_between(
            est.index, low, high, color=PALETTE[5], alpha=0.35, linewidth=0,
            label="95% interval",
        )  # fmt: skip
        ax.plot(est.index, est, color=PALETTE[0], marker="o", markersize=2.5, linewidth=1.2,
                label="pledgers minus controls")  # fmt: skip
        reference = data.index[data["status"] == "reference"]
        ax.plot(
            reference, [0] * len(reference), linestyle="none", marker="o",
            markerfacecolor="white", markeredgecolor=PALETTE[0], label="reference month",
        )  # fmt: skip
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.axvline(-0.5, color=ACCENT, linewidth=1.0, linestyle="--")
        ax.annotate(
            "conference", xy=(-0.5, 1), xycoords=("data", "axes fraction"), xytext=(3, -3),
            textcoords="offset points", ha="left", va="top", color=ACCENT, fontsize=_LABEL_PT,
        )  # fmt: skip
        uncovered = data.index[data["status"] == "not covered"]
        if len(uncovered):
            ax.axvspan(uncovered.min() - 0.5, uncovered.max() + 0.5, color="#EEEEEE", linewidth=0,
                       label="no report yet")  # fmt: skip
        ax.set_xlim(months.start - 0.5, months.stop - 0.5)
        ax.set_xlabel("months from the conference month")
        if proportional:
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            ax.set_ylabel("gap vs month -1")
        else:
            ax.yaxis.set_major_formatter(thousands)
            ax.set_ylabel("gap vs month -1 (personnel)")
        # Above the axes, so the legend never covers a coefficient or its interval.
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=_LABEL_PT,
                  frameon=False, borderaxespad=0.2)  # fmt: skip
    return fig, ax


def mark_dates(
    ax: Axes, dates: Iterable[Any], labels: Iterable[str] | None = None, kind: str = "event"
) -> None:
    """Thin vertical lines at ``dates`` (conferences, or breaks in a series with
    ``kind="break"``), labelled at the top of the plot where ``labels`` are given.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot(pd.to_datetime(["2020-01-31", "2021-01-31"]), [1, 2])
    >>> mark_dates(ax, pd.to_datetime(["2020-06-30"]), ["C"])
    >>> len(ax.lines), ax.texts[0].get_text()
    (2, ' C')
    >>> plt.close(fig)
    """
    colour, style = (MUTED, ":") if kind == "break" else (_SOURCE_COLOUR, "--")
    labels = list(labels) if labels is not None else None
    for i, date in enumerate(dates):
        ax.axvline(date, color=colour, linewidth=0.7, linestyle=style, zorder=0)
        if labels:
            ax.text(
                date, 1.0, f" {labels[i]}", transform=ax.get_xaxis_transform(),
                rotation=90, va="top", ha="left", fontsize=8, color=_SOURCE_COLOUR,
            )  # fmt: skip


def coverage_chart(
    coverage: pd.DataFrame,
    *,
    title: str,
    source: str,
    subtitle: str | None = None,
    size: str | tuple[float, float] = "half",
) -> tuple[Figure, Axes]:
    """Month by month: the grain and source of the data, the split by sex and repeated months,
    with breaks in source or definition marked.

    Parameters
    ----------
    coverage : pandas.DataFrame
        :func:`pkanalysis.coverage`.
    title, source, subtitle, size
        See :func:`figure`.
    """
    _check_columns(coverage, "date", "grain", "source", "sex_split", "carried_forward", "break")
    from .months import spans

    lanes = [
        ("grain", "grain"),
        ("source", "source"),
        ("sex split", "sex_split"),
        ("repeated month", "carried_forward"),
    ]
    width = pd.Timedelta(days=31)
    with use_style():
        fig, ax = figure(title, source, subtitle=subtitle, size=size)
        handles = []
        for lane, (_, column) in enumerate(lanes):
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
                start = mdates.date2num(run.first - width + pd.Timedelta(days=1))
                length = mdates.date2num(run.last) - start
                ax.broken_barh([(start, length)], (lane - 0.4, 0.8), color=colours[value])
            if column in ("grain", "source"):
                handles += [Patch(color=c, label=v) for v, c in colours.items()]
        for month in coverage.loc[coverage["break"] != "", "date"]:
            ax.axvline(month - width / 2, color="#333333", linewidth=0.8, linestyle="--")
        ax.set_yticks(range(len(lanes)), [label for label, _ in lanes])
        ax.invert_yaxis()
        ax.xaxis_date()
        ax.grid(False)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=2,
                  fontsize=_LABEL_PT, frameon=False)  # fmt: skip
    return fig, ax


def show(fig: Figure) -> None:
    """Display ``fig`` once in a notebook, then release it.

    pyplot's inline backend shows a figure at the end of a cell only in some cases (after an
    interactive draw), so notebooks call this after :func:`save` instead.  Outside IPython it
    only closes the figure.
    """
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(fig)
    plt.close(fig)
