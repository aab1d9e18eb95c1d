"""The data-quality report: coverage, reconciliation and corrections as tables in words.

Free text quoted from the sources and the curated tables (dataset titles, notes, reasons) stays
in English, the language of those tables; headers, categories, numbers and months follow the
report's language.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from .. import quality
from ..i18n import N_, format_month, gettext, tr
from ..tables import table
from .names import conference_names, mission_names
from .text import terms, yes_no

#: Headers of the columns shown here, as messages.
LABELS: dict[str, str] = {
    "name": N_("Dataset"),
    "title": N_("Title"),
    "publisher": N_("Publisher"),
    "vintage": N_("Period and date"),
    "licence": N_("Licence"),
    "kind": N_("Kind"),
    "file": N_("File"),
    "layout": N_("Layout"),
    "date": N_("Month"),
    "date_basis": N_("Month taken from"),
    "status": N_("Status"),
    "rows_parsed": N_("Rows read"),
    "rows_out": N_("Rows kept"),
    "files": N_("Files"),
    "family": N_("Source"),
    "source": N_("Source"),
    "grain": N_("Detail"),
    "first": N_("First month"),
    "last": N_("Last month"),
    "months": N_("Months"),
    "rows": N_("Rows"),
    "sex_split": N_("Women counted apart"),
    "notes": N_("Notes"),
    "level": N_("Level"),
    "explained": N_("Explained differences"),
    "match": N_("Matches"),
    "source_inconsistent": N_("Inconsistent in the source"),
    "country": N_("Country"),
    "printed": N_("Printed total"),
    "parsed": N_("Sum of rows"),
    "difference": N_("Difference"),
    "reason": N_("Reason"),
    "line": N_("Line"),
    "reports": N_("UN reports"),
    "ipi": N_("IPI"),
    "missions": N_("Missions"),
    "equal": N_("Missions with equal totals"),
    "differ": N_("Differences"),
    "table": N_("Table"),
    "purpose": N_("Purpose"),
    "entries": N_("Entries"),
    "cycle": N_("Conference cycle"),
    "paper": N_("Requirement paper"),
    "paper_date": N_("Date"),
    "with_units": N_("With a number of units"),
    "with_readiness": N_("With a readiness level"),
    "sources": N_("Sources"),
    "commitment": N_("Commitment"),
    "capability_named": N_("Naming a capability"),
    "with_quantity": N_("With a quantity"),
    "with_personnel_equivalent": N_("With personnel equivalents"),
    "unit_type": N_("Unit"),
    "personnel": N_("Personnel"),
    "conference_id": N_("Conference"),
    "category": N_("Category"),
    "states_published": N_("States pledging (published)"),
    "states_recorded": N_("States in the register"),
    "states_recorded_not_policy": N_("Of which beyond policy statements"),
    "states_known": N_("States known to have pledged"),
    "share": N_("Share held"),
}

#: Words of the closed lists these tables show, as messages.
VOCABULARY = (
    N_("curated"),
    N_("processed"),
    N_("printed"),
    N_("override"),
    N_("used"),
    N_("duplicate (not counted)"),
    N_("contributor"),
    N_("mission x contributor"),
    N_("contributor x type"),
    N_("contributor x mission x type"),
    N_("mission totals only"),
    N_("none"),
    N_("IPI per-country files"),
    N_("IPI gender data"),
    N_("IPI mission totals"),
    N_("UN DPO monthly report"),
    N_("country"),
    N_("grand"),
    N_("row"),
    N_("mission"),
    N_("mission_country"),
    N_("type"),
    N_("explained"),
    N_("source_inconsistent"),
    N_("match"),
    N_("all"),
    N_("political"),
    N_("units/troops"),
    N_("rapid deployment"),
    N_("women and gender"),
    N_("medical"),
    N_("other enabling capability"),
    N_("training and capacity building"),
    N_("protection"),
    N_("technology"),
)

#: Source families (folders of the raw sources) by the name of their publication.
FAMILIES = {
    "ipi_providing_for_peacekeeping": N_("IPI Providing for Peacekeeping"),
    "un_dpo_contributions_monthly_pdfs": N_("UN DPO monthly contribution reports"),
}


def _table(df: pd.DataFrame, lang: str, **kwargs: Any):
    return table(df, lang, labels=LABELS, **kwargs)


def _family(values: pd.Series, lang: str) -> pd.Series:
    return values.map(lambda v: gettext(FAMILIES[v], lang) if v in FAMILIES else v)


def _file(path: Any) -> Any:
    return PurePosixPath(str(path)).name if pd.notna(path) else path


def datasets(lang: str):
    """Every dataset with its title, publisher, period and licence."""
    df = quality.catalogue().reset_index()
    return _table(df.assign(kind=terms(df["kind"], lang)), lang)


def _source_status(value: Any, lang: str) -> str:
    text = str(value)
    if text.startswith("duplicate of "):
        original = text.removeprefix("duplicate of ").split(" ")[0]
        return tr("duplicate of {file} (identical bytes)", lang, file=original)
    return gettext(text, lang)


def sources(df: pd.DataFrame, lang: str, max_rows: int):
    """The source files read by the build: layout, month, status and rows."""
    shown = df.assign(
        file=df["file"].map(_file),
        date=pd.to_datetime(df["date"]),
        date_basis=terms(df["date_basis"], lang),
        status=df["status"].map(lambda v: _source_status(v, lang)),
    )
    columns = ["file", "layout", "date", "date_basis", "status", "rows_parsed", "rows_out"]
    return _table(shown[columns], lang, max_rows=max_rows)


def source_summary(df: pd.DataFrame, lang: str):
    """Files and rows per layout and status."""
    summary = quality.source_summary(df)
    return _table(summary.assign(status=terms(summary["status"], lang)), lang)


def coverage(lang: str):
    """Months, rows and detail per source and period."""
    df = quality.coverage()
    return _table(
        df.assign(family=_family(df["family"], lang), grain=terms(df["grain"], lang)), lang
    )


def spans(spans_df: pd.DataFrame, lang: str):
    """Runs of months with the same detail, source and split by sex."""
    df = spans_df.assign(
        grain=terms(spans_df["grain"], lang),
        source=terms(spans_df["source"], lang),
        sex_split=yes_no(spans_df["sex_split"], lang),
    )
    return _table(df[["first", "last", "grain", "source", "sex_split", "months"]], lang)


def notes(cov: pd.DataFrame, lang: str, max_rows: int):
    """Months that carry a sourced note."""
    noted = cov.loc[cov["notes"] != "", ["date", "grain", "notes"]]
    return _table(noted.assign(grain=terms(noted["grain"], lang)), lang, max_rows=max_rows)


def missing_months(lang: str) -> str:
    """A sentence listing the months no source has."""
    months = quality.missing_months()
    if not months:
        return tr("Every month since the series began has a source.", lang)
    return tr(
        "Months no source has: {months}.",
        lang,
        months=", ".join(format_month(m, lang) for m in months),
    )


def reconciliation(lang: str):
    """Printed totals reproduced, explained or inconsistent, per source and level."""
    df = quality.reconciliation_summary().reset_index()
    df.columns.name = None
    return _table(
        df.assign(family=_family(df["family"], lang), level=terms(df["level"], lang)), lang
    )


def exceptions(lang: str, max_rows: int):
    """Printed totals that the rows do not reproduce, with the reason."""
    df = quality.exceptions()
    shown = pd.DataFrame(
        {
            "source": df["source"].map(_file),
            "date": pd.to_datetime(df["date"]),
            "level": terms(df["level"], lang),
            "mission": mission_names(df["mission"], lang),
            "country": df["country"],
            "status": terms(df["status"], lang),
            "printed": df["total"],
            "parsed": df["parsed_total"],
            "difference": df["diff_total"],
            "reason": df["reason"],
            "line": pd.array(df["line"], dtype="Int64"),
        }
    )
    return _table(shown, lang, max_rows=max_rows)


def ipi_overlap(overlap: pd.DataFrame, lang: str):
    """UN reports against IPI's mission totals, month by month."""
    return _table(overlap.assign(date=pd.to_datetime(overlap["date"])), lang)


def ipi_overlap_sentence(overlap: pd.DataFrame, lang: str) -> str:
    """How often the two sources agree, and where they differ."""
    differ = [
        tr("{month}: {missions}", lang, month=pd.Timestamp(r.date), missions=r.differ)
        for r in overlap.itertuples()
        if r.differ
    ]
    sentence = tr(
        "{n} months in both sources; identical mission totals in {equal} of them.",
        lang,
        n=len(overlap),
        equal=int((overlap["equal"] == overlap["missions"]).sum()),
    )
    if differ:
        sentence += " " + tr("Differences: {list}.", lang, list="; ".join(differ))
    return sentence


def corrections(lang: str):
    """The sourced corrections applied to the sources, and how many entries each holds."""
    df = quality.corrections()
    return _table(df.assign(entries=pd.array(df["entries"], dtype="Int64")), lang)


def requirement_papers(papers: pd.DataFrame, lang: str):
    """The UN's requirement papers in the table, and how many rows give a number of units."""
    return _table(papers.assign(cycle=conference_names(papers["cycle"], lang)), lang)


def pledge_classification(pledges: pd.DataFrame, lang: str):
    """Pledge rows by kind of commitment."""
    df = quality.pledge_classification(pledges).reset_index()
    return _table(df, lang)


def unit_sizes(sizes: pd.DataFrame, lang: str):
    """The sourced unit sizes that turn pledged units into personnel."""
    return _table(sizes[["unit_type", "personnel", "notes"]], lang)


def pledge_coverage(coverage_df: pd.DataFrame, lang: str, max_rows: int):
    """How much of each conference the pledge register holds."""
    df = coverage_df.drop(columns=["notes", "source"])
    df = df.assign(
        conference_id=conference_names(df["conference_id"], lang),
        category=terms(df["category"], lang),
    )
    return _table(df, lang, max_rows=max_rows, formats={"conference_id": "text"})


def summary_sentence(papers: pd.DataFrame, pledges: pd.DataFrame, lang: str) -> str:
    """How much the curated requirement and pledge tables hold."""
    return tr(
        "{papers} requirement papers with {rows} rows, {units} of which give a number of "
        "units; {pledges} pledge rows, {named} of which name a capability.",
        lang,
        papers=len(papers),
        rows=int(papers["rows"].sum()),
        units=int(papers["with_units"].sum()),
        pledges=len(pledges),
        named=int(pledges["capability"].astype(str).ne("unspecified").sum()),
    )
