"""Shared types for the UN DPO monthly contribution reports (one module per layout family).

A layout module declares one :class:`LayoutSpec` per layout it knows.  The dispatcher in
:mod:`pkanalysis.parse.dpo_reports` opens a PDF once, extracts the text of every page, asks each
spec whether it recognises the first page, and then calls that spec's ``read_date`` and
``parse``.  Parsers report exactly what the file prints: they neither harmonise names nor drop
rows; harmonisation and reconciliation happen later in the pipeline.  Nothing here needs pandas
(dates are :class:`datetime.date`), so the build's worker processes can start before it is
imported.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple


class ReportError(ValueError):
    """A report cannot be read; the message names the file (and page or line where known)."""


class UnknownLayoutError(ReportError):
    """No layout specification recognises the report."""


class ReportDateError(ReportError):
    """The report prints no date (and none is supplied by an override)."""


class Row(NamedTuple):
    """One printed detail line: a contributor's personnel of one type in one mission."""

    page: int  # 1-based page number
    mission: str | None  # acronym as printed; None where the layout has no mission breakdown
    country: str  # contributor name as printed, rank numbers and line breaks removed
    personnel_type_source: str  # the printed label, whitespace-normalised
    male: int | None
    female: int | None
    total: int | None


class PrintedTotal(NamedTuple):
    """A total the report prints, kept for reconciliation against the sum of parsed rows."""

    page: int
    level: str  # "grand", "mission", "country" or "mission_country"
    mission: str | None
    country: str | None
    male: int | None
    female: int | None
    total: int | None


@dataclass
class ReportText:
    """The extracted text of one report, plus the open PDF for layouts that need positions."""

    path: Path
    pages: list[str]
    pdf: Any = None  # pypdfium2.PdfDocument, open while parsing
    # pypdfium2 text pages, kept from the text extraction: loading a page again costs more than
    # reading its characters' positions
    textpages: list[Any] = field(default_factory=list)

    def textpage(self, index: int) -> Any:
        """The open text page ``index`` (0-based), for layouts that need character positions.

        Raises
        ------
        ReportError
            If the report was built from text alone (no PDF open).
        """
        if index >= len(self.textpages):
            where = self.where(index + 1)
            raise ReportError(f"{where}: character positions needed but no PDF open")
        return self.textpages[index]

    def where(self, page: int, line: str | None = None) -> str:
        """Describe a location for error messages: file, page and (optionally) the line."""
        loc = f"{self.path.name}, page {page}"
        return f"{loc}, line {line!r}" if line is not None else loc


@dataclass
class ParseResult:
    rows: list[Row] = field(default_factory=list)
    totals: list[PrintedTotal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # anything the parser had to interpret


@dataclass(frozen=True)
class LayoutSpec:
    """How to recognise, date and parse one report layout."""

    name: str
    description: str
    detect: Callable[[str], bool]  # given the text of page 1
    read_date: Callable[[ReportText], date | None]  # month end, or None if not printed
    parse: Callable[[ReportText], ParseResult]


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def month_end(year: int, month: int) -> date:
    """The last day of a month: the ``date`` a report is filed under throughout pkanalysis.

    Examples
    --------
    >>> month_end(2020, 2)
    datetime.date(2020, 2, 29)
    """
    return date(year, month, calendar.monthrange(year, month)[1])


def month_number(name: str) -> int | None:
    """The number of an English month name or abbreviation ("Nov", "November"), else None.

    Examples
    --------
    >>> month_number("November"), month_number("sep"), month_number("Brumaire")
    (11, 9, None)
    """
    head = name[:3].lower()
    return _MONTHS.index(head) + 1 if head in _MONTHS else None
