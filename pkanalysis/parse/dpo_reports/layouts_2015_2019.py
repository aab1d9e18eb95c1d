"""Layouts A, A2, B1, B2 and B3 of the UN DPO monthly reports (January 2015 to October 2019).

==== ================================================================ ========================
name first-page signature                                             files
==== ================================================================ ========================
A    "UN Mission's Summary detailed by Country", "Month of Report :"  2015-01 .. 2017-04
A2   "Summary of Contributions to Peackeeping by Country and Mission" 2016-11
B1   "... by Country, Mission and Post."                              2017-05 .. 2018-02
B2   "... by Country and Post." (no mission breakdown)                2018-03 .. 2019-08
B3   wide table "UNMEM M UNMEM F Troops M ..." (no date printed)      2019-10
==== ================================================================ ========================

Every layout is read line by line from the extracted text.  The text of some pages is
unreliable, though: in B1 and B2 the numbers of neighbouring columns can run together
("Experts on Mission404" for 4 0 4), a value can be blank, and in B2 a row's numbers can land on
a different text line from its label.  When a page of A, B1 or B2 holds a line that cannot be
read unambiguously from the text, that page is read again from character positions (the words
are rebuilt from character boxes and each number is placed in the column whose header it sits
under).  A2 prints labels and numbers in separate blocks in text order, so it is always read from
positions.  Pages read from positions are listed in ``ParseResult.notes``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from statistics import median
from typing import NamedTuple

from .model import (
    LayoutSpec,
    ParseResult,
    PrintedTotal,
    ReportError,
    ReportText,
    Row,
    month_end,
    month_number,
)
from .text import (
    MISSION,
    MISSION_ACRONYM,
    char_boxes,
    counts,
    fail,
    first_lines,
    norm,
    page_lines,
    parse_count,
    split_numbers,
)

# ---------------------------------------------------------------------------------------------
# Lines: from the extracted text, or rebuilt from character positions
# ---------------------------------------------------------------------------------------------


class _Word(NamedTuple):
    text: str
    left: float
    right: float
    bottom: float
    top: float


class _Line(NamedTuple):
    text: str  # whitespace-normalised
    words: tuple[_Word, ...] | None  # None for a line of the extracted text


class _Unreadable(Exception):
    """A line the page parser cannot interpret (the driver decides: retry or ReportError)."""

    def __init__(self, line: str, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


_RANK_COUNTRY = re.compile(r"^(\d{1,3}) ?([^\d].*)$")

# Counts of one printed line: (male, female, total), None where the cell is blank.
_Counts = tuple[int | None, int | None, int | None]


def _text_lines(report: ReportText, index: int) -> list[_Line]:
    return [_Line(t, None) for t in page_lines(report.pages[index])]


def _page_words(report: ReportText, index: int) -> list[_Word]:
    """Rebuild words from character boxes; a word ends at whitespace or at a gap in the line."""
    textpage = report.textpage(index)
    count = textpage.count_chars()
    chars = textpage.get_text_range(0, count)
    if len(chars) != count:
        raise ReportError(f"{report.where(index + 1)}: characters and their boxes do not align")
    box = char_boxes(textpage)
    words: list[list] = []
    current: list | None = None
    for k, ch in enumerate(chars):
        if ch.isspace():
            current = None
            continue
        left, bottom, right, top = box(k)
        if current is not None:
            height = max(top - bottom, current[4] - current[3])
            centre_shift = abs((bottom + top) / 2 - (current[3] + current[4]) / 2)
            # Adjacent columns are printed without a space character between them, so a
            # horizontal gap (or a jump back or to another line) also ends a word.  Commas and
            # apostrophes sit off-centre, hence the generous vertical allowance.
            if (
                left - current[2] > max(3.0, 0.5 * height)
                or left < current[1] - 0.5
                or centre_shift > max(5.0, 0.6 * height)
            ):
                current = None
        if current is None:
            current = [ch, left, right, bottom, top]
            words.append(current)
        else:
            current[0] += ch
            current[2] = max(current[2], right)
            current[3] = min(current[3], bottom)
            current[4] = max(current[4], top)
    return [_Word(*w) for w in words]


def _positional_lines(report: ReportText, index: int) -> list[_Line]:
    """Group words into printed lines by vertical position, top to bottom, left to right."""
    words = _page_words(report, index)
    if not words:
        return []
    # Numbers can sit a few points above their label (B2), well under a line height.
    tolerance = 0.75 * median(w.top - w.bottom for w in words)
    groups: list[tuple[float, list[_Word]]] = []
    for word in sorted(words, key=lambda w: -(w.bottom + w.top) / 2):
        centre = (word.bottom + word.top) / 2
        if groups and abs(groups[-1][0] - centre) <= tolerance:
            groups[-1][1].append(word)
        else:
            groups.append((centre, [word]))
    lines = []
    for _, group in groups:
        group.sort(key=lambda w: w.left)
        lines.append(_Line(" ".join(w.text for w in group), tuple(group)))
    return lines


@dataclass
class _State:
    """What carries over from one page to the next."""

    country: str | None = None
    country_open: bool = False  # the country name may continue on the next line
    mission: str | None = None
    anchors: dict[str, float] | None = None  # right edge of the MALE/FEMALE/TOTAL headers


@dataclass
class _Page:
    """One page being parsed: where it is, how it was read, and what it yields."""

    report: ReportText
    number: int
    positional: bool
    rows: list[Row] = field(default_factory=list)
    totals: list[PrintedTotal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, token: str, line: str) -> int:
        return parse_count(token, self.report, self.number, line)

    def error(self, line: str, reason: str) -> ReportError:
        return fail(self.report, self.number, line, reason)


def _triple(page: _Page, state: _State, line: _Line, tokens: list[str]) -> _Counts:
    """Read male, female and total from the trailing number tokens of a line.

    From text, exactly three numbers with male + female == total are required; anything else
    could be run-together or blank columns and sends the page to the positional reader.  From
    positions, each number goes to the column whose header right edge is nearest.
    """
    if line.words is None:
        # (every token is number-like: split_numbers and the B2 entries give no others)
        if len(tokens) != 3:
            raise _Unreadable(line.text, f"{len(tokens)} numbers where 3 are expected")
        male, female, total = counts(tokens, page.report, page.number, line.text)
        if male + female != total:
            raise _Unreadable(line.text, "male + female != total")
        return male, female, total
    if state.anchors is None:
        raise page.error(line.text, "no column headers found to place the numbers")
    values: dict[str, int] = {}
    for word in line.words[len(line.words) - len(tokens) :]:
        column = min(state.anchors, key=lambda c: abs(state.anchors[c] - word.right))
        if abs(state.anchors[column] - word.right) > 40 or column in values:
            raise page.error(line.text, f"cannot place {word.text!r} in a column")
        values[column] = page.count(word.text, line.text)
    placed = (values.get("male"), values.get("female"), values.get("total"))
    if None not in placed and placed[0] + placed[1] != placed[2]:
        page.notes.append(f"page {page.number}: printed male + female != total in {line.text!r}")
    return placed


def _find_anchors(line: _Line, names: tuple[str, str, str]) -> dict[str, float] | None:
    """Right edges of the male, female and total column headers on a header line."""
    if line.words is None:
        return None
    found = {}
    for key, name in zip(("male", "female", "total"), names, strict=True):
        match = [w for w in line.words if w.text == name]
        if len(match) != 1:
            return None
        found[key] = match[0].right
    return found


# A page parser reads one page's lines into the _Page, updating the state; it raises
# _Unreadable for a line it cannot interpret.
_PageParser = Callable[[_Page, _State, list[_Line]], None]


def _parse_report(
    report: ReportText, parse_page: _PageParser, mode: str, notes: list[str]
) -> ParseResult:
    """Run a page parser over every page.

    ``mode`` is "text" (text only), "fallback" (text, and positions for a page whose text
    cannot be read) or "positions" (positions for every page).
    """
    result = ParseResult(notes=list(notes))
    state = _State()
    for index in range(len(report.pages)):
        number = index + 1
        if mode == "positions":
            page = _Page(report, number, positional=True)
            _run_page(page, state, parse_page, _positional_lines(report, index))
        else:
            saved = replace(state)
            page = _Page(report, number, positional=False)
            try:
                parse_page(page, state, _text_lines(report, index))
            except _Unreadable as exc:
                if mode == "text" or not report.textpages:
                    raise page.error(exc.line, exc.reason) from None
                state = saved
                page = _Page(report, number, positional=True)
                page.notes.append(
                    f"page {number}: read from character positions (text line {exc.line!r}: "
                    f"{exc.reason})"
                )
                _run_page(page, state, parse_page, _positional_lines(report, index))
        result.rows.extend(page.rows)
        result.totals.extend(page.totals)
        result.notes.extend(page.notes)
    return result


def _run_page(page: _Page, state: _State, parse_page: _PageParser, lines: list[_Line]) -> None:
    try:
        parse_page(page, state, lines)
    except _Unreadable as exc:
        raise page.error(exc.line, exc.reason) from None


# ---------------------------------------------------------------------------------------------
# Layout A (2015-01 .. 2017-04 except 2016-11)
# ---------------------------------------------------------------------------------------------

_A_TITLE = "UN Mission's Summary detailed by Country"
_A_HEADER = "Country UN Mission Description Totals M F"
_A_DATE = re.compile(r"Month of Report\s*:\s*(\d{1,2})-([A-Za-z]{3})-(\d{2})\b")
# From positions the header reads in printed order: "... Description M F Totals".
_A_HEADER_POS = "Country UN Mission Description M F Totals"
_A_SKIP = re.compile(
    r"^(UN Mission's Summary|detailed by Country|Month of Report\s*:.*|"
    + re.escape(_A_HEADER)
    + r"|Page \d+ of \d+)$"
)
_A_LABELS = (
    "Experts on Mission|Contingent Troop|Individual Police|Formed Police Units|Staff Officer"
)
_A_DETAIL = re.compile(rf"^(?:(?P<mission>{MISSION_ACRONYM}) )?(?P<label>{_A_LABELS})$")


def _detect_a(page1: str) -> bool:
    text = norm(page1)
    return _A_TITLE in text and _A_HEADER in text and _A_DATE.search(text) is not None


def _read_date_a(report: ReportText) -> date | None:
    match = _A_DATE.search(norm(report.pages[0]))
    month = None if match is None else month_number(match.group(2))
    if month is None:
        return None
    return month_end(2000 + int(match.group(3)), month)


def _parse_page_a(page: _Page, state: _State, lines: list[_Line]) -> None:
    """Country line, "[MISSION] Type M F T" rows, "MISSION total", "Country total".

    The header prints "Totals M F" but the three numbers are male, female, total (the third
    one adds up to the mission subtotals, and it sits under "Totals").
    """
    for line in lines:
        if line.words is not None and line.text == _A_HEADER_POS:
            state.anchors = _find_anchors(line, ("M", "F", "Totals"))
            continue
        if _A_SKIP.match(line.text):
            continue
        head, tokens = split_numbers(line.text)
        if detail := _A_DETAIL.match(head):
            _a_row(page, state, line, detail, tokens)
        elif len(tokens) > 1:
            raise _Unreadable(line.text, "unexpected numbers")
        elif not _a_subtotal(page, state, line, head, tokens):
            _a_country_name(state, line, head, tokens)


def _a_row(
    page: _Page, state: _State, line: _Line, detail: re.Match[str], tokens: list[str]
) -> None:
    """A "[MISSION] Type M F T" row: a mission printed in front of it opens that mission."""
    if state.country is None:
        raise page.error(line.text, "row before any country")
    if detail.group("mission"):
        state.mission = detail.group("mission")
    elif state.mission is None:
        raise page.error(line.text, "row before any mission")
    # Feb 2015 prints some rows with a single 0 or with no numbers at all.
    counts = (None, None, None) if not tokens else _triple(page, state, line, tokens)
    page.rows.append(Row(page.number, state.mission, state.country, detail.group("label"), *counts))
    state.country_open = False


def _a_subtotal(page: _Page, state: _State, line: _Line, head: str, tokens: list[str]) -> bool:
    """A mission's or the country's subtotal (one number, or a blank mission subtotal);
    False if the line is neither."""
    total = page.count(tokens[0], line.text) if tokens else None
    if state.mission is not None and head == state.mission:
        page.totals.append(
            PrintedTotal(
                page.number, "mission_country", state.mission, state.country, None, None, total
            )
        )
        return True
    if state.country is not None and head == state.country and tokens:
        page.totals.append(
            PrintedTotal(page.number, "country", None, state.country, None, None, total)
        )
        state.country, state.mission, state.country_open = None, None, False
        return True
    return False


def _a_country_name(state: _State, line: _Line, head: str, tokens: list[str]) -> None:
    """A country's name, or the second line of one broken over two lines."""
    if tokens or not head or MISSION.match(head):
        raise _Unreadable(line.text, "not a row, subtotal or country name")
    if state.country_open:
        state.country = f"{state.country} {head}"
    else:
        state.country, state.mission, state.country_open = head, None, True


def _parse_a(report: ReportText) -> ParseResult:
    notes = [
        "layout A: the three numbers of a row are male, female, total; mission and country "
        "subtotals print only the total (male and female are None); no grand total is printed",
        "layout A: a row printed without numbers, or with a single number, keeps None for the "
        "blank cells (the single number is placed by its position under the column headers)",
    ]
    return _parse_report(report, _parse_page_a, "fallback", notes)


# ---------------------------------------------------------------------------------------------
# Layout A2 (2016-11)
# ---------------------------------------------------------------------------------------------

_A2_TITLE = "Summary of Contributions to Peackeeping by Country and Mission Detail"
_A2_DATE = re.compile(r"by End of ([A-Za-z]+)\s*,\s*(\d{4})")
_A2_HEADER = "Country Mission Male Female Total"
_A2_LABELS = "Experts on Mission|Contingent Troops|Formed Police Units|Ind Police"
_A2_DETAIL = re.compile(rf"^(?P<label>{_A2_LABELS})$")


def _detect_a2(page1: str) -> bool:
    text = norm(page1)
    return _A2_TITLE in text and _A2_HEADER in text


def _read_date_a2(report: ReportText) -> date | None:
    match = _A2_DATE.search(norm(report.pages[0]))
    month = None if match is None else month_number(match.group(1))
    if month is None:
        return None
    return month_end(int(match.group(2)), month)


def _parse_page_a2(page: _Page, state: _State, lines: list[_Line]) -> None:
    """Rank and country, mission line, four type rows, "Total for Mission", "Grand Total"."""
    for line in lines:
        text = line.text
        if text == _A2_HEADER:
            state.anchors = _find_anchors(line, ("Male", "Female", "Total"))
            continue
        if text.startswith(_A2_TITLE) or text.startswith("Police,UN Military Experts"):
            continue
        head, tokens = split_numbers(text)
        if tokens:
            _a2_counts(page, state, line, head, tokens)
        else:
            _a2_label(state, line, head)


def _a2_counts(page: _Page, state: _State, line: _Line, head: str, tokens: list[str]) -> None:
    """A line with numbers: a type row, a mission's total or the grand total."""
    if _A2_DETAIL.match(head):
        if state.mission is None:
            raise page.error(line.text, "row before any mission")
        counts = _triple(page, state, line, tokens)
        page.rows.append(Row(page.number, state.mission, state.country, head, *counts))
        state.country_open = False
    elif head == "Total for Mission":
        if state.mission is None:
            raise page.error(line.text, "mission total before any mission")
        counts = _triple(page, state, line, tokens)
        page.totals.append(
            PrintedTotal(page.number, "mission_country", state.mission, state.country, *counts)
        )
    elif head == "Grand Total":
        counts = _triple(page, state, line, tokens)
        page.totals.append(PrintedTotal(page.number, "grand", None, None, *counts))
        state.country = state.mission = None
    else:
        raise _Unreadable(line.text, "numbers on a line that is not a row or total")


def _a2_label(state: _State, line: _Line, head: str) -> None:
    """A line without numbers: a mission, a ranked country, or the rest of a country's name."""
    if MISSION.match(head) and state.country is not None:
        state.mission, state.country_open = head, False
    elif match := _RANK_COUNTRY.match(head):
        state.country, state.mission, state.country_open = match.group(2), None, True
    elif state.country_open:
        state.country = f"{state.country} {head}"
    else:
        raise _Unreadable(line.text, "not a country, mission, row or total")


def _parse_a2(report: ReportText) -> ParseResult:
    notes = [
        "layout A2: read from character positions (the text lists numbers and labels in "
        "separate blocks, not in printed order); every mission prints all four types, zero "
        "rows included, and they are kept as printed",
        "layout A2: no country totals are printed; the grand total prints only the total",
    ]
    return _parse_report(report, _parse_page_a2, "positions", notes)


# ---------------------------------------------------------------------------------------------
# Layouts B1 (2017-05 .. 2018-02) and B2 (2018-03 .. 2019-08)
# ---------------------------------------------------------------------------------------------

_B1_TITLE = "Summary of Contributions to UN Peacekeeping by Country, Mission and Post."
_B1_HEADER = "Country Mission POST MALE FEMALE TOTAL"
_B2_TITLE = "Summary of Contributions to UN Peacekeeping by Country and Post."
_B2_HEADER = "Country Name POST MALE FEMALE TOTAL"
_B_DATE = re.compile(r"Staff Officers and Troops (\d{1,2})/(\d{1,2})/(\d{4})")
_B_LABELS = "Contingent Troops|Experts on Mission|Individual Police|Staff Officer|FPU"
_B_LABEL = re.compile(rf"^(?:{_B_LABELS})$")
_B_SKIP = re.compile(r"^(Summary of Contributions to UN Peacekeeping by .*|Police,UN Military .*)$")


def _detect_b1(page1: str) -> bool:
    text = first_lines(page1)
    return _B1_TITLE in text and _B1_HEADER in text and _B_DATE.search(text) is not None


def _detect_b2(page1: str) -> bool:
    text = first_lines(page1)
    return _B2_TITLE in text and _B2_HEADER in text and _B_DATE.search(text) is not None


def _read_date_b(report: ReportText) -> date | None:
    match = _B_DATE.search(first_lines(report.pages[0]))
    if match is None:
        return None
    return month_end(int(match.group(3)), int(match.group(2)))


def _country_line(page: _Page, state: _State, line: _Line, head: str) -> bool:
    """Handle "12 Bosnia and Herzegovina" (and a name's second line); False if not a name."""
    if match := _RANK_COUNTRY.match(head):
        state.country, state.mission, state.country_open = match.group(2), None, True
        return True
    if state.country_open and not MISSION.match(head) and not _B_LABEL.match(head):
        state.country = f"{state.country} {head}"
        return True
    return False


def _parse_page_b1(page: _Page, state: _State, lines: list[_Line]) -> None:
    """Rank and country, mission line, "Post M F T" rows, mission and country totals.

    May-2017 prints "Total for Country M F T"; later files print "MISSION T" after each
    mission and the country name (truncated to 17 characters) before the country total.
    """
    for line in lines:
        text = line.text
        if text == _B1_HEADER:
            if line.words is not None:
                state.anchors = _find_anchors(line, ("MALE", "FEMALE", "TOTAL"))
            continue
        if _B_SKIP.match(text):
            continue
        head, tokens = split_numbers(text)
        if _B_LABEL.match(head):
            if state.mission is None or state.country is None:
                raise page.error(text, "row before any country or mission")
            counts = _triple(page, state, line, tokens)
            page.rows.append(Row(page.number, state.mission, state.country, head, *counts))
        elif tokens:
            _b1_total(page, state, line, head, tokens)
        elif MISSION.match(head) and state.country is not None:
            state.mission, state.country_open = head, False
        elif not _country_line(page, state, line, head):
            raise _Unreadable(text, "not a country, mission, row or total")


def _b1_total(page: _Page, state: _State, line: _Line, head: str, tokens: list[str]) -> None:
    """A line of numbers that is not a type row: the grand, a country's or a mission's total."""
    text = line.text
    if head == "Grand Total":
        counts = _triple(page, state, line, tokens)
        page.totals.append(PrintedTotal(page.number, "grand", None, None, *counts))
        state.country = state.mission = None
    elif state.country is not None and _is_country_total_label(head, state.country):
        counts = _triple(page, state, line, tokens)
        page.totals.append(PrintedTotal(page.number, "country", None, state.country, *counts))
        if not head:
            page.notes.append(
                f"page {page.number}: country total printed without a label, taken as the "
                f"total of {state.country}: {text!r}"
            )
        state.country_open = False
    # The mission subtotal label is cut to 8 characters ("MINUJUST" for MINUJUSTH).
    elif state.mission is not None and _is_mission_label(head, state.mission):
        if len(tokens) != 1:
            raise _Unreadable(text, "mission subtotal with more than one number")
        total = page.count(tokens[0], text)
        page.totals.append(
            PrintedTotal(
                page.number, "mission_country", state.mission, state.country, None, None, total
            )
        )
    else:
        raise _Unreadable(text, "numbers on a line that is not a row or total")


def _is_mission_label(head: str, mission: str) -> bool:
    return head == mission or (len(head) == 8 and mission.startswith(head))


def _is_country_total_label(head: str, country: str) -> bool:
    # The country total is labelled "Total for Country", the country name cut to 17
    # characters, or (once, Côte d'Ivoire in Oct 2017) nothing at all.
    return head in ("Total for Country", "") or (len(head) >= 3 and country.startswith(head))


def _parse_b1(report: ReportText) -> ParseResult:
    notes = [
        "layout B1: mission subtotals (from Nov 2017) print only the total; country totals "
        "are labelled with the country name cut short, matched to the current country",
    ]
    return _parse_report(report, _parse_page_b1, "fallback", notes)


_B2_ENTRY = re.compile(rf"(?P<nums>-?\d[\d,]*(?: -?\d[\d,]*)*) (?P<label>{_B_LABELS})(?= |$)")


def _b2_entries(page: _Page, state: _State, line: _Line) -> list[tuple[str, _Counts]] | None:
    """Rows on a line: "M F T Label" (text, possibly several) or "Label M F T" (positions)."""
    if line.words is not None:
        head, tokens = split_numbers(line.text)
        if not _B_LABEL.match(head):
            return None
        return [(head, _triple(page, state, line, tokens))]
    text = line.text
    if text.startswith(_B2_HEADER + " "):  # the first row can run into the column headers
        text = text[len(_B2_HEADER) + 1 :]
    if not re.search(rf"(?:^|\s)(?:{_B_LABELS})(?:\s|$)", text):
        return None
    entries, end = [], 0
    for match in _B2_ENTRY.finditer(text):
        if text[end : match.start()].strip():
            raise _Unreadable(line.text, "cannot pair numbers with labels")
        tokens = match.group("nums").split(" ")
        entries.append((match.group("label"), _triple(page, state, line, tokens)))
        end = match.end()
    if not entries or text[end:].strip():
        raise _Unreadable(line.text, "cannot pair numbers with labels")
    return entries


def _parse_page_b2(page: _Page, state: _State, lines: list[_Line]) -> None:
    """Rank and country, "M F T Post" rows, "Total for Country M F T", final "Total M F T"."""
    for line in lines:
        text = line.text
        if text == _B2_HEADER:
            if line.words is not None:
                state.anchors = _find_anchors(line, ("MALE", "FEMALE", "TOTAL"))
            continue
        if _B_SKIP.match(text):
            continue
        entries = _b2_entries(page, state, line)
        if entries is not None:
            if state.country is None:
                raise page.error(text, "row before any country")
            for label, counts in entries:
                page.rows.append(Row(page.number, None, state.country, label, *counts))
            state.country_open = False
            continue
        head, tokens = split_numbers(text)
        if head == "Total for Country":
            if state.country is None:
                raise page.error(text, "country total before any country")
            counts = _triple(page, state, line, tokens)
            page.totals.append(PrintedTotal(page.number, "country", None, state.country, *counts))
            state.country_open = False
        elif head == "Total" and tokens:
            counts = _triple(page, state, line, tokens)
            page.totals.append(PrintedTotal(page.number, "grand", None, None, *counts))
            state.country = None
        elif tokens or not _country_line(page, state, line, head):
            raise _Unreadable(text, "not a country, row or total")


def _parse_b2(report: ReportText) -> ParseResult:
    notes = ["layout B2: no mission breakdown is printed, so Row.mission is None"]
    return _parse_report(report, _parse_page_b2, "fallback", notes)


# ---------------------------------------------------------------------------------------------
# Layout B3 (2019-10)
# ---------------------------------------------------------------------------------------------

_B3_TITLE = "Summary of Contribution to UN Peacekeeping by Country and Post Police,"
_B3_HEADER = (
    "Country Mission UNMEM M UNMEM F Troops M Troops F UNPOL M UNPOL F FPU M FPU F MSO M MSO F"
)
_B3_TYPES = ("UNMEM", "Troops", "UNPOL", "FPU", "MSO")
_B3_SKIP = re.compile(
    r"^("
    + re.escape(_B3_TITLE)
    + r"|Military Experts on Mission, Staff Officers and Troops|"
    + re.escape(_B3_HEADER)
    + r")$"
)


def _detect_b3(page1: str) -> bool:
    text = first_lines(page1)
    return _B3_TITLE in text and _B3_HEADER in text


def _read_date_b3(report: ReportText) -> date | None:
    # The file prints no report date; the caller supplies one from its override table.
    return None


def _b3_pairs(page: _Page, line: str, tokens: list[str]) -> list[tuple[int, int]]:
    if len(tokens) != 2 * len(_B3_TYPES):
        raise page.error(line, f"{len(tokens)} numbers where {2 * len(_B3_TYPES)} are expected")
    values = [page.count(t, line) for t in tokens]
    return list(zip(values[0::2], values[1::2], strict=True))


def _parse_page_b3(page: _Page, state: _State, lines: list[_Line]) -> None:
    """Country name (may span lines), "MISSION 10 numbers", "Total by Country", "Grand Total"."""
    for line in lines:
        text = line.text
        if _B3_SKIP.match(text):
            continue
        head, tokens = split_numbers(text)
        if tokens:
            pairs = _b3_pairs(page, text, tokens)
            state.country_open = False
            if head in ("Total by Country", "Grand Total"):
                if head == "Total by Country" and state.country is None:
                    raise page.error(text, "country total before any country")
                male = sum(m for m, _ in pairs)
                female = sum(f for _, f in pairs)
                level, country = (
                    ("country", state.country) if head == "Total by Country" else ("grand", None)
                )
                page.totals.append(
                    PrintedTotal(page.number, level, None, country, male, female, male + female)
                )
            elif MISSION.match(head) and state.country is not None:
                for kind, (male, female) in zip(_B3_TYPES, pairs, strict=True):
                    page.rows.append(
                        Row(page.number, head, state.country, kind, male, female, male + female)
                    )
            else:
                raise page.error(text, "not a mission row or total")
        elif state.country_open:  # a name broken over lines ("Bosnia and" / "Herzegovina")
            state.country = f"{state.country} {head}"
        else:
            state.country, state.country_open = head, True


def _parse_b3(report: ReportText) -> ParseResult:
    notes = [
        "layout B3: one row per (mission, country, type) for all five types of a printed line, "
        "zeros included; no total is printed, so total = male + female",
        "layout B3: a mission can appear twice for a country (police and military lines); both "
        "are kept",
        "layout B3: country and grand totals print male and female per type; PrintedTotal "
        "holds their sums over the five types, and total = male + female",
    ]
    return _parse_report(report, _parse_page_b3, "text", notes)


# ---------------------------------------------------------------------------------------------

SPECS: list[LayoutSpec] = [
    LayoutSpec(
        name="A",
        description="UN Mission's Summary detailed by Country (2015-01 to 2017-04)",
        detect=_detect_a,
        read_date=_read_date_a,
        parse=_parse_a,
    ),
    LayoutSpec(
        name="A2",
        description="Contributions by Country and Mission Detail, numbers in blocks (2016-11)",
        detect=_detect_a2,
        read_date=_read_date_a2,
        parse=_parse_a2,
    ),
    LayoutSpec(
        name="B1",
        description="Contributions by Country, Mission and Post (2017-05 to 2018-02)",
        detect=_detect_b1,
        read_date=_read_date_b,
        parse=_parse_b1,
    ),
    LayoutSpec(
        name="B2",
        description="Contributions by Country and Post, no missions (2018-03 to 2019-08)",
        detect=_detect_b2,
        read_date=_read_date_b,
        parse=_parse_b2,
    ),
    LayoutSpec(
        name="B3",
        description="Wide table by Country and Mission, M/F per type, no date (2019-10)",
        detect=_detect_b3,
        read_date=_read_date_b3,
        parse=_parse_b3,
    ),
]
