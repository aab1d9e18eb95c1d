"""Parse the UN DPO monthly "contributions by country, mission and personnel type" PDFs.

The layout and the report date come from what the file prints, never from its name.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from . import layouts_2015_2019, layouts_2019_2025
from .model import (
    LayoutSpec,
    ParseResult,
    PrintedTotal,
    ReportDateError,
    ReportError,
    ReportText,
    Row,
    UnknownLayoutError,
    month_end,
)

LAYOUTS: tuple[LayoutSpec, ...] = (*layouts_2015_2019.SPECS, *layouts_2019_2025.SPECS)

__all__ = [
    "LAYOUTS",
    "LayoutSpec",
    "ParseResult",
    "PrintedTotal",
    "ReportDateError",
    "ReportError",
    "ReportText",
    "Row",
    "UnknownLayoutError",
    "detect_layout",
    "month_end",
    "open_report",
]


def open_report(path: str | Path) -> ReportText:
    """Extract the text of every page of a report PDF.

    Raises
    ------
    ReportError
        If the file cannot be opened as a PDF (truncated, encrypted or not a PDF at all).
    """
    path = Path(path)
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise ReportError(f"{path.name}: cannot be read as a PDF ({exc})") from exc
    textpages = [pdf[i].get_textpage() for i in range(len(pdf))]
    pages = [textpage.get_text_bounded() for textpage in textpages]
    if not pages or not pages[0].strip():
        raise ReportError(f"{path.name}: the PDF has no extractable text on its first page")
    return ReportText(path=path, pages=pages, pdf=pdf, textpages=textpages)


def detect_layout(report: ReportText) -> LayoutSpec:
    """Find the one layout whose signature matches the report's first page.

    Raises
    ------
    UnknownLayoutError
        If no layout, or more than one, recognises the first page.
    """
    first = report.pages[0]
    matches = [spec for spec in LAYOUTS if spec.detect(first)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(spec.name for spec in LAYOUTS)
    if not matches:
        head = " ".join(first.split())[:120]
        raise UnknownLayoutError(
            f"{report.path.name}: layout not recognised (first page begins {head!r}); "
            f"known layouts: {known}"
        )
    names = ", ".join(spec.name for spec in matches)
    raise UnknownLayoutError(f"{report.path.name}: ambiguous layout, matches {names}")
