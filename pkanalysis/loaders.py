"""``load_<name>()`` functions: fast, offline reads of the committed snapshot and curated tables.

Every loader takes the same keywords with the same meaning:

``start``, ``end``
    First and last month to keep (anything ``pandas.Timestamp`` accepts; compared by month).
``missions``, ``contributors``, ``personnel_types``
    One value or a list; unknown values raise ``ValueError`` listing the valid choices.
``data_home``
    Data directory to read instead of :func:`pkanalysis.paths.data_dir`.

Loaders never parse raw sources: ``pkanalysis data build`` does that once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import arrow_tables, paths, snapshot
from .catalog import DatasetInfo, register

PathLike = str | os.PathLike[str]

DPO = "United Nations Department of Peace Operations"
UN_TERMS = "UN terms of use (https://www.un.org/en/about-us/terms-of-use)"
IPI = "International Peace Institute, Providing for Peacekeeping"
IPI_TERMS = "no licence stated in IPIDataLab/PPP_Loader; cite the International Peace Institute"


def _processed_file(name: str, data_home: PathLike | None) -> Path:
    base = paths.data_dir(data_home) / "processed"
    path = base / f"{name}.arrow"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the processed snapshot has not been built; run "
            "`pkanalysis data build --raw PATH` (PATH holds the official raw sources)"
        )
    return path


_CACHE: dict[tuple[str, int, int], pd.DataFrame] = {}


def _read_processed(name: str, data_home: PathLike | None) -> pd.DataFrame:
    """Read a snapshot table once per process; later calls share it (pandas copy-on-write
    keeps callers from changing each other's frames).  A rebuilt file is read again."""
    path = _processed_file(name, data_home)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        # Checked against the manifest once per file change: a truncated or foreign file is
        # named here instead of failing (or worse, loading) somewhere inside Arrow.
        snapshot.verify_file(path)
        _CACHE[key] = arrow_tables.read_frame(path)
    return _CACHE[key].copy(deep=False)


def _as_list(values: str | Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(values)


def _select(
    df: pd.DataFrame,
    column: str,
    wanted: list[str] | None,
    what: str,
    aliases: pd.Series | None = None,
) -> pd.DataFrame:
    """Keep rows whose ``column`` is in ``wanted``; unknown values are an error.

    ``aliases`` maps other accepted spellings (e.g. contributor names) to ``column`` values.
    """
    if wanted is None:
        return df
    valid = set(df[column].dropna().astype(str).unique())
    lookup = {v.upper(): v for v in valid}
    if aliases is not None:
        lookup.update({str(k).upper(): v for k, v in aliases.items()})
    resolved, unknown = [], []
    for value in wanted:
        hit = lookup.get(str(value).strip().upper())
        (resolved.append(hit) if hit is not None else unknown.append(value))
    if unknown:
        raise ValueError(
            f"unknown {what} {', '.join(map(repr, unknown))}; valid {what}: "
            f"{', '.join(sorted(valid))}"
        )
    return df[df[column].isin(resolved)]


def _between(df: pd.DataFrame, start, end) -> pd.DataFrame:
    if start is not None:
        df = df[df["date"] >= pd.Timestamp(start).to_period("M").to_timestamp()]
    if end is not None:
        df = df[df["date"] <= pd.Timestamp(end).to_period("M").to_timestamp(how="end")]
    return df


@register(
    DatasetInfo(
        name="contributions",
        title="Uniformed personnel contributions by month, mission, contributor, type and sex",
        publisher=f"{DPO}; {IPI}",
        url="https://peacekeeping.un.org/en/troop-and-police-contributors",
        licence=f"{UN_TERMS}; IPI data: {IPI_TERMS}",
        vintage="monthly, 1990-11 to 2025-07 (UN reports 2015-01 to 2025-07, IPI before)",
        kind="processed",
        files=("processed/contributions.arrow",),
    )
)
def load_contributions(
    start=None,
    end=None,
    missions: str | Iterable[str] | None = None,
    contributors: str | Iterable[str] | None = None,
    personnel_types: str | Iterable[str] | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """Uniformed personnel by month, mission, contributor, personnel type and sex.

    Each month appears at one grain only, so ``df.groupby("date")["total"].sum()`` is that
    month's total.  Months without a mission split (2018-03..2019-08, 2023-09 and IPI's
    1990-2009 per-country series) have a missing ``mission``.  The columns are described by
    :class:`pkanalysis.schemas.Contributions`.

    Parameters
    ----------
    start, end : date-like, optional
        First and last month to keep.
    missions : str or list of str, optional
        Mission acronyms, e.g. ``"UNMISS"``.
    contributors : str or list of str, optional
        ISO3 codes or UN names of contributing states, e.g. ``"BGD"`` or ``"Bangladesh"``.
    personnel_types : str or list of str, optional
        Values of the personnel-type vocabulary, e.g. ``"Troops"``.
    data_home : path-like, optional
        Data directory to read instead of the default.

    Returns
    -------
    pandas.DataFrame
    """
    df = _read_processed("contributions", data_home)
    df = _between(df, start, end)
    df = _select(df, "mission", _as_list(missions), "missions")
    if contributors is not None:
        names = df.drop_duplicates("contributor").set_index("contributor")["contributor_iso3"]
        df = _select(df, "contributor_iso3", _as_list(contributors), "contributors", aliases=names)
    df = _select(df, "personnel_type", _as_list(personnel_types), "personnel types")
    return df.reset_index(drop=True)


def _curated(name: str, path: PathLike | None, data_home: PathLike | None) -> pd.DataFrame:
    from . import curated

    return curated.load(name, paths.data_dir(data_home), path)


CURATED_LICENCE = "pkanalysis curated table (CC BY 4.0); facts from the cited sources"


@register(
    DatasetInfo(
        name="conferences",
        title="UN peacekeeping summits and ministerials, 2014-2025",
        publisher="pkanalysis curation of UN and host-government statements",
        url="https://peacekeeping.un.org/en/peacekeeping-ministerial",
        licence=CURATED_LICENCE,
        vintage="2014-09 to 2025-05; each row dated by its source",
        kind="curated",
        files=("conferences.csv",),
    )
)
def load_conferences(data_home: PathLike | None = None) -> pd.DataFrame:
    """Summits and ministerials since 2014, one row per conference, with sources.

    Columns are described by :class:`pkanalysis.schemas.Conference`.

    Examples
    --------
    >>> conf = load_conferences()
    >>> conf.set_index("conference_id").loc["2021 Seoul", "start_date"].date().isoformat()
    '2021-12-07'
    """
    return _curated("conferences", None, data_home)


@register(
    DatasetInfo(
        name="pledges",
        title="Pledges of member states at UN peacekeeping summits and ministerials",
        publisher="pkanalysis curation of UN, government and IPI sources",
        url="https://peacekeeping.un.org/en/peacekeeping-ministerial",
        licence=CURATED_LICENCE,
        vintage="2014 to 2025; each row dated by its source",
        kind="curated",
        files=("pledges.csv",),
    )
)
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
    df = _select(df, "conference_id", _as_list(conferences), "conferences")
    names = df.drop_duplicates("pledger").set_index("pledger")["pledger_iso3"]
    df = _select(df, "pledger_iso3", _as_list(contributors), "contributors", aliases=names)
    return df.reset_index(drop=True)


@register(
    DatasetInfo(
        name="pledge_counts",
        title="Conference-level counts of pledges by category",
        publisher="pkanalysis curation of UN, government and IPI sources",
        url="https://peacekeeping.un.org/en/peacekeeping-ministerial",
        licence=CURATED_LICENCE,
        vintage="2014 to 2025; each row dated by its source",
        kind="curated",
        files=("pledge_category_counts.csv",),
    )
)
def load_pledge_counts(data_home: PathLike | None = None) -> pd.DataFrame:
    """Counts of pledges and pledging states per conference and category, where published."""
    return _curated("pledge_category_counts", None, data_home)


@register(
    DatasetInfo(
        name="parity_targets",
        title="Uniformed Gender Parity Strategy 2018-2028: targets for the share of women",
        publisher="United Nations Department of Peace Operations (via cited pages)",
        url="https://peacekeeping.un.org/en/women-peacekeeping",
        licence=CURATED_LICENCE,
        vintage="targets for 2018-2028 as published",
        kind="curated",
        files=("parity_targets.csv",),
    )
)
def load_parity_targets(
    personnel_types: str | Iterable[str] | None = None, data_home: PathLike | None = None
) -> pd.DataFrame:
    """Target share of women per personnel type and year, with sources.

    Examples
    --------
    >>> t = load_parity_targets(personnel_types="Troops")
    >>> float(t.set_index("year").loc[2028, "target_female_share"])
    0.15
    """
    df = _curated("parity_targets", None, data_home)
    return _select(df, "personnel_type", _as_list(personnel_types), "personnel types")


@register(
    DatasetInfo(
        name="mission_strength",
        title="Uniformed personnel by mission and month (no contributor split)",
        publisher=IPI,
        url="https://github.com/IPIDataLab/PPP_Loader",
        licence=IPI_TERMS,
        vintage="monthly, 1990-11 to 2017-03 (2016-11 missing)",
        kind="processed",
        files=("processed/mission_strength.arrow",),
    )
)
def load_mission_strength(
    start=None,
    end=None,
    missions: str | Iterable[str] | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """Mission x month strength from IPI, for the years before contributor-level data.

    Columns are described by :class:`pkanalysis.schemas.MissionStrength`.
    """
    df = _read_processed("mission_strength", data_home)
    df = _between(df, start, end)
    return _select(df, "mission", _as_list(missions), "missions").reset_index(drop=True)


@register(
    DatasetInfo(
        name="missions",
        title="UN peace operations: acronym, kind, dates, host countries",
        publisher=f"UN DPPA/DPO Peace and Security Data Hub (DPPADPOSS-PKO); {DPO}",
        url="https://psdata.un.org/dataset/DPPADPOSS-PKO",
        licence=UN_TERMS,
        vintage="Data Hub export of 2024-02-19, with sourced fixes and additions",
        kind="processed",
        files=("processed/missions.arrow",),
    )
)
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

    Examples
    --------
    >>> int(load_missions(counted_in_71=True).shape[0])
    71
    """
    df = _read_processed("missions", data_home)
    df = _select(df, "kind", _as_list(kind), "kinds")
    if counted_in_71 is not None:
        df = df[df["counted_in_71"] == counted_in_71]
    return df.reset_index(drop=True)


@register(
    DatasetInfo(
        name="fatalities",
        title="Fatalities in UN peacekeeping operations and special political missions",
        publisher="UN DPPA/DPO Peace and Security Data Hub (DPPADPOSS-FATALITIES)",
        url="https://psdata.un.org/dataset/DPPADPOSS-FATALITIES",
        licence=UN_TERMS,
        vintage="1948-07 to 2025-02; Data Hub update of 2025-04-04",
        kind="processed",
        files=("processed/fatalities.arrow",),
    )
)
def load_fatalities(
    start=None,
    end=None,
    missions: str | Iterable[str] | None = None,
    contributors: str | Iterable[str] | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """One row per fatality, de-duplicated on ``casualty_id``; ``contributors`` filters on the
    nationality.

    Examples
    --------
    >>> f = load_fatalities()
    >>> f["casualty_id"].is_unique
    True
    """
    df = _read_processed("fatalities", data_home)
    df = df.rename(columns={"incident_date": "date"})
    df = _between(df, start, end).rename(columns={"date": "incident_date"})
    df = _select(df, "mission", _as_list(missions), "missions")
    df = _select(df, "nationality_iso3", _as_list(contributors), "contributors")
    return df.reset_index(drop=True)


@register(
    DatasetInfo(
        name="countries",
        title="Countries: ISO3, M49, UN name, region, UN regional group and bloc membership",
        publisher="UN OCHA country list (hdx-python-country); pkanalysis curation of groups",
        url="https://unstats.un.org/unsd/methodology/m49/",
        licence="hdx-python-country: MIT; curated groups: CC BY 4.0",
        vintage="M49 as bundled with hdx-python-country; groups as of 2025",
        kind="processed",
        files=("processed/countries.arrow",),
    )
)
def load_countries(data_home: PathLike | None = None) -> pd.DataFrame:
    """Every state that contributes, pledges, hosts a mission or lost a peacekeeper."""
    return _read_processed("countries", data_home)
