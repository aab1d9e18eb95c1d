"""Names every build stage shares: the raw folder's layout, the row shape, the build's error.

Nothing here imports pandas: the stages that do without it (fetching, parsing, the worker
processes) share these names too.
"""

from __future__ import annotations

from typing import Any

PDF_DIR = "un_dpo_contributions_monthly_pdfs"
IPI_DIR = "ipi_providing_for_peacekeeping"
# The columns every source's rows share before harmonisation (``line`` says where in the source
# a row was read, and ``page`` where in a report, so that an error found later can still name
# the place; neither reaches the snapshot).
ROW_COLUMNS = [
    "date",
    "mission",
    "country",
    "personnel_type_source",
    "personnel_type",
    "male",
    "female",
    "total",
    "source",
    "line",
    "page",
]
# The months the snapshot is expected to cover (month ends, ISO dates).
FIRST_MONTH = "1990-11-30"
LAST_MONTH = "2025-07-31"


class BuildError(RuntimeError):
    """The build cannot produce a trustworthy snapshot; the message says why."""


def __getattr__(name: str) -> Any:
    # IPI_GENDER is named by the IPI parser, which imports pandas: looked up on first use.
    if name == "IPI_GENDER":
        from ..parse import ipi

        return f"{IPI_DIR}/{ipi.GENDER_FILE}"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
