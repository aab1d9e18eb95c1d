"""Layouts T1, B4, T2, C, C2 and T3: each parsed from one real report (values read off the PDFs)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from pkanalysis.parse.dpo_reports import (
    ParseResult,
    PrintedTotal,
    ReportError,
    ReportText,
    Row,
    detect_layout,
    open_report,
)
from pkanalysis.parse.dpo_reports import layouts_2019_2025 as L


@pytest.fixture(scope="module")
def parsed(pdf_dir: Path):
    """Open, detect, date and parse a report once per module: (layout name, date, result)."""
    cache: dict[str, tuple[str, dt.date | None, ParseResult]] = {}

    def get(stem: str) -> tuple[str, dt.date | None, ParseResult]:
        if stem not in cache:
            report = open_report(pdf_dir / f"UN_country_contributions_{stem}.pdf")
            spec = detect_layout(report)
            cache[stem] = (spec.name, spec.read_date(report), spec.parse(report))
        return cache[stem]

    return get


def _sums(rows: list[Row], key) -> dict:
    out: dict = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        k = key(r)
        out[k][0] += r.male or 0
        out[k][1] += r.female or 0
        out[k][2] += r.total or 0
    return out


def _assert_reconciles(result: ParseResult) -> None:
    """Every printed total equals the sum of the rows it covers (None = not printed)."""
    keys = {
        "grand": (lambda _r: None, lambda _t: None),
        "mission": (lambda r: r.mission, lambda t: t.mission),
        "country": (lambda r: r.country, lambda t: t.country),
        "mission_country": (lambda r: (r.mission, r.country), lambda t: (t.mission, t.country)),
        "type": (lambda r: r.personnel_type_source, lambda t: t.country),
    }
    sums = {level: _sums(result.rows, row_key) for level, (row_key, _) in keys.items()}
    for t in result.totals:
        got = sums[t.level].get(keys[t.level][1](t), [0, 0, 0])
        for printed, summed in zip((t.male, t.female, t.total), got, strict=True):
            assert printed is None or printed == summed, (t, got)


def test_t1_2019_09(parsed) -> None:
    name, date, res = parsed("2019_09")
    assert name == "T1"
    assert date == dt.date(2019, 9, 30)
    assert len(res.rows) == 1032
    assert res.totals == []
    # "Individual Police606" and "FPU 122 14" in the extracted text
    assert Row(1, "MINUJUSTH", "Benin", "Individual Police", 6, 0, 6) in res.rows
    assert Row(1, "MINUJUSTH", "Senegal", "FPU", 12, 2, 14) in res.rows
    assert Row(3, "MINUSCA", "Senegal", "FPU", 268, 12, 280) in res.rows
    assert Row(17, "UNVMC", "Paraguay", "Individual Police", 1, 1, 2) in res.rows
    # the PDF cuts long names to the column width; they are kept as printed and listed
    assert Row(1, "MINUJUSTH", "Republic of", "Individual Police", 0, 2, 2) in res.rows
    assert any("Russian" in note and "United States of" in note for note in res.notes)
    assert all(r.male + r.female == r.total for r in res.rows)


def test_b4_2019_11_counts_before_post(parsed) -> None:
    name, date, res = parsed("2019_11")
    assert name == "B4"
    assert date == dt.date(2019, 11, 30)
    assert len(res.rows) == 1015  # the number printed at the end of the report
    assert Row(1, "BINUH", "Canada", "Individual Police", 0, 4, 4) in res.rows
    # "United Republic of" / "Tanzania" / "431 19 450 Troops" on three text lines
    assert Row(3, "MINUSCA", "United Republic of Tanzania", "Troops", 431, 19, 450) in res.rows
    assert res.totals[0] == PrintedTotal(1, "mission", "BINUH", None, 6, 5, 11)
    assert not [t for t in res.totals if t.level == "grand"]  # this file prints none
    assert any("1015" in note for note in res.notes)
    _assert_reconciles(res)


def test_b4_2020_02_country_on_own_line(parsed) -> None:
    name, date, res = parsed("2020_02")
    assert name == "B4"
    assert date == dt.date(2020, 2, 29)
    assert len(res.rows) == 1034
    assert Row(1, "BINUH", "Côte d'Ivoire", "police", 0, 1, 1) in res.rows
    # the country is printed at the bottom of page 1, its line at the top of page 2
    assert Row(2, "MINURSO", "Côte d'Ivoire", "experts", 0, 2, 2) in res.rows
    assert res.totals[-1] == PrintedTotal(52, "grand", None, None, 77853, 5415, 83268)
    _assert_reconciles(res)


def test_t2_2021_01(parsed) -> None:
    name, date, res = parsed("2021_01")
    assert name == "T2"
    assert date == dt.date(2021, 1, 31)
    assert len(res.rows) == 977
    assert Row(1, "BINUH", "Benin", "Individual Police", 2, 0, 2) in res.rows
    # "Experts on Mission516" in the extracted text
    assert Row(29, "UNVMC", "Spain", "Experts on Mission", 5, 1, 6) in res.rows
    assert PrintedTotal(1, "mission", "BINUH", None, 10, 3, 13) in res.totals
    assert PrintedTotal(1, "mission_country", "MINURSO", "Bangladesh", 18, 9, 27) in res.totals
    assert res.totals[-1] == PrintedTotal(29, "grand", None, None, 76169, 5763, 81932)
    _assert_reconciles(res)


def test_c_2021_02(parsed) -> None:
    name, date, res = parsed("2021_02")
    assert name == "C"
    assert date == dt.date(2021, 2, 28)
    assert len(res.rows) == 982
    assert Row(1, "BINUH", "Benin", "Individual Police", 2, 0, 2) in res.rows
    # "Bangladesh" alone, then its type lines
    assert Row(1, "MINURSO", "Bangladesh", "Troops", 19, 11, 30) in res.rows
    assert Row(1, "MINURSO", "Ghana", "Individual Police", 0, 0, 0) in res.rows
    assert PrintedTotal(1, "mission", "BINUH", None, 10, 3, 13) in res.totals
    assert res.totals[-1] == PrintedTotal(33, "grand", None, None, 75255, 5778, 81033)
    _assert_reconciles(res)


def test_c_mislabelled_file_is_june_2022(parsed) -> None:
    name, date, res = parsed("2020_06")
    assert (name, date) == ("C", dt.date(2022, 6, 30))
    assert res.totals[-1][-3:] == (68929, 5963, 74892)


def test_c_2022_09_read_from_positions(parsed) -> None:
    name, date, res = parsed("2022_09")
    assert name == "C"
    assert date == dt.date(2022, 9, 30)
    assert len(res.rows) == 981
    # country names centred on their blocks of lines (text order is unrelated to the table)
    assert Row(1, "MINURSO", "Bangladesh", "Experts on Mission", 6, 1, 7) in res.rows
    assert Row(1, "MINURSO", "Bangladesh", "Troops", 12, 8, 20) in res.rows
    assert Row(1, "MINURSO", "Ghana", "Staff Officer", 3, 4, 7) in res.rows
    assert res.totals[-1] == PrintedTotal(23, "grand", None, None, 69168, 6056, 75224)
    assert any("positions" in note for note in res.notes)
    _assert_reconciles(res)


def test_c2_2023_09(parsed) -> None:
    name, date, res = parsed("2023_09")
    assert name == "C2"
    assert date == dt.date(2023, 9, 30)
    assert len(res.rows) == 610  # 122 countries x 5 personnel types
    assert Row(1, None, "Bangladesh", "Troops", None, None, 6378) in res.rows
    assert Row(1, None, "Bangladesh", "Formed Police Units", None, None, 333) in res.rows
    assert (
        Row(1, None, "United Republic of Tanzania", "Individual Police", None, None, 28) in res.rows
    )
    assert Row(4, None, "Sao Tome and Principe", "Individual Police", None, None, 1) in res.rows
    assert PrintedTotal(1, "country", None, "Bangladesh", None, None, 6956) in res.totals
    assert PrintedTotal(4, "type", None, "Formed Police Units", None, None, 5276) in res.totals
    assert res.totals[-1] == PrintedTotal(4, "grand", None, None, None, None, 72631)
    _assert_reconciles(res)


def test_t3_2024_10(parsed) -> None:
    name, date, res = parsed("2024_10")
    assert name == "T3"
    assert date == dt.date(2024, 10, 31)
    assert len(res.rows) == 874
    assert res.totals == []
    assert Row(1, "BINUH", "Benin", "Individual Police", 1, 0, 1) in res.rows
    # the country wraps over two text lines
    assert Row(5, "MINUSCA", "United Republic of Tanzania", "Troops", 448, 62, 510) in res.rows
    assert all(r.male + r.female == r.total for r in res.rows)


_C_PAGE = """Contribution of Uniformed Personnel to UN
by Mission, Country, and Personnel Type
Experts on Mission, Formed Police Units, Individual Police, Staff Officer, and Troops
As of: 28/02/2021
Mission Country Personnel Type Male Female Total
BINUH
{line}
Total BINUH 1 0 1
Grand Total 1 0 1
Report Generated On: 4/8/2021 9:14:09 PM Page 1 of 1"""


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Benin Individual Police 1 -0 1", "'-0'"),  # a negative count
        ("Benin Individual Police 1 O 1", "not a C line"),  # a letter in the counts
        ("Benin Blue Helmets 1 0 1", "not a C line"),  # an unknown personnel type
    ],
)
def test_c_bad_line_names_file_page_and_line(line: str, message: str) -> None:
    from pkanalysis.parse.dpo_reports.layouts_2019_2025 import SPECS

    spec = next(s for s in SPECS if s.name == "C")
    report = ReportText(path=Path("fake.pdf"), pages=[_C_PAGE.format(line=line)])
    assert detect_layout(report) is spec
    with pytest.raises(ReportError, match="fake.pdf, page 1") as err:
        spec.parse(report)
    assert message in str(err.value)


class _FakeTextPage:
    """Characters with boxes, as pypdfium2's text page gives them."""

    def __init__(self, chars: list[tuple[str, tuple[float, float, float, float]]]):
        self.chars = chars

    def count_chars(self) -> int:
        return len(self.chars)

    def get_text_range(self, start: int, count: int) -> str:
        return "".join(c for c, _ in self.chars[start : start + count])

    def get_charbox(self, index: int) -> tuple[float, float, float, float]:
        return self.chars[index][1]


def test_rectangle_texts_come_from_one_pass_and_an_empty_rectangle_is_left_to_pdfium():
    page = _FakeTextPage(
        [
            ("1", (10, 100, 15, 110)),
            ("2", (15, 100, 20, 110)),
            ("\r", (0, 0, 0, 0)),
            ("\n", (0, 0, 0, 0)),
            ("N", (60, 100, 65, 110)),
            ("o", (65, 100, 70, 110)),
        ]
    )
    rects = [(10, 100, 20, 110), (60, 100, 70, 110), (200, 100, 220, 110)]
    chars = page.get_text_range(0, len(page.chars))
    assert L._rect_texts(chars, page.get_charbox, rects) == ["12", "No", None]
