"""Checks for notebook parameters: a bad value fails at once, listing the valid ones."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import cycles
from .followthrough import CONTROL_CHOICES, OUTCOMES
from .i18n import check_lang
from .vocab import ALL_PERSONNEL_TYPES


def _choose(value, valid: Iterable, what: str, plural: str | None = None):
    valid = list(valid)
    if value not in valid:
        raise ValueError(
            f"unknown {what} {value!r}; valid {plural or what + 's'}: {', '.join(map(str, valid))}"
        )
    return value


def conference(name: str, conferences: pd.DataFrame) -> str:
    """Check a conference id such as ``"2021 Seoul"``."""
    return _choose(name, conferences["conference_id"], "conference")


def cycle(name: str, conferences: pd.DataFrame) -> str:
    """Check a cycle name such as ``"2019 New York"`` or ``"pre-2014"``."""
    return cycles.validate_cycle(name, conferences)


def cycle_range(first: str, last: str, conferences: pd.DataFrame) -> list[str]:
    """The cycles from ``first`` to ``last`` inclusive; raises if out of order."""
    names = list(cycles.cycle_table(conferences)["cycle"].astype(str))
    cycle(first, conferences)
    cycle(last, conferences)
    i, j = names.index(first), names.index(last)
    if i > j:
        raise ValueError(
            f"first cycle {first!r} comes after last cycle {last!r}; "
            f"cycles in order: {', '.join(names)}"
        )
    return names[i : j + 1]


def country(iso3: str, contributions: pd.DataFrame) -> str:
    """Check an ISO3 code against the contributors in the data."""
    return _choose(
        str(iso3).upper(), sorted(contributions["contributor_iso3"].unique()), "contributor"
    )


def mission(acronym: str, missions: pd.DataFrame) -> str:
    """Check a mission acronym against ``load_missions()``."""
    return _choose(str(acronym).upper(), sorted(missions["mission"]), "mission")


def personnel_types(values: str | Iterable[str]) -> list[str]:
    """Check personnel types against the vocabulary."""
    values = [values] if isinstance(values, str) else list(values)
    return [_choose(v, ALL_PERSONNEL_TYPES, "personnel type") for v in values]


def choice(value, valid: Iterable, what: str, plural: str | None = None):
    """Check any value against a list of valid ones (e.g. a grouping or a category)."""
    return _choose(value, valid, what, plural)


def in_range(value, low: float, high: float | None, what: str):
    """Check a number against its range (``high=None``: no upper bound).

    Examples
    --------
    >>> in_range(0.5, 0, 1, "max_exposure")
    0.5
    >>> in_range(-3, 0, None, "placebo_draws")
    Traceback (most recent call last):
    ...
    ValueError: placebo_draws must be a number from 0; got -3
    """
    bounds = f"from {low}" if high is None else f"from {low} to {high}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number {bounds}; got {value!r}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{what} must be a number {bounds}; got {value!r}")
    return value


def split_month(value, contributions: pd.DataFrame) -> pd.Timestamp:
    """Check a month (``"2015-01"``) against the months the sources split by mission."""
    from .drawdown import describe_months, split_months

    months = split_months(contributions)
    try:
        month = pd.Timestamp(value).to_period("M").to_timestamp(how="end").normalize()
    except (ValueError, TypeError):
        month = None
    if month is None or month not in months:
        raise ValueError(
            f"unknown month {value!r}; valid months (with a mission split): "
            f"{describe_months(months)}"
        )
    return month


def _years_with_sex_split() -> list[int]:
    from .loaders import load_contributions

    df = load_contributions()
    return sorted(df.loc[df["female"].notna(), "date"].dt.year.unique().tolist())


def _contributors(values) -> None:
    from .loaders import load_contributions

    contributions = load_contributions()
    for iso3 in values:
        country(iso3, contributions)


def _loaded(check_one, loader_name: str):
    """``check_one(value, table)`` with the table loaded only when a value is checked."""

    def run(value) -> None:
        from . import loaders

        check_one(value, getattr(loaders, loader_name)())

    return run


def _category(value) -> None:
    from .schemas import PLEDGE_CATEGORIES

    choice(value, ["any", *PLEDGE_CATEGORIES], "category", "categories")


#: Parameters checked against data or a vocabulary, by name.
_CHECKS = {
    "conference": _loaded(conference, "load_conferences"),
    "first_cycle": _loaded(cycle, "load_conferences"),
    "last_cycle": _loaded(cycle, "load_conferences"),
    "cycle": _loaded(cycle, "load_conferences"),
    "iso3": _loaded(country, "load_contributions"),
    "contributor": _loaded(country, "load_contributions"),
    "contributors": _contributors,
    "mission": _loaded(mission, "load_missions"),
    "personnel_type": personnel_types,
    "personnel_types": personnel_types,
    "category": _category,
    "grouping": lambda value: choice(value, GROUPINGS, "grouping"),
    "year": lambda value: choice(value, _years_with_sex_split(), "year"),
    "start_month": _loaded(split_month, "load_contributions"),
    "end_month": _loaded(split_month, "load_contributions"),
    "lang": check_lang,
}


def check(name: str, value) -> None:
    """Check one notebook parameter by its name, loading only the table it needs.

    Counts and sizes are checked against their range in :data:`RANGES`; a name the project
    does not know is left alone (notebooks may have parameters of their own).

    Raises
    ------
    ValueError
        Naming the bad value and listing the valid ones.
    """
    if name in _CHECKS:
        _CHECKS[name](value)
    elif name in CHOICES:
        choice(value, *CHOICES[name])
    elif name in RANGES:
        in_range(value, *RANGES[name], name)


GROUPINGS = ("personnel_type", "un_regional_group", "contributor_iso3", "mission")

#: Analysis options: valid values, what one is called, and its plural.
CHOICES = {
    "outcome": (OUTCOMES, "outcome"),
    "controls": (CONTROL_CHOICES, "controls", "controls"),
    "measure": (("annual", "december"), "measure"),
    "share_by": (("region", "un_regional_group", "bloc"), "share_by", "share_by values"),
    "include_spm": ((False, True), "include_spm", "include_spm values"),
}
#: Numeric parameters: lowest and highest valid value (None: no upper bound).  Every numeric
#: parameter of a notebook has one (``year`` is checked against the data instead).
RANGES: dict[str, tuple[float, float | None]] = {
    "max_exposure": (0, 1),
    "placebo_draws": (0, 10_000),
    "seed": (0, None),
    "max_rows": (1, 1000),  # rows shown in each listing of data_quality
    "top_n": (1, 200),  # contributors ranked in contribution_trends
    "top_contingents": (1, 20),  # as burden_sharing checks it
}
