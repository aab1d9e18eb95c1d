"""Bad report files: each failure is an error that names the file (exact messages)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from pkanalysis import build, paths
from pkanalysis.parse.dpo_reports import (
    ReportDateError,
    ReportError,
    UnknownLayoutError,
    detect_layout,
    open_report,
)


def test_truncated_pdf_names_the_file(pdf_dir: Path, tmp_path: Path):
    broken = tmp_path / "UN_country_contributions_2021_05.pdf"
    broken.write_bytes((pdf_dir / "UN_country_contributions_2021_05.pdf").read_bytes()[:4000])
    with pytest.raises(ReportError) as err:
        open_report(broken)
    assert str(err.value).startswith(
        "UN_country_contributions_2021_05.pdf: cannot be read as a PDF ("
    )


def test_not_a_pdf_at_all(tmp_path: Path):
    fake = tmp_path / "report.pdf"
    fake.write_text("Country,Troops\nNepal,5\n")
    with pytest.raises(ReportError, match=r"^report.pdf: cannot be read as a PDF \("):
        open_report(fake)


def _pdf_with_text(path: Path, text: str) -> Path:
    fig = plt.figure(figsize=(8.27, 11.69))
    fig.text(0.1, 0.9, text)
    fig.savefig(path, format="pdf")
    plt.close(fig)
    return path


def test_unknown_layout_names_the_file_and_the_known_layouts(tmp_path: Path):
    report = open_report(_pdf_with_text(tmp_path / "odd.pdf", "Quarterly troop summary 2031"))
    with pytest.raises(UnknownLayoutError) as err:
        detect_layout(report)
    assert str(err.value) == (
        "odd.pdf: layout not recognised (first page begins 'Quarterly troop summary 2031'); "
        "known layouts: A, A2, B1, B2, B3, T1, B4, T2, C, C2, T3"
    )


def test_pdf_without_text_is_an_error(tmp_path: Path):
    path = tmp_path / "blank.pdf"
    plt.figure().savefig(path, format="pdf")
    plt.close("all")
    with pytest.raises(ReportError) as err:
        open_report(path)
    assert str(err.value) == "blank.pdf: the PDF has no extractable text on its first page"


def test_report_without_a_date_and_no_override(pdf_dir: Path):
    # The October 2019 report (layout B3) prints no date; without its sha256 in the override
    # table the build refuses to guess.
    with pytest.raises(ReportDateError) as err:
        build.parse_pdf(pdf_dir / "UN_country_contributions_2019_10.pdf", overrides={})
    assert str(err.value) == (
        "UN_country_contributions_2019_10.pdf: no report date printed (layout B3) and no "
        "override for its sha256 in data/report_date_overrides.csv"
    )


def test_the_override_dates_the_undated_report(pdf_dir: Path):
    overrides = build.date_overrides(paths.data_dir())
    rep = build.parse_pdf(pdf_dir / "UN_country_contributions_2019_10.pdf", overrides)
    assert (rep["date"], rep["date_basis"], rep["printed_date"]) == (
        pd.Timestamp("2019-10-31"),
        "override",
        None,
    )


def test_byte_identical_reports_are_counted_once(pdf_dir: Path, tmp_path: Path):
    raw = tmp_path / "raw" / build.PDF_DIR
    raw.mkdir(parents=True)
    for name in ("UN_country_contributions_2017_03.pdf", "UN_country_contributions_2017_04.pdf"):
        (raw / name).write_bytes((pdf_dir / name).read_bytes())
    parsed, _, counts = build.parse_pdfs(tmp_path / "raw", paths.data_dir())
    assert counts == {"parsed": 1, "cached": 0}  # one parse for the two names
    kept, sources, notes = build.choose_reports(parsed)
    # The copy named for the month it prints is the one used (and cited by the rows).
    assert len(kept) == 1
    assert kept[0]["date"] == pd.Timestamp("2017-04-30")
    assert kept[0]["file"].endswith("UN_country_contributions_2017_04.pdf")
    by_file = {Path(s["file"]).name: s["status"] for s in sources}
    assert by_file == {
        "UN_country_contributions_2017_04.pdf": "used",
        "UN_country_contributions_2017_03.pdf": (
            "duplicate of UN_country_contributions_2017_04.pdf (identical bytes)"
        ),
    }
    # the name that gives another month than the report prints is reported
    assert notes == [
        "UN_country_contributions_2017_03.pdf: the file name says 2017-03 but the report is "
        "dated 2017-04 (printed); used for 2017-04, duplicate of "
        "UN_country_contributions_2017_04.pdf (identical bytes)"
    ]
