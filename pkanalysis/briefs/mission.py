"""Mission brief: one mission's strength over time, its contributors, women and losses.

Strength comes from the contributor rows where the data split by mission (the UN's monthly
reports from 2015, IPI's contributor data from November 2009) and from IPI's mission totals
before that; each month says which, so a chart never labels IPI's numbers as the UN's.  Months
no source covers are missing, so lines break there.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import figures
from ..i18n import N_, country_name, format_date, format_percent, gettext, tr, trn
from . import common, document
from .document import Fact, Section

#: Where a month's strength comes from, as messages.
STRENGTH_SOURCES = {
    "un": N_("UN monthly reports"),
    "ipi_contributors": N_("IPI contributor data"),
    "ipi_totals": N_("IPI mission totals"),
}


# --- numbers -------------------------------------------------------------------------------------


def strength(
    contributions: pd.DataFrame, totals: pd.DataFrame, mission: str, gaps: bool = False
) -> pd.DataFrame:
    """Uniformed personnel of ``mission`` per month: ``date``, ``total`` and ``source``
    (a key of :data:`STRENGTH_SOURCES`).

    Contributor rows are used where the data split by mission; IPI's mission totals fill the
    months before.  With ``gaps=True`` months between the first and the last that no source
    covers are added with a missing total (for charts).

    Examples
    --------
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2015-01-31"] * 2), "mission": ["X", "X"],
    ...     "total": [3, 4], "source": ["un_dpo_contributions_monthly_pdfs/a.pdf"] * 2})
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-11-30", "2015-01-31"]),
    ...     "mission": ["X", "X"], "total": [6, 8]})
    >>> strength(c, s, "X", gaps=True)[["total", "source"]].values.tolist()
    [[6, 'ipi_totals'], [<NA>, 'none'], [7, 'un']]
    """
    rows = contributions[contributions["mission"] == mission]
    origin = rows["source"].astype(str).str.startswith("ipi_")
    own = (
        rows.assign(source=origin.map({True: "ipi_contributors", False: "un"}))
        .groupby("date", as_index=False)
        .agg(total=("total", "sum"), source=("source", "first"))
    )
    ipi = totals[(totals["mission"] == mission) & ~totals["date"].isin(own["date"])]
    ipi = ipi[["date", "total"]].assign(source="ipi_totals")
    out = pd.concat([ipi, own], ignore_index=True).sort_values("date", ignore_index=True)
    out["total"] = out["total"].astype("Int64")
    if gaps and not out.empty:
        months = pd.date_range(out["date"].min(), out["date"].max(), freq="ME")
        missing = months.difference(pd.DatetimeIndex(out["date"]))
        blank = pd.DataFrame({"date": missing, "total": pd.NA, "source": "none"})
        blank["total"] = blank["total"].astype("Int64")
        out = pd.concat([out, blank], ignore_index=True).sort_values("date", ignore_index=True)
    return out[["date", "total", "source"]]


def contributors(contributions: pd.DataFrame, mission: str) -> pd.DataFrame:
    """Contributors to ``mission`` in its latest month with contributor rows, largest first:
    ``date``, ``contributor_iso3``, ``total``, ``share`` (of the mission's personnel)."""
    rows = contributions[(contributions["mission"] == mission) & (contributions["total"] > 0)]
    if rows.empty:
        return pd.DataFrame(columns=["date", "contributor_iso3", "total", "share"])
    month = rows["date"].max()
    out = rows[rows["date"] == month].groupby("contributor_iso3", as_index=False)["total"].sum()
    out = out[out["total"] > 0].sort_values(["total", "contributor_iso3"], ascending=[False, True])
    out["share"] = out["total"] / out["total"].sum()
    out.insert(0, "date", month)
    return out.reset_index(drop=True)


# --- sentences -----------------------------------------------------------------------------------


def key_facts(
    mission: str,
    missions: pd.DataFrame,
    contributions: pd.DataFrame,
    totals: pd.DataFrame,
    rates: pd.DataFrame | None,
    window: tuple[pd.Timestamp, pd.Timestamp] | None,
    lang: str,
) -> list[Fact]:
    """The key facts of a mission brief, each a sentence in ``lang`` stating its month."""
    label = document.mission_label(mission, lang)
    row = missions.set_index("mission").loc[mission]
    facts: list[Fact] = []
    start, end = row["start_date"], row["end_date"]
    if pd.notna(start):
        if pd.notna(end):
            text = tr(
                "{mission} ran from {start} to {end}.", lang, mission=label,
                start=format_date(start, lang), end=format_date(end, lang),
            )  # fmt: skip
        else:
            text = tr(
                "{mission} has been deployed since {start}.", lang, mission=label,
                start=format_date(start, lang),
            )  # fmt: skip
        facts.append(Fact("dates", text, None, {"start": start, "end": end}))
    s = strength(contributions, totals, mission)
    s = s[s["total"] > 0]  # months after a closure can carry rows of zero
    if not s.empty:
        last = s.iloc[-1]
        n, month = int(last["total"]), last["date"]
        if month == contributions["date"].max():
            text = trn(
                "{mission} had {n} uniformed person in {month}.",
                "{mission} had {n} uniformed personnel in {month}.",
                n, lang, mission=label, month=month,
            )  # fmt: skip
        else:
            text = trn(
                "{mission} had {n} uniformed person in {month}, the last month recorded.",
                "{mission} had {n} uniformed personnel in {month}, the last month recorded.",
                n, lang, mission=label, month=month,
            )  # fmt: skip
        facts.append(Fact("latest", text, month, {"month": month, "total": n}))
        top = s.loc[s["total"].idxmax()]
        facts.append(
            Fact(
                "peak",
                trn(
                    "Its largest strength was {n} person, in {month}.",
                    "Its largest strength was {n} uniformed personnel, in {month}.",
                    int(top["total"]),
                    lang,
                    month=top["date"],
                ),
                top["date"],
                {"month": top["date"], "total": int(top["total"])},
            )
        )
    c = contributors(contributions, mission)
    if not c.empty:
        first = c.iloc[0]
        facts.append(
            Fact(
                "contributors",
                trn(
                    "{n} state contributed uniformed personnel in {month}: {state} ({total}, "
                    "{share}).",
                    "{n} states contributed uniformed personnel in {month}; the largest "
                    "contingent came from {state} ({total}, {share}).",
                    len(c),
                    lang,
                    month=first["date"],
                    state=country_name(first["contributor_iso3"], lang),
                    total=int(first["total"]),
                    share=format_percent(first["share"], lang),
                ),
                first["date"],
                {
                    "month": first["date"],
                    "states": len(c),
                    "largest": first["contributor_iso3"],
                    "total": int(first["total"]),
                },
            )  # fmt: skip
        )
    w = common.latest_women(contributions[contributions["mission"] == mission])
    if w is not None:
        facts.append(common.women_fact(w, lang))
    f = common.all_causes(rates, "mission", mission)
    if f is not None and window is not None:
        facts.append(common.fatality_fact(f, window, lang))
    return facts


# --- the brief -----------------------------------------------------------------------------------


@dataclass
class MissionBrief:
    """Everything a mission brief shows, computed once from the loaded tables."""

    mission: str
    lang: str
    missions: pd.DataFrame
    contributions: pd.DataFrame
    totals: pd.DataFrame
    fatality_rows: pd.DataFrame
    conferences: pd.DataFrame

    def __post_init__(self) -> None:
        from .. import fatalities

        self.window = common.fatality_window(self.fatality_rows, self.contributions)
        try:
            self.rates = fatalities.rates(
                self.fatality_rows, self.contributions, by="mission",
                start=self.window[0], end=self.window[1],
            )  # fmt: skip
        except ValueError:  # no contributions in the window at all
            self.rates = None

    @property
    def label(self) -> str:
        return document.mission_label(self.mission, self.lang)

    @property
    def long_name(self) -> str:
        from ..i18n import mission_name

        return mission_name(self.mission, self.lang, long=True)

    def title(self) -> str:
        return tr("Mission brief: {mission}", self.lang, mission=self.label)

    def key_facts(self) -> list[Fact]:
        return key_facts(
            self.mission, self.missions, self.contributions, self.totals, self.rates,
            self.window, self.lang,
        )  # fmt: skip

    def show_header(self) -> None:
        subtitle = f"{self.long_name}. {document.data_line(self.contributions, self.lang)}"
        document.show_html(document.header_html(self.title(), subtitle))

    def show_key_facts(self) -> None:
        document.show_html(document.key_facts_html(self.key_facts(), self.lang))

    def strength_section(self) -> Section:
        """Strength per month, coloured by source, with gaps as breaks."""
        lang = self.lang
        s = strength(self.contributions, self.totals, self.mission, gaps=True)
        document.save_table(s.assign(mission=self.mission), f"{self.mission}_strength")
        shown = s[s["source"] != "none"].copy()
        shown["total"] = shown["total"].astype("Float64")
        observed = shown[shown["total"].fillna(0) > 0]
        top = observed.loc[observed["total"].idxmax()]
        last = observed.iloc[-1]
        fig, _ = figures.line_chart(
            shown, x="date", y="total", source_col="source",
            labels={key: gettext(text, lang) for key, text in STRENGTH_SOURCES.items()},
            title=tr("{mission}: uniformed personnel per month", lang, mission=self.label),
            subtitle=tr("Peak: {n} in {month}", lang, n=int(top["total"]), month=top["date"]),
            source=figures.source_line("contributions", "mission_strength", lang=lang),
            lang=lang, unit=gettext("Uniformed personnel", lang), events=self.conferences,
        )  # fmt: skip
        files = figures.save(fig, f"{self.mission}_strength")
        gaps = int((s["source"] == "none").sum())
        reading = tr(
            "{mission} is recorded in {months} months from {first} to {last}. Its strength "
            "peaked at {peak} in {peak_month}; in {last} it was {latest}.",
            lang,
            mission=self.label,
            months=int(len(observed)),
            first=observed["date"].min(),
            last=last["date"],
            peak=int(top["total"]),
            peak_month=top["date"],
            latest=int(last["total"]),
        )
        if gaps:
            reading += " " + trn(
                "No source covers {n} month in between; the line breaks there.",
                "No source covers {n} months in between; the line breaks there.",
                gaps,
                lang,
            )
        yearly = observed.assign(year=observed["date"].dt.year)
        table = yearly.groupby("year", as_index=False).agg(
            mean=("total", "mean"), peak=("total", "max"), months=("total", "size")
        )
        table["mean"] = table["mean"].astype(float).round(0)
        gt = document.table(
            table.tail(12), lang,
            labels={"mean": N_("Average per month"), "peak": N_("Largest month"),
                    "months": N_("Months recorded")},
            formats={"year": "text"},
        )  # fmt: skip
        return Section(gettext("Uniformed personnel per month", lang), reading, gt, fig, files)

    def contributors_section(self) -> Section:
        """The largest contingents in the latest month with contributor rows."""
        lang = self.lang
        c = contributors(self.contributions, self.mission)
        document.save_table(c, f"{self.mission}_contributors")
        heading = gettext("Contributors", lang)
        if c.empty:
            reading = tr(
                "No contributor rows are recorded for {mission}: IPI's mission totals, which "
                "cover it, do not split by state.",
                lang,
                mission=self.label,
            )
            return Section(heading, reading, None)
        month = c["date"].iloc[0]
        top = c.head(15).copy()
        top["name"] = top["contributor_iso3"].map(lambda x: country_name(x, lang))
        fig, _ = figures.bar_chart(
            top, x="name", y="total",
            title=tr("{mission}: largest contingents, {month}", lang, mission=self.label,
                     month=month),
            source=figures.source_line("contributions", lang=lang),
            label=gettext("Uniformed personnel", lang),
            lang=lang,
        )  # fmt: skip
        files = figures.save(fig, f"{self.mission}_contributors")
        five = float(c["share"].head(5).sum())
        reading = trn(
            "In {month}, {n} state contributed uniformed personnel to {mission} ({share} of its "
            "personnel).",
            "In {month}, {n} states contributed uniformed personnel to {mission}; the five "
            "largest contingents made up {share} of its personnel.",
            len(c),
            lang,
            month=month,
            mission=self.label,
            share=format_percent(five, lang),
        )
        gt = document.table(
            c[["contributor_iso3", "total", "share"]], lang, max_rows=15,
            labels={"share": N_("Share of the mission's personnel")},
        )  # fmt: skip
        return Section(tr("Contributors in {month}", lang, month=month), reading, gt, fig, files)

    def women_section(self) -> Section:
        """Women's share per year (figure and the table of the last ten years)."""
        rows = self.contributions[self.contributions["mission"] == self.mission]
        return common.women_section(
            rows, self.label, self.mission, self.lang, common.parity_targets()
        )

    def fatalities_section(self) -> Section:
        """Deaths per 1,000 personnel-years by cause, with exact 95% intervals."""
        return common.fatalities_section(
            self.rates, "mission", self.mission, self.label, self.window, self.lang
        )


def build(mission: str, lang: str = "en") -> MissionBrief:
    """Check the parameters and load what a mission brief needs.

    Raises
    ------
    ValueError
        For a mission without data (naming close valid ones) or an unknown language.
    """
    import pkanalysis as pk

    from . import subjects

    lang = subjects.check_lang(lang)
    missions = pk.load_missions()
    mission = subjects.check_mission(mission, missions)
    return MissionBrief(
        mission, lang, missions, pk.load_contributions(), pk.load_mission_strength(),
        pk.load_fatalities(), pk.load_conferences(),
    )  # fmt: skip
