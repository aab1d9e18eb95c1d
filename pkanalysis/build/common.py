"""Names every build stage shares: the raw folder's layout, the row shape, the build's error."""

from __future__ import annotations

import pandas as pd

from ..parse import ipi

PDF_DIR = "un_dpo_contributions_monthly_pdfs"
IPI_DIR = "ipi_providing_for_peacekeeping"
IPI_GENDER = f"{IPI_DIR}/{ipi.GENDER_FILE}"
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
FIRST_MONTH = pd.Timestamp("1990-11-30")
LAST_MONTH = pd.Timestamp("2025-07-31")


class BuildError(RuntimeError):
    """The build cannot produce a trustworthy snapshot; the message says why."""
