"""Conference brief: one summit or ministerial, what was pledged, and deployments around it.

The follow-through estimate is :func:`pkanalysis.followthrough.event_study` (pledgers against
the other contributors, 12 months after the conference); the brief states it in its own
sentences in the brief's language, and leaves the placebo test to the follow-through report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .. import cycles, figures, trends
from ..i18n import N_, country_name, format_date, format_percent, gettext, term, tr, trn
from . import document
from .document import Fact, Section

#: The conference series' own names, as messages.
NAMES = {
    "Summit on UN Peacekeeping": N_("Summit on UN Peacekeeping"),
    "Leaders' Summit on Peacekeeping": N_("Leaders' Summit on Peacekeeping"),
    "UN Peacekeeping Defence Ministerial": N_("UN Peacekeeping Defence Ministerial"),
    "Ministerial Conference on Peacekeeping in Francophone Environments": N_(
        "Ministerial Conference on Peacekeeping in Francophone Environments"
    ),
    "United Nations Peacekeeping Ministerial on Uniformed Capabilities, Performance and "
    "Protection": N_(
        "United Nations Peacekeeping Ministerial on Uniformed Capabilities, Performance and "
        "Protection"
    ),
    "Seoul UN Peacekeeping Ministerial": N_("Seoul UN Peacekeeping Ministerial"),
    "United Nations Peacekeeping Ministerial": N_("United Nations Peacekeeping Ministerial"),
}

#: Pledge categories of the register, as messages.
CATEGORIES = {
    "all": N_("all categories"),
    "aviation": N_("aviation"),
    "engineering": N_("engineering"),
    "financial": N_("financial"),
    "medical": N_("medical"),
    "other enabling capability": N_("other enabling capability"),
    "police": N_("police"),
    "political": N_("political"),
    "protection": N_("protection"),
    "rapid deployment": N_("rapid deployment"),
    "technology": N_("technology"),
    "training and capacity building": N_("training and capacity building"),
    "units/troops": N_("units/troops"),
    "women and gender": N_("women and gender"),
}

#: Months after the conference at which deployments are compared with the month before.
HORIZON = 12


def conference_name(name: str, lang: str) -> str:
    """The conference's own name in ``lang``.

    Raises
    ------
    KeyError
        For a name not in :data:`NAMES` (add it, and its translation).
    """
    if name not in NAMES:
        raise KeyError(f"no entry for the conference name {name!r} in {__name__}.NAMES")
    return gettext(NAMES[name], lang)


def category_label(category: str, lang: str) -> str:
    """A pledge category in ``lang``."""
    if category not in CATEGORIES:
        raise KeyError(f"no entry for the pledge category {category!r} in {__name__}.CATEGORIES")
    return gettext(CATEGORIES[category], lang)


# --- numbers -------------------------------------------------------------------------------------


def around(contributions: pd.DataFrame, conferences: pd.DataFrame, conference: str) -> dict:
    """Uniformed personnel in the month before the conference and :data:`HORIZON` months after
    it (or in the latest month, if the data end sooner)."""
    _, event, _ = cycles.window(conference, conferences, before=1, after=HORIZON)
    totals = contributions.groupby("date")["total"].sum()
    before_month = (event - pd.offsets.MonthEnd(1)).normalize()
    after_month = (event + pd.offsets.MonthEnd(HORIZON)).normalize()
    complete = after_month <= totals.index.max()
    after_month = after_month if complete else totals.index.max()
    before, after = int(totals.get(before_month, 0)), int(totals.get(after_month, 0))
    return {
        "before_month": before_month,
        "before": before,
        "after_month": after_month,
        "after": after,
        "change": (after - before) / before if before else float("nan"),
        "complete": bool(complete),
    }


def register(pledges: pd.DataFrame, conference: str) -> dict:
    """Pledge rows and pledging states the register holds for ``conference``."""
    mine = pledges[pledges["conference_id"] == conference]
    return {"rows": int(len(mine)), "states": int(mine["pledger_iso3"].nunique())}


# --- sentences -----------------------------------------------------------------------------------


def key_facts(
    conference: str,
    conferences: pd.DataFrame,
    pledges: pd.DataFrame,
    coverage: pd.DataFrame,
    contributions: pd.DataFrame,
    lang: str,
) -> list[Fact]:
    """The key facts of a conference brief, each a sentence in ``lang``."""
    row = conferences.set_index("conference_id").loc[conference]
    label = document.conference_label(conference, conferences, lang)
    host = row["host_iso3"]
    text = tr(
        "{name} met in {city} on {date}.",
        lang,
        name=conference_name(row["name"], lang),
        city=term(row["city"], lang),
        date=format_date(row["start_date"], lang),
    )
    if isinstance(host, str) and host:
        text += " " + tr("Host: {host}.", lang, host=country_name(host, lang))
    facts = [Fact("meeting", text, row["start_date"], {"date": row["start_date"]})]
    delegations, pledging = row["delegations_attending"], row["states_pledging"]
    if pd.notna(delegations) or pd.notna(pledging):
        parts = []
        if pd.notna(delegations):
            parts.append(trn("{n} delegation attended", "{n} delegations attended",
                             int(delegations), lang))  # fmt: skip
        if pd.notna(pledging):
            parts.append(trn("{n} state pledged", "{n} states pledged", int(pledging), lang))
        text = (
            tr("As published: {first}; {second}.", lang, first=parts[0], second=parts[1])
            if len(parts) == 2
            else tr("As published: {counts}.", lang, counts=parts[0])
        )
        values = {"delegations": delegations, "states_pledging": pledging}
        facts.append(Fact("published", text, row["start_date"], values))
    reg = register(pledges, conference)
    if reg["rows"]:
        text = trn(
            "The pledge register holds {n} pledge for {conference}, from {states}.",
            "The pledge register holds {n} pledges for {conference}, from {states}.",
            reg["rows"],
            lang,
            conference=label,
            states=trn("{n} state", "{n} states", reg["states"], lang),
        )
    else:
        text = tr("The pledge register records no pledge for {conference}.", lang,
                  conference=label)  # fmt: skip
    facts.append(Fact("register", text, None, reg))
    overall = coverage[coverage["category"] == "all"]
    if not overall.empty and pd.notna(overall["share"].iloc[0]):
        r = overall.iloc[0]
        facts.append(
            Fact(
                "coverage",
                tr(
                    "That is {recorded} of the {known} states known to have pledged ({share}).",
                    lang,
                    recorded=int(r["states_recorded"]),
                    known=int(r["states_known"]),
                    share=format_percent(float(r["share"]), lang, decimals=0),
                ),
                None,
                {"recorded": int(r["states_recorded"]), "known": int(r["states_known"])},
            )
        )
    a = around(contributions, conferences, conference)
    values = dict(
        before=a["before"], before_month=a["before_month"], after=a["after"],
        after_month=a["after_month"], change=signed_percent(a["change"], lang),
    )  # fmt: skip
    if a["complete"]:
        text = tr(
            "Uniformed personnel numbered {before} in {before_month}, the month before, and "
            "{after} in {after_month}, {months} months after ({change}).",
            lang, months=HORIZON, **values,
        )  # fmt: skip
    else:
        text = tr(
            "Uniformed personnel numbered {before} in {before_month}, the month before, and "
            "{after} in {after_month}, the latest month of the data ({change}).",
            lang, **values,
        )  # fmt: skip
    facts.append(Fact("around", text, a["after_month"], a))
    return facts


def signed_percent(share: float, lang: str) -> str:
    """A change as a signed percentage ("+5.3%", "−2,0 %")."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return term(None, lang)
    text = format_percent(abs(share), lang)
    return ("+" if share >= 0 else "\u2212") + text


# --- the brief -----------------------------------------------------------------------------------


@dataclass
class ConferenceBrief:
    """Everything a conference brief shows, computed once from the loaded tables."""

    conference: str
    lang: str
    conferences: pd.DataFrame
    pledges: pd.DataFrame
    counts: pd.DataFrame
    coverage: pd.DataFrame
    contributions: pd.DataFrame
    missions: pd.DataFrame

    @property
    def label(self) -> str:
        return document.conference_label(self.conference, self.conferences, self.lang)

    def title(self) -> str:
        return tr("Conference brief: {conference}", self.lang, conference=self.label)

    def key_facts(self) -> list[Fact]:
        return key_facts(
            self.conference, self.conferences, self.pledges, self.coverage, self.contributions,
            self.lang,
        )  # fmt: skip

    def show_header(self) -> None:
        row = self.conferences.set_index("conference_id").loc[self.conference]
        subtitle = (
            f"{conference_name(row['name'], self.lang)}. "
            f"{document.data_line(self.contributions, self.lang)}"
        )
        document.show_html(document.header_html(self.title(), subtitle))

    def show_key_facts(self) -> None:
        document.show_html(document.key_facts_html(self.key_facts(), self.lang))

    def pledges_section(self) -> Section:
        """Recorded pledges by category beside the counts the organisers published."""
        from .. import pledge_register

        lang = self.lang
        mine = self.pledges[self.pledges["conference_id"] == self.conference]
        published = self.counts[self.counts["conference_id"] == self.conference]
        by_cat = pledge_register.pledges_by_category(mine, published)
        document.save_table(by_cat, "pledges_by_category")
        heading = gettext("Pledges recorded", lang)
        reg = register(self.pledges, self.conference)
        shown = by_cat[["category", "pledge_rows", "pledging_states", "published_states"]].copy()
        shown["category"] = shown["category"].map(lambda c: category_label(c, lang))
        gt = document.table(
            shown, lang,
            labels={"category": N_("Category"), "pledge_rows": N_("Pledges in the register"),
                    "pledging_states": N_("States in the register"),
                    "published_states": N_("States pledging, as published")},
            formats={"category": "text"}, decimals={"pledge_rows": 0, "pledging_states": 0},
            empty=gettext("None recorded.", lang),
        )  # fmt: skip
        if not reg["rows"]:
            reading = tr(
                "The register holds no pledge for {conference}: none was found in the "
                "sources consulted, which does not prove that none was made.",
                lang,
                conference=self.label,
            )
            return Section(heading, reading, gt)
        counted = by_cat[by_cat["category"] != "all"].dropna(subset=["pledge_rows"])
        counted = counted.assign(
            category=counted["category"].map(lambda c: category_label(c, lang))
        )
        fig, _ = figures.bar_chart(
            counted, x="category", y="pledge_rows",
            title=tr("{conference}: pledges in the register by category", lang,
                     conference=self.label),
            source=figures.source_line("pledges", "conferences", lang=lang),
            label=gettext("Pledges in the register", lang),
            lang=lang,
        )  # fmt: skip
        files = figures.save(fig, "pledges_by_category")
        top = counted.sort_values("pledge_rows", ascending=False).iloc[0]
        reading = trn(
            "The register holds {n} pledge for {conference}, in the category {category} "
            "({top}). The table sets it beside the counts the organisers published, which the "
            "register does not reach.",
            "The register holds {n} pledges for {conference}; the largest category is "
            "{category} ({top}). The table sets them beside the counts the organisers "
            "published, which the register does not always reach.",
            reg["rows"],
            lang,
            conference=self.label,
            category=top["category"],
            top=int(top["pledge_rows"]),
        )
        return Section(heading, reading, gt, fig, files)

    def deployments_section(self) -> Section:
        """Uniformed personnel by type two years either side, the conference marked."""
        lang = self.lang
        first, event, last = cycles.window(self.conference, self.conferences, 24, 24)
        window = self.contributions[self.contributions["date"].between(first, last)]
        label = gettext("Personnel type", lang)
        monthly = trends.monthly(window, by="personnel_type", gaps=True)
        monthly[label] = document.translated(monthly, "personnel_type", lang)
        document.save_table(monthly.drop(columns=label), "personnel_around_conference")
        a = around(self.contributions, self.conferences, self.conference)
        fig, _ = figures.line_chart(
            monthly, x="date", y="total", hue=label,
            title=tr("Uniformed personnel around {conference}", lang, conference=self.label),
            subtitle=tr("{change} from {before_month} to {after_month}", lang,
                        change=signed_percent(a["change"], lang),
                        before_month=a["before_month"], after_month=a["after_month"]),
            source=figures.source_line("contributions", "conferences", lang=lang),
            lang=lang, unit=gettext("Uniformed personnel", lang), events=self.conferences,
        )  # fmt: skip
        files = figures.save(fig, "personnel_around_conference")
        reading = tr(
            "Uniformed personnel in all UN operations numbered {before} in {before_month}, the "
            "month before {conference}, and {after} in {after_month} ({change}). The chart "
            "shows two years either side of the conference by personnel type; a change in the "
            "total reflects missions opening and closing as much as pledges.",
            lang,
            before=a["before"],
            before_month=a["before_month"],
            conference=self.label,
            after=a["after"],
            after_month=a["after_month"],
            change=signed_percent(a["change"], lang),
        )
        months = [a["before_month"], a["after_month"]]
        by_type = (
            self.contributions[self.contributions["date"].isin(months)]
            .groupby(["personnel_type", "date"], observed=True)["total"]
            .sum()
            .unstack("date")
            .reindex(columns=months)
            .fillna(0)
            .astype(int)
        )
        table = pd.DataFrame(
            {
                "personnel_type": by_type.index.astype(str),
                "before": by_type[months[0]].to_numpy(),
                "after": by_type[months[1]].to_numpy(),
            }
        )
        table["change"] = table["after"] - table["before"]
        gt = document.table(
            table, lang,
            labels={"before": N_("Before the conference"), "after": N_("After the conference")},
            title=tr("Uniformed personnel by type in {before_month} and {after_month}", lang,
                     before_month=months[0], after_month=months[1]),
        )  # fmt: skip
        return Section(gettext("Deployments around the conference", lang), reading, gt, fig,
                       files)  # fmt: skip

    def follow_through_section(self) -> Section:
        """Did the states with a deployment pledge deploy more than the others?"""
        from .. import followthrough as ft

        lang = self.lang
        heading = gettext("Did the pledgers deploy more?", lang)
        pledgers = ft.deployment_pledgers(self.pledges, self.conference)
        empty = pd.DataFrame(columns=ft.AVERAGE_COLUMNS)
        if not pledgers:
            document.save_table(empty, "follow_through")
            reading = tr(
                "No deployment pledge is recorded for {conference}, so there is no group of "
                "pledgers to follow.",
                lang,
                conference=self.label,
            )
            return Section(heading, reading, None)
        # event_study restores the root logger that pyfixest reconfigures while it fits
        study = ft.event_study(
            self.conference, self.contributions, self.pledges, self.conferences,
            missions=self.missions,
        )  # fmt: skip
        averages = study.averages.assign(conference_id=self.conference)
        document.save_table(averages, "follow_through")
        avg = study.average(HORIZON)
        g = study.groups
        if avg["status"] != "complete":
            reading = tr(
                "The {months} months after {conference} are not covered by the reports yet "
                "(they end in {last}): no estimate.",
                lang,
                months=HORIZON,
                conference=self.label,
                last=study.last_month,
            )
            return Section(heading, reading, None)
        reading = tr(
            "In the {months} months after {conference}, the {treated} states with a recorded "
            "deployment pledge changed their deployments by {effect} (95% interval {low} to "
            "{high}) relative to the {controls} other contributors, measured from the month "
            "before the conference. The follow-through report adds the pre-trend and a "
            "placebo test.",
            lang,
            months=HORIZON,
            conference=self.label,
            treated=len(g.treated),
            effect=signed_percent(float(avg["percent"]), lang),
            low=signed_percent(math.expm1(float(avg["ci_low"])), lang),
            high=signed_percent(math.expm1(float(avg["ci_high"])), lang),
            controls=len(g.controls),
        )
        fig, _ = figures.event_study_chart(
            study.coefficients,
            title=tr("Pledgers at {conference}: {effect} after {months} months", lang,
                     conference=self.label, months=HORIZON,
                     effect=signed_percent(float(avg["percent"]), lang)),
            subtitle=gettext("Pledgers minus other contributors, change since the month "
                             "before the conference (percent)", lang),
            source=figures.source_line("contributions", "pledges", lang=lang),
            lang=lang,
        )  # fmt: skip
        files = figures.save(fig, "event_study")
        shown = averages[averages["status"] == "complete"][["horizon", "percent"]].copy()
        shown["low"] = averages["ci_low"].astype(float).map(math.expm1)
        shown["high"] = averages["ci_high"].astype(float).map(math.expm1)
        gt = document.table(
            shown, lang,
            labels={"horizon": N_("Months after the conference"),
                    "percent": N_("Estimated change"), "low": N_("95% interval, low"),
                    "high": N_("95% interval, high")},
            formats={"horizon": "text", "percent": "percent", "low": "percent",
                     "high": "percent"},
        )  # fmt: skip
        return Section(heading, reading, gt, fig, files)


def build(conference: str, lang: str = "en") -> ConferenceBrief:
    """Check the parameters and load what a conference brief needs.

    Raises
    ------
    ValueError
        For an unknown conference (naming close valid ones) or language.
    """
    import pkanalysis as pk

    from . import subjects

    lang = subjects.check_lang(lang)
    conferences = pk.load_conferences()
    conference = subjects.check_conference(conference, conferences)
    return ConferenceBrief(
        conference, lang, conferences, pk.load_pledges(), pk.load_pledge_counts(),
        pk.load_pledge_coverage(conferences=conference), pk.load_contributions(),
        pk.load_missions(),
    )  # fmt: skip
