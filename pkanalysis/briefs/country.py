"""Country brief: one member state's uniformed personnel, missions, women, pledges and losses.

The numbers are computed by the functions below from the frames they are given (so tests can
hand them small frames); :func:`key_facts` turns them into sentences in the brief's language,
each stating its month.  :class:`CountryBrief` loads the data once and builds the sections the
``country_brief`` notebook shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import figures, trends
from ..i18n import N_, country_name, format_percent, gettext, term, tr, trn
from . import common, document
from .document import Fact, Section

# --- numbers -------------------------------------------------------------------------------------


def monthly_totals(contributions: pd.DataFrame, iso3: str) -> pd.Series:
    """Uniformed personnel of ``iso3`` per month (months it has rows for), indexed by date."""
    mine = contributions[contributions["contributor_iso3"] == iso3]
    return mine.groupby("date")["total"].sum().astype(int).sort_index()


def standing(contributions: pd.DataFrame, iso3: str, month: pd.Timestamp | None = None) -> dict:
    """``iso3``'s uniformed personnel in ``month`` (default: the latest month of the data), its
    rank among the states that deployed anyone then (1 = largest; ties share a rank), and
    how many states deployed anyone.

    Examples
    --------
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2023-11-30"] * 4),
    ...     "contributor_iso3": ["NPL", "NPL", "IND", "FJI"], "total": [6000, 247, 6000, 0]})
    >>> s = standing(c, "NPL")
    >>> (s["total"], s["rank"], s["contributors"])
    (6247, 1, 2)
    """
    month = contributions["date"].max() if month is None else month
    rows = contributions[contributions["date"] == month]
    sizes = rows.groupby("contributor_iso3")["total"].sum()
    sizes = sizes[sizes > 0]
    total = int(sizes.get(iso3, 0))
    rank = int((sizes > total).sum()) + 1 if total else None
    return {"month": month, "total": total, "rank": rank, "contributors": int(len(sizes))}


def peak(totals: pd.Series) -> dict:
    """The largest monthly total and its (first) month."""
    month = totals.idxmax()
    return {"month": month, "total": int(totals.loc[month])}


def largest_type(contributions: pd.DataFrame, iso3: str, month: pd.Timestamp) -> dict | None:
    """The personnel type with most of ``iso3``'s personnel in ``month``, and its share."""
    rows = contributions[
        (contributions["contributor_iso3"] == iso3) & (contributions["date"] == month)
    ]
    by_type = rows.groupby("personnel_type", observed=True)["total"].sum()
    if by_type.sum() <= 0:
        return None
    name = by_type.idxmax()
    return {
        "month": month,
        "personnel_type": str(name),
        "total": int(by_type.loc[name]),
        "of": int(by_type.sum()),
        "share": float(by_type.loc[name] / by_type.sum()),
    }


def missions(contributions: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """``iso3``'s personnel per mission in its latest month split by mission, largest first:
    ``mission``, ``total``, ``share`` (of the state's personnel in missions that month) and
    ``date``."""
    mine = contributions[
        (contributions["contributor_iso3"] == iso3) & contributions["mission"].notna()
    ]
    if mine.empty:
        return pd.DataFrame(columns=["date", "mission", "total", "share"])
    month = mine["date"].max()
    out = mine[mine["date"] == month].groupby("mission", as_index=False)["total"].sum()
    out = out[out["total"] > 0].sort_values(["total", "mission"], ascending=[False, True])
    out["share"] = out["total"] / out["total"].sum()
    out.insert(0, "date", month)
    return out.reset_index(drop=True)


def pledge_summary(pledges: pd.DataFrame, conferences: pd.DataFrame, iso3: str) -> dict:
    """How many pledge rows the register holds for ``iso3``, at how many conferences, and the
    latest of them."""
    mine = pledges[pledges["pledger_iso3"] == iso3]
    if mine.empty:
        return {"rows": 0, "conferences": 0, "latest": None}
    dates = conferences.set_index("conference_id")["start_date"]
    held = mine["conference_id"].drop_duplicates()
    latest = max(held, key=lambda c: dates[c])
    return {"rows": int(len(mine)), "conferences": int(held.size), "latest": latest}


def conference_count(n: int, lang: str) -> str:
    """ "1 conference" / "5 conferences" in ``lang``."""
    return trn("{n} conference", "{n} conferences", n, lang)


# --- sentences -----------------------------------------------------------------------------------


def standing_sentence(name: str, s: dict, totals: pd.Series, lang: str) -> Fact:
    """The first key fact: personnel in the latest month and the rank among contributors."""
    if s["total"] == 0:
        deployed = totals[totals > 0]
        if deployed.empty:
            text = tr("{name} has no uniformed personnel recorded.", lang, name=name)
            return Fact("latest", text, s["month"], s)
        last = deployed.index.max()
        text = trn(
            "{name} deployed no uniformed personnel in {month}; the last month with any was "
            "{last} ({n} person).",
            "{name} deployed no uniformed personnel in {month}; the last month with any was "
            "{last} ({n} personnel).",
            int(deployed.loc[last]),
            lang,
            name=name,
            month=s["month"],
            last=last,
        )
        return Fact("latest", text, s["month"], {**s, "last": last})
    if s["rank"] == 1:
        text = trn(
            "{name} deployed {n} uniformed personnel in {month}, the largest contribution of "
            "any state.",
            "{name} deployed {n} uniformed personnel in {month}, the largest contribution of "
            "any state.",
            s["total"],
            lang,
            name=name,
            month=s["month"],
        )
    else:
        text = trn(
            "{name} deployed {n} uniformed personnel in {month}, rank {rank} of {states} "
            "contributing states.",
            "{name} deployed {n} uniformed personnel in {month}, rank {rank} of {states} "
            "contributing states.",
            s["total"],
            lang,
            name=name,
            month=s["month"],
            rank=s["rank"],
            states=s["contributors"],
        )
    return Fact("latest", text, s["month"], s)


def key_facts(
    iso3: str,
    contributions: pd.DataFrame,
    pledges: pd.DataFrame,
    conferences: pd.DataFrame,
    rates: pd.DataFrame | None,
    window: tuple[pd.Timestamp, pd.Timestamp] | None,
    lang: str,
) -> list[Fact]:
    """The key facts of a country brief, each a sentence in ``lang`` stating its month.

    ``rates`` is ``fatalities.rates(..., by="contributor_iso3", start, end)`` over ``window``.
    """
    name = country_name(iso3, lang)
    totals = monthly_totals(contributions, iso3)
    s = standing(contributions, iso3)
    facts = [standing_sentence(name, s, totals, lang)]
    if not totals.empty and totals.max() > 0:
        p = peak(totals)
        facts.append(
            Fact(
                "peak",
                trn(
                    "Its largest deployment was {n} person, in {month}.",
                    "Its largest deployment was {n} uniformed personnel, in {month}.",
                    p["total"],
                    lang,
                    month=p["month"],
                ),
                p["month"],
                p,
            )
        )
    kind = largest_type(contributions, iso3, s["month"]) if s["total"] else None
    if kind is not None:
        facts.append(
            Fact(
                "largest_type",
                tr(
                    "Largest category in {month}: {type}, {n} of {total} ({share}).",
                    lang,
                    month=kind["month"],
                    type=term(kind["personnel_type"], lang),
                    n=kind["total"],
                    total=kind["of"],
                    share=format_percent(kind["share"], lang),
                ),
                kind["month"],
                kind,
            )
        )
    w = common.latest_women(contributions[contributions["contributor_iso3"] == iso3])
    if w is not None:
        facts.append(common.women_fact(w, lang))
    m = missions(contributions, iso3)
    if not m.empty:
        top = m.iloc[0]
        values = {"month": top["date"], "missions": len(m), "mission": top["mission"],
                  "total": int(top["total"])}  # fmt: skip
        facts.append(
            Fact(
                "missions",
                trn(
                    "It served in {n} mission in {month}: {mission} ({total}).",
                    "It served in {n} missions in {month}; the largest contingent was in "
                    "{mission} ({total}).",
                    len(m),
                    lang,
                    month=top["date"],
                    mission=document.mission_label(top["mission"], lang),
                    total=int(top["total"]),
                ),
                top["date"],
                values,
            )
        )
    ps = pledge_summary(pledges, conferences, iso3)
    if ps["rows"]:
        text = trn(
            "The pledge register holds {n} pledge, made at {held}: {latest}.",
            "The pledge register holds {n} pledges made at {held}, the latest at {latest}.",
            ps["rows"],
            lang,
            held=conference_count(ps["conferences"], lang),
            latest=document.conference_label(ps["latest"], conferences, lang),
        )
    else:
        text = gettext("The pledge register records no pledge by this state.", lang)
    facts.append(Fact("pledges", text, None, ps))
    f = common.all_causes(rates, "contributor_iso3", iso3)
    if f is not None and window is not None:
        facts.append(common.fatality_fact(f, window, lang))
    return facts


# --- the brief -----------------------------------------------------------------------------------


@dataclass
class CountryBrief:
    """Everything a country brief shows, computed once from the loaded tables."""

    iso3: str
    lang: str
    contributions: pd.DataFrame
    conferences: pd.DataFrame
    pledges: pd.DataFrame
    fatalities: pd.DataFrame
    coverage: pd.DataFrame

    @property
    def name(self) -> str:
        return country_name(self.iso3, self.lang)

    @property
    def mine(self) -> pd.DataFrame:
        return self.contributions[self.contributions["contributor_iso3"] == self.iso3]

    def title(self) -> str:
        return tr("Country brief: {name}", self.lang, name=self.name)

    def rates(self) -> tuple[pd.DataFrame, tuple]:
        from .. import fatalities

        window = common.fatality_window(self.fatalities, self.contributions)
        rates = fatalities.rates(
            self.fatalities, self.contributions, by="contributor_iso3",
            start=window[0], end=window[1],
        )  # fmt: skip
        return rates, window

    def key_facts(self) -> list[Fact]:
        rates, window = self._rates
        return key_facts(
            self.iso3, self.contributions, self.pledges, self.conferences, rates, window,
            self.lang,
        )  # fmt: skip

    def __post_init__(self) -> None:
        self._rates = self.rates()

    # --- display

    def show_header(self) -> None:
        """Title and data line."""
        document.show_html(
            document.header_html(self.title(), document.data_line(self.contributions, self.lang))
        )

    def show_key_facts(self) -> None:
        document.show_html(document.key_facts_html(self.key_facts(), self.lang))

    # --- sections

    def deployments_section(self) -> Section:
        """Personnel per month by type (figure), the reading, and the table by cycle."""
        lang, mine = self.lang, self.mine
        label = gettext("Personnel type", lang)
        monthly = trends.monthly(mine, by="personnel_type", gaps=True, coverage=self.coverage)
        monthly[label] = document.translated(monthly, "personnel_type", lang)
        totals = monthly_totals(self.contributions, self.iso3)
        p = peak(totals)
        last = totals.index.max()
        fig, _ = figures.line_chart(
            monthly, x="date", y="total", hue=label,
            title=tr("Uniformed personnel of {name} per month", lang, name=self.name),
            subtitle=tr("Peak: {n} in {month}", lang, n=p["total"], month=p["month"]),
            source=figures.source_line("contributions", lang=lang),
            lang=lang, unit=gettext("Uniformed personnel", lang), events=self.conferences,
            coverage=self.coverage,
        )  # fmt: skip
        files = figures.save(fig, f"{self.iso3}_monthly")
        per_cycle = trends.by_cycle(mine, self.conferences)
        document.save_table(per_cycle, f"{self.iso3}_by_cycle")
        shown = per_cycle[["cycle", "first_month", "last_month", "mean", "start", "end"]].copy()
        shown["cycle"] = shown["cycle"].map(
            lambda c: document.conference_label(str(c), self.conferences, lang)
        )
        reading = tr(
            "Uniformed personnel of {name} are recorded in {months} months from {first} to "
            "{last}. The monthly total peaked at {peak} in {peak_month} and stood at {latest} "
            "in {last}. The table gives the average per month in each conference cycle (from "
            "one conference to the next) and the totals in its first and last month.",
            lang,
            name=self.name,
            months=int(totals.size),
            first=totals.index.min(),
            last=last,
            peak=p["total"],
            peak_month=p["month"],
            latest=int(totals.loc[last]),
        )
        gt = document.table(
            shown, lang,
            labels={"first_month": N_("From"), "last_month": N_("To"),
                    "mean": N_("Average per month"), "start": N_("In the first month"),
                    "end": N_("In the last month")},
            formats={"cycle": "text"},
            decimals={"mean": 0},
        )  # fmt: skip
        heading = gettext("Uniformed personnel per month", lang)
        return Section(heading, reading, gt, fig, files)

    def missions_section(self) -> Section:
        """Personnel per mission in the latest month split by mission."""
        lang = self.lang
        m = missions(self.contributions, self.iso3)
        document.save_table(m, f"{self.iso3}_missions")
        heading = gettext("Missions", lang)
        if m.empty:
            reading = gettext(
                "No month of the data splits this state's personnel by mission.", lang
            )
            return Section(heading, reading, document.table(m[["mission", "total"]], lang))
        month = m["date"].iloc[0]
        shown = m.assign(mission=m["mission"].map(lambda x: document.mission_label(x, lang)))
        fig, _ = figures.bar_chart(
            shown, x="mission", y="total",
            title=trn("{name}: personnel in {n} mission, {month}",
                      "{name}: personnel in {n} missions, {month}", len(m), lang,
                      name=self.name, month=month),
            source=figures.source_line("contributions", lang=lang),
            label=gettext("Uniformed personnel", lang),
            lang=lang,
        )  # fmt: skip
        files = figures.save(fig, f"{self.iso3}_missions")
        top = m.iloc[0]
        reading = trn(
            "In {month}, the personnel of {name} served in {n} mission; {mission} had {total} "
            "({share}).",
            "In {month}, the personnel of {name} served in {n} missions; the largest "
            "contingent, {total} ({share} of them), was in {mission}.",
            len(m),
            lang,
            month=month,
            name=self.name,
            mission=document.mission_label(top["mission"], lang),
            total=int(top["total"]),
            share=format_percent(top["share"], lang),
        )
        gt = document.table(
            shown[["mission", "total", "share"]], lang,
            labels={"share": N_("Share of the state's personnel")},
            formats={"mission": "text"},
        )  # fmt: skip
        return Section(tr("Missions in {month}", lang, month=month), reading, gt, fig, files)

    def women_section(self) -> Section:
        """Share of women per year (figure and table of the last ten years)."""
        return common.women_section(
            self.mine, self.name, self.iso3, self.lang, common.parity_targets()
        )

    def pledges_section(self) -> Section:
        """The pledges the register holds for this state (a table; "None recorded." if none)."""
        lang = self.lang
        order = self.conferences.set_index("conference_id")["start_date"]
        mine = self.pledges[self.pledges["pledger_iso3"] == self.iso3]
        mine = mine.iloc[mine["conference_id"].map(order).argsort(kind="stable")]
        columns = ["conference_id", "commitment", "capability", "quantity", "unit"]
        document.save_table(mine, f"{self.iso3}_pledges")
        shown = mine[columns].copy()
        shown["conference_id"] = shown["conference_id"].map(
            lambda c: document.conference_label(c, self.conferences, lang)
        )
        shown["unit"] = shown["unit"].map(lambda u: unit_label(u, lang))
        ps = pledge_summary(self.pledges, self.conferences, self.iso3)
        if ps["rows"]:
            reading = trn(
                "The register holds {n} pledge by {name}, made at {held}. Pledges are listed "
                "as the sources state them; a quantity is given only where the source gives one.",
                "The register holds {n} pledges by {name}, made at {held}. Pledges are listed "
                "as the sources state them; a quantity is given only where the source gives one.",
                ps["rows"],
                lang,
                name=self.name,
                held=conference_count(ps["conferences"], lang),
            )
        else:
            reading = tr(
                "The register holds no pledge by {name}: none was found in the sources "
                "consulted, which does not prove that none was made.",
                lang,
                name=self.name,
            )
        gt = document.table(
            shown, lang, formats={"conference_id": "text", "unit": "text"},
            empty=gettext("None recorded.", lang),
        )  # fmt: skip
        return Section(gettext("Pledges", lang), reading, gt)

    def fatalities_section(self) -> Section:
        """Deaths per 1,000 personnel-years by cause, with exact 95% intervals."""
        rates, window = self._rates
        return common.fatalities_section(
            rates, "contributor_iso3", self.iso3, self.name, window, self.lang
        )


#: Units of pledged quantities, as messages (currency codes are written as they are).
UNITS: dict[str, str] = {
    "aircraft": N_("aircraft"),
    "battalion": N_("battalion"),
    "battalions": N_("battalions"),
    "companies": N_("companies"),
    "company": N_("company"),
    "courses": N_("courses"),
    "formed police unit": N_("formed police unit"),
    "formed police units": N_("formed police units"),
    "helicopter unit": N_("helicopter unit"),
    "helicopters": N_("helicopters"),
    "hospital": N_("hospital"),
    "hospitals": N_("hospitals"),
    "institutions": N_("institutions"),
    "percent of assessed costs": N_("percent of assessed costs"),
    "personnel": N_("personnel"),
    "personnel (included in another row's count)": N_(
        "personnel (included in another row's count)"
    ),
    "personnel deployed in total (national goal)": N_(
        "personnel deployed in total (national goal)"
    ),
    "personnel on standby": N_("personnel on standby"),
    "personnel per year": N_("personnel per year"),
    "platoon": N_("platoon"),
    "platoons": N_("platoons"),
    "police officers": N_("police officers"),
    "police units": N_("police units"),
    "programmes": N_("programmes"),
    "team": N_("team"),
    "training centre": N_("training centre"),
    "troops": N_("troops"),
    "unit": N_("unit"),
    "units": N_("units"),
}


def unit_label(unit: Any, lang: str) -> str:
    """A pledge's unit in ``lang`` (currency codes unchanged, missing as an en dash)."""
    if unit is None or (isinstance(unit, float) and pd.isna(unit)) or unit is pd.NA:
        return term(None, lang)
    text = str(unit)
    if len(text) == 3 and text.isupper():
        return text
    if text not in UNITS:
        raise KeyError(f"no translation of the pledge unit {text!r}: add it to UNITS")
    return gettext(UNITS[text], lang)


def build(iso3: str, lang: str = "en") -> CountryBrief:
    """Check the parameters and load what a country brief needs.

    Raises
    ------
    ValueError
        For an unknown ISO3 code (naming close valid ones) or language.
    """
    import pkanalysis as pk

    from . import subjects

    lang = subjects.check_lang(lang)
    contributions = pk.load_contributions()
    iso3 = subjects.check_country(iso3, contributions)
    return CountryBrief(
        iso3, lang, contributions, pk.load_conferences(), pk.load_pledges(),
        pk.load_fatalities(), pk.coverage(),
    )  # fmt: skip
