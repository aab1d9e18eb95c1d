"""The gender-parity report: shares of women against the strategy's targets, in words."""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, format_number, format_percent, gettext, term, tr
from ..tables import table
from .names import country_names
from .text import terms, yes_no

#: The Uniformed Gender Parity Strategy's categories, as messages.
CATEGORIES = (
    N_("troops"),
    N_("staff officers and military observers"),
    N_("formed police units"),
    N_("individual police"),
)
MEASURES = {"annual": N_("annual average"), "december": N_("December report")}

LABELS: dict[str, str] = {
    "category": N_("Category"),
    "personnel_type": N_("Personnel type"),
    "contributor_iso3": N_("Contributor"),
    "year": N_("Year"),
    "share": N_("Share of women"),
    "share_annual": N_("Share of women, annual average"),
    "share_december": N_("Share of women, December"),
    "target": N_("Target of the year"),
    "end_target": N_("Target for 2028"),
    "gap": N_("Gap to the target (points)"),
    "end_gap": N_("Gap to the 2028 target (points)"),
    "met": N_("Target met"),
    "women": N_("Women (monthly mean)"),
    "personnel": N_("Personnel (monthly mean)"),
    "meeting": N_("Contributors meeting the target"),
    "contributors": N_("Contributors assessed"),
    "source": N_("Source"),
}


def _counts(measure: str) -> dict[str, str]:
    if measure == "annual":
        return {"female": N_("Women (person-months)"), "total": N_("Personnel (person-months)")}
    return {"female": N_("Women"), "total": N_("Uniformed personnel")}


def _points(values: pd.Series) -> pd.Series:
    """Shares' differences as percentage points (0.072 -> 7.2)."""
    return pd.to_numeric(values, errors="coerce") * 100


def _shown(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = df.copy()
    if "category" in out:
        out["category"] = terms(out["category"].astype(object), lang)
    if "personnel_type" in out:
        out["personnel_type"] = out["personnel_type"].map(lambda v: term(v, lang))
    if "contributor_iso3" in out:
        out["contributor_iso3"] = country_names(out["contributor_iso3"].astype(object), lang)
    if "met" in out:
        out["met"] = yes_no(out["met"], lang)
    for column in ("gap", "end_gap"):
        if column in out:
            out[column] = _points(out[column])
    return out


def _table(df: pd.DataFrame, lang: str, measure: str = "december", **kwargs):
    # The strategy's final year (2028 in the curated targets) is named in the headers.
    df = df.drop(columns=["end_year"], errors="ignore")
    formats = {c: "text" for c in ("category", "personnel_type", "contributor_iso3") if c in df}
    formats.update(
        {c: "percent" for c in ("target", "end_target", "share_annual", "share_december")}
    )
    return table(
        _shown(df, lang),
        lang,
        labels={**LABELS, **_counts(measure)},
        formats={c: f for c, f in formats.items() if c in df},
        decimals={
            "gap": 1,
            "end_gap": 1,
            "women": 0,
            "personnel": 0,
            "target": 0,
            "end_target": 0,
        },
        **kwargs,
    )


def by_category(df: pd.DataFrame, measure: str, lang: str):
    """Share of women per strategy category against the targets."""
    return _table(df.drop(columns=["year", "measure"]), lang, measure)


def category_sentences(df: pd.DataFrame, year: int, measure: str, lang: str) -> list[str]:
    """One sentence per category: the share of women, the year's target, the 2028 target."""
    out = []
    for row in df.itertuples():
        values = dict(
            year=str(year),
            measure=gettext(MEASURES[measure], lang),
            category=gettext(str(row.category), lang),
            share=format_percent(row.share, lang),
            target_2028=format_percent(row.end_target, lang, decimals=0),
        )
        if pd.notna(row.target):
            out.append(
                tr(
                    "{year} ({measure}): women were {share} of {category}; target {target}, "
                    "2028 target {target_2028}.",
                    lang,
                    target=format_percent(row.target, lang, decimals=0),
                    **values,
                )
            )
        else:
            out.append(
                tr(
                    "{year} ({measure}): women were {share} of {category}; no target is sourced "
                    "for {year}; 2028 target {target_2028}.",
                    lang,
                    **values,
                )
            )
    return out


def both_measures(annual: pd.DataFrame, december: pd.DataFrame, year: int, lang: str):
    """The annual and December shares of the last five years side by side."""
    both = annual.merge(december, on=["year", "category"], suffixes=("_annual", "_december"))
    shown = both[both["year"].between(year - 4, year)][
        ["year", "category", "share_annual", "share_december"]
    ]
    return _year_table(shown, lang)


def _year_table(df: pd.DataFrame, lang: str):
    # A year is a label, not a quantity: no thousands separator.
    return _table(df.assign(year=df["year"].astype(str)), lang)


def targets(df: pd.DataFrame, lang: str):
    """The sourced targets (no interpolation)."""
    return _year_table(df, lang)


def meeting(df: pd.DataFrame, year: int, lang: str) -> tuple[str | None, object | None]:
    """Contributors meeting the year's target: a table by category and one of those meeting it.

    Returns a sentence instead of tables when no target is sourced for ``year``.
    """
    if df.empty:
        return tr("No target is sourced for {year}: no contributor can be said to meet it.",
                  lang, year=str(year)), None  # fmt: skip
    counts = (
        df.groupby("category", observed=True)["met"]
        .agg(meeting="sum", contributors="size")
        .reset_index()
    )
    return None, (_table(counts, lang), _year_table(df[df["met"]], lang))


def top_women(df: pd.DataFrame, lang: str):
    """The contributors with the most women, or the highest share of women."""
    return _table(df, lang)


def chart_names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Contributors as names and categories in words, for a chart's axis and legend."""
    out = df.copy()
    if "contributor_iso3" in out:
        out["contributor_iso3"] = country_names(out["contributor_iso3"].astype(object), lang)
    if "category" in out:
        out["category"] = terms(out["category"].astype(object), lang)
    return out


def with_2028_targets(shares: pd.DataFrame, by_category: pd.DataFrame, lang: str):
    """Shares per category and year with each category's 2028 target, named for a chart."""
    targets = by_category[["category", "end_target"]].astype({"category": object})
    merged = shares.astype({"category": object}).merge(targets, on="category", how="left")
    return chart_names(merged, lang)


def target_2028(per_type: pd.DataFrame) -> float | None:
    """The 2028 target of the rows' personnel type (one value), or None if none is sourced."""
    values = pd.to_numeric(per_type["end_target"], errors="coerce").dropna().unique()
    return float(values[0]) if len(values) else None


def gaps(df: pd.DataFrame, lang: str):
    """Share of women against the targets, per personnel type or contributor."""
    return _year_table(df, lang)


def type_sentence(overall: pd.DataFrame, personnel_type: str, year: int, lang: str) -> str:
    """The share of women of one personnel type, and its distance to the 2028 target."""
    row = overall.set_index("personnel_type").loc[personnel_type]
    values = dict(
        year=str(year),
        share=format_percent(row["share"], lang),
        type=term(personnel_type, lang).lower(),
        target=format_percent(row["end_target"], lang, decimals=0),
        gap=format_number(abs(row["end_gap"]) * 100, lang, decimals=1),
    )
    if row["end_gap"] > 0:
        return tr(
            "In {year} women were {share} of {type}, {gap} points short of the 2028 target of "
            "{target}.",
            lang,
            **values,
        )
    return tr(
        "In {year} women were {share} of {type}, {gap} points above the 2028 target of {target}.",
        lang,
        **values,
    )
