"""Layouts A, A2, B1, B2 and B3 of the UN DPO monthly reports, checked on real files."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pkanalysis.parse.dpo_reports import detect_layout, layouts_2015_2019, open_report
from pkanalysis.parse.dpo_reports.model import ReportError, ReportText, Row


def _file(pdf_dir: Path, stamp: str) -> Path:
    return pdf_dir / f"UN_country_contributions_{stamp}.pdf"


def _parsed(pdf_dir: Path, stamp: str):
    report = open_report(_file(pdf_dir, stamp))
    spec = detect_layout(report)
    return report, spec, spec.parse(report)


def _sums(rows: list[Row]) -> dict[tuple, list[int]]:
    """Row sums by grand, country and mission-within-country, keyed like the printed totals."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        for key in (("grand", None, None), ("country", None, row.country)):
            for i, v in enumerate((row.male, row.female, row.total)):
                sums[key][i] += v or 0
        for i, v in enumerate((row.male, row.female, row.total)):
            sums[("mission_country", row.mission, row.country)][i] += v or 0
    return sums


def _assert_reconciles(result) -> int:
    """Every printed value of every printed total equals the sum of the rows under it."""
    sums = _sums(result.rows)
    checked = 0
    for total in result.totals:
        key = (total.level, total.mission, total.country)
        for printed, summed in zip((total.male, total.female, total.total), sums[key], strict=True):
            if printed is not None:
                assert summed == printed, total
                checked += 1
    return checked


def _expected_layout(stamp: str) -> str | None:
    """Which of this module's layouts each file has (PROVENANCE.md, per-file appendix)."""
    if stamp == "2016_11":
        return "A2"
    if stamp == "2019_10":
        return "B3"
    if "2015_01" <= stamp <= "2017_04":
        return "A"
    if "2017_05" <= stamp <= "2018_02":
        return "B1"
    if "2018_03" <= stamp <= "2019_08":
        return "B2"
    return None


def test_detect_matches_exactly_the_files_of_each_layout(pdf_dir: Path) -> None:
    files = sorted(pdf_dir.glob("UN_country_contributions_*.pdf"))
    assert len(files) == 126
    for path in files:
        pdf = pdfium.PdfDocument(path)
        try:
            page1 = pdf[0].get_textpage().get_text_bounded()
        finally:
            pdf.close()
        found = [spec.name for spec in layouts_2015_2019.SPECS if spec.detect(page1)]
        expected = _expected_layout(path.stem.removeprefix("UN_country_contributions_"))
        assert found == ([expected] if expected else []), path.name


def test_layout_a(pdf_dir: Path) -> None:
    report, spec, result = _parsed(pdf_dir, "2015_01")
    assert spec.name == "A"
    assert spec.read_date(report) == date(2015, 1, 31)
    assert len(result.rows) == 955
    assert Row(1, "UNMISS", "Albania", "Individual Police", 3, 0, 3) in result.rows
    assert Row(1, "MINUSTAH", "Argentina", "Contingent Troop", 529, 37, 566) in result.rows
    assert Row(2, "MINUSMA", "Bangladesh", "Contingent Troop", 1580, 0, 1580) in result.rows
    # Layout A prints no grand total: reconcile every country and mission subtotal instead.
    assert not [t for t in result.totals if t.level == "grand"]
    assert _assert_reconciles(result) == len(result.totals) == 722


def test_layout_a_blank_cells(pdf_dir: Path) -> None:
    # Feb 2015 prints placeholder MINURSO rows holding a single 0 (or nothing at all).
    report, spec, result = _parsed(pdf_dir, "2015_02")
    assert spec.read_date(report) == date(2015, 2, 28)
    argentina = [r for r in result.rows if r.country == "Argentina" and r.mission == "MINURSO"]
    assert argentina == [
        Row(1, "MINURSO", "Argentina", "Individual Police", 0, 1, 1),
        Row(1, "MINURSO", "Argentina", "Individual Police", 0, None, None),
        Row(1, "MINURSO", "Argentina", "Individual Police", 0, None, None),
        Row(1, "MINURSO", "Argentina", "Experts on Mission", 3, 0, 3),
        Row(1, "MINURSO", "Argentina", "Experts on Mission", None, 0, None),
    ]
    _assert_reconciles(result)


def test_layout_a2(pdf_dir: Path) -> None:
    report, spec, result = _parsed(pdf_dir, "2016_11")
    assert spec.name == "A2"
    assert spec.read_date(report) == date(2016, 11, 30)
    assert len(result.rows) == 2484
    assert Row(1, "MONUSCO", "Algeria", "Experts on Mission", 5, 0, 5) in result.rows
    # Text order pairs "15 0" with the wrong label; positions put it under Ind Police.
    assert Row(1, "MINUSTAH", "Argentina", "Ind Police", 15, 0, 15) in result.rows
    assert Row(1, "MINUSTAH", "Argentina", "Contingent Troops", 48, 25, 73) in result.rows
    assert Row(1, "MINUSTAH", "Argentina", "Formed Police Units", 0, 0, 0) in result.rows
    grand = [t for t in result.totals if t.level == "grand"]
    assert [(t.male, t.female, t.total) for t in grand] == [(None, None, 100851)]
    assert _assert_reconciles(result) == 1864


def test_layout_b1(pdf_dir: Path) -> None:
    report, spec, result = _parsed(pdf_dir, "2017_05")
    assert spec.name == "B1"
    assert spec.read_date(report) == date(2017, 5, 31)
    assert len(result.rows) == 1046
    assert Row(1, "MONUSCO", "Algeria", "Experts on Mission", 5, 0, 5) in result.rows
    assert Row(2, "MINUSMA", "Bangladesh", "Contingent Troops", 1514, 4, 1518) in result.rows
    # Page 26 runs columns together in the text ("Contingent Troops 1173 120").
    assert Row(26, "MINUSCA", "Nepal", "Contingent Troops", 117, 3, 120) in result.rows
    assert Row(26, "MINUSMA", "Nepal", "Staff Officer", 9, 1, 10) in result.rows
    grand = [t for t in result.totals if t.level == "grand"]
    assert [(t.male, t.female, t.total) for t in grand] == [(92520, 4097, 96617)]
    assert _assert_reconciles(result) == 3 * len(result.totals)


def test_layout_b2(pdf_dir: Path) -> None:
    report, spec, result = _parsed(pdf_dir, "2019_04")
    assert spec.name == "B2"
    assert spec.read_date(report) == date(2019, 4, 30)
    assert len(result.rows) == 389
    assert {r.mission for r in result.rows} == {None}
    assert Row(1, None, "Argentina", "Contingent Troops", 215, 18, 233) in result.rows
    # Page 6 text reads "2,8090 2,809 Contingent Troops" and "202 Contingent Troops".
    assert Row(6, None, "Egypt", "Contingent Troops", 2809, 0, 2809) in result.rows
    assert Row(6, None, "Egypt", "Staff Officer", 61, 6, 67) in result.rows
    assert Row(6, None, "Estonia", "Contingent Troops", 2, 0, 2) in result.rows
    grand = [t for t in result.totals if t.level == "grand"]
    assert [(t.male, t.female, t.total) for t in grand] == [(83884, 4912, 88796)]
    assert _assert_reconciles(result) == 3 * len(result.totals)


def test_layout_b3(pdf_dir: Path) -> None:
    report, spec, result = _parsed(pdf_dir, "2019_10")
    assert spec.name == "B3"
    assert spec.read_date(report) is None  # no date printed; the caller's override applies
    assert len(result.rows) == 3510
    assert Row(1, "UNMISS", "Albania", "MSO", 0, 2, 2) in result.rows
    # Bangladesh has two MINUSMA lines (police, military); both are kept.
    assert Row(2, "MINUSMA", "Bangladesh", "FPU", 237, 43, 280) in result.rows
    assert Row(2, "MINUSMA", "Bangladesh", "Troops", 1250, 10, 1260) in result.rows
    assert any(r.country == "Bosnia and Herzegovina" for r in result.rows)
    grand = [t for t in result.totals if t.level == "grand"]
    assert [(t.male, t.female, t.total) for t in grand] == [(79698, 5270, 84968)]
    assert _assert_reconciles(result) == 3 * len(result.totals)


def _text_report(*pages: str) -> ReportText:
    return ReportText(path=Path("synthetic.pdf"), pages=list(pages), pdf=None)


def test_negative_count_names_file_page_and_line() -> None:
    page = (
        "Summary of Contributions to UN Peacekeeping by Country, Mission and Post.\n"
        "Police,UN Military Experts on Mission , Staff Officers and Troops 31/05/2017\n"
        "Country Mission POST MALE FEMALE TOTAL\n"
        "1 Algeria\nMONUSCO\nExperts on Mission 5 -1 4\n"
    )
    spec = next(s for s in layouts_2015_2019.SPECS if s.name == "B1")
    assert spec.detect(page)
    with pytest.raises(
        ReportError, match=r"synthetic\.pdf, page 1, line 'Experts on Mission 5 -1 4'"
    ):
        spec.parse(_text_report(page))


def test_unreadable_line_names_file_page_and_line() -> None:
    page = (
        "Summary of Contribution to UN Peacekeeping by Country and Post Police,\n"
        "Military Experts on Mission, Staff Officers and Troops\n"
        + layouts_2015_2019._B3_HEADER
        + "\nAlbania\nUNMISS 0 0 0 0 0 0 0 0 0\n"
    )
    spec = next(s for s in layouts_2015_2019.SPECS if s.name == "B3")
    with pytest.raises(ReportError, match=r"page 1, line 'UNMISS 0 0 0 0 0 0 0 0 0'"):
        spec.parse(_text_report(page))
