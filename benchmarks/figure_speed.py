"""Benchmark: the cost of one report figure, drawn, saved and shown as a notebook does it.

For each chart type of :mod:`pkanalysis.figures`, on the data the notebooks draw (loading the
data is not counted), three steps are timed:

* draw: the chart function (layout, labels, every artist);
* save: :func:`pkanalysis.figures.save` in the formats the reports write (PNG, SVG and PDF);
* show: what the notebook's display costs: the HTML ``<figure>`` of :func:`figures.figure_html`
  where it exists, else the inline backend's PNG (``bbox_inches="tight"``, as IPython renders
  a figure passed to ``display``).

Each figure is the median over ``--rounds`` rounds after one warm-up round (font caches).
The sizes of the saved files and of the shown image are printed too (report size).  The script
uses only keywords that the figure functions have had from the start, plus the newer ones when
the module has them, so the same script measures an older ``figures.py`` for comparison:
``--baseline main`` loads ``figures.py`` and its style sheet as they are at that git revision.

    python benchmarks/figure_speed.py [--rounds 5] [--lang en] [--baseline REV]
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import pkanalysis as pk
from pkanalysis import exposure, figures, trends, vocab


def _supports(function, keyword: str) -> bool:
    return keyword in inspect.signature(function).parameters


def _extra(function, **candidates):
    """The keywords among ``candidates`` that ``function`` accepts (newer API only)."""
    return {k: v for k, v in candidates.items() if v is not None and _supports(function, k)}


def charts(lang: str):
    """(name, zero-argument function returning a figure) for each chart the reports draw."""
    contributions = pk.load_contributions()
    conferences = pk.load_conferences()
    coverage = pk.coverage()
    source = figures.source_line("contributions")
    nepal = contributions[contributions["contributor_iso3"] == "NPL"]
    nepal_monthly = trends.monthly(nepal, by="personnel_type", gaps=True, coverage=coverage)
    all_monthly = trends.monthly(contributions, by="personnel_type", gaps=True, coverage=coverage)
    strength = exposure.mission_strength(
        contributions, pk.load_mission_strength(), missions=["UNMISS"]
    )
    latest = contributions[contributions["date"] == contributions["date"].max()]
    top = latest.groupby("contributor_iso3", as_index=False, observed=True)["total"].sum()
    top = top.nlargest(15, "total")
    years = np.arange(2015, 2025)
    parity = pd.DataFrame(
        {
            "year": years,
            "share": np.linspace(0.04, 0.09, len(years)),
            "target": [np.nan] * 3 + list(np.linspace(0.05, 0.1, len(years) - 3)),
        }
    )
    rel = np.arange(-24, 25)
    rng = np.random.default_rng(1)
    est = rng.normal(0, 0.05, len(rel))
    study = pd.DataFrame(
        {
            "rel_month": rel,
            "estimate": np.where(rel == -1, 0.0, est),
            "ci_low": est - 0.1,
            "ci_high": est + 0.1,
            "status": np.where(
                rel == -1, "reference", np.where(rel > 20, "not covered", "estimated")
            ),
        }
    )
    paired = pd.DataFrame(
        {
            "capability": list(vocab.CAPABILITIES[:8]),
            "units_requested": [4, 3, 6, 2, 1, 5, 2, 3],
            "units_pledged": [2, 5, 1, 0, 3, np.nan, 2, 1],
            "note": ["", "", "", "", "", "requested, no number", "", ""],
        }
    )
    events = conferences

    def nepal_chart():
        f = figures.line_chart
        return f(
            nepal_monthly, x="date", y="total", hue="personnel_type",
            title="Nepal: uniformed personnel per month", source=source,
            **_extra(f, lang=lang, events=events, unit="personnel"),
        )  # fmt: skip

    def trend_chart():
        f = figures.line_chart
        fig, ax = f(
            all_monthly, x="date", y="total", hue="personnel_type",
            title="Uniformed personnel per month", source=source, ylabel="personnel",
            **_extra(f, lang=lang, events=events),
        )  # fmt: skip
        if not _supports(f, "events"):
            figures.mark_dates(ax, conferences["start_date"], conferences["conference_id"])
        return fig, ax

    # Words of the strength table the catalogue does not hold (the mission brief passes them).
    sources = {"UN monthly reports": "rapports mensuels de l'ONU", "IPI mission totals": "IPI"}

    def strength_chart():
        f = figures.line_chart
        return f(
            strength, x="date", y="total", hue="source",
            title="UNMISS: uniformed personnel per month", source=source,
            **_extra(f, lang=lang, events=events, labels=sources if lang == "fr" else None),
        )  # fmt: skip

    def bar():
        f = figures.bar_chart
        return f(top, x="contributor_iso3", y="total", title="Contributors", source=source,
                 **_extra(f, lang=lang))  # fmt: skip

    def target():
        f = figures.target_chart
        return f(parity, "year", "share", "target", title="Share of women", source=source,
                 **_extra(f, lang=lang))  # fmt: skip

    def event_study():
        f = figures.event_study_chart
        return f(study, title="Event study", source=source, **_extra(f, lang=lang))

    def paired_bars():
        f = figures.paired_bar_chart
        return f(
            paired, x="capability", first="units_requested", second="units_pledged",
            notes="note", title="Requested and pledged", source=source, label="units",
            **_extra(f, lang=lang),
        )  # fmt: skip

    def coverage_chart():
        f = figures.coverage_chart
        return f(coverage, title="Coverage", source=source, size="full", **_extra(f, lang=lang))

    return [
        ("line: country brief (Nepal, 5 types)", nepal_chart),
        ("line: all contributions + conferences", trend_chart),
        ("line: mission strength (UNMISS)", strength_chart),
        ("bar: 15 contributors", bar),
        ("target: parity", target),
        ("event study", event_study),
        ("paired bars", paired_bars),
        ("coverage (full page)", coverage_chart),
    ]


def show_cost(fig) -> tuple[float, int]:
    """Seconds and bytes of what a notebook stores when it shows ``fig``."""
    t0 = time.perf_counter()
    if hasattr(figures, "figure_html"):
        payload = figures.figure_html(fig).encode()
    else:
        from IPython.core.pylabtools import print_figure

        payload = print_figure(fig, "png", bbox_inches="tight")
    return time.perf_counter() - t0, len(payload)


def measure(build, folder: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    fig, _ = build()
    fig.canvas.draw()  # the layout and every artist, as the first save would
    t1 = time.perf_counter()
    written = figures.save(fig, "bench", out_dir=folder)
    t2 = time.perf_counter()
    show_seconds, shown_bytes = show_cost(fig)
    plt.close(fig)
    sizes = {p.suffix.lstrip("."): p.stat().st_size for p in written}
    return {
        "draw": t1 - t0,
        "save": t2 - t1,
        "show": show_seconds,
        "total": t1 - t0 + t2 - t1 + show_seconds,
        "shown_kb": shown_bytes / 1024,
        **{f"{ext}_kb": size / 1024 for ext, size in sizes.items()},
    }


def load_baseline(revision: str, folder: Path) -> None:
    """Replace :mod:`pkanalysis.figures` by its version at git ``revision`` (and its style)."""
    global figures
    root = Path(__file__).resolve().parents[1]
    for name in ("figures.py", "pkanalysis.mplstyle"):
        text = subprocess.run(
            ["git", "show", f"{revision}:pkanalysis/{name}"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        (folder / name).write_text(text)
    spec = importlib.util.spec_from_file_location("pkanalysis.figures", folder / "figures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["pkanalysis.figures"] = module
    spec.loader.exec_module(module)
    pk.figures = figures = module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--baseline", metavar="REV", help="measure figures.py as at this git revision")
    args = ap.parse_args()
    rows = []
    baseline_dir = tempfile.TemporaryDirectory()
    if args.baseline:
        load_baseline(args.baseline, Path(baseline_dir.name))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, build in charts(args.lang):
            measure(build, folder)  # warm-up: font and text caches
            runs = [measure(build, folder) for _ in range(args.rounds)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            rows.append((name, med))
    which = f"figures.py at {args.baseline}" if args.baseline else "figures.py of this tree"
    print(f"seconds per figure, median of {args.rounds} rounds ({which}, language {args.lang}):")
    header = f"{'chart':40} {'draw':>6} {'save':>6} {'show':>6} {'total':>6}"
    print(header + f" {'png kB':>7} {'svg kB':>7} {'pdf kB':>7} {'shown kB':>8}")
    for name, m in rows:
        print(
            f"{name:40} {m['draw']:6.3f} {m['save']:6.3f} {m['show']:6.3f} {m['total']:6.3f}"
            f" {m['png_kb']:7.0f} {m['svg_kb']:7.0f} {m['pdf_kb']:7.0f} {m['shown_kb']:8.0f}"
        )
    totals = [m["total"] for _, m in rows]
    print(
        f"mean per figure: {statistics.mean(totals):.3f} s "
        f"(draw {statistics.mean(m['draw'] for _, m in rows):.3f}, "
        f"save {statistics.mean(m['save'] for _, m in rows):.3f}, "
        f"show {statistics.mean(m['show'] for _, m in rows):.3f}); "
        f"shown {statistics.mean(m['shown_kb'] for _, m in rows):.0f} kB on average"
    )


if __name__ == "__main__":
    main()
