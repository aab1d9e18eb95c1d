"""Text and number helpers shared by the layout modules: lines, counts, mission acronyms.

Both layout families read the same kind of page text: lines whose whitespace is normalised,
counts printed with thousands separators, and mission acronyms on lines of their own.  The
rules for those live here once, so that a report of 2016 and one of 2024 read "6,036" and
"MINUSCA" the same way.  Layouts read from positions also share :func:`char_boxes`.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterable
from typing import Any

import pypdfium2.raw as pdfium_c

from .model import ReportError, ReportText

# A token that looks like a count; parse_count decides whether it is a valid one, so a printed
# "-3" or "2,8090" gives a ReportError naming the line instead of being read as part of a name.
NUM = r"-?\d[\d,]*"
NUM_TOKEN = re.compile(rf"^{NUM}$")
# A mission acronym as printed: a capital, then capitals or digits (MINUSCA, UNMISS, UNMIK).
MISSION_ACRONYM = r"[A-Z][A-Z0-9]{2,9}"
MISSION = re.compile(rf"^{MISSION_ACRONYM}$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})*$")


def norm(text: str) -> str:
    """Whitespace runs (line breaks included) collapsed to one space, ends stripped.

    Examples
    --------
    >>> norm("  United Republic of\\r\\nTanzania ")
    'United Republic of Tanzania'
    """
    return " ".join(text.split())


def page_lines(page_text: str) -> list[str]:
    """The non-empty lines of a page, whitespace-normalised."""
    return [n for s in page_text.splitlines() if (n := " ".join(s.split()))]


def first_lines(text: str, n: int = 6) -> str:
    """The first ``n`` lines of a page as one normalised string (where titles are printed)."""
    return " ".join(norm(line) for line in text.splitlines()[:n])


def split_numbers(text: str) -> tuple[str, list[str]]:
    """Split a line into its leading text and its trailing run of number-like tokens.

    Examples
    --------
    >>> split_numbers("Contingent Troops 1,173 3 1,176")
    ('Contingent Troops', ['1,173', '3', '1,176'])
    >>> split_numbers("Grand Total")
    ('Grand Total', [])
    """
    tokens = text.split(" ")
    i = len(tokens)
    while i > 0 and (tokens[i - 1].isdecimal() or NUM_TOKEN.match(tokens[i - 1])):
        i -= 1
    return " ".join(tokens[:i]), tokens[i:]


def fail(report: ReportText, page: int, line: str, why: str) -> ReportError:
    """An error naming the file, page and line."""
    return ReportError(f"{report.where(page, line)}: {why}")


def parse_count(token: str, report: ReportText, page: int, line: str) -> int:
    """Read a printed count such as ``"6,036"``.

    Raises
    ------
    ReportError
        If the token is not a non-negative whole number; the message names file, page and line.
    """
    tok = token.strip()
    if tok.isdecimal():  # the common case, without a regular expression
        return int(tok)
    if not _GROUPED.match(tok):
        raise fail(report, page, line, f"count {tok!r} is not a non-negative whole number")
    return int(tok.replace(",", ""))


def counts(tokens: Iterable[str], report: ReportText, page: int, line: str) -> tuple[int, ...]:
    """:func:`parse_count` of every token (a plain number is read at once)."""
    return tuple(int(t) if t.isdecimal() else parse_count(t, report, page, line) for t in tokens)


def char_boxes(textpage: Any) -> Callable[[int], tuple[float, float, float, float]]:
    """A function giving the box (left, bottom, right, top) of a character of an open pypdfium2
    text page, by its index.

    It makes pdfium's call with four numbers made once; ``PdfTextPage.get_charbox`` makes new
    ones for every character, which costs a third more over the 300,000 characters that the
    layouts read from positions ask for.
    """
    raw = textpage.raw
    left, bottom, right, top = (
        ctypes.c_double(),
        ctypes.c_double(),
        ctypes.c_double(),
        ctypes.c_double(),
    )
    get = pdfium_c.FPDFText_GetCharBox

    def box(index: int) -> tuple[float, float, float, float]:
        if not get(raw, index, left, right, bottom, top):  # pdfium's order: l, r, b, t
            raise ValueError(f"pdfium has no box for character {index}")
        return left.value, bottom.value, right.value, top.value

    return box
