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

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from . import i18n
from .figure_files import FigureInfo, describe, figure_html, save, show
from .figure_layout import (  # the pieces every chart shares
    SIZES,
    UNITS,
    WIDTHS,
    Labels,
    YFormat,
    _add_direct_labels,
    _axis_name,
    _check_columns,
    _date_axis,
    _display,
    _events_handle,
    _format_values,
    _groups,
    _grown,
    _integer_x,
    _keep_plot_height,
    _layout_now,
    _legend,
    _mark_events,
    _plot_line,
    _spread_direct_labels,
    _text_width,
    _value_label,
    _with_gaps,
    _wrap,
    figure,
    mark_dates,
    mark_events,
)
from .figure_sources import KIND_TEXT, SHORT_PUBLISHERS, SourceLine, source_line
from .figure_style import (
    ACCENT,
    LABEL_PT,
    MIN_CONTRAST,
    MUTED,
    PALETTE,
    SOURCE_COLOUR,
    STYLE,
    DateFormatter,
    NumberFormatter,
    _step_decimals,
    contrast_ratio,
    readable,
    thousands,
    use_style,
)
from .i18n import N_, gettext, tr

__all__ = [
    "ACCENT",
    "KIND_TEXT",
    "MIN_CONTRAST",
    "MUTED",
    "PALETTE",
    "SHORT_PUBLISHERS",
    "SIZES",
    "STYLE",
    "UNITS",
    "WIDTHS",
    "DateFormatter",
    "FigureInfo",
    "NumberFormatter",
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

_MAX_DIRECT_LABELS = 6

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
    # "target: 15%", "objectif : 15 %": the colon follows each language's typography.
    return _target_handle(tr("{label}: {value}", lang, label=label, value=shown))


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
    prop = FontProperties(family="DejaVu Sans", size=LABEL_PT)
    return [_wrap(name, prop, width_pt) for name in names]


def _add_notes(fig: Figure, ax: Axes, positions, ends, notes: list[Any], top: float) -> None:
    """Write each note just right of its bars, and widen the value axis until every note
    fits inside the plot (a note is never cut by the figure's edge)."""
    width_pt, _ = _layout_now(fig, ax)
    prop = FontProperties(family="DejaVu Sans", size=LABEL_PT)
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
            fontsize=LABEL_PT, color=SOURCE_COLOUR, annotation_clip=False,
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
