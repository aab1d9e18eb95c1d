"""``load_<name>()`` functions: fast, offline reads of the committed snapshot and curated tables.

A keyword means the same in every loader that takes it:

``start``, ``end``
    First and last month to keep: ``"2024"``, ``"2024-06"``, ``"2024-06-30"`` or a date; a
    year or a month means all of it (see :mod:`pkanalysis.selection`).
``missions``, ``contributors``, ``personnel_types``, ``conferences``, ``cycles``,
``capabilities``
    One value or a list; an unknown value raises ``ValueError`` naming the closest valid ones.
``kind``
    ``load_contributions``: which missions count (:data:`MISSION_KINDS`); ``load_missions``: the
    mission table's own kinds.
``path``
    A file of your own (CSV or Excel) to validate and load in the project's schema.
``data_home``
    Data directory to read instead of :func:`pkanalysis.paths.data_dir`.

Which loader takes which (``tests/test_loaders.py`` checks this table against the code):

=================================  ===========================================================
loader                             keywords
=================================  ===========================================================
``load_contributions``             start, end, missions, contributors, personnel_types, kind,
                                   flags, data_home
``load_mission_strength``          start, end, missions, data_home
``load_fatalities``                start, end, missions, contributors, data_home
``load_missions``                  kind, counted_in_71, data_home
``load_countries``                 data_home
``load_conferences``               data_home
``load_pledges``                   conferences, contributors, path, data_home
``load_pledge_counts``             data_home
``load_pledge_coverage``           conferences, data_home
``load_unit_sizes``                path, data_home
``load_capability_requirements``   cycles, capabilities, path, data_home
``load_parity_targets``            personnel_types, data_home
``load_bloc_membership``           data_home
=================================  ===========================================================

Loaders never parse raw sources: ``pkanalysis data build`` does that once.  Each is registered
in the dataset catalogue (:data:`CATALOGUE`, :mod:`pkanalysis.catalog`) with its provenance.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import arrow_tables, paths, selection, snapshot
from .catalog import DatasetInfo, register

PathLike = str | os.PathLike[str]

DPO = "United Nations Department of Peace Operations"
UN_TERMS = "UN terms of use (https://www.un.org/en/about-us/terms-of-use)"
IPI = "International Peace Institute, Providing for Peacekeeping"
IPI_TERMS = "no licence stated in IPIDataLab/PPP_Loader; cite the International Peace Institute"


_CACHE: dict[tuple[str, int, int], pd.DataFrame] = {}


def _read_processed(name: str, data_home: PathLike | None) -> pd.DataFrame:
    """Read a snapshot table once per process; later calls share it (pandas copy-on-write
    keeps callers from changing each other's frames).  A rebuilt file is read again."""
    path = paths.processed_file(f"{name}.arrow", data_home)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        # Checked against the manifest once per file change: a truncated or foreign file is
        # named here instead of failing (or worse, loading) somewhere inside Arrow.
        snapshot.verify_file(path)
        _CACHE[key] = arrow_tables.read_frame(path)
    return _CACHE[key].copy(deep=False)


MISSION_KINDS: dict[str, tuple[str, ...] | None] = {
    "all": None,
    "peacekeeping": ("peacekeeping operation",),
    "political": ("special political mission",),
}
"""``kind=`` values: the UN's peacekeeping operations, its special political missions, or every
row (also support offices such as UNSOS and months without a mission split)."""


def missions_of_kind(kind: str, data_home: PathLike | None = None) -> set[str] | None:
    """Acronyms of the missions of one ``kind`` (see :data:`MISSION_KINDS`); ``None`` for
    ``"all"``."""
    if kind not in MISSION_KINDS:
        raise ValueError(f"unknown kind {kind!r}; valid kinds: {', '.join(MISSION_KINDS)}")
    kinds = MISSION_KINDS[kind]
    if kinds is None:
        return None
    missions = load_missions(data_home=data_home)
    return set(missions.loc[missions["kind"].isin(kinds), "mission"].astype(str))


def _kind(df: pd.DataFrame, kind: str, data_home: PathLike | None) -> pd.DataFrame:
    """Rows of missions of one kind; months without a mission split cannot be classed and are
    left out with a warning that names them."""
    chosen = missions_of_kind(kind, data_home)
    if chosen is None:
        return df
    unsplit = df["mission"].isna()
    if unsplit.any():
        months = df.loc[unsplit, "date"].dt.strftime("%Y-%m").unique()
        warnings.warn(
            f"kind={kind!r}: {len(months)} months have no mission split and are left out "
            f"({_month_list(months)}); use kind='all' to keep them",
            selection.NoRowsWarning,
            stacklevel=3,
        )
    return df[df["mission"].astype(str).isin(chosen)]


def _month_list(months) -> str:
    months = sorted(months)
    return ", ".join(months) if len(months) <= 6 else f"{months[0]} .. {months[-1]}"


def load_contributions(
    start=None,
    end=None,
    missions: str | Iterable[str] | None = None,
    contributors: str | Iterable[str] | None = None,
    personnel_types: str | Iterable[str] | None = None,
    kind: str = "all",
    flags: bool = False,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """Uniformed personnel by month, mission, contributor, personnel type and sex.

    Each month appears at one grain only, so ``df.groupby("date")["total"].sum()`` is that
    month's total.  Months without a mission split (2018-03..2019-08, 2023-09 and IPI's
    1990-2009 per-country series) have a missing ``mission``.  The columns are described by
    :class:`pkanalysis.schemas.Contributions`.

    Parameters
    ----------
    start, end : str or date, optional
        First and last month to keep; a year or month means all of it (``start="2024",
        end="2024"`` is the whole of 2024).  See :mod:`pkanalysis.selection`.
    missions : str or list of str, optional
        Mission acronyms, e.g. ``"UNMISS"``.
    contributors : str or list of str, optional
        ISO3 codes or names of contributing states, e.g. ``"BGD"``, ``"Bangladesh"``,
        ``"United States"`` or ``"UK"``.
    personnel_types : str or list of str, optional
        Values of the personnel-type vocabulary, e.g. ``"Troops"``.
    kind : {"all", "peacekeeping", "political"}, default "all"
        ``"all"`` keeps every row, so month totals equal the totals the UN reports print
        (which count special political missions such as UNAMA).  ``"peacekeeping"`` keeps the
        UN's peacekeeping operations, as most published UN figures do, and ``"political"``
        its special political missions; both leave out the months without a mission split
        (with a warning naming them).
    flags : bool, default False
        Add the month's flags from :func:`pkanalysis.coverage`: ``sex_split``,
        ``carried_forward``, ``staff_officers_in_troops`` and ``police_split``.
    data_home : path-like, optional
        Data directory to read instead of the default.

    Returns
    -------
    pandas.DataFrame

    Notes
    -----
    Months with no report at all: 2014-09..2014-12, 2015-03, 2016-03, 2017-03, 2020-06 and
    2022-07.  Months without a mission split: IPI's per-country series before 2009,
    2018-03..2019-08 and 2023-09; without a split by sex: IPI before 2009, 2020-08 and 2023-09.
    """
    full = _read_processed("contributions", data_home)
    df = selection.between(full, start, end, what="contributions table")
    df = _kind(df, kind, data_home)
    within = selection.window_text(start, end)
    df = selection.select(df, "mission", selection.as_list(missions, "missions"), "mission",
                          known=full, window_text=within)  # fmt: skip
    df = selection.select(
        df,
        "contributor_iso3",
        selection.as_list(contributors, "contributors"),
        "contributor",
        known=full,
        labels=selection.names_of(full, "contributor_iso3", "contributor"),
        resolver=selection.resolve_contributor,
        window_text=within,
    )
    df = selection.select(
        df, "personnel_type", selection.as_list(personnel_types, "personnel_types"),
        "personnel type", known=full, window_text=within,
    )  # fmt: skip
    if flags:
        from . import months

        df = months.flag_rows(df, months.coverage(full, data_home=data_home))
    return df.reset_index(drop=True)


def _curated(name: str, path: PathLike | None, data_home: PathLike | None) -> pd.DataFrame:
    from . import curated

    return curated.load(name, paths.data_dir(data_home), path)


CURATED_LICENCE = "pkanalysis curated table (CC BY 4.0); facts from the cited sources"


def load_conferences(data_home: PathLike | None = None) -> pd.DataFrame:
    """Summits and ministerials since 2014, one row per conference, with sources.

    Columns are described by :class:`pkanalysis.schemas.Conference`.

    Parameters
    ----------
    data_home : path-like, optional
        Data directory to read instead of the default.

    Examples
    --------
    >>> conf = load_conferences()
    >>> conf.set_index("conference_id").loc["2021 Seoul", "start_date"].date().isoformat()
    '2021-12-07'
    """
    return _curated("conferences", None, data_home)


def load_pledges(
    conferences: str | Iterable[str] | None = None,
    contributors: str | Iterable[str] | None = None,
    path: PathLike | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """One row per pledge of a member state at a conference.

    Parameters
    ----------
    conferences : str or list of str, optional
        Conference ids such as ``"2021 Seoul"``.
    contributors : str or list of str, optional
        ISO3 codes or names of pledging states.
    path : path-like, optional
        A pledge file of your own (CSV or Excel) to validate and load in the same schema;
        errors name the line and column.
    data_home : path-like, optional
        Data directory to read instead of the default.
    """
    df = _curated("pledges", path, data_home)
    known = set(load_conferences(data_home)["conference_id"])
    unknown = sorted(set(df["conference_id"]) - known)
    if unknown:
        raise ValueError(f"pledges: unknown conference_id {unknown}; valid: {sorted(known)}")
    sizes = load_unit_sizes(data_home=data_home)
    _refuse_unlisted(df, "unit_type", sorted(sizes["unit_type"]), path or "pledges.csv")
    if path is not None:
        check_pledgers(df, path)
    full = df
    df = selection.select(df, "conference_id", selection.as_list(conferences, "conferences"),
                          "conference")  # fmt: skip
    df = selection.select(
        df, "pledger_iso3", selection.as_list(contributors, "contributors"), "contributor",
        known=full, labels=selection.names_of(full, "pledger_iso3", "pledger"),
        resolver=selection.resolve_contributor,
    )  # fmt: skip
    return df.reset_index(drop=True)


def check_pledgers(df: pd.DataFrame, where: PathLike) -> None:
    """Every pledger code is a state's, the pledger's name is that state's, and no row repeats.

    Run on every user file given to :func:`load_pledges` (the tests run it on the project's
    own file).  Raises :class:`pkanalysis.curated.CuratedTableError` naming file, line, column
    and value.
    """
    from .curated import CuratedTableError

    name = Path(where).name
    problems = []
    for i, code, pledger in zip(df.index, df["pledger_iso3"].astype(str), df["pledger"],
                                strict=True):  # fmt: skip
        named = selection.resolve_contributor(pledger)
        if not selection.is_state_code(code):
            hint = f"; {pledger!r} is {named}" if named else ""
            problems.append(
                f"{name}, line {i + 2}, column 'pledger_iso3': {code!r} is not the ISO 3166 "
                f"alpha-3 code of a state{hint}"
            )
        elif named is not None and named != code:
            problems.append(
                f"{name}, line {i + 2}, column 'pledger': {pledger!r} is {named}, not {code!r} "
                "as pledger_iso3 says"
            )
    repeated = df[df.duplicated(keep=False)]
    for _, group in repeated.groupby(list(df.columns), dropna=False, sort=False):
        lines = ", ".join(str(i + 2) for i in group.index)
        problems.append(f"{name}, lines {lines}: the same row repeated")
    if problems:
        raise CuratedTableError("\n".join(problems[:20]))


def _refuse_unlisted(df: pd.DataFrame, column: str, valid: list[str], where: PathLike) -> None:
    """Values that must be rows of another curated table are checked here, not by the schema,
    because the valid list is data; the message has the same shape as a schema failure."""
    from .curated import CuratedTableError

    bad = df[column].notna() & ~df[column].isin(valid)
    if bad.any():
        name = Path(where).name
        choices = ", ".join(valid)
        raise CuratedTableError(
            "\n".join(
                f"{name}, line {i + 2}, column {column!r}: {df.loc[i, column]!r} is not one of: "
                f"{choices}"
                for i in bad[bad].index
            )
        )


def load_unit_sizes(
    path: PathLike | None = None, data_home: PathLike | None = None
) -> pd.DataFrame:
    """Personnel in one unit of each type, with the source of each size.

    A pledge of units (``unit_type`` in :func:`load_pledges`) is turned into personnel with
    these sizes.  Where no UN standard was found the size is that of one observed unit, and the
    ``notes`` say so.  Columns are described by :class:`pkanalysis.schemas.UnitSize`.

    Parameters
    ----------
    path : path-like, optional
        A unit-size file of your own (CSV or Excel) to validate and load in the same schema.
    data_home : path-like, optional
        Data directory to read instead of the default.

    Examples
    --------
    >>> sizes = load_unit_sizes().set_index("unit_type")["personnel"]
    >>> int(sizes["formed police unit"])
    140
    """
    return _curated("unit_sizes", path, data_home)


def load_capability_requirements(
    cycles: str | Iterable[str] | None = None,
    capabilities: str | Iterable[str] | None = None,
    path: PathLike | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """Capabilities requested in the UN's requirement papers, one row per paper x capability
    (x mission where the paper names one).

    ``units_requested`` is filled only where a paper gives a number, and ``pcrs_level`` only
    where it names a readiness level.  Several papers could be read only in part (their opening
    pages), so a capability missing from a paper here is not evidence that it was not requested;
    ``notes`` say what was readable.  Columns are described by
    :class:`pkanalysis.schemas.CapabilityRequirement`.

    Parameters
    ----------
    cycles : str or list of str, optional
        Conference ids the papers prepare, e.g. ``"2023 Accra"``.
    capabilities : str or list of str, optional
        Values of the capability vocabulary (``pkanalysis.vocab.CAPABILITIES``).
    path : path-like, optional
        A requirements file of your own (CSV or Excel) to validate and load in the same schema;
        errors name the file, line, column, value and the valid choices.
    data_home : path-like, optional
        Data directory to read instead of the default.

    Examples
    --------
    >>> req = load_capability_requirements(cycles="2023 Accra")
    >>> "armed helicopters" in set(req["capability"])
    True
    """
    df = _curated("capability_requirements", path, data_home)
    known = sorted(load_conferences(data_home)["conference_id"])
    _refuse_unlisted(df, "cycle", known, path or "capability_requirements.csv")
    df = selection.select(df, "cycle", selection.as_list(cycles, "cycles"), "cycle")
    df = selection.select(df, "capability", selection.as_list(capabilities, "capabilities"),
                          "capability")  # fmt: skip
    return df.reset_index(drop=True)


def load_pledge_coverage(
    conferences: str | Iterable[str] | None = None, data_home: PathLike | None = None
) -> pd.DataFrame:
    """Per conference (and per category where the UN or hosts published a count): states known
    to have pledged, states with a recorded pledge row, and the share.

    Analyses print this beside results drawn from :func:`load_pledges`, so that a reader sees
    how much of a conference the register holds.  See
    :func:`pkanalysis.pledge_register.coverage` for the columns.

    Parameters
    ----------
    conferences : str or list of str, optional
        Conference ids such as ``"2021 Seoul"``.
    data_home : path-like, optional
        Data directory to read instead of the default.

    Examples
    --------
    >>> cov = load_pledge_coverage(conferences="2021 Seoul").set_index("category")
    >>> int(cov.loc["all", "states_known"])
    62
    """
    from . import pledge_register

    table = pledge_register.coverage(
        load_pledges(data_home=data_home), load_pledge_counts(data_home)
    )
    wanted = selection.as_list(conferences, "conferences")
    table = selection.select(table, "conference_id", wanted, "conference")
    return table.reset_index(drop=True)


def load_pledge_counts(data_home: PathLike | None = None) -> pd.DataFrame:
    """Counts of pledges and pledging states per conference and category, where published.

    Parameters
    ----------
    data_home : path-like, optional
        Data directory to read instead of the default.
    """
    return _curated("pledge_category_counts", None, data_home)


def load_parity_targets(
    personnel_types: str | Iterable[str] | None = None, data_home: PathLike | None = None
) -> pd.DataFrame:
    """Target share of women per personnel type and year, with sources.

    Parameters
    ----------
    personnel_types : str or list of str, optional
        Values of the personnel-type vocabulary, e.g. ``"Troops"``.
    data_home : path-like, optional
        Data directory to read instead of the default.

    Examples
    --------
    >>> t = load_parity_targets(personnel_types="Troops")
    >>> float(t.set_index("year").loc[2028, "target_female_share"])
    0.15
    """
    df = _curated("parity_targets", None, data_home)
    return selection.select(
        df, "personnel_type", selection.as_list(personnel_types, "personnel_types"),
        "personnel type",
    )  # fmt: skip


def load_mission_strength(
    start=None,
    end=None,
    missions: str | Iterable[str] | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """Mission x month strength from IPI, for the years before contributor-level data.

    Columns are described by :class:`pkanalysis.schemas.MissionStrength`.

    Parameters
    ----------
    start, end : str or date, optional
        First and last month to keep (see :func:`load_contributions`).
    missions : str or list of str, optional
        Mission acronyms.
    data_home : path-like, optional
        Data directory to read instead of the default.
    """
    df = _read_processed("mission_strength", data_home)
    full = df
    df = selection.between(df, start, end, what="mission strength table")
    df = selection.select(df, "mission", selection.as_list(missions, "missions"), "mission",
                          known=full, window_text=selection.window_text(start, end))  # fmt: skip
    return df.reset_index(drop=True)


def load_missions(
    kind: str | Iterable[str] | None = None,
    counted_in_71: bool | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """Every mission acronym used in pkanalysis, with its kind and dates.

    Parameters
    ----------
    kind : str or list of str, optional
        ``"peacekeeping operation"``, ``"special political mission"`` or ``"other"``.
    counted_in_71 : bool, optional
        ``True`` keeps the 71 operations the UN counts since 1948.
    data_home : path-like, optional
        Data directory to read instead of the default.

    Examples
    --------
    >>> int(load_missions(counted_in_71=True).shape[0])
    71
    """
    df = _read_processed("missions", data_home)
    df = selection.select(df, "kind", selection.as_list(kind, "kind"), "kind")
    if counted_in_71 is not None:
        df = df[df["counted_in_71"] == counted_in_71]
    return df.reset_index(drop=True)


def load_fatalities(
    start=None,
    end=None,
    missions: str | Iterable[str] | None = None,
    contributors: str | Iterable[str] | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """One row per fatality, de-duplicated on ``casualty_id``; ``contributors`` filters on the
    nationality, ``start`` and ``end`` on the incident date (by month, as elsewhere).

    There is no ``personnel_types``: the Data Hub's categories (``Military``, ``Police``,
    ``Military Observer``, civilians) do not map one to one onto the five personnel types.

    Parameters
    ----------
    start, end : str or date, optional
        First and last month of the incident date (see :func:`load_contributions`).
    missions : str or list of str, optional
        Mission acronyms.
    contributors : str or list of str, optional
        ISO3 codes or names of the states whose nationals died.
    data_home : path-like, optional
        Data directory to read instead of the default.

    Examples
    --------
    >>> f = load_fatalities()
    >>> f["casualty_id"].is_unique
    True
    """
    df = _read_processed("fatalities", data_home)
    df = df.rename(columns={"incident_date": "date"})
    full = df
    df = selection.between(df, start, end, what="fatalities table")
    within = selection.window_text(start, end)
    df = selection.select(df, "mission", selection.as_list(missions, "missions"), "mission",
                          known=full, window_text=within)  # fmt: skip
    df = selection.select(
        df, "nationality_iso3", selection.as_list(contributors, "contributors"), "contributor",
        known=full, resolver=selection.resolve_contributor, window_text=within,
    )  # fmt: skip
    return df.rename(columns={"date": "incident_date"}).reset_index(drop=True)


def load_countries(data_home: PathLike | None = None) -> pd.DataFrame:
    """Every state that contributes, pledges, hosts a mission or lost a peacekeeper.

    Correlates of War and Gleditsch-Ward codes (``cow_code``, ``cow_abb``, ``gw_code``,
    ``gw_abb``) come from the sourced crosswalk ``data/state_codes.csv``, joined here; they
    are missing where the crosswalk has none (micro-states in G-W, Palestine, Kosovo, ...).
    Bloc flags are membership in 2025; :func:`pkanalysis.burden.membership` dates them.

    Parameters
    ----------
    data_home : path-like, optional
        Data directory to read instead of the default.

    Examples
    --------
    >>> c = load_countries().set_index("iso3")
    >>> int(c.loc["NPL", "cow_code"]), int(c.loc["DEU", "gw_code"])
    (790, 260)
    """
    countries = _read_processed("countries", data_home)
    codes = _curated("state_codes", None, data_home)
    codes = codes[["iso3", "cow_code", "cow_abb", "gw_code", "gw_abb"]]
    return countries.merge(codes, on="iso3", how="left")


def load_bloc_membership(data_home: PathLike | None = None) -> pd.DataFrame:
    """Dated changes of bloc membership since the data begin (EU enlargements, the UK's exit,
    Morocco's return to the AU, South Sudan's admission).  A state without a row here is
    taken to have had its ``load_countries()`` flag throughout.

    Parameters
    ----------
    data_home : path-like, optional
        Data directory to read instead of the default.

    Examples
    --------
    >>> m = load_bloc_membership().set_index(["iso3", "bloc"])
    >>> m.loc[("GBR", "eu"), "member_until"].date().isoformat()
    '2020-01-31'
    """
    return _curated("bloc_membership", None, data_home)


# --- the catalogue -----------------------------------------------------------------------------
# Every loader above is registered here with its provenance (pkanalysis.catalog): one table to
# read and keep true, instead of a block above each function.


def _contributions_span(data_home: PathLike | None) -> str:
    """Months covered, and the UN reports' share of them, from the snapshot's manifest."""
    meta = snapshot.manifest(paths.processed_file(snapshot.MANIFEST, data_home).parent)
    first, last = meta["months_covered"]
    reports = sorted(
        str(s["date"])[:7]
        for s in meta.get("sources", [])
        if s["file"].startswith("un_dpo_contributions_monthly_pdfs/") and s["status"] == "used"
    )
    if not reports:
        return f"monthly, {first} to {last}"
    return f"monthly, {first} to {last} (UN reports {reports[0]} to {reports[-1]}, IPI before)"


def _table_span(name: str, column: str, monthly: bool = False):
    """``span(data_home)``: first and last month of ``column`` in a built table (and, for a
    monthly table, the months inside that have no row)."""

    def span(data_home: PathLike | None) -> str:
        dates = _read_processed(name, data_home)[column]
        first, last = dates.min(), dates.max()
        text = f"{first:%Y-%m} to {last:%Y-%m}"
        if not monthly:
            return text
        months = pd.period_range(first, last, freq="M")
        missing = sorted(set(months) - set(dates.dt.to_period("M")))
        gaps = f" ({', '.join(f'{m:%Y-%m}' for m in missing)} missing)" if missing else ""
        return f"monthly, {text}{gaps}"

    return span


def _processed_info(name: str, **fields) -> DatasetInfo:
    return DatasetInfo(name=name, kind="processed", files=(f"processed/{name}.arrow",), **fields)


def _curated_info(name: str, files: tuple[str, ...] | None = None, **fields) -> DatasetInfo:
    return DatasetInfo(name=name, kind="curated", licence=CURATED_LICENCE,
                       files=files or (f"{name}.csv",), **fields)  # fmt: skip


PLEDGE_PAGE = "https://peacekeeping.un.org/en/peacekeeping-ministerial"

CATALOGUE: tuple[DatasetInfo, ...] = (
    _processed_info(
        "contributions",
        title="Uniformed personnel contributions by month, mission, contributor, type and sex",
        publisher=f"{DPO}; {IPI}",
        url="https://peacekeeping.un.org/en/troop-and-police-contributors",
        licence=f"{UN_TERMS}; IPI data: {IPI_TERMS}",
        vintage="{span}",
        span=_contributions_span,
        retrieved="2025-09-14 (UN monthly reports); 2017-06-26 (IPI)",
    ),
    _processed_info(
        "mission_strength",
        title="Uniformed personnel by mission and month (no contributor split)",
        publisher=IPI,
        url="https://github.com/IPIDataLab/PPP_Loader",
        licence=IPI_TERMS,
        vintage="{span}",
        span=_table_span("mission_strength", "date", monthly=True),
        retrieved="2017-06-26",
    ),
    _processed_info(
        "missions",
        title="UN peace operations: acronym, kind, dates, host countries",
        publisher=f"UN DPPA/DPO Peace and Security Data Hub (DPPADPOSS-PKO); {DPO}",
        url="https://psdata.un.org/dataset/DPPADPOSS-PKO",
        licence=UN_TERMS,
        vintage="Data Hub export of 2024-02-19, with sourced fixes and additions",
        retrieved="2024-02-19",
    ),
    _processed_info(
        "fatalities",
        title="Fatalities in UN peacekeeping operations and special political missions",
        publisher="UN DPPA/DPO Peace and Security Data Hub (DPPADPOSS-FATALITIES)",
        url="https://psdata.un.org/dataset/DPPADPOSS-FATALITIES",
        licence=UN_TERMS,
        vintage="{span}; Data Hub update of 2025-04-04",
        span=_table_span("fatalities", "incident_date"),
        retrieved="2025-04-04",
    ),
    _processed_info(
        "countries",
        title="Countries: ISO3, M49, UN name, region, UN regional group and bloc membership",
        publisher="UN OCHA country list (hdx-python-country); pkanalysis curation of groups",
        url="https://unstats.un.org/unsd/methodology/m49/",
        licence="hdx-python-country: MIT; curated groups: CC BY 4.0",
        vintage="M49 as bundled with hdx-python-country; groups as of 2025",
    ),
    _curated_info(
        "conferences",
        title="UN peacekeeping summits and ministerials, 2014-2025",
        publisher="pkanalysis curation of UN and host-government statements",
        url=PLEDGE_PAGE,
        vintage="2014-09 to 2025-05; each row dated by its source",
    ),
    _curated_info(
        "pledges",
        title="Pledges of member states at UN peacekeeping summits and ministerials",
        publisher="pkanalysis curation of UN, government and IPI sources",
        url=PLEDGE_PAGE,
        vintage="2014 to 2025; each row dated by its source",
    ),
    _curated_info(
        "pledge_counts",
        files=("pledge_category_counts.csv",),
        title="Conference-level counts of pledges by category",
        publisher="pkanalysis curation of UN, government and IPI sources",
        url=PLEDGE_PAGE,
        vintage="2014 to 2025; each row dated by its source",
    ),
    _curated_info(
        "pledge_coverage",
        files=("pledges.csv", "pledge_category_counts.csv"),
        title="How complete the pledge register is: states with a recorded pledge vs states "
        "known to have pledged, per conference and category",
        publisher="pkanalysis, from its pledge and pledge-count tables",
        url=PLEDGE_PAGE,
        vintage="2014 to 2025; derived from pledges.csv and pledge_category_counts.csv",
    ),
    _curated_info(
        "unit_sizes",
        title="Personnel in one unit of each type (battalion, formed police unit, hospital, ...)",
        publisher="pkanalysis curation of UN manuals and pages and national releases",
        url="https://peacekeeping.un.org/en/military",
        vintage="UN standards and observed units, 2012-2025; each row dated by its source",
    ),
    _curated_info(
        "capability_requirements",
        title="Uniformed capabilities the UN asked member states for, by paper and cycle",
        publisher="pkanalysis curation of DPO requirement papers and Secretary-General reports",
        url="https://peacekeeping.un.org/en/2023-united-nations-peacekeeping-ministerial",
        vintage="papers of 2014-09 to 2022-07; each row dated by its paper and source",
    ),
    _curated_info(
        "parity_targets",
        title="Uniformed Gender Parity Strategy 2018-2028: targets for the share of women",
        publisher="United Nations Department of Peace Operations (via cited pages)",
        url="https://peacekeeping.un.org/en/women-peacekeeping",
        vintage="targets for 2018-2028 as published",
    ),
    _curated_info(
        "bloc_membership",
        title="Dated joining and leaving of the EU and AU (overrides of the 2025 bloc flags)",
        publisher="pkanalysis curation of EU, AU and news sources",
        url="https://europa.eu/european-union/about-eu/countries_en",
        vintage="changes from 1990-11 to 2025; each row dated by its source",
    ),
)

for _info in CATALOGUE:
    register(_info, globals()[f"load_{_info.name}"])
del _info
