from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import pkanalysis
from pkanalysis import figures

SOURCE = "Source: test data (2020 to 2024)."


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(fig) -> str:
    # Long texts are wrapped to the figure width, so compare without line breaks.
    return " | ".join(t.get_text().replace("\n", " ") for t in fig.texts)


def _overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_import_leaves_global_style_alone():
    assert mpl.rcParams["axes.spines.top"] is True  # matplotlib's default, not the house style
    with figures.use_style():
        assert mpl.rcParams["axes.spines.top"] is False
        assert mpl.rcParams["font.size"] >= 8
        colours = [c["color"].upper() for c in mpl.rcParams["axes.prop_cycle"]]
        assert colours == figures.PALETTE
    assert mpl.rcParams["axes.spines.top"] is True


def test_style_fonts_are_at_least_8pt():
    with figures.use_style():
        for key in ("font.size", "xtick.labelsize", "ytick.labelsize", "legend.fontsize"):
            assert float(mpl.rcParams[key]) >= 8, key


def test_figure_has_title_subtitle_and_source():
    fig, ax = figures.figure("Personnel per month", SOURCE, subtitle="Monthly totals")
    texts = _texts(fig)
    assert "Personnel per month" in texts
    assert "Monthly totals" in texts
    assert SOURCE in texts
    assert tuple(fig.get_size_inches()) == pytest.approx((7.0, 3.9))
    assert isinstance(ax, mpl.axes.Axes)


def test_figure_sizes_grid_and_source_prefix():
    fig, axes = figures.figure("T", "UN DPO", nrows=2, ncols=2, size="full")
    assert axes.shape == (2, 2)
    assert tuple(fig.get_size_inches()) == pytest.approx((7.0, 7.5))
    assert "Source: UN DPO" in _texts(fig)
    fig, _ = figures.figure("T", SOURCE, size=(4, 3))
    assert tuple(fig.get_size_inches()) == pytest.approx((4, 3))
    with pytest.raises(ValueError, match="half"):
        figures.figure("T", SOURCE, size="quarter")
    with pytest.raises(ValueError, match="source"):
        figures.figure("T", "")


@pytest.mark.parametrize(
    ("size", "datasets"),
    [("half", ["contributions", "pledges", "conferences"]), ((4.0, 2.8), ["contributions"])],
)
def test_title_and_source_never_overlap_axes(size, datasets):
    title = "A deliberately long title that has to wrap onto a second line at this width"
    source = figures.source_line(*datasets)
    fig, ax = figures.figure(title, source, subtitle="And a subtitle", size=size)
    ax.plot([0, 1], [0, 100_000])
    ax.set_ylabel("personnel")
    ax.set_xlabel("year")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_tightbbox(renderer)
    fig_box = fig.bbox
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        assert not _overlaps(box, axes_box), text.get_text()
        assert fig_box.x0 <= box.x0, text.get_text()
        assert box.x1 <= fig_box.x1 + 1, text.get_text()
        assert fig_box.y0 <= box.y0, text.get_text()
        assert box.y1 <= fig_box.y1 + 1, text.get_text()


def test_source_line_from_catalogue():
    line = figures.source_line("parity_targets")
    assert line == "Source: UN DPO."
    # The full citation travels with the line: publisher, vintage, version.
    assert "United Nations Department of Peace Operations" in line.citation
    assert f"pkanalysis {pkanalysis.__version__}" in line.citation
    both = figures.source_line("contributions", "fatalities", "contributions")
    assert both == "Sources: UN DPO; IPI; UN Data Hub."
    assert both.datasets == ("contributions", "fatalities")
    assert both.citation.count("Peace and Security Data Hub") == 1
    assert "1990-11" in both.citation


def test_source_line_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="contributions"):
        figures.source_line("nope")


def test_save_writes_png_svg_pdf_at_300_dpi(tmp_path):
    fig, ax = figures.figure("Title", SOURCE)
    ax.plot([1, 2, 3], [1, 4, 9])
    written = figures.save(fig, "my figure", out_dir=tmp_path)
    assert [p.suffix for p in written] == [".png", ".svg", ".pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "my_figure.pdf",
        "my_figure.png",
        "my_figure.svg",
    ]
    assert all(p.stat().st_size > 0 for p in written)
    height, width = mpimg.imread(written[0]).shape[:2]
    assert (width, height) == (round(7.0 * 300), round(3.9 * 300))


def test_save_stays_inside_out_dir(tmp_path):
    out = tmp_path / "out"
    fig, _ = figures.figure("Title", SOURCE)
    written = figures.save(fig, "../../evil", out_dir=out, formats=["png"])
    assert written == [out / "evil.png"]
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == written
    written = figures.save(fig, "/etc/passwd", out_dir=out, formats=["png"])
    assert written[0].parent == out


def test_save_defaults_to_pkanalysis_output(tmp_path, monkeypatch):
    monkeypatch.setenv("PKANALYSIS_OUTPUT", str(tmp_path / "job"))
    fig, _ = figures.figure("Title", SOURCE)
    (path,) = figures.save(fig, "x", formats=("svg",))
    assert path == tmp_path / "job" / "x.svg"


def test_save_without_env_uses_the_reports_scratch_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("PKANALYSIS_OUTPUT", raising=False)
    monkeypatch.setenv("PKANALYSIS_REPORTS", str(tmp_path / "reports"))
    fig, _ = figures.figure("Title", SOURCE)
    (path,) = figures.save(fig, "x", formats=("png",), dpi=50)
    assert path == tmp_path / "reports" / "scratch" / "x.png"


def test_save_rejects_unknown_format(tmp_path):
    fig, _ = figures.figure("Title", SOURCE)
    with pytest.raises(ValueError, match="unsupported"):
        figures.save(fig, "x", out_dir=tmp_path, formats=("docx",))
    assert not list(tmp_path.iterdir())


def _monthly(types: list[str]) -> pd.DataFrame:
    dates = pd.date_range("2023-01-01", periods=6, freq="MS")
    rows = [(d, t, 1000 * (i + 1) + j) for i, t in enumerate(types) for j, d in enumerate(dates)]
    return pd.DataFrame(rows, columns=["date", "personnel_type", "total"])


def test_line_chart_one_line_per_hue_with_direct_labels():
    df = _monthly(["Troops", "Police", "Staff Officers"])
    fig, ax = figures.line_chart(
        df, x="date", y="total", hue="personnel_type", title="T", source=SOURCE, ylabel="people"
    )
    assert len(ax.get_lines()) == 3
    assert sorted(t.get_text() for t in ax.texts) == ["Police", "Staff Officers", "Troops"]
    assert ax.get_legend() is None
    assert ax.get_ylabel() == "people"
    assert ax.yaxis.get_major_formatter().format_ticks([0, 6000, 12000])[-1] == "12,000"
    assert SOURCE in _texts(fig)


def test_line_chart_legend_outside_when_many_series():
    df = _monthly([f"M{i}" for i in range(8)])
    _, ax = figures.line_chart(df, "date", "total", "personnel_type", title="T", source=SOURCE)
    assert len(ax.get_lines()) == 8
    assert len(ax.get_legend().get_texts()) == 8
    assert not ax.texts


def test_line_chart_legend_when_a_series_stops_early():
    df = _monthly(["Troops", "Police"])
    df = df[~((df["personnel_type"] == "Police") & (df["date"] > "2023-03-01"))]
    _, ax = figures.line_chart(df, "date", "total", "personnel_type", title="T", source=SOURCE)
    assert len(ax.get_lines()) == 2
    assert ax.get_legend() is not None
    assert not ax.texts


def test_line_chart_without_hue_and_integer_years():
    df = pd.DataFrame({"year": [2022, 2020, 2021], "share": [0.1, 0.2, 0.15]})
    _, ax = figures.line_chart(df, "year", "share", title="T", source=SOURCE, yformat="percent")
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == [2020, 2021, 2022]  # sorted by x
    assert ax.yaxis.get_major_formatter()(0.25, 0).startswith("25")


def test_line_chart_unknown_column():
    with pytest.raises(ValueError, match="columns are"):
        figures.line_chart(_monthly(["A"]), "date", "nope", title="T", source=SOURCE)


def test_bar_chart_sorted_with_highlight():
    df = pd.DataFrame({"country": ["A", "B", "C", "D"], "total": [5, 20, -3, 12]})
    _, ax = figures.bar_chart(
        df, x="country", y="total", title="T", source=SOURCE, highlight=["D"],
        highlight_label="pledged",
    )  # fmt: skip
    bars = ax.patches
    assert len(bars) == 4
    assert [t.get_text() for t in ax.get_yticklabels()] == ["B", "D", "A", "C"]
    assert ax.get_xlabel() == "personnel"  # the value axis is always named, with a unit
    colours = [mpl.colors.to_hex(b.get_facecolor()).upper() for b in bars]
    assert colours == [figures.MUTED, figures.ACCENT, figures.MUTED, figures.MUTED]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["pledged", "other"]


def test_bar_chart_vertical_and_duplicates():
    df = pd.DataFrame({"country": ["A", "B", "C"], "total": [1, 3, 2]})
    _, ax = figures.bar_chart(df, "country", "total", title="T", source=SOURCE, horizontal=False)
    assert len(ax.patches) == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["B", "C", "A"]
    with pytest.raises(ValueError, match="aggregate"):
        figures.bar_chart(pd.concat([df, df]), "country", "total", title="T", source=SOURCE)


def test_target_chart_actual_and_dashed_target():
    df = pd.DataFrame(
        {
            "year": [2017, 2018, 2019, 2020],
            "share": [0.04, 0.05, 0.06, 0.07],
            "target": [np.nan, 0.05, 0.055, 0.065],
        }
    )
    _, ax = figures.target_chart(df, "year", "share", "target", title="T", source=SOURCE)
    actual, target = ax.get_lines()
    assert actual.get_marker() == "o"
    assert target.get_linestyle() == "--"
    assert target.get_drawstyle().startswith("steps")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["share", "target"]
    with pytest.raises(ValueError, match="one series"):
        figures.target_chart(pd.concat([df, df]), "year", "share", "target", title="T", source="S")


def test_thousands_formatter():
    assert figures.thousands(1234567) == "1,234,567"
    assert figures.thousands(0) == "0"
    assert figures.thousands(2.5) == "2.5"


@pytest.mark.filterwarnings("ignore:constrained_layout not applied")
def test_crowded_figure_warns():
    fig, _ = figures.figure("A title " * 40, SOURCE * 10, size=(3, 2))
    with pytest.warns(UserWarning, match="little room"):
        fig.canvas.draw()


def test_show_outside_ipython_closes_the_figure():
    import matplotlib.pyplot as plt

    fig, _ = figures.figure("Title", SOURCE)
    assert fig.number in plt.get_fignums()
    figures.show(fig)
    assert fig.number not in plt.get_fignums()
