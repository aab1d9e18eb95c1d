"""What country and mission briefs share: women among the personnel, and fatality rates.

Both are computed from the rows of one subject (a state's rows, a mission's rows) and stated
with ``{subject}`` standing for its name in the brief's language, so the two briefs say them
the same way.
"""

from __future__ import annotations

import pandas as pd

from .. import figures
from ..i18n import N_, format_number, format_percent, gettext, tr, trn
from . import document
from .document import Fact, Section

#: Fatality rates are computed from this month (the UN's own reports, split by mission).
FATALITY_START = "2015-01"

#: Causes of death as :mod:`pkanalysis.fatalities` names them, as messages.
CAUSES = {
    "malicious act": N_("malicious act"),
    "illness": N_("illness"),
    "accident": N_("accident"),
    "other": N_("other"),
    "all causes": N_("all causes"),
}


# --- women ---------------------------------------------------------------------------------------


def latest_women(rows: pd.DataFrame) -> dict | None:
    """Women among ``rows``' personnel in their latest month that splits by sex.

    Examples
    --------
    >>> rows = pd.DataFrame({"date": pd.to_datetime(["2023-10-31", "2023-11-30", "2023-11-30"]),
    ...     "female": pd.array([5, 60, None], dtype="Int64"), "total": [50, 600, 10]})
    >>> w = latest_women(rows)
    >>> (w["female"], w["total"], round(w["share"], 2))
    (60, 600, 0.1)
    """
    split = rows[rows["female"].notna()]
    if split.empty:
        return None
    month = split["date"].max()
    last = split[split["date"] == month]
    total, female = int(last["total"].sum()), int(last["female"].sum())
    if total <= 0:
        return None
    return {"month": month, "female": female, "total": total, "share": female / total}


def women_fact(w: dict, lang: str) -> Fact:
    """The key fact on women, stating its month."""
    text = tr(
        "Women were {share} of its uniformed personnel in {month} ({women} of {total}).",
        lang,
        share=format_percent(w["share"], lang),
        month=w["month"],
        women=w["female"],
        total=w["total"],
    )
    return Fact("women", text, w["month"], w)


#: The Uniformed Gender Parity Strategy's categories (:data:`pkanalysis.parity.CATEGORIES`).
CATEGORY_NAMES = {
    "troops": N_("military contingents"),
    "staff officers and military observers": N_("staff officers and military observers"),
    "formed police units": N_("formed police units"),
    "individual police": N_("individual police officers"),
}


def parity_targets() -> pd.DataFrame:
    """The strategy's sourced targets (:func:`pkanalysis.load_parity_targets`)."""
    import pkanalysis as pk

    return pk.load_parity_targets()


def category_against_target(rows: pd.DataFrame, targets: pd.DataFrame) -> dict | None:
    """The subject's largest strategy category in its latest year with a sex split, the share
    of women in it, and the strategy's target for that category and year (missing where no
    source gives one).

    ``targets`` is :func:`pkanalysis.load_parity_targets`.
    """
    from .. import parity

    shares = parity.category_share(rows)
    if shares.empty:
        return None
    year = int(shares["year"].max())
    last = shares[shares["year"] == year].sort_values("total", ascending=False).iloc[0]
    wanted = parity.category_targets(targets)
    hit = wanted[(wanted["year"] == year) & (wanted["category"] == last["category"])]
    return {
        "year": year,
        "category": str(last["category"]),
        "female": int(last["female"]),
        "total": int(last["total"]),
        "share": float(last["share"]),
        "target": float(hit["target"].iloc[0]) if len(hit) else None,
    }


def women_section(
    rows: pd.DataFrame, subject: str, stem: str, lang: str, targets: pd.DataFrame
) -> Section:
    """Share of women per year and strategy category: figure, reading (the largest category
    against its target where one is sourced) and the table of the last ten years, all types.

    ``rows`` are the subject's contributor rows; ``stem`` names the files written.
    """
    from .. import parity

    shares = parity.female_share(rows, by=[])
    document.save_table(shares, f"{stem}_women_by_year")
    heading = gettext("Women among uniformed personnel", lang)
    if shares.empty:
        reading = tr("No month of the data splits the personnel of {subject} by sex.", lang,
                     subject=subject)  # fmt: skip
        return Section(heading, reading, None)
    end = rows.loc[rows["female"].notna(), "date"].max()
    by_category = parity.category_share(rows)
    wanted = parity.category_targets(targets)[["year", "category", "target"]]
    by_category = by_category.merge(wanted, on=["year", "category"], how="left")
    label = gettext("Category", lang)
    by_category[label] = by_category["category"].map(
        lambda c: gettext(CATEGORY_NAMES[str(c)], lang)
    )
    fig, _ = figures.line_chart(
        by_category, x="year", y="share", hue=label,
        title=tr("{subject}: share of women among uniformed personnel", lang, subject=subject),
        subtitle=gettext("Per year and category of the Uniformed Gender Parity Strategy", lang),
        source=figures.source_line("contributions", lang=lang),
        yformat="percent", lang=lang, unit=gettext("Share of women", lang),
        target="target", target_label=gettext("strategy target", lang),
    )  # fmt: skip
    files = figures.save(fig, f"{stem}_women")
    last, first = shares.iloc[-1], shares.iloc[0]
    reading = tr(
        "Women were {share} of the personnel-months of {subject} in {year} ({women} of "
        "{total}), against {first_share} in {first_year}, the first year the data split by sex.",
        lang,
        share=format_percent(last["share"], lang),
        subject=subject,
        year=document.year_label(int(last["year"]), end, lang),
        women=int(last["female"]),
        total=int(last["total"]),
        first_share=format_percent(first["share"], lang),
        first_year=str(int(first["year"])),
    )
    c = category_against_target(rows, targets)
    if c is not None and c["target"] is not None:
        reading += " " + tr(
            "In its largest category, {category}, women were {share} in {year}; the strategy's "
            "target for {target_year} is {target}.",
            lang,
            category=gettext(CATEGORY_NAMES[c["category"]], lang),
            share=format_percent(c["share"], lang),
            target=format_percent(c["target"], lang, decimals=0),
            year=document.year_label(c["year"], end, lang),
            target_year=str(c["year"]),
        )
    elif c is not None:
        reading += " " + tr(
            "No sourced target of the strategy covers its largest category, {category}, in {year}.",
            lang,
            category=gettext(CATEGORY_NAMES[c["category"]], lang),
            year=str(c["year"]),
        )
    shown = shares[["year", "female", "total", "share"]].tail(10).copy()
    shown["year"] = shown["year"].map(lambda y: document.year_label(int(y), end, lang))
    gt = document.table(
        shown, lang,
        labels={"female": N_("Women (person-months)"), "total": N_("All (person-months)")},
        formats={"year": "text"},
    )  # fmt: skip
    return Section(heading, reading, gt, fig, files)


# --- fatalities ----------------------------------------------------------------------------------


def fatality_window(fatalities: pd.DataFrame, contributions: pd.DataFrame) -> tuple:
    """From :data:`FATALITY_START` to the last December both tables cover."""
    last = min(fatalities["incident_date"].max(), contributions["date"].max())
    end = last if last.month == 12 and last.is_month_end else pd.Timestamp(last.year - 1, 12, 31)
    return pd.Timestamp(FATALITY_START + "-01"), end


def all_causes(rates: pd.DataFrame | None, column: str, value: str) -> dict | None:
    """Deaths, personnel-years and rate of all causes for one group of ``fatalities.rates``."""
    if rates is None:
        return None
    row = rates[(rates[column] == value) & (rates["cause"] == "all causes")]
    if row.empty:
        return None
    r = row.iloc[0]
    return {
        "fatalities": int(r["fatalities"]),
        "personnel_years": float(r["personnel_years"]),
        "rate": float(r["rate"]),
    }


def fatality_fact(f: dict, window: tuple, lang: str) -> Fact:
    """The key fact on deaths, with the rate's unit and the months it covers."""
    text = trn(
        "From {start} to {end}, {n} of its uniformed personnel died in UN operations: {rate} "
        "deaths per 1,000 personnel-years.",
        "From {start} to {end}, {n} of its uniformed personnel died in UN operations: {rate} "
        "deaths per 1,000 personnel-years.",
        f["fatalities"],
        lang,
        start=window[0],
        end=window[1],
        rate=format_number(f["rate"], lang, decimals=2),
    )
    return Fact("fatalities", text, window[1], {**f, "start": window[0], "end": window[1]})


def fatalities_section(
    rates: pd.DataFrame | None, column: str, value: str, subject: str, window: tuple, lang: str
) -> Section:
    """Deaths per 1,000 personnel-years by cause, with exact 95% intervals."""
    heading = gettext("Fatalities", lang)
    f = all_causes(rates, column, value)
    if f is None:
        reading = tr(
            "{subject} has no uniformed personnel recorded from {start} to {end}, so no rate "
            "can be computed.",
            lang,
            subject=subject,
            start=window[0],
            end=window[1],
        )
        return Section(heading, reading, None)
    mine = rates[rates[column] == value].drop(columns=column)
    document.save_table(mine, f"{value}_fatality_rates")
    reading = trn(
        "From {start} to {end}, {n} uniformed member of the personnel of {subject} died in UN "
        "operations, over {years} personnel-years: {rate} deaths per 1,000 personnel-years. The "
        "intervals are exact 95% Poisson intervals.",
        "From {start} to {end}, {n} uniformed members of the personnel of {subject} died in UN "
        "operations, over {years} personnel-years: {rate} deaths per 1,000 personnel-years. The "
        "intervals are exact 95% Poisson intervals.",
        f["fatalities"],
        lang,
        start=window[0],
        end=window[1],
        subject=subject,
        years=round(f["personnel_years"]),
        rate=format_number(f["rate"], lang, decimals=2),
    )
    return Section(heading, reading, rate_table(mine, lang))


def rate_table(rates: pd.DataFrame, lang: str):
    """A fatality-rate table with its units in the headers."""
    shown = rates[["cause", "fatalities", "personnel_years", "rate", "ci_low", "ci_high"]].copy()
    shown["cause"] = shown["cause"].astype(str).map(lambda c: gettext(CAUSES[c], lang))
    return document.table(
        shown, lang,
        labels={"cause": N_("Cause"), "fatalities": N_("Deaths"),
                "personnel_years": N_("Personnel-years"),
                "rate": N_("Deaths per 1,000 personnel-years"),
                "ci_low": N_("95% interval, low"), "ci_high": N_("95% interval, high")},
        formats={"cause": "text"},
        decimals={"personnel_years": 0, "rate": 2, "ci_low": 2, "ci_high": 2},
    )  # fmt: skip
