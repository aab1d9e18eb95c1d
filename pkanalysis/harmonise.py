"""Harmonise names across sources: countries to ISO3, mission acronyms to one spelling.

Countries are matched exactly against UN OCHA's country list (hdx-python-country, used offline);
names it does not know come from the sourced alias table ``data/country_aliases.csv``, which can
limit an alias to a period (IPI calls the Federal Republic of Yugoslavia "Serbia").  Fuzzy
matching is never used: pycountry's fuzzy search, for one, maps "Republic of Korea" to PRK.
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import os
import re
import tempfile
import warnings
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths


class UnknownValuesError(ValueError):
    """Raised when names cannot be harmonised; the message lists every unknown value."""


def map_unique(series: pd.Series, fn) -> pd.Series:
    """Apply ``fn`` to each distinct non-missing value only: long columns repeat few names.

    Examples
    --------
    >>> map_unique(pd.Series(["a  b", None, "a  b"]), lambda v: " ".join(v.split())).tolist()
    ['a b', nan, 'a b']
    """
    # factorize + take is about twice as fast as Series.map with a dict on 200k-row columns
    codes, uniques = pd.factorize(series)
    values = np.array([fn(v) for v in uniques] + [None], dtype=object)  # code -1 (missing) -> None
    return pd.Series(values[codes], index=series.index, name=series.name).infer_objects()


def squash_spaces(series: pd.Series) -> pd.Series:
    """Collapse runs of whitespace (line breaks in printed labels) to single spaces."""
    return map_unique(series, lambda v: " ".join(str(v).split()))


def clean_name(name: str) -> str:
    """Normalise a printed country name: whitespace, rank digits, stray quotes.

    Examples
    --------
    >>> clean_name("Albania1 ")
    'Albania'
    >>> clean_name("Bangladesh'")
    'Bangladesh'
    >>> clean_name("United Republic of\\nTanzania")
    'United Republic of Tanzania'
    """
    # Quotes first: a rank can sit inside the apostrophe IPI adds ("Albania1'").
    name = " ".join(str(name).split()).strip(" '\"")
    name = re.sub(r"^\d+\s+", "", name)  # rank printed before the name
    name = re.sub(r"(?<=[A-Za-z)])\d+$", "", name)  # rank run into the name ("Albania1")
    return name.strip(" '\"")


@cache
def hdx_country():
    """hdx-python-country's ``Country``, loaded from the list bundled with the package."""
    from hdx.location.country import Country

    # Country.countriesdata() reads its bundled CSV through frictionless, whose imports cost
    # about 3 s; reading the same file with csv and handing the rows to the library's own
    # set_countriesdata() gives identical lookups (empty cells as None, as it expects).
    with open(Country._ochapath, newline="", encoding="utf-8") as fh:
        rows = [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(fh)]
    Country.set_countriesdata(rows)
    Country._use_live = False  # never reach for the network
    return Country


@cache
def country_aliases() -> pd.DataFrame:
    """The sourced alias table (``data/country_aliases.csv``)."""
    path = paths.data_dir() / "country_aliases.csv"
    return pd.read_csv(
        path,
        parse_dates=["valid_from", "valid_to"],
        keep_default_na=False,
        na_values={"valid_from": [""], "valid_to": [""]},
    )


def un_name(iso3: str) -> str:
    """UN short name for an ISO3 code (historic codes from the alias table).

    Examples
    --------
    >>> un_name("KOR")
    'Republic of Korea'
    >>> un_name("SCG")
    'Serbia and Montenegro'
    """
    return _un_names().get(iso3) or _hdx_name(iso3)


@cache
def _un_names() -> dict[str, str]:
    aliases = country_aliases()
    return dict(zip(aliases["iso3"], aliases["name"], strict=True))


@cache
def _hdx_name(iso3: str) -> str:
    known = _lookups()["name"]
    if iso3 not in known:
        info = hdx_country().get_country_info_from_iso3(iso3, use_live=False)
        if not info:
            raise UnknownValuesError(f"unknown ISO3 code {iso3!r}")
        # The M49 name is the UN Statistics Division's short name ("Nauru", where OCHA's
        # preferred term is "Naoero"); UN style writes the apostrophe straight.
        known[iso3] = (info.get("M49 English") or info["Preferred Term"]).replace("\u2019", "'")
        _lookups()["new"] = True
    return known[iso3]


@cache
def _exact_iso3(name: str) -> str | None:
    known = _lookups()["iso3"]
    if name not in known:
        known[name] = hdx_country().get_iso3_country_code(name, use_live=False)
        _lookups()["new"] = True
    return known[name]


def _lookups_file() -> Path | None:
    """Where this version of hdx-python-country's answers are kept (None: no cache folder)."""
    try:
        version = importlib.metadata.version("hdx-python-country")
        return paths.cache_dir() / f"hdx_lookups-{version}.json"
    except Exception:  # no usable cache folder: answers are kept for this process only
        return None


@cache
def _lookups() -> dict:
    """hdx's answers (name -> ISO3, ISO3 -> UN name) given in earlier processes.

    They depend only on the library's version, whose country list ships with it; a build
    that extends the last snapshot meets the names the last build met, and answering them
    from here spares it loading hdx (a quarter of a second).
    """
    known: dict = {"iso3": {}, "name": {}, "new": False}
    path = _lookups_file()
    try:
        saved = json.loads(path.read_text()) if path is not None else {}
    except (OSError, ValueError):
        saved = {}
    for key in ("iso3", "name"):
        if isinstance(saved.get(key), dict):
            known[key].update(saved[key])
    return known


def save_lookups() -> None:
    """Keep hdx's answers given in this process for the next ones (a cache that cannot be
    written only costs the next process loading hdx)."""
    known, path = _lookups(), _lookups_file()
    if not known["new"] or path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".hdx_lookups-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(json.dumps({"iso3": known["iso3"], "name": known["name"]}))
        os.replace(tmp, path)
        known["new"] = False
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise


def to_iso3(
    names: pd.Series,
    dates: pd.Series | None = None,
    *,
    errors: str = "raise",
    what: str = "country",
) -> pd.Series:
    """Map country names to ISO3 codes.

    Parameters
    ----------
    names : Series of str
        Names as printed in a source.
    dates : Series of Timestamp, optional
        The month of each name, for aliases valid only in a period.
    errors : {"raise", "warn"}
        What to do with names that cannot be matched: raise, or warn and return ``<NA>``.
    what : str
        Word used in the error message (e.g. "contributor").

    Raises
    ------
    UnknownValuesError
        Listing every unknown name, when ``errors="raise"``.

    Examples
    --------
    >>> to_iso3(pd.Series(["Republic of Korea", "Turkey", "Albania1"])).tolist()
    ['KOR', 'TUR', 'ALB']
    """
    if errors not in ("raise", "warn"):
        raise ValueError(f"errors must be 'raise' or 'warn', not {errors!r}")
    # Long columns repeat a few hundred names: work on the distinct names, then spread back.
    codes, uniques = pd.factorize(names.astype(str))
    cleaned = np.array([clean_name(u) for u in uniques] + [None], dtype=object)  # -1: missing
    out = np.array([_exact_iso3(c) for c in cleaned[:-1]] + [None], dtype=object)[codes]
    when = (
        np.full(len(names), np.datetime64("NaT"), dtype="datetime64[ns]")
        if dates is None
        else pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]")
    )
    undated = np.isnat(when)
    unmatched = pd.isna(out)
    # Sourced aliases override exact matches inside their period (IPI's "Serbia" before 2006).
    # A name without a date gets a period's alias only if it has no match of its own: an
    # undated "Serbia" is Serbia, an undated "Yugoslavia" Yugoslavia.
    for alias in country_aliases().itertuples():
        spellings = np.flatnonzero(cleaned == alias.alias)
        if not spellings.size:
            continue
        hit = np.isin(codes, spellings)
        if pd.notna(alias.valid_from) or pd.notna(alias.valid_to):
            within = ~undated
            if pd.notna(alias.valid_from):
                within &= when >= alias.valid_from.to_datetime64()
            if pd.notna(alias.valid_to):
                within &= when <= alias.valid_to.to_datetime64()
            hit &= within | (undated & unmatched)
        out[hit] = alias.iso3
    missing = pd.isna(out)
    unknown = sorted({str(c) for c in cleaned[codes[missing]]})
    if unknown:
        msg = (
            f"{len(unknown)} unknown {what} name(s): {', '.join(map(repr, unknown))}; "
            "add them to data/country_aliases.csv with a source"
        )
        if errors == "raise":
            raise UnknownValuesError(msg)
        warnings.warn(msg, stacklevel=2)
    return pd.Series(out, index=names.index, dtype="string")


@cache
def mission_aliases() -> dict[str, str]:
    """Alternative mission acronyms (``data/mission_aliases.csv``) mapped to the UN acronym."""
    table = pd.read_csv(paths.data_dir() / "mission_aliases.csv")
    return dict(zip(table["alias"], table["mission"], strict=True))


def normalise_missions(acronyms: pd.Series) -> pd.Series:
    """Normalise printed mission acronyms (case, stray quotes, French/English variants).

    Examples
    --------
    >>> normalise_missions(pd.Series(["ONUCI", "MINUSMA'", None])).tolist()
    ['UNOCI', 'MINUSMA', <NA>]
    """
    aliases = mission_aliases()

    def one(value: str) -> str:
        acronym = " ".join(str(value).split()).strip(" '\"").upper()
        return aliases.get(acronym, acronym)

    return map_unique(acronyms.astype("string"), one).astype("string")
