"""Settings for every pytest run of the project: the unit tests and the notebooks nbval runs."""

from __future__ import annotations

import os
import shutil
import tempfile


def pytest_configure(config):
    # Tests write to temporary folders only: notebooks run outside the report runner (nbval, the
    # papermill tests) would otherwise put their figures and tables in reports/scratch/.
    folder = tempfile.mkdtemp(prefix="pkanalysis-tests-")
    os.environ["PKANALYSIS_OUTPUT"] = folder
    os.environ["PKANALYSIS_REPORTS"] = os.path.join(folder, "reports")
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
