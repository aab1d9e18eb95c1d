"""Capability gaps: per cycle and capability, units the UN requested, units states pledged (by
readiness where known) and, where the deployment data can show it, what was deployed.

Requests come from :func:`pkanalysis.load_capability_requirements`, pledges from
:func:`pkanalysis.load_pledges` (deployment and standby pledges; money, training and equipment
for a capability are counted apart) and deployments from :func:`pkanalysis.load_contributions`.

Limits
------
The contribution reports count uniformed personnel by type (troops, staff officers, experts on
mission, formed police units, individual police).  Formed police units, individual police and
staff officers/observers can therefore be followed; helicopters, engineers, hospitals, infantry
and every other military unit type are all "troops" there, so deployment is reported as not
measurable rather than guessed (``deployed_basis`` says why).  Several requirement papers could
be read only in part: a capability absent from a paper here may still have been requested.
"""

from __future__ import annotations

import re

import pandas as pd

from . import cycles
from .i18n import N_
from .vocab import (
    EXPERTS_ON_MISSION,
    FORMED_POLICE_UNITS,
    INDIVIDUAL_POLICE,
    PERSON_UNITS,
    STAFF_OFFICERS,
    capability_family,
)

#: Capabilities the contribution reports can follow, and the personnel types that hold them.
DEPLOYMENT_VISIBLE: dict[str, tuple[str, ...]] = {
    "formed police unit": (FORMED_POLICE_UNITS,),
    "individual police": (INDIVIDUAL_POLICE,),
    "staff officers and observers": (STAFF_OFFICERS, EXPERTS_ON_MISSION),
}
AVIATION_REASON = N_(
    "not measurable: the contribution reports have no aircraft or aviation-unit count "
    "(aircrews are counted among troops)"
)
TROOPS_REASON = N_(
    "not measurable: the contribution reports count all military units as one type (troops)"
)
OTHER_REASON = N_("not measurable: not a deployed unit type")

# Pledge units that count formed units rather than people or aircraft.
_UNIT_WORDS = re.compile(
    r"\b(?:battalions?|compan(?:y|ies)|units?|platoons?|hospitals?|teams?)\b", re.I
)


def deployed_basis(capability: str) -> str:
    """How (or why not) deployment of ``capability`` is measured from the contribution data.

    Examples
    --------
    >>> deployed_basis("armed helicopters")[:16]
    'not measurable: '
    >>> deployed_basis("formed police unit")
    'personnel of type Formed Police Units'
    """
    if capability in DEPLOYMENT_VISIBLE:
        return "personnel of type " + " + ".join(DEPLOYMENT_VISIBLE[capability])
    family = capability_family(capability)
    if family in ("helicopters", "aviation"):
        return AVIATION_REASON
    if capability in (
        "training",
        "technology",
        "language skills",
        "women peacekeepers",
        "armoured vehicles",
        "unspecified",
        "other",
    ):
        return OTHER_REASON
    return TROOPS_REASON


def requested(requirements: pd.DataFrame) -> pd.DataFrame:
    """Per cycle and capability: papers naming it, units requested (where numbered) and the
    readiness levels asked for.

    Examples
    --------
    >>> r = pd.DataFrame({"cycle": ["C", "C", "C"], "paper": ["a", "b", "b"],
    ...                   "capability": ["ISR", "ISR", "ISR"], "units_requested": [2, None, 1],
    ...                   "pcrs_level": [None, "RDL", None], "mission": ["M", None, "M"]})
    >>> requested(r)[["papers", "units_requested", "pcrs_levels"]].values.tolist()
    [[2, 3, 'RDL']]
    """
    df = requirements.assign(
        capability=requirements["capability"].astype(str),
        units_requested=requirements["units_requested"].astype("Float64"),
    )
    out = (
        df.groupby(["cycle", "capability"], sort=False)
        .agg(
            papers=("paper", "nunique"),
            units_requested=("units_requested", lambda s: s.sum(min_count=1)),
            pcrs_levels=("pcrs_level", _joined),
            missions=("mission", _joined),
        )
        .reset_index()
    )
    out["units_requested"] = out["units_requested"].round().astype("Int64")
    return out


def pledged(pledges: pd.DataFrame) -> pd.DataFrame:
    """Per conference and capability: states and rows pledging it for deployment or standby,
    the units among them (where a count of units is stated), by readiness, their personnel
    equivalent, and other support (money, training, equipment) named for the capability.

    Examples
    --------
    >>> p = pd.DataFrame({"conference_id": ["C"] * 3, "capability": ["ISR"] * 3,
    ...                   "pledger_iso3": ["X", "Y", "Z"],
    ...                   "commitment": ["standby", "deployment", "financial"],
    ...                   "quantity": [2.0, None, 1e6], "unit": ["units", None, "USD"],
    ...                   "unit_type": [None, None, None], "pcrs_level": ["RDL", None, None],
    ...                   "personnel_equivalent": [None, None, None]})
    >>> pledged(p)[["pledging_states", "units_pledged", "units_standby", "units_rdl",
    ...             "other_support_rows"]].values.tolist()
    [[2, 2, 2, 2, 1]]
    """
    df = pledges.assign(
        capability=pledges["capability"].astype(str),
        commitment=pledges["commitment"].astype(str),
        pcrs_level=pledges["pcrs_level"].astype("string"),
    )
    units = df["quantity"].astype("Float64").where(_counts_units(df))
    df = df.assign(
        units=units,
        units_standby=units.where(df["commitment"] == "standby"),
        units_rdl=units.where(df["pcrs_level"] == "RDL"),
    )
    people = df[df["commitment"].isin(["deployment", "standby"])]
    other = df[~df["commitment"].isin(["deployment", "standby", "policy"])]
    keys = ["conference_id", "capability"]
    out = people.groupby(keys).agg(
        pledging_states=("pledger_iso3", "nunique"),
        pledge_rows=("pledger_iso3", "size"),
        units_pledged=("units", lambda s: s.sum(min_count=1)),
        units_standby=("units_standby", lambda s: s.sum(min_count=1)),
        units_rdl=("units_rdl", lambda s: s.sum(min_count=1)),
        personnel_equivalent=("personnel_equivalent", lambda s: s.sum(min_count=1)),
    )
    support = other.groupby(keys).size().rename("other_support_rows")
    out = out.join(support, how="outer").reset_index()
    for col in ("pledging_states", "pledge_rows", "other_support_rows"):
        out[col] = out[col].fillna(0).astype("Int64")
    for col in ("units_pledged", "units_standby", "units_rdl", "personnel_equivalent"):
        out[col] = pd.to_numeric(out[col]).round().astype("Int64")
    return out.rename(columns={"conference_id": "cycle"})


def deployed(
    contributions: pd.DataFrame,
    conferences: pd.DataFrame,
    unit_sizes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per cycle, for the capabilities the contribution data can follow: personnel deployed
    in the conference month and in the cycle's last month with data, the change, and (for
    formed police units) the change in units at the standard unit size.

    Months without data take the nearest earlier month with data.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["A", "B"],
    ...                      "start_date": pd.to_datetime(["2020-01-10", "2020-04-02"]),
    ...                      "opens_cycle": [True, True]})
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2020-01-31", "2020-03-31", "2020-04-30"]),
    ...                   "personnel_type": ["Formed Police Units"] * 3, "total": [140, 420, 420]})
    >>> sizes = pd.DataFrame({"unit_type": ["formed police unit"], "personnel": [140]})
    >>> d = deployed(c, conf, sizes).set_index(["cycle", "capability"])
    >>> cols = ["deployed_start", "deployed_end", "units_change"]
    >>> d.loc[("A", "formed police unit"), cols].tolist()
    [140, 420, 2]
    """
    table = cycles.cycle_table(conferences).iloc[1:]
    totals = (
        contributions.groupby(["date", "personnel_type"], observed=True)["total"]
        .sum()
        .unstack("personnel_type")
        .sort_index()
    )
    if totals.empty:
        return _deployed_frame([])
    last = totals.index.max()
    size = None
    if unit_sizes is not None:
        size = unit_sizes.set_index("unit_type")["personnel"].get("formed police unit")
    rows = []
    for cyc in table.itertuples():
        start = cyc.start + pd.offsets.MonthEnd(0)
        end = min(last, _month_end_on_or_before(cyc.end)) if pd.notna(cyc.end) else last
        if start > last:
            continue
        for capability, types in DEPLOYMENT_VISIBLE.items():
            present = [t for t in types if t in totals.columns]
            series = totals[present].sum(axis=1, min_count=1) if present else None
            first = _at_or_before(series, start)
            final = _at_or_before(series, end)
            change = None if first is None or final is None else final - first
            rows.append(
                {
                    "cycle": str(cyc.cycle),
                    "capability": capability,
                    "deployed_start": first,
                    "deployed_end": final,
                    "deployed_change": change,
                    "units_change": (
                        round(change / size)
                        if change is not None and size and capability == "formed police unit"
                        else None
                    ),
                }
            )
    return _deployed_frame(rows)


DEPLOYED_COUNTS = ("deployed_start", "deployed_end", "deployed_change", "units_change")


def _deployed_frame(rows: list[dict]) -> pd.DataFrame:
    """The rows of :func:`deployed`, with all its columns even when there are none."""
    out = pd.DataFrame(rows, columns=["cycle", "capability", *DEPLOYED_COUNTS])
    for col in DEPLOYED_COUNTS:
        out[col] = out[col].astype("Int64")
    return out


def gap_table(
    requirements: pd.DataFrame,
    pledges: pd.DataFrame,
    contributions: pd.DataFrame,
    conferences: pd.DataFrame,
    unit_sizes: pd.DataFrame | None = None,
    cycle: str | None = None,
) -> pd.DataFrame:
    """Requested vs pledged vs deployed per cycle and capability.

    Every capability requested or pledged in a cycle has a row; ``deployed_basis`` says how
    deployment was measured or why it cannot be.  ``cycle`` (a cycle-opening conference id)
    keeps one cycle; an unknown value is an error listing the valid cycles.
    """
    if cycle is not None:
        cycles.validate_cycle(cycle, conferences)
    req = requested(requirements)
    pled = pledged(pledges)
    out = req.merge(pled, on=["cycle", "capability"], how="outer")
    out = out.merge(
        deployed(contributions, conferences, unit_sizes), on=["cycle", "capability"], how="left"
    )
    out["requested"] = out["papers"].fillna(0).gt(0)
    out["papers"] = out["papers"].fillna(0).astype("Int64")
    for col in ("pledging_states", "pledge_rows", "other_support_rows"):
        out[col] = out[col].fillna(0).astype("Int64")
    out["family"] = out["capability"].map(capability_family)
    out["deployed_basis"] = out["capability"].map(deployed_basis)
    order = {c: i for i, c in enumerate(cycles.cycle_table(conferences)["cycle"].astype(str))}
    out = out.assign(_o=out["cycle"].map(order)).sort_values(
        ["_o", "requested", "units_requested", "capability"],
        ascending=[True, False, False, True],
        na_position="last",
    )
    if cycle is not None:
        out = out[out["cycle"] == cycle]
    cols = [
        "cycle", "capability", "family", "requested", "papers", "units_requested",
        "pcrs_levels", "missions", "pledging_states", "pledge_rows", "units_pledged",
        "units_standby", "units_rdl", "personnel_equivalent", "other_support_rows",
        "deployed_start", "deployed_end", "deployed_change", "units_change", "deployed_basis",
    ]  # fmt: skip
    return out[cols].reset_index(drop=True)


def persistent(
    requirements: pd.DataFrame,
    conferences: pd.DataFrame,
    by: str = "capability",
    min_papers: int = 2,
) -> pd.DataFrame:
    """Capabilities requested in ``min_papers`` or more papers, with the longest run of
    consecutive papers (in date order) that list them, and the papers.

    Parameters
    ----------
    by : {"capability", "family"}
        Count exact capabilities, or families (utility and armed helicopters together).

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["A", "B"], "opens_cycle": [True, True],
    ...                      "start_date": pd.to_datetime(["2020-01-01", "2021-01-01"])})
    >>> r = pd.DataFrame({"paper": ["p1", "p2", "p3", "p3"], "cycle": ["A", "A", "B", "B"],
    ...     "paper_date": pd.to_datetime(["2019-06-01", "2019-09-01", "2020-06-01",
    ...                                   "2020-06-01"]),
    ...     "capability": ["ISR", "medical (level 2)", "ISR", "medical (level 1)"]})
    >>> persistent(r, conf)[["capability", "papers", "longest_run"]].values.tolist()
    [['ISR', 2, 1]]
    >>> persistent(r, conf, by="family")[["capability", "papers", "longest_run"]].values.tolist()
    [['medical', 2, 2], ['ISR', 2, 1]]
    """
    if by not in ("capability", "family"):
        raise ValueError(f"by must be 'capability' or 'family', not {by!r}")
    order = {c: i for i, c in enumerate(cycles.cycle_table(conferences)["cycle"].astype(str))}
    papers = (
        requirements[["paper", "cycle", "paper_date"]]
        .drop_duplicates(["paper", "cycle"])
        .assign(_o=lambda d: d["cycle"].map(order))
        .sort_values(["_o", "paper_date"], na_position="first")
        .reset_index(drop=True)
    )
    position = {
        (p, c): i for i, (p, c) in enumerate(zip(papers["paper"], papers["cycle"], strict=True))
    }
    df = requirements.assign(capability=requirements["capability"].astype(str))
    if by == "family":
        df["capability"] = df["capability"].map(capability_family)
    rows = []
    for capability, grp in df.groupby("capability"):
        where = sorted({position[(p, c)] for p, c in zip(grp["paper"], grp["cycle"], strict=True)})
        if len(where) < min_papers:
            continue
        rows.append(
            {
                "capability": capability,
                "papers": len(where),
                "longest_run": _longest_run(where),
                "cycles": ", ".join(dict.fromkeys(papers.loc[where, "cycle"])),
                "which": "; ".join(papers.loc[where, "paper"]),
            }
        )
    out = pd.DataFrame(rows, columns=["capability", "papers", "longest_run", "cycles", "which"])
    return out.sort_values(
        ["longest_run", "papers", "capability"], ascending=[False, False, True]
    ).reset_index(drop=True)


def _counts_units(pledges: pd.DataFrame) -> pd.Series:
    unit = pledges["unit"].fillna("").astype(str)
    return pledges["unit_type"].notna() | (
        unit.str.contains(_UNIT_WORDS) & ~unit.isin(PERSON_UNITS)
    )


def _joined(values: pd.Series) -> str | None:
    seen = [str(v) for v in values.dropna().unique()]
    return ", ".join(sorted(seen)) if seen else None


def _at_or_before(series: pd.Series | None, when: pd.Timestamp) -> int | None:
    if series is None:
        return None
    known = series.dropna()
    known = known[known.index <= when]
    return None if known.empty else int(known.iloc[-1])


def _month_end_on_or_before(day: pd.Timestamp) -> pd.Timestamp:
    # A cycle ending on 6 December has November as its last full reporting month.
    end = day + pd.offsets.MonthEnd(0)
    return end if end == day else end - pd.offsets.MonthEnd(1)


def _longest_run(positions: list[int]) -> int:
    best = run = 1
    for a, b in zip(positions, positions[1:], strict=False):
        run = run + 1 if b == a + 1 else 1
        best = max(best, run)
    return best


def chart_frame(gaps: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One cycle's gap table shaped for a requested-vs-pledged chart: units requested and
    units pledged per capability, with a note (in ``lang``) where a bar is missing for want of
    a number.

    Only capabilities requested, or pledged for deployment or standby, are kept; requested
    ones come first (in the table's order).

    Examples
    --------
    >>> g = pd.DataFrame({"capability": ["ISR", "signals", "canine"],
    ...                   "requested": [True, False, False],
    ...                   "units_requested": pd.array([None, None, None], dtype="Int64"),
    ...                   "units_pledged": pd.array([None, None, None], dtype="Int64"),
    ...                   "pledging_states": pd.array([0, 1, 0], dtype="Int64"),
    ...                   "personnel_equivalent": pd.array([None, 1200, None], dtype="Int64")})
    >>> for note in chart_frame(g)["note"]:
    ...     print(note)
    requested, no number; no pledge recorded
    not requested in the papers read; 1 state pledged, no unit count (1,200 personnel)
    >>> chart_frame(g, "fr")["note"].iloc[0]
    'demandé, sans nombre\xa0; aucune annonce enregistrée'
    """
    from .i18n import gettext, tr, trn

    kept = gaps[gaps["requested"] | gaps["pledging_states"].gt(0)]
    out = kept[["capability", "requested", "units_requested", "units_pledged"]].copy()
    notes = []
    for row in kept.itertuples():
        parts = []
        if not row.requested:
            parts.append(gettext(N_("not requested in the papers read"), lang))
        elif pd.isna(row.units_requested):
            parts.append(gettext(N_("requested, no number"), lang))
        if row.pledging_states == 0:
            parts.append(gettext(N_("no pledge recorded"), lang))
        elif pd.isna(row.units_pledged):
            people = row.personnel_equivalent
            extra = "" if pd.isna(people) else tr(" ({n} personnel)", lang, n=people)
            parts.append(
                trn(
                    "{n} state pledged, no unit count{extra}",
                    "{n} states pledged, no unit count{extra}",
                    row.pledging_states,
                    lang,
                    extra=extra,
                )
            )
        notes.append(gettext(N_("; "), lang).join(parts))
    out["note"] = notes
    return out.reset_index(drop=True)
