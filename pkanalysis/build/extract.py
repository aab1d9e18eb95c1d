"""Stage 1 of a report: check the file is a PDF, extract its text, detect its layout, read its date.

Everything here reads what the file itself says; the file name is only compared with it (a
report whose name gives another month than it prints is reported, see
:func:`name_month`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..parse import dpo_reports

PDF_SIGNATURE = b"%PDF-"
# The uploader's names: UN_country_contributions_YYYY_MM.pdf (a suffix may follow the month).
_NAME_MONTH = re.compile(r"(?P<year>(?:19|20)\d\d)[_-](?P<month>0[1-9]|1[0-2])(?!\d)")


def check_signature(path: Path) -> None:
    """Refuse a file that does not start like a PDF, saying what it starts with instead.

    Raises
    ------
    dpo_reports.ReportError
        If the first bytes are not ``%PDF-`` (an HTML error page saved as ``.pdf``, say).
    """
    with Path(path).open("rb") as fh:
        head = fh.read(64)
    if head.startswith(PDF_SIGNATURE):
        return
    text = head.decode("latin-1").strip()
    kind = "an HTML page" if "<html" in text.lower() or "<!doctype" in text.lower() else "not a PDF"
    raise dpo_reports.ReportError(
        f"{Path(path).name}: {kind}, not a report PDF (the file begins {text[:40]!r}, "
        f"a PDF begins {PDF_SIGNATURE.decode()!r})"
    )


def name_month(name: str) -> date | None:
    """The month-end a file name claims, if it contains ``YYYY_MM``.

    Examples
    --------
    >>> name_month("UN_country_contributions_2017_03.pdf")
    datetime.date(2017, 3, 31)
    >>> name_month("report.pdf") is None
    True
    """
    found = _NAME_MONTH.search(name)
    if not found:
        return None
    return dpo_reports.month_end(int(found["year"]), int(found["month"]))


@dataclass
class Extracted:
    """What one report says about itself, with its text still open for the parser."""

    report: dpo_reports.ReportText
    layout: dpo_reports.LayoutSpec
    printed_date: date | None

    def close(self) -> None:
        self.report.pdf.close()


def extract(path: Path) -> Extracted:
    """Open a report: PDF signature, text of every page, layout and printed date.

    Raises
    ------
    dpo_reports.ReportError
        If the file is not a PDF or has no text; :class:`~dpo_reports.UnknownLayoutError` (a
        subclass) if no known layout matches, naming what the first page begins with.
    """
    check_signature(path)
    report = dpo_reports.open_report(path)
    try:
        spec = dpo_reports.detect_layout(report)
        printed = spec.read_date(report)
    except BaseException:
        report.pdf.close()
        raise
    return Extracted(report, spec, printed)
