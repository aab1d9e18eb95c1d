"""Layouts T1, B4, T2, C, C2 and T3 of the UN DPO monthly reports (September 2019 to 2025).

==== ======================================================================= =====================
name first-page signature                                                    files
==== ======================================================================= =====================
T1   first line "mission country description male female total report_date"  2019-09
B4   "Summary of Contribution to UN Peacekeeping by Mission, Country and      2019-11 .. 2020-12
     Post" at the top of page 1
T2   first line "Mission Contributor Description Male Female Total", title    2021-01
     "Summary of Contribution ..." further down page 1
C    "Contribution of Uniformed Personnel to UN by Mission, Country, and      2021-02 .. 2025-07
     Personnel Type"
C2   "Contribution of Uniformed Personnel to UN by Country and Personnel      2023-09
     Type" (no mission breakdown, no sex split)
T3   first line "Mission Country Personnel Type Male Female Total Report      2024-10
     Date"
==== ======================================================================= =====================

How each layout is read
-----------------------
B4, C, C2 and T3 are read line by line from the extracted text.  Country names that wrap over
two lines ("United Republic of" / "Tanzania") are joined with a single space.

T1 and T2 are read from the text rectangles pdfium reports for each page (one rectangle per
table cell): in their extracted text the counts of neighbouring columns run together
("Individual Police606" for 6 0 6), so each cell is placed in a column by its x position instead.
The column positions are fixed per layout and checked against the printed column headers.
T1 cuts long country names to the column width in the PDF itself ("Russian", "Republic of",
"United States of"; the page holds no further characters for them): they are kept as printed and
listed in ``ParseResult.notes``.

One C file (30/09/2022, 23 pages) prints its cells in an order unrelated to the table: country
names of countries with several personnel-type lines are written after the table and centred
vertically on their block of lines (across page breaks; a block split by a page break prints its
name on both pages).  A C file whose first page lacks the column-header line in its text is
therefore read from the text rectangles, and each centred country name is given the block of
type lines placed symmetrically around it; ``ParseResult.notes`` says so.

Printed totals
--------------
* T1 and T3 print no totals.
* B4 prints an unlabelled "M F T" line after each mission (level ``"mission"``) and a grand
  total at the end (level ``"grand"``).  The November 2019 file prints, instead of a grand total,
  a single number at the end; the December 2019 and January 2020 files print that number in front
  of the grand total.  That number is the count of detail lines (checked against the parsed rows
  and reported in ``notes``); it is not a personnel count.
* T2 prints totals per mission (``"mission"``), per country within a mission
  (``"mission_country"``) and a grand total.
* C prints "Total MISSION M F T" (``"mission"``) and "Grand Total M F T".
* C2 prints, per country, the total over the personnel types (level ``"country"``, male and female
  ``None``); its last line "Grand Total" holds one total per personnel-type column, kept as level
  ``"type"`` with ``country`` set to the printed column label (``mission`` ``None``), and the
  overall total (level ``"grand"``).  C2 has no sex split: its rows carry ``male=None`` and
  ``female=None``, and one row is emitted for every printed cell, zeros included.

Known defect of a source file
-----------------------------
The 31/08/2020 B4 report prints male and female counts that are not plausible for many lines
(e.g. UNMISS 2,082 male and 14,202 female, against about 15,100 and 1,170 in the months either
side; grand total 40,637 male and 41,183 female).  Its lines and totals agree with each other, so
the parser keeps them as printed; correcting them is left to the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import NamedTuple

from .model import (
    LayoutSpec,
    ParseResult,
    PrintedTotal,
    ReportError,
    ReportText,
    Row,
    month_end,
)
from .text import MISSION, NUM, char_boxes, counts, fail, norm, page_lines

# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_FOOTER = (
    re.compile(r"^Report Generated On:.*$", re.IGNORECASE),
    re.compile(r"^(AM|PM)$"),
    re.compile(r"^Page \d+ of \d+$"),
)


def _date_from(match: re.Match[str] | None) -> date | None:
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return month_end(year, month)


def _strip_footer(lines: list[str]) -> list[str]:
    """Drop the page footer ("Report Generated On: ...", "Page n of m") from the end of a page."""
    end = len(lines)
    while end and any(p.match(lines[end - 1]) for p in _FOOTER):
        end -= 1
    return lines[:end]


def _strip_header(
    lines: list[str], header: Iterable[str], report: ReportText, page: int, optional: bool = False
) -> list[str]:
    """Drop the repeated page header (title and column headers) from the start of a page.

    Raises
    ------
    ReportError
        If the page does not start with the expected header and ``optional`` is False.
    """
    header = list(header)
    if lines[: len(header)] == header:
        return lines[len(header) :]
    if optional:
        return lines
    got = " | ".join(lines[: len(header)])
    raise ReportError(f"{report.where(page)}: unexpected page header {got!r}")


class _Cell(NamedTuple):
    """One text rectangle reported by pdfium (PDF points, origin bottom left)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str  # whitespace-normalised

    @property
    def middle(self) -> float:
        return (self.bottom + self.top) / 2


def _page_cells(report: ReportText, page: int) -> list[_Cell]:
    """The text rectangles of a page (1-based), each with its text.

    pdfium merges characters of one text run into one rectangle, so in these reports one
    rectangle is one table cell (or, in some files, a run of adjacent cells on one line).
    """
    textpage = report.textpage(page - 1)
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    chars = textpage.get_text_range(0, textpage.count_chars())
    texts = _rect_texts(chars, char_boxes(textpage), rects)
    cells = []
    for (left, bottom, right, top), text in zip(rects, texts, strict=True):
        if text is None:  # nothing placed in it by the walk: ask pdfium for its text
            text = textpage.get_text_bounded(left, bottom, right, top)
        text = norm(text)
        if text:
            cells.append(_Cell(left, bottom, right, top, text))
    return cells


def _rect_texts(
    chars: str,
    box: Callable[[int], tuple[float, float, float, float]],
    rects: list[tuple[float, float, float, float]],
) -> list[str | None]:
    """The text of each rectangle, from one pass over the page's characters (``box`` gives a
    character's box by its index in ``chars``).

    pdfium builds its rectangles from runs of consecutive characters, so characters are placed
    in order: each goes to the current rectangle or a later one that holds its centre.  One
    pass costs a fraction of asking pdfium for each rectangle's text (it scans the whole page
    every time); a rectangle the pass leaves empty is None, for the caller to ask pdfium.
    """
    parts: list[list[str]] = [[] for _ in rects]
    current = 0
    for index, char in enumerate(chars):
        if char in "\r\n":  # line breaks pdfium adds between runs belong to no rectangle
            continue
        left, bottom, right, top = box(index)
        x, y = (left + right) / 2, (bottom + top) / 2
        for k in range(current, len(rects)):
            r_left, r_bottom, r_right, r_top = rects[k]
            if r_left - 0.5 <= x <= r_right + 0.5 and r_bottom - 0.5 <= y <= r_top + 0.5:
                current = k
                parts[k].append(char)
                break
    return ["".join(p) if p else None for p in parts]


def _group_rows(cells: list[_Cell], tolerance: float = 2.5) -> list[list[_Cell]]:
    """Group cells into printed lines by their vertical centre; top line first, cells left first."""
    rows: list[list[_Cell]] = []
    for cell in sorted(cells, key=lambda c: -c.middle):
        if rows and abs(rows[-1][0].middle - cell.middle) <= tolerance:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return [sorted(r, key=lambda c: c.left) for r in rows]


def _columns(
    row: list[_Cell], bounds: tuple[float, ...], report: ReportText, page: int
) -> list[str]:
    """Place the cells of one printed line into columns by their left edge.

    ``bounds`` are the left limits of columns 1..n (column 0 starts at the page edge).

    Raises
    ------
    ReportError
        If two cells fall into the same column (the column positions no longer fit the page).
    """
    out = [""] * (len(bounds) + 1)
    for cell in row:
        col = sum(cell.left >= b for b in bounds)
        if out[col]:
            line = " ".join(c.text for c in row)
            raise fail(report, page, line, f"two cells in column {col} ({out[col]!r})")
        out[col] = cell.text
    return out


def _check_header(
    row: list[_Cell],
    expected: tuple[tuple[str, float], ...],
    report: ReportText,
    page: int,
) -> None:
    """Check that the column headers sit where the fixed column bounds assume (within 3 pt)."""
    got = [(c.text, c.left) for c in row]
    ok = len(got) == len(expected) and all(
        t == et and abs(x - ex) <= 3 for (t, x), (et, ex) in zip(got, expected, strict=True)
    )
    if not ok:
        line = " ".join(c.text for c in row)
        raise fail(report, page, line, "column headers are not where this layout expects them")


# ---------------------------------------------------------------------------------------------
# T1 (2019-09): mission, country, description, male, female, total, report_date
# ---------------------------------------------------------------------------------------------

_T1_HEADER = "mission country description male female total report_date"
_T1_HEADER_CELLS = (
    ("mission", 71.2),
    ("country", 127.8),
    ("description", 194.3),
    ("male", 277.3),
    ("female", 330.7),
    ("total", 391.5),
    ("report_date", 436.7),
)
# Left limits of the columns country .. report_date; text is left-aligned under the header's
# left part, counts are right-aligned under the header's right part.
_T1_BOUNDS = (105.0, 165.0, 260.0, 340.0, 400.0, 440.0)
_T1_TYPES = ("Contingent Troops", "Experts on Mission", "FPU", "Individual Police", "Staff Officer")


def _t1_detect(first: str) -> bool:
    lines = page_lines(first)
    return bool(lines) and lines[0] == _T1_HEADER


def _t1_read_date(report: ReportText) -> date | None:
    lines = page_lines(report.pages[0])
    return _date_from(_DATE.search(lines[1])) if len(lines) > 1 else None


def _t1_parse(report: ReportText) -> ParseResult:
    result = ParseResult()
    date_text: str | None = None
    truncated: set[str] = set()
    for page in range(1, len(report.pages) + 1):
        for row in _group_rows(_page_cells(report, page)):
            line = " ".join(c.text for c in row)
            if line == _T1_HEADER:
                _check_header(row, _T1_HEADER_CELLS, report, page)
                continue
            mission, country, label, *nums, date = _columns(row, _T1_BOUNDS, report, page)
            if not MISSION.match(mission) or not country or label not in _T1_TYPES:
                raise fail(report, page, line, "not a T1 table line")
            date_text = date_text or date
            if date != date_text:
                # The file holds one report date; a different one would be lost in the rows.
                raise fail(report, page, line, f"report date {date!r} differs from {date_text!r}")
            male, female, total = counts(nums, report, page, line)
            result.rows.append(Row(page, mission, country, label, male, female, total))
            if country in _T1_CUT_NAMES or country.endswith((" of", " and", ",")):
                truncated.add(country)
    if truncated:
        result.notes.append(
            "the PDF itself prints these country names cut to the column width (kept as "
            f"printed): {', '.join(sorted(truncated))}"
        )
    result.notes.append("T1 prints no totals")
    return result


# Names in the 2019-09 file that the PDF prints cut to the column width: the page text holds no
# more characters for them (checked: no "Federation", "Korea", "America", "Tanzania", ... in it).
# The other reports print them in full as Bosnia and Herzegovina, Brunei Darussalam, Dominican
# Republic, Iran (Islamic Republic of), Republic of Moldova, North Macedonia, Republic of Korea,
# Russian Federation, United Republic of Tanzania and United States of America.
_T1_CUT_NAMES = frozenset(
    {
        "Bosnia and",
        "Brunei",
        "Dominican",
        "Iran",
        "Moldova,",
        "North",
        "Republic of",
        "Russian",
        "United Republic",
        "United States of",
    }
)

# ---------------------------------------------------------------------------------------------
# B4 (2019-11 .. 2020-12): by Mission, Country and Post
# ---------------------------------------------------------------------------------------------

_B4_TITLE = "Summary of Contribution to UN Peacekeeping by Mission, Country and Post"
_B4_TYPES = (
    "Experts on Mission",
    "Individual Police",
    "Staff Officer",
    "Troops",
    "FPU",
    "contingent",
    "experts",
    "police",
    "staff",
    "fpu",
)
_B4_TYPE_ALT = "|".join(re.escape(t) for t in _B4_TYPES)
# 2019-11: "Country M F T Post"; 2019-12 onwards: "Country Post M F T" or "Post M F T".
_B4_POST_LAST = re.compile(
    rf"^(?P<country>.*?) ?(?P<n>{NUM} {NUM} {NUM}) (?P<type>{_B4_TYPE_ALT})$"
)
_B4_POST_FIRST = re.compile(
    rf"^(?P<country>.*?) ?(?P<type>{_B4_TYPE_ALT}) (?P<n>{NUM} {NUM} {NUM})$"
)
_B4_NUMS = re.compile(rf"^{NUM}( {NUM})*$")
_B4_COLUMN_HEADERS = (
    "Mission Country Male Female Total Post",
    "Mission Country Description Male Female Total",
    "Mission Contributor Description Male Female Total",
)


def _b4_detect(first: str) -> bool:
    return norm(first).startswith(_B4_TITLE)


def _b4_read_date(report: ReportText) -> date | None:
    text = norm(report.pages[0])
    head = text.split(" Mission C", 1)[0]  # the title, which ends with the date
    return _date_from(_DATE.search(head))


class _ByMission:
    """State of a table listed by mission (B4, C): the open mission, its current country, the
    parts of a country name printed on lines of their own, and the rows read so far."""

    def __init__(self, report: ReportText) -> None:
        self.report = report
        self.result = ParseResult()
        self.mission: str | None = None  # the open mission (None once its total is printed)
        self.country: str | None = None
        self.pending: list[str] = []
        self.grand_seen = False

    def detail(self, page: int, line: str, m: re.Match[str]) -> None:
        """A detail line, with the country's name (or its last part) in front, or none."""
        report = self.report
        if self.mission is None:
            raise fail(report, page, line, "detail line outside a mission")
        name = " ".join([*self.pending, m["country"]]).strip()
        self.pending = []
        if name:
            self.country = name
        if self.country is None:
            raise fail(report, page, line, "detail line without a country")
        male, female, total = counts(m["n"].split(), report, page, line)
        self.result.rows.append(
            Row(page, self.mission, self.country, m["type"], male, female, total)
        )


class _B4State(_ByMission):
    """Parser state carried across the pages of a B4 report."""

    def __init__(self, report: ReportText) -> None:
        super().__init__(report)
        self.last_mission: str | None = None
        self.post_last: bool | None = None
        self.count_line: int | None = None

    def table_lines(self, page: int, text: str) -> tuple[re.Pattern[str], list[str]]:
        """The detail pattern of the file's column order, and the page's lines below the
        column header (on page 1 the title above it wraps differently from file to file)."""
        report = self.report
        lines = _strip_footer(page_lines(text))
        if page == 1:
            heads = [i for i, s in enumerate(lines) if s in _B4_COLUMN_HEADERS]
            if not heads:
                raise ReportError(f"{report.where(page)}: no column header line found")
            lines = lines[heads[0] :]
        header = lines[0] if lines else ""
        if header not in _B4_COLUMN_HEADERS:
            raise ReportError(f"{report.where(page)}: unexpected page header {header!r}")
        post_last = header.endswith("Post")
        if self.post_last is None:
            self.post_last = post_last
        elif post_last != self.post_last:
            raise ReportError(f"{report.where(page)}: column order changes within the file")
        return (_B4_POST_LAST if self.post_last else _B4_POST_FIRST), lines[1:]

    def line(self, page: int, line: str, pattern: re.Pattern[str]) -> None:
        """Interpret one line below the column header."""
        report = self.report
        if self.grand_seen:
            raise fail(report, page, line, "text after the grand total")
        if MISSION.match(line):
            if self.mission is not None:
                raise fail(report, page, line, f"mission {self.mission} has no subtotal line")
            self.mission, self.last_mission, self.country, self.pending = line, line, None, []
        elif m := pattern.match(line):
            self.detail(page, line, m)
        elif _B4_NUMS.match(line):
            self.numbers(page, line)
        elif any(ch.isdigit() for ch in line):
            raise fail(report, page, line, "not a B4 line")
        elif self.mission is None:
            raise fail(report, page, line, "country name outside a mission")
        else:
            self.pending.append(line)

    def numbers(self, page: int, line: str) -> None:
        """A line of numbers only: a mission's subtotal, or the end of the report
        ([row count] [grand total M F T])."""
        report = self.report
        nums = counts(line.split(), report, page, line)
        if self.pending:
            raise fail(report, page, line, f"country {' '.join(self.pending)!r} has no lines")
        if len(nums) == 3 and self.mission is not None:
            self.result.totals.append(PrintedTotal(page, "mission", self.mission, None, *nums))
            self.mission = None
        elif self.mission is None and self.last_mission is not None and len(nums) in (1, 3, 4):
            if len(nums) != 3:
                self.count_line = nums[0]
            if len(nums) >= 3:
                self.result.totals.append(PrintedTotal(page, "grand", None, None, *nums[-3:]))
            self.grand_seen = True
        else:
            raise fail(report, page, line, "unexpected line of numbers")

    def finish(self) -> ParseResult:
        """The result, once the last page is read; the printed count of lines checked."""
        report, result = self.report, self.result
        if self.mission is not None or self.pending:
            raise ReportError(f"{report.path.name}: the report ends inside mission {self.mission}")
        if self.count_line is not None:
            if self.count_line != len(result.rows):
                raise ReportError(
                    f"{report.path.name}: the report prints {self.count_line} lines but "
                    f"{len(result.rows)} were read"
                )
            result.notes.append(
                f"the number {self.count_line} printed at the end is the count of lines"
            )
        return result


def _b4_parse(report: ReportText) -> ParseResult:
    state = _B4State(report)
    for page, text in enumerate(report.pages, start=1):
        pattern, lines = state.table_lines(page, text)
        for line in lines:
            state.line(page, line, pattern)
    return state.finish()


# ---------------------------------------------------------------------------------------------
# T2 (2021-01): Mission / Contributor / Description table with totals per mission and country
# ---------------------------------------------------------------------------------------------

_T2_HEADER = "Mission Contributor Description Male Female Total"
_T2_HEADER_CELLS = (
    ("Mission", 71.7),
    ("Contributor", 142.5),
    ("Description", 243.7),
    ("Male", 351.7),
    ("Female", 438.7),
    ("Total", 503.2),
)
# Left limits of the columns Contributor .. Total (mission, country and type are indented
# by level; counts are right-aligned).
_T2_BOUNDS = (120.0, 200.0, 330.0, 420.0, 490.0)
_T2_TYPES = (
    "Contingent Troops",
    "FPU",
    "Experts on Mission",
    "Formed Police Units",
    "Individual Police",
    "Staff Officer",
)
_T2_DATE = re.compile(r"Staff Officers and Troops, (\d{1,2})/(\d{1,2})/(\d{4})")


def _t2_detect(first: str) -> bool:
    lines = page_lines(first)
    return bool(lines) and lines[0] == _T2_HEADER and "Summary of Contribution" in first


def _t2_read_date(report: ReportText) -> date | None:
    return _date_from(_T2_DATE.search(norm(report.pages[0])))


def _t2_table_rows(report: ReportText, page: int) -> list[list[_Cell]]:
    """The printed lines of a page below its column header (checked where it sits); everything
    above the header is the title, printed on page 1 only."""
    rows = _group_rows(_page_cells(report, page))
    heads = [i for i, r in enumerate(rows) if " ".join(c.text for c in r) == _T2_HEADER]
    if not heads:
        raise ReportError(f"{report.where(page)}: no column header line found")
    _check_header(rows[heads[0]], _T2_HEADER_CELLS, report, page)
    return rows[heads[0] + 1 :]


class _T2State:
    """Parser state carried across the pages of a T2 report."""

    def __init__(self, report: ReportText) -> None:
        self.report = report
        self.result = ParseResult()
        self.mission: str | None = None
        self.country: str | None = None
        self.grand_seen = False

    def line(self, page: int, row: list[_Cell]) -> None:
        """One printed line: the grand total, or a mission, country or type line."""
        report = self.report
        line = " ".join(c.text for c in row)
        if self.grand_seen:
            raise fail(report, page, line, "text after the grand total")
        if line.startswith("Grand Total"):
            nums = counts(line.split()[2:], report, page, line)
            if len(nums) != 3:
                raise fail(report, page, line, "grand total needs 3 numbers")
            self.result.totals.append(PrintedTotal(page, "grand", None, None, *nums))
            self.grand_seen = True
            return
        m_cell, c_cell, t_cell, *nums = _columns(row, _T2_BOUNDS, report, page)
        if [bool(m_cell), bool(c_cell), bool(t_cell)].count(True) != 1:
            raise fail(report, page, line, "expected exactly one label")
        values = counts(nums, report, page, line)
        if m_cell:
            self.mission_line(page, line, m_cell, values)
        elif c_cell:
            if self.mission is None:
                raise fail(report, page, line, "country line outside a mission")
            self.country = c_cell
            self.result.totals.append(
                PrintedTotal(page, "mission_country", self.mission, c_cell, *values)
            )
        else:
            self.type_line(page, line, t_cell, values)

    def mission_line(self, page: int, line: str, mission: str, values: tuple[int, ...]) -> None:
        if not MISSION.match(mission):
            raise fail(self.report, page, line, f"{mission!r} is not a mission acronym")
        self.mission, self.country = mission, None
        self.result.totals.append(PrintedTotal(page, "mission", mission, None, *values))

    def type_line(self, page: int, line: str, label: str, values: tuple[int, ...]) -> None:
        if label not in _T2_TYPES:
            raise fail(self.report, page, line, f"unknown personnel type {label!r}")
        if self.mission is None or self.country is None:
            raise fail(self.report, page, line, "type line outside a country")
        self.result.rows.append(Row(page, self.mission, self.country, label, *values))


def _t2_parse(report: ReportText) -> ParseResult:
    state = _T2State(report)
    for page in range(1, len(report.pages) + 1):
        for row in _t2_table_rows(report, page):
            state.line(page, row)
    if not state.grand_seen:
        raise ReportError(f"{report.path.name}: no Grand Total line")
    return state.result


# ---------------------------------------------------------------------------------------------
# C (2021-02 .. 2025-07): by Mission, Country, and Personnel Type
# ---------------------------------------------------------------------------------------------

_C_TITLE = "Contribution of Uniformed Personnel to UN by Mission, Country, and Personnel Type"
_C_PAGE_HEADER = (
    "Contribution of Uniformed Personnel to UN",
    "by Mission, Country, and Personnel Type",
    "Experts on Mission, Formed Police Units, Individual Police, Staff Officer, and Troops",
)
_C_COLUMNS = "Mission Country Personnel Type Male Female Total"
_C_TYPES = (
    "Experts on Mission",
    "Formed Police Units",
    "Individual Police",
    "Staff Officer",
    "Troops",
)
_C_TYPE_ALT = "|".join(re.escape(t) for t in _C_TYPES)
_C_DETAIL = re.compile(rf"^(?P<country>.*?) ?(?P<type>{_C_TYPE_ALT}) (?P<n>{NUM} {NUM} {NUM})$")
_C_TOTAL = re.compile(rf"^(?:Total (?P<mission>\S+)|Grand Total) (?P<n>{NUM} {NUM} {NUM})$")
_C_ASOF = re.compile(r"^As of ?: ?(\d{1,2})/(\d{1,2})/(\d{4})$")


def _c_detect(first: str) -> bool:
    return _C_TITLE in norm(first)


def _c_read_date(report: ReportText) -> date | None:
    for line in page_lines(report.pages[0]):
        if m := _C_ASOF.match(line):
            return _date_from(m)
    return None


class _CState(_ByMission):
    """Parser state carried across the pages of a C report."""

    def line(self, page: int, line: str) -> None:
        """Interpret one printed line (header and footer already removed)."""
        report = self.report
        if self.grand_seen:
            raise fail(report, page, line, "text after the grand total")
        if m := _C_DETAIL.match(line):
            self.detail(page, line, m)
        elif m := _C_TOTAL.match(line):
            self.total(page, line, m)
        elif MISSION.match(line):
            if self.mission is not None:
                raise fail(report, page, line, f"mission {self.mission} has no total line")
            self.mission, self.country, self.pending = line, None, []
        elif self.mission is None or any(ch.isdigit() for ch in line):
            # Country names hold no digits: a line with digits that is none of the above is a
            # damaged count line, not part of a name.
            raise fail(report, page, line, "not a C line")
        else:
            self.pending.append(line)  # a country name, or the first part of a wrapped one

    def total(self, page: int, line: str, m: re.Match[str]) -> None:
        """ "Total MISSION M F T" (of the open mission) or "Grand Total M F T"."""
        report = self.report
        nums = counts(m["n"].split(), report, page, line)
        if self.pending:
            raise fail(report, page, line, f"{' '.join(self.pending)!r} has no lines")
        if m["mission"] is None:
            self.result.totals.append(PrintedTotal(page, "grand", None, None, *nums))
            self.grand_seen = True
        elif m["mission"] != self.mission:
            raise fail(report, page, line, f"total of a mission other than {self.mission}")
        else:
            self.result.totals.append(PrintedTotal(page, "mission", self.mission, None, *nums))
        self.mission, self.country = None, None


def _c_parse(report: ReportText) -> ParseResult:
    first = page_lines(report.pages[0])
    if _C_COLUMNS not in first[:6]:
        return _c_parse_positions(report)
    state = _CState(report)
    for page, text in enumerate(report.pages, start=1):
        lines = _strip_header(_strip_footer(page_lines(text)), _C_PAGE_HEADER, report, page)
        if not lines or not _C_ASOF.match(lines[0]) or lines[1:2] != [_C_COLUMNS]:
            raise ReportError(f"{report.where(page)}: unexpected page header")
        for line in lines[2:]:
            state.line(page, line)
    if state.mission is not None or state.pending or not state.grand_seen:
        raise ReportError(f"{report.path.name}: the report ends without its Grand Total")
    return state.result


# Left limits of the country column and of the "Personnel Type M F T" cells for files read from
# positions (mission labels and "Total ..." sit at the left margin, x about 31).
_C_POS_COUNTRY_X = 100.0
_C_POS_DETAIL_X = 235.0
_C_POS_FURNITURE = re.compile(
    r"^(Mission|Country Personnel Type Male Female Total|As of ?:.*|Report Generated On:.*)$"
)


def _c_parse_positions(report: ReportText) -> ParseResult:
    """Read a C file whose text is out of table order (see the module docstring).

    The table is rebuilt as the lines the regular C text would hold and fed to the same state
    machine, so the checks of :class:`_CState` apply unchanged.  A country name that is not on the
    line of a detail is centred on its block of detail lines, counted across page breaks: the
    block holds as many lines above the name as below it (a name level with a line owns that line
    plus equal numbers of lines either side).
    """
    table = _CPositions(report)
    for page in range(1, len(report.pages) + 1):
        cells = [
            c
            for c in _page_cells(report, page)
            if c.text not in _C_PAGE_HEADER and not _C_POS_FURNITURE.match(c.text)
        ]
        for row in _group_rows(cells):
            table.row(page, row)
    table.flush()
    state = table.state
    if state.mission is not None or state.pending or not state.grand_seen:
        raise ReportError(f"{report.path.name}: the report ends without its Grand Total")
    state.result.notes.append(
        "read from text positions: the text is out of table order and country names are "
        "centred on their blocks of lines"
    )
    return state.result


class _CPositions:
    """The lines of a C table read from positions, passed on to :class:`_CState` in table
    order: the detail lines of a mission are held until its total, then given their names."""

    def __init__(self, report: ReportText) -> None:
        self.report = report
        self.state = _CState(report)
        self.details: list[tuple[int, str]] = []  # (page, "Type M F T") of the current mission
        # (page, country, detail lines above it, level with one of them)
        self.labels: list[tuple[int, str, int, bool]] = []

    def flush(self) -> None:
        for page, line in _c_assign_labels(self.details, self.labels, self.report):
            self.state.line(page, line)
        self.details.clear()
        self.labels.clear()

    def row(self, page: int, row: list[_Cell]) -> None:
        """One printed line, by the columns its cells sit in."""
        line, left, country, detail = _c_columns(row, self.report, page)
        if detail and not left:
            if not _C_DETAIL.match(detail):
                raise fail(self.report, page, line, "not a C detail line")
            if country:
                self.labels.append((page, country, len(self.details), True))
            self.details.append((page, detail))
        elif detail and left and not country:
            # "Total MISSION" or "Grand Total" at the margin, its numbers in the count columns.
            self.flush()
            self.state.line(page, f"{left} {detail}")
        elif country and not left and not detail:
            self.labels.append((page, country, len(self.details), False))
        elif left and not country and not detail:
            self.flush()
            self.state.line(page, left)
        else:
            raise fail(self.report, page, line, "cannot place this line")


def _c_columns(
    row: list[_Cell], report: ReportText, page: int
) -> tuple[str, str | None, str | None, str | None]:
    """A line, and its cell at the left margin, in the country column and in the detail
    columns (None where empty).

    Raises
    ------
    ReportError
        If a column holds more than one cell.
    """
    line = " ".join(c.text for c in row)
    left = [c.text for c in row if c.left < _C_POS_COUNTRY_X]
    country = [c.text for c in row if _C_POS_COUNTRY_X <= c.left < _C_POS_DETAIL_X]
    detail = [c.text for c in row if c.left >= _C_POS_DETAIL_X]
    if len(left) > 1 or len(country) > 1 or len(detail) > 1:
        raise fail(report, page, line, "more than one cell in a column")
    return line, *(cells[0] if cells else None for cells in (left, country, detail))


def _c_assign_labels(
    details: list[tuple[int, str]],
    labels: list[tuple[int, str, int, bool]],
    report: ReportText,
) -> list[tuple[int, str]]:
    """Interleave the centred country names of one mission with its detail lines.

    Raises
    ------
    ReportError
        If the names cannot be given consecutive, symmetric blocks covering every line.
    """
    first_of: dict[int, str] = {}
    start = 0  # first detail line not yet given to a country
    previous: tuple[int, str, int] | None = None  # page, name and block start of the last name
    for page, name, above, level in labels:
        if (
            previous
            and name == previous[1]
            and page != previous[0]
            and previous[2] <= above < start
        ):
            continue  # a block split by a page break prints its name again on the next page
        previous = (page, name, start)
        end = 2 * above - start + (1 if level else 0)
        if end <= start or end > len(details) or above < start:
            raise ReportError(f"{report.where(page, name)}: cannot place the country name")
        first_of[start] = name
        start = end
    if start != len(details):
        page = details[start][0]
        raise ReportError(f"{report.where(page)}: {len(details) - start} lines without a country")
    out: list[tuple[int, str]] = []
    for i, (page, text) in enumerate(details):
        if i in first_of:
            out.append((page, first_of[i]))
        out.append((page, text))
    return out


# ---------------------------------------------------------------------------------------------
# C2 (2023-09): by Country and Personnel Type, no missions, no sex split
# ---------------------------------------------------------------------------------------------

_C2_TITLE = "Contribution of Uniformed Personnel to UN by Country and Personnel Type"
_C2_PAGE_HEADER = (
    "Contribution of Uniformed Personnel to UN",
    "by Country and Personnel Type",
    "Experts on Mission, Formed Police Units, Individual Police, Staff Officer, and Troops",
)
_C2_COLUMNS = (
    "Country Experts on",
    "Mission",
    "Formed Police",
    "Units",
    "Individual",
    "Police",
    "Staff Officer Troops Total End Date",
)
_C2_TYPES = (
    "Experts on Mission",
    "Formed Police Units",
    "Individual Police",
    "Staff Officer",
    "Troops",
)
_C2_DETAIL = re.compile(
    rf"^(?P<country>.*?) ?(?P<n>(?:{NUM} ){{5}}{NUM}) (?P<date>\d{{1,2}}/\d{{1,2}}/\d{{4}})$"
)
_C2_GRAND = re.compile(rf"^Grand Total (?P<n>(?:{NUM} ){{5}}{NUM})$")


def _c2_detect(first: str) -> bool:
    return _C2_TITLE in norm(first)


def _c2_table_lines(report: ReportText, page: int, text: str) -> list[str]:
    """The lines of a page below its title, "As of" line and column headers."""
    lines = _strip_header(_strip_footer(page_lines(text)), _C2_PAGE_HEADER, report, page)
    if not lines or not _C_ASOF.match(lines[0]):
        raise ReportError(f"{report.where(page)}: no 'As of' line")
    return _strip_header(lines[1:], _C2_COLUMNS, report, page)


class _C2State:
    """Parser state carried across the pages of a C2 report."""

    def __init__(self, report: ReportText) -> None:
        self.report = report
        self.result = ParseResult()
        self.pending: list[str] = []  # first parts of a wrapped country name
        self.date_text: str | None = None
        self.grand_seen = False

    def line(self, page: int, line: str) -> None:
        report = self.report
        if self.grand_seen:
            raise fail(report, page, line, "text after the grand total")
        if m := _C2_DETAIL.match(line):
            self.country_line(page, line, m)
        elif m := _C2_GRAND.match(line):
            if self.pending:
                raise fail(report, page, line, f"{' '.join(self.pending)!r} has no numbers")
            *per_type, total = counts(m["n"].split(), report, page, line)
            for label, value in zip(_C2_TYPES, per_type, strict=True):
                self.result.totals.append(
                    PrintedTotal(page, "type", None, label, None, None, value)
                )
            self.result.totals.append(PrintedTotal(page, "grand", None, None, None, None, total))
            self.grand_seen = True
        elif any(ch.isdigit() for ch in line):
            raise fail(report, page, line, "not a C2 line")
        else:
            self.pending.append(line)

    def country_line(self, page: int, line: str, m: re.Match[str]) -> None:
        """A country's counts per type, its total and the end date."""
        report = self.report
        country = " ".join([*self.pending, m["country"]]).strip()
        self.pending = []
        if not country:
            raise fail(report, page, line, "line without a country")
        self.date_text = self.date_text or m["date"]
        if m["date"] != self.date_text:
            raise fail(report, page, line, f"end date differs from {self.date_text!r}")
        *per_type, total = counts(m["n"].split(), report, page, line)
        for label, value in zip(_C2_TYPES, per_type, strict=True):
            self.result.rows.append(Row(page, None, country, label, None, None, value))
        self.result.totals.append(PrintedTotal(page, "country", None, country, None, None, total))


def _c2_parse(report: ReportText) -> ParseResult:
    state = _C2State(report)
    for page, text in enumerate(report.pages, start=1):
        for line in _c2_table_lines(report, page, text):
            state.line(page, line)
    if state.pending or not state.grand_seen:
        raise ReportError(f"{report.path.name}: the report ends without its Grand Total")
    state.result.notes.append(
        "C2 has no mission breakdown and no sex split; per-type column totals are level 'type'"
    )
    return state.result


# ---------------------------------------------------------------------------------------------
# T3 (2024-10): Mission, Country, Personnel Type, Male, Female, Total, Report Date
# ---------------------------------------------------------------------------------------------

_T3_HEADER = "Mission Country Personnel Type Male Female Total Report Date"
_T3_DETAIL = re.compile(
    rf"^(?P<mission>\S+) (?P<country>.+?) (?P<type>{_C_TYPE_ALT}) "
    rf"(?P<n>{NUM} {NUM} {NUM}) (?P<date>\d{{1,2}}/\d{{1,2}}/\d{{4}})$"
)


def _t3_detect(first: str) -> bool:
    lines = page_lines(first)
    return bool(lines) and lines[0] == _T3_HEADER


def _t3_read_date(report: ReportText) -> date | None:
    lines = page_lines(report.pages[0])
    for line in lines[1:4]:
        if m := re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})$", line):
            return _date_from(m)
    return None


def _t3_parse(report: ReportText) -> ParseResult:
    result = ParseResult()
    date_text: str | None = None
    for page, text in enumerate(report.pages, start=1):
        lines = _strip_header(_strip_footer(page_lines(text)), [_T3_HEADER], report, page)
        pending: list[str] = []
        for line in lines:
            # A country name that wraps puts the rest of its line on the next text line.
            joined = " ".join([*pending, line])
            m = _T3_DETAIL.match(joined)
            if m is None:
                if len(pending) >= 2 or re.search(r"\d/\d{4}$", line):
                    raise fail(report, page, joined, "not a T3 line")
                pending.append(line)
                continue
            pending = []
            if not MISSION.match(m["mission"]):
                raise fail(report, page, joined, f"{m['mission']!r} is not a mission acronym")
            date_text = date_text or m["date"]
            if m["date"] != date_text:
                raise fail(report, page, joined, f"report date differs from {date_text!r}")
            male, female, total = counts(m["n"].split(), report, page, joined)
            result.rows.append(
                Row(page, m["mission"], m["country"], m["type"], male, female, total)
            )
        if pending:
            raise fail(report, page, " ".join(pending), "incomplete line at the end of the page")
    result.notes.append("T3 prints no totals")
    return result


# ---------------------------------------------------------------------------------------------
# Specifications
# ---------------------------------------------------------------------------------------------


def _spec(
    name: str,
    description: str,
    detect: Callable[[str], bool],
    read_date: Callable[[ReportText], date | None],
    parse: Callable[[ReportText], ParseResult],
) -> LayoutSpec:
    return LayoutSpec(name, description, detect, read_date, parse)


SPECS: list[LayoutSpec] = [
    _spec(
        "T1",
        "plain table mission/country/description/male/female/total/report_date (2019-09)",
        _t1_detect,
        _t1_read_date,
        _t1_parse,
    ),
    _spec(
        "B4",
        "Summary ... by Mission, Country and Post (2019-11 .. 2020-12)",
        _b4_detect,
        _b4_read_date,
        _b4_parse,
    ),
    _spec(
        "T2",
        "plain Mission/Contributor/Description table with totals (2021-01)",
        _t2_detect,
        _t2_read_date,
        _t2_parse,
    ),
    _spec(
        "C",
        "Contribution of Uniformed Personnel by Mission, Country, and Personnel Type",
        _c_detect,
        _c_read_date,
        _c_parse,
    ),
    _spec(
        "C2",
        "Contribution of Uniformed Personnel by Country and Personnel Type (2023-09)",
        _c2_detect,
        _c_read_date,
        _c2_parse,
    ),
    _spec(
        "T3",
        "plain table with a Report Date column (2024-10)",
        _t3_detect,
        _t3_read_date,
        _t3_parse,
    ),
]
