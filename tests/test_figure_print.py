"""Figures fit for print: each chart's structure checked through its artists.

Breaks at gaps, changes of source, conference markers, target lines, names rather than codes,
units on value axes, legends and labels clear of the data and of each other at both widths,
editable text in PDF and SVG, text contrast, French and English, and the HTML figure.
"""

from __future__ import annotations

import base64
import functools
import itertools
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

import pkanalysis as pk
from pkanalysis import exposure, figures, i18n, trends

SOURCE = "Source: test data (2020 to 2024)."
TYPES = ["Troops", "Staff Officers", "Individual Police"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def conferences() -> pd.DataFrame:
    return pk.load_conferences()


@pytest.fixture(scope="module")
def contributions() -> pd.DataFrame:
    return pk.load_contributions()


# --- data and charts ------------------------------------------------------------------------


def _monthly(start="2013-01", months=60, types=TYPES) -> pd.DataFrame:
    dates = pd.date_range(start, periods=months, freq="ME")
    rows = [
        (d, t, 1500.0 * (i + 1) + 40 * j + 300 * np.sin(j / 5))
        for i, t in enumerate(types)
        for j, d in enumerate(dates)
    ]
    return pd.DataFrame(rows, columns=["date", "personnel_type", "total"])


def _study() -> pd.DataFrame:
    rel = np.arange(-12, 13)
    est = 0.04 * np.sin(rel / 3)
    status = np.where(rel == -1, "reference", np.where(rel > 10, "not covered", "estimated"))
    return pd.DataFrame(
        {
            "rel_month": rel,
            "estimate": np.where(rel == -1, 0, est),
            "ci_low": est - 0.05,
            "ci_high": est + 0.05,
            "status": status,
        }
    )


def _charts(conferences: pd.DataFrame) -> dict:
    """Every chart type, with the options that add text (legends, events, notes, targets)."""
    monthly = _monthly()
    ragged = monthly[~((monthly["personnel_type"] == "Troops") & (monthly["date"] > "2016-06"))]
    sourced = monthly[monthly["personnel_type"] == "Troops"].assign(
        source=lambda d: np.where(d["date"] < "2015-01-01", "IPI mission totals", "Troops")
    )
    bars = pd.DataFrame(
        {
            "contributor_iso3": ["NPL", "RWA", "BGD", "IND", "SEN", "CIV"],
            "total": [6247, 5900, 5600, 5400, 1300, 900],
        }
    )
    years = pd.DataFrame(
        {
            "year": range(2016, 2025),
            "share": np.linspace(0.04, 0.09, 9),
            "target": [np.nan] * 2 + list(np.linspace(0.06, 0.12, 7)),
        }
    )
    paired = pd.DataFrame(
        {
            "capability": ["utility helicopters", "engineering", "medical (level 2)", "ISR"],
            "requested": [4, 3, 6, 2],
            "pledged": [2, 5, np.nan, 1],
            "note": ["", "", "requested, no number", ""],
        }
    )
    labels = {"IPI mission totals": "IPI", "Troops": "UN"}

    def chart(function, *args, **kwargs):
        return lambda lang, width: function(
            *args, title="Title", source=SOURCE, lang=lang, width=width, **kwargs
        )

    line, by_type = figures.line_chart, ("date", "total", "personnel_type")
    return {
        "line, direct labels and events": chart(line, monthly, *by_type, events=conferences),
        "line, legend (a line stops early)": chart(line, ragged, *by_type, events=conferences),
        "line, change of source": chart(
            line, sourced, "date", "total", source_col="source", labels=labels
        ),
        "line, share and target": chart(
            line, years, "year", "share", yformat="percent", target=0.15
        ),
        "bar, countries, highlight and target": chart(
            figures.bar_chart,
            bars,
            "contributor_iso3",
            "total",
            highlight=["NPL"],
            highlight_label="x",
            target=3000,
        ),  # fmt: skip
        "paired bars": chart(
            figures.paired_bar_chart,
            paired,
            "capability",
            "requested",
            "pledged",
            notes="note",
            first_label="a",
            second_label="b",
            unit="units",
        ),  # fmt: skip
        "target": chart(figures.target_chart, years, "year", "share", "target"),
        "event study": chart(figures.event_study_chart, _study()),
        "coverage": chart(figures.coverage_chart, pk.coverage()),
    }


CHARTS = list(_charts(pd.DataFrame()).keys())
CASES = list(itertools.product(CHARTS, ["en", "fr"], ["full", "column"]))
LANGS = list(itertools.product(CHARTS, ["en", "fr"]))


@pytest.fixture(scope="module")
def charts(conferences):
    return _charts(conferences)


def _draw(fig):
    fig.canvas.draw()
    return fig.canvas.get_renderer()


@pytest.fixture(scope="module")
def drawn(charts):
    """(figure, axes, renderer) of a chart in a language and at a width, drawn once for all the
    tests that look at it (drawing is most of their time)."""

    @functools.cache
    def draw(name: str, lang: str, width: str):
        fig, ax = charts[name](lang, width)
        return fig, ax, _draw(fig)

    return draw


def _overlap(a, b, tol: float = 0.5) -> bool:
    return a.x0 + tol < b.x1 and b.x0 + tol < a.x1 and a.y0 + tol < b.y1 and b.y0 + tol < a.y1


def _visible_texts(fig, renderer) -> list[tuple[str, object]]:
    """(text, window box) of every text drawn: figure texts, axes texts, tick labels inside
    the view, axis labels, legend (as one box)."""
    out = []
    for ax in fig.axes:
        for t in [*fig.texts, *ax.texts, ax.xaxis.label, ax.yaxis.label]:
            if t.get_visible() and t.get_text().strip():
                out.append((t.get_text(), t.get_window_extent(renderer)))
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks():
                label = tick.label1
                if label.get_visible() and label.get_text() and lo <= tick.get_loc() <= hi:
                    out.append((label.get_text(), label.get_window_extent(renderer)))
        legend = ax.get_legend()
        if legend is not None:
            out.append(("<legend>", legend.get_window_extent(renderer)))
    unique = {(text, tuple(np.round(box.extents, 3))): box for text, box in out}
    return [(text, box) for (text, _), box in unique.items()]


def _data_artists(ax):
    return [*ax.lines, *ax.patches, *ax.collections]


# --- structure of every chart, at both widths and in both languages -------------------------


@pytest.mark.parametrize(("name", "lang", "width"), CASES)
def test_layout_at_both_widths_and_languages(drawn, name, lang, width):
    fig, ax, renderer = drawn(name, lang, width)
    assert fig.get_size_inches()[0] == pytest.approx(figures.WIDTHS[width])
    figure_box = fig.bbox
    texts = _visible_texts(fig, renderer)
    for text, box in texts:
        assert figure_box.x0 - 1 <= box.x0, f"{text!r} leaves"
        assert box.x1 <= figure_box.x1 + 1, f"{text!r} leaves"
        assert figure_box.y0 - 1 <= box.y0, f"{text!r} leaves"
        assert box.y1 <= figure_box.y1 + 1, f"{text!r} leaves"
    clashes = [(a, b) for (a, ba), (b, bb) in itertools.combinations(texts, 2) if _overlap(ba, bb)]
    assert not clashes, f"texts overlap: {clashes[:5]}"
    # The plot keeps a readable height whatever the legends and labels take.
    assert ax.bbox.height * 72 / fig.dpi >= 1.5 * 72 - 1


@pytest.mark.parametrize(("name", "lang", "width"), CASES)
def test_legends_never_cover_the_data(drawn, name, lang, width):
    fig, ax, renderer = drawn(name, lang, width)
    legend = ax.get_legend()
    assert legend is not None  # every chart here has one (colours, sources, events, targets)
    box = legend.get_window_extent(renderer)
    assert not _overlap(box, ax.bbox), "the legend sits inside the plot"
    for artist in _data_artists(ax):
        if artist.get_visible():
            assert not _overlap(box, artist.get_window_extent(renderer)), artist


@pytest.mark.parametrize(("name", "lang"), LANGS)
def test_every_value_axis_is_named(drawn, name, lang):
    _, ax, _ = drawn(name, lang, "full")
    horizontal_bars = name.startswith(("bar", "paired"))
    value_label = ax.get_xlabel() if horizontal_bars else ax.get_ylabel()
    if name == "coverage":
        assert ax.get_yticklabels()  # lanes, no value axis
    else:
        assert value_label.strip(), name


def _effective(colour, alpha) -> tuple[float, float, float]:
    rgba = np.array(mcolors.to_rgba(colour))
    a = rgba[3] * (1.0 if alpha is None else alpha)
    return tuple(rgba[:3] * a + (1 - a))  # on white


@pytest.mark.parametrize(("name", "lang"), LANGS)
def test_every_text_reaches_the_contrast_ratio(drawn, name, lang):
    fig, _, _ = drawn(name, lang, "column")
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert len(texts) > 5
    for text in texts:
        ratio = figures.contrast_ratio(_effective(text.get_color(), text.get_alpha()))
        assert ratio >= 4.5, f"{text.get_text()!r} in {text.get_color()} has {ratio:.2f}:1"


def test_direct_labels_keep_their_line_hue_at_a_readable_contrast():
    fig, ax = figures.line_chart(
        _monthly(types=["Troops", "Staff Officers"]),
        "date",
        "total",
        "personnel_type",
        title="T",
        source=SOURCE,
    )
    colours = {t.get_text(): mcolors.to_hex(t.get_color()) for t in ax.texts}
    # Lines take the palette in sorted order: Staff Officers blue, Troops orange.
    assert colours["Staff Officers"] == figures.PALETTE[0].lower()  # blue passes as it is
    orange = colours["Troops"]
    assert orange != figures.PALETTE[1].lower()
    assert figures.contrast_ratio(orange) >= 4.5
    r, g, b = mcolors.to_rgb(orange)
    assert r > g > b  # still an orange


# --- gaps and changes of source ---------------------------------------------------------------


def _no_segment_across(line, days: int = 31) -> None:
    x = np.asarray(mdates.date2num(line.get_xdata()), dtype=float)
    y = np.asarray(line.get_ydata(), dtype=float)
    both = np.isfinite(y[:-1]) & np.isfinite(y[1:])
    assert (np.diff(x)[both] <= days + 0.5).all(), "a segment is drawn across missing months"


def test_missing_months_break_the_line():
    df = _monthly("2017-01", 40, ["Troops"])
    gap = df["date"].between("2018-03-01", "2019-08-31")
    fig, ax = figures.line_chart(df[~gap], "date", "total", title="T", source=SOURCE)
    (line,) = ax.get_lines()
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y).sum() == gap.sum() == 18
    _no_segment_across(line)


def test_a_point_alone_between_gaps_gets_a_dot():
    df = _monthly("2017-01", 12, ["Troops"])
    df = df[df["date"].dt.month.isin([1, 2, 3, 6, 9, 10, 11, 12])]
    _, ax = figures.line_chart(df, "date", "total", title="T", source=SOURCE)
    (line,) = ax.get_lines()
    assert line.get_marker() == "o"
    assert list(line.get_markevery()) == [5]  # June, between the gaps of April-May and Jul-Aug


def test_months_the_coverage_marks_unobserved_or_repeated_break_the_line():
    df = _monthly("2020-01", 12, ["Troops"])
    coverage = pd.DataFrame({"date": df["date"], "observed": True, "carried_forward": False})
    coverage.loc[4, "carried_forward"] = True
    coverage.loc[8, "observed"] = False
    _, ax = figures.line_chart(df, "date", "total", coverage=coverage, title="T", source=SOURCE)
    y = np.asarray(ax.get_lines()[0].get_ydata(), dtype=float)
    assert list(np.flatnonzero(np.isnan(y))) == [4, 8]


def test_missing_years_break_the_line_and_repeats_are_refused():
    df = pd.DataFrame({"year": [2016, 2017, 2020, 2021], "share": [0.1, 0.2, 0.3, 0.4]})
    _, ax = figures.line_chart(df, "year", "share", title="T", source=SOURCE, yformat="percent")
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == [2016, 2017, 2018, 2019, 2020, 2021]
    assert np.isnan(np.asarray(line.get_ydata(), dtype=float)).sum() == 2
    with pytest.raises(ValueError, match="repeats within one line"):
        figures.line_chart(pd.concat([df, df]), "year", "share", title="T", source=SOURCE)


def test_china_police_and_unmiss_break_where_the_data_stop(contributions):
    china = trends.monthly(
        contributions[contributions["contributor_iso3"] == "CHN"], by="personnel_type"
    )
    _, ax = figures.line_chart(china, "date", "total", "personnel_type", title="T", source=SOURCE)
    fpu = next(line for line in ax.get_lines() if line.get_label() == "Formed Police Units")
    y = pd.Series(np.asarray(fpu.get_ydata(), dtype=float), index=pd.to_datetime(fpu.get_xdata()))
    assert y["2010-06":"2013-09"].isna().all()
    assert y["2010-04":"2010-04"].notna().all()
    _no_segment_across(fpu)

    strength = exposure.mission_strength(contributions, pk.load_mission_strength(), ["UNMISS"])
    _, ax = figures.line_chart(
        strength, "date", "total", source_col="source", title="T", source=SOURCE
    )
    for line in ax.get_lines():
        y = pd.Series(
            np.asarray(line.get_ydata(), dtype=float), index=pd.to_datetime(line.get_xdata())
        )
        assert y["2018-03":"2019-08"].isna().all()
        _no_segment_across(line)


def test_a_change_of_source_changes_the_style_and_each_point_keeps_its_source(contributions):
    strength = exposure.mission_strength(contributions, pk.load_mission_strength(), ["UNMISS"])
    _, ax = figures.line_chart(
        strength, "date", "total", source_col="source", title="T", source=SOURCE
    )
    lines = ax.get_lines()
    sources = strength["source"].astype(str)
    # UNMISS: IPI's contributor rows by mission (2011-2014), IPI's mission totals for months
    # without them, and the UN's reports.
    assert len(lines) == sources.nunique() == 3
    # get_linestyle() calls every custom dash "--": compare the dash patterns themselves.
    patterns = {(line.get_linestyle(), str(line._unscaled_dash_pattern)) for line in lines}
    assert len(patterns) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert sorted(legend[:3]) == sorted(sources.unique())
    drawn = {}
    for line, name in zip(lines, legend, strict=False):
        y = np.asarray(line.get_ydata(), dtype=float)
        drawn[name] = set(pd.to_datetime(np.asarray(line.get_xdata())[np.isfinite(y)]))
    for name, months in drawn.items():
        assert months == set(strength.loc[sources == name, "date"]), name
    # The source of the latest data is the solid one.
    latest = sources.iloc[strength["date"].argmax()]
    solid = next(n for line, n in zip(lines, legend, strict=False) if line.get_linestyle() == "-")
    assert solid == latest


# --- conferences, targets, names --------------------------------------------------------------


def test_conferences_are_marked_with_short_labels_above_the_plot(conferences):
    df = _monthly("2013-06", 84)  # to 2020-05
    fig, ax = figures.line_chart(
        df, "date", "total", "personnel_type", title="T", source=SOURCE, events=conferences
    )
    plain, plain_ax = figures.line_chart(
        df, "date", "total", "personnel_type", title="T", source=SOURCE
    )
    renderer = _draw(fig)
    inside = conferences[conferences["start_date"].between(df["date"].min(), df["date"].max())]
    assert len(inside) == 6  # 2014 to 2019; Seoul 2021 and later are outside the data
    marks = [line for line in ax.get_lines() if len(set(line.get_xdata())) == 1]
    assert sorted(float(m.get_xdata()[0]) for m in marks) == sorted(
        mdates.date2num(inside["start_date"])
    )
    assert ax.get_xlim() == pytest.approx(plain_ax.get_xlim())  # no stretching to far events
    labels = [t for t in ax.texts if t.get_text() in set(inside["city"])]
    assert {t.get_text() for t in labels} <= set(inside["city"])
    assert len(labels) >= 4
    plot_top = ax.bbox.y1
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert all(b.y0 >= plot_top for b in boxes)  # above the plot, never on the data
    assert not any(_overlap(a, b) for a, b in itertools.combinations(boxes, 2))
    assert "peacekeeping conferences" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_conference_labels_in_french(conferences):
    df = _monthly("2016-01", 80)
    _, ax = figures.line_chart(
        df,
        "date",
        "total",
        "personnel_type",
        title="T",
        source=SOURCE,
        events=conferences,
        lang="fr",
    )
    shown = {t.get_text() for t in ax.texts}
    assert {"Londres", "Séoul"} <= shown
    assert "London" not in shown
    assert "conférences sur le maintien de la paix" in [
        t.get_text() for t in ax.get_legend().get_texts()
    ]


def test_conferences_on_a_year_axis(conferences):
    years = pd.DataFrame({"year": range(2012, 2020), "share": np.linspace(0.03, 0.06, 8)})
    _, ax = figures.target_chart(
        years.assign(target=0.07), "year", "share", "target", title="T", source=SOURCE,
        events=conferences,
    )  # fmt: skip
    marks = sorted(line.get_xdata()[0] for line in ax.get_lines() if len(line.get_xdata()) == 2)
    assert marks[0] == pytest.approx(2014 + 268 / 365)  # 26 September 2014
    assert len(marks) == 5  # 2014 to 2017; March 2019 falls after the last year drawn


def test_mark_dates_keeps_working_and_labels_above_the_plot():
    fig, ax = figures.line_chart(
        _monthly(), "date", "total", "personnel_type", title="T", source=SOURCE
    )
    texts = figures.mark_dates(ax, pd.to_datetime(["2014-09-26"]), ["2014 New York"])
    figures.mark_dates(ax, pd.to_datetime(["2015-01-31"]), kind="break")
    renderer = _draw(fig)
    assert [t.get_text() for t in texts] == ["2014 New York"]
    assert texts[0].get_window_extent(renderer).y0 >= ax.bbox.y1


def test_event_study_marks_the_conference_in_its_language():
    _, ax = figures.event_study_chart(_study(), title="T", source=SOURCE, lang="fr")
    assert "conférence" in [t.get_text() for t in ax.texts]
    assert any(list(line.get_xdata()) == [-0.5, -0.5] for line in ax.get_lines())
    assert ax.get_xlabel() == "mois depuis le mois de la conférence"


def test_share_charts_draw_their_target():
    years = pd.DataFrame({"year": range(2018, 2025), "share": np.linspace(0.05, 0.08, 7)})
    _, ax = figures.line_chart(
        years, "year", "share", title="T", source=SOURCE, yformat="percent", target=0.15
    )
    (level,) = [line for line in ax.get_lines() if list(line.get_ydata()) == [0.15, 0.15]]
    assert level.get_linestyle() == "--"
    assert "target: 15%" in [t.get_text() for t in ax.get_legend().get_texts()]

    per_line = _monthly("2020-01", 24, ["Troops", "Individual Police"])
    per_line["total"] = per_line["total"] / 100_000
    per_line["goal"] = np.where(per_line["personnel_type"] == "Troops", 0.08, 0.2)
    _, ax = figures.line_chart(
        per_line,
        "date",
        "total",
        "personnel_type",
        title="T",
        source=SOURCE,
        yformat="percent",
        target="goal",
        lang="fr",
    )
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    means = sorted({round(float(np.nanmean(line.get_ydata())), 9) for line in dashed})
    assert means == pytest.approx([0.08, 0.2])
    assert "objectif" in [t.get_text() for t in ax.get_legend().get_texts()]

    by_year = pd.Series([0.1, 0.12], index=[2020, 2022])
    _, ax = figures.line_chart(
        years, "year", "share", title="T", source=SOURCE, yformat="percent", target=by_year
    )
    assert any(line.get_drawstyle().startswith("steps") for line in ax.get_lines())

    bars = pd.DataFrame({"contributor_iso3": ["NPL", "SEN"], "share": [0.12, 0.2]})
    _, ax = figures.bar_chart(
        bars, "contributor_iso3", "share", title="T", source=SOURCE, yformat="percent", target=0.15
    )
    assert any(list(line.get_xdata()) == [0.15, 0.15] for line in ax.get_lines())
    assert "target: 15%" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_axes_show_names_not_codes():
    bars = pd.DataFrame({"contributor_iso3": ["NPL", "CIV"], "total": [6247, 900]})
    _, ax = figures.bar_chart(bars, "contributor_iso3", "total", title="T", source=SOURCE)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Nepal", "Côte d'Ivoire"]
    _, ax = figures.bar_chart(
        bars, "contributor_iso3", "total", title="T", source=SOURCE, lang="fr"
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Népal", "Côte d'Ivoire"]
    lines = _monthly(types=["NPL", "USA"]).rename(columns={"personnel_type": "contributor_iso3"})
    _, ax = figures.line_chart(
        lines, "date", "total", "contributor_iso3", title="T", source=SOURCE, lang="fr"
    )
    assert sorted(t.get_text() for t in ax.texts) == ["Népal", "États-Unis d'Amérique"]


# --- language ----------------------------------------------------------------------------


def test_french_numbers_percentages_and_months_on_the_axes():
    assert figures.NumberFormatter("fr").format_ticks([0, 6247]) == ["0", "6\u202f247"]
    assert figures.NumberFormatter("en").format_ticks([-3000, 0]) == ["\u22123,000", "0"]
    shares = figures.NumberFormatter("fr", percent=True).format_ticks([0.052, 0.053])
    assert shares == ["5,2\u00a0%", "5,3\u00a0%"]
    months = figures.DateFormatter("fr").format_ticks(
        mdates.date2num(pd.to_datetime(["2023-07-01", "2023-11-01"]))
    )
    assert months == ["juil. 2023", "nov. 2023"]
    fig, ax = figures.line_chart(
        _monthly(),
        "date",
        "total",
        "personnel_type",
        title="T",
        source=figures.source_line("contributions", lang="fr"),
        lang="fr",
    )
    _draw(fig)
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any("\u202f" in t for t in ticks)
    assert not any("," in t for t in ticks)
    assert sorted(t.get_text() for t in ax.texts) == sorted(i18n.term(t, "fr") for t in TYPES)
    assert ax.get_ylabel() == "effectifs"
    assert "Sources\u00a0: DOP (ONU)" in " ".join(t.get_text() for t in fig.texts)


def test_words_are_translated_where_the_catalogue_knows_them_else_kept():
    # Callers may pass names already in the chart's language (the notebooks translate group
    # names and countries themselves); vocabulary and ISO3 codes are translated here.
    df = _monthly(types=["Troops", "Groupe des États d'Afrique"])
    _, ax = figures.line_chart(
        df, "date", "total", "personnel_type", title="T", source=SOURCE, lang="fr"
    )
    assert sorted(t.get_text() for t in ax.texts) == ["Groupe des États d'Afrique", "Troupes"]
    named = df.assign(personnel_type=df["personnel_type"].map({"Troops": "T"}).fillna("G"))
    _, ax = figures.line_chart(
        named, "date", "total", "personnel_type", title="T", source=SOURCE, lang="fr",
        labels={"T": "Troupes", "G": "Groupe"},
    )  # fmt: skip
    assert sorted(t.get_text() for t in ax.texts) == ["Groupe", "Troupes"]
    with pytest.raises(ValueError, match="no label for 'G'"):
        figures.line_chart(named, "date", "total", "personnel_type", title="T", source=SOURCE,
                           labels={"T": "Troupes"})  # fmt: skip
    bars = pd.DataFrame({"contributor_iso3": ["Népal", "SEN"], "total": [2, 1]})
    _, ax = figures.bar_chart(bars, "contributor_iso3", "total", title="T", source=SOURCE,
                              lang="fr")  # fmt: skip
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Népal", "Sénégal"]
    with pytest.raises(ValueError, match="unknown language"):
        figures.line_chart(df, "date", "total", title="T", source=SOURCE, lang="de")


# --- sizes, titles, sources ------------------------------------------------------------------


def test_two_widths_and_the_unit_subtitle():
    fig, _ = figures.figure(
        "Nepal doubled its deployment",
        SOURCE,
        subtitle="2015-2025",
        unit="personnel",
        width="column",
    )
    assert tuple(fig.get_size_inches()) == pytest.approx((3.5, 3.4))
    assert any(t.get_text() == "2015-2025 (personnel)" for t in fig.texts)
    assert figures.describe(fig).alt == "Nepal doubled its deployment. 2015-2025 (personnel)."
    fig, _ = figures.figure("T", SOURCE, width="full", size="full")
    assert tuple(fig.get_size_inches()) == pytest.approx((7.0, 7.5))
    with pytest.raises(ValueError, match="column"):
        figures.figure("T", SOURCE, width="half")
    with pytest.raises(ValueError, match="not both"):
        figures.figure("T", SOURCE, width="full", size=(4, 3))


NOTEBOOK_SOURCES = [
    ("contributions",),
    ("contributions", "countries", "bloc_membership"),
    ("capability_requirements", "pledges", "contributions"),
    ("contributions", "pledges", "conferences"),
    ("contributions", "mission_strength"),
    ("contributions", "parity_targets"),
    ("contributions", "pledges"),
    ("contributions", "fatalities"),
]


@pytest.mark.parametrize("datasets", NOTEBOOK_SOURCES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_source_lines_fit_one_line_at_column_width(datasets, lang):
    line = figures.source_line(*datasets, lang=lang)
    fig, _ = figures.figure("T", line, width="column", lang=lang)
    _draw(fig)
    source = fig.texts[-1]
    assert "\n" not in source.get_text(), source.get_text()
    assert set(line.datasets) == set(datasets)
    for name in datasets:
        assert pk.cite(name).split(" Accessed")[0] in line.citation
    assert figures.describe(fig).citation == line.citation


def test_every_catalogue_dataset_has_a_short_source():
    for name in pk.list_datasets():
        line = figures.source_line(name)
        assert len(line) <= 60, line


def test_source_line_survives_pickling():
    import pickle

    line = figures.source_line("contributions", kind="peacekeeping")
    copy = pickle.loads(pickle.dumps(line))
    assert copy == line
    assert copy.citation == line.citation
    assert "Peacekeeping operations only" in copy.citation


# --- files: editable text and metadata ------------------------------------------------------


def _saved(tmp_path, lang="en"):
    df = _monthly()
    source = figures.source_line("contributions", lang=lang)
    title = "Les effectifs ont doublé" if lang == "fr" else "Deployment doubled"
    fig, _ = figures.line_chart(
        df,
        "date",
        "total",
        "personnel_type",
        title=title,
        subtitle="2013-2017",
        unit="personnel",
        source=source,
        lang=lang,
    )
    paths = figures.save(fig, "chart", out_dir=tmp_path)
    return fig, source, dict(zip(["png", "svg", "pdf"], paths, strict=True))


def test_pdf_text_is_type_42_and_extractable(tmp_path):
    import pypdfium2 as pdfium

    _, source, paths = _saved(tmp_path, lang="fr")
    data = paths["pdf"].read_bytes()
    assert b"/FontFile2" in data  # TrueType programs embedded
    assert b"/Type3" not in data
    pdf = pdfium.PdfDocument(paths["pdf"])
    text = pdf[0].get_textpage().get_text_range()
    assert "Les effectifs ont doublé" in text
    assert "Troupes" in text
    meta = pdf.get_metadata_dict()
    assert meta["Title"] == "Les effectifs ont doublé"
    assert source.citation.splitlines()[0] in meta["Subject"].replace("\r", "\n")
    pdf.close()


def test_svg_text_is_text_and_carries_the_citation(tmp_path):
    _, source, paths = _saved(tmp_path)
    svg = paths["svg"].read_text()
    assert svg.count("<text") > 10
    assert "Deployment doubled" in svg
    assert "DejaVuSans-" not in svg  # no glyph outlines
    assert "<dc:title>Deployment doubled</dc:title>" in svg
    first = source.citation.splitlines()[0]
    assert re.search(r"<dc:source>.*United Nations Department of Peace Operations", svg, re.S)
    assert first.split(" (")[0] in svg


def test_png_carries_title_description_and_citation(tmp_path):
    from PIL import Image

    fig, source, paths = _saved(tmp_path)
    info = Image.open(paths["png"]).text
    assert info["Title"] == "Deployment doubled"
    assert info["Description"] == figures.describe(fig).alt
    assert info["Citation"] == source.citation
    assert info["Source"] == str(source)


# --- the HTML figure -------------------------------------------------------------------------


def test_html_figure_has_alt_text_caption_and_nothing_to_fetch(tmp_path):
    fig, source, paths = _saved(tmp_path)
    html = figures.figure_html(fig)
    assert html.startswith("<figure")
    assert html.endswith("</figure>")
    assert 'alt="Deployment doubled. 2013-2017 (personnel)."' in html
    caption = re.search(r"<figcaption[^>]*>(.*)</figcaption>", html, re.S).group(1)
    assert "United Nations Department of Peace Operations" in caption
    assert caption.count("<p>") == len(source.citation.splitlines())
    src = re.search(r'<img src="([^"]+)"', html).group(1)
    assert src.startswith("data:image/svg+xml;base64,")
    # The image is the SVG just saved, not a second rendering.
    assert base64.b64decode(src.split(",", 1)[1]) == paths["svg"].read_bytes()
    assert not re.search(r'(src|href)="(https?:)?//', html)
    custom = figures.figure_html(fig, alt="A <b> chart", caption="Mine", image="png")
    assert 'alt="A &lt;b&gt; chart"' in custom
    assert "data:image/png;base64," in custom
    assert "<p>Mine</p>" in custom


def test_html_figure_redraws_after_a_change(tmp_path):
    fig, _, paths = _saved(tmp_path)
    fig.axes[0].plot([], [])
    src = re.search(r'<img src="([^"]+)"', figures.figure_html(fig)).group(1)
    assert base64.b64decode(src.split(",", 1)[1]) != paths["svg"].read_bytes()


def test_show_displays_the_html_figure_in_a_notebook(monkeypatch):
    import IPython
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    fig, _ = figures.figure("Title", figures.source_line("contributions"), subtitle="Sub")
    figures.show(fig)
    (html,) = shown
    assert 'alt="Title. Sub."' in html.data
    assert "<figcaption" in html.data
    assert fig.number not in plt.get_fignums()


def test_html_figure_needs_alt_text():
    fig, _ = figures.figure("Title", SOURCE)
    with pytest.raises(ValueError, match="alt"):
        figures.figure_html(fig, alt=" ")
