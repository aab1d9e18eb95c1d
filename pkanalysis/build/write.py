"""Stage 6: write a complete snapshot beside the old one and switch it in with one rename.

A build writes into ``<data>/.processed.building-<pid>-<random>/``; only when every table, the
reconciliation, ``sources.csv`` and the manifest (with the size and SHA-256 of every file) are
written and verified is the folder exchanged with ``<data>/processed`` in one
``renameat2(RENAME_EXCHANGE)`` call.  Until then the previous snapshot is not touched, so a
refused, failed or killed build leaves it byte-identical.  Where the exchange is not available
(not Linux, or a file system without it), the old folder is renamed aside and the new one
renamed in; :func:`recover` puts the old one back if a crash fell between the two renames.

A refused build (printed totals not reproduced) keeps its whole folder as
``<data>/processed.refused/`` for inspection.  A staging folder whose build process is gone
(killed with SIGKILL) is removed by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import checksums, snapshot
from .common import FIRST_MONTH, LAST_MONTH, BuildError

if TYPE_CHECKING:
    import pandas as pd

STAGING_PREFIX = ".processed.building-"
ASIDE_PREFIX = ".processed.previous-"
REFUSED = "processed.refused"
LOCK = ".build.lock"
PAUSE_ENV = "PKANALYSIS_TEST_PAUSE"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def recover(data: Path) -> None:
    """Undo what a build killed mid-switch or mid-write left behind in ``data``.

    A snapshot renamed aside with no snapshot in its place is put back; staging folders of
    builds whose process is gone are removed.
    """
    target = data / "processed"
    for aside in sorted(data.glob(f"{ASIDE_PREFIX}*")):
        if not target.exists() and (aside / "processed").is_dir():
            os.rename(aside / "processed", target)
        shutil.rmtree(aside, ignore_errors=True)
    for staging in data.glob(f"{STAGING_PREFIX}*"):
        try:
            pid = int(staging.name[len(STAGING_PREFIX) :].split("-")[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def exclusive(data: Path) -> Iterator[None]:
    """Hold ``<data>/.build.lock`` while building: two builds of one folder would each take
    the other's staging folder for a dead build's.

    Raises
    ------
    BuildError
        If another build holds the lock (or the folder cannot be written).
    """
    try:
        fh = (data / LOCK).open("a+")
    except OSError as exc:
        raise BuildError(
            f"cannot write the snapshot: data folder {data} is not writable ({exc.strerror}); "
            "nothing was parsed and data/processed/ is unchanged"
        ) from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another build is writing to {data} (it holds {data / LOCK}); wait for it to "
                "finish"
            ) from None
        yield


def prepare(data: Path) -> Path:
    """Create this build's staging folder in ``data`` (so a folder that cannot be written is
    found before any parsing).

    Raises
    ------
    BuildError
        If ``data`` does not exist or cannot be written.
    """
    if not data.is_dir():
        raise BuildError(f"data folder {data} does not exist")
    try:
        recover(data)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=data))
        # mkdtemp makes a private folder; the snapshot gets a folder's usual permissions
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        return staging
    except OSError as exc:
        raise BuildError(
            f"cannot write the snapshot: data folder {data} is not writable ({exc.strerror}); "
            "nothing was parsed and data/processed/ is unchanged"
        ) from None


def pause(stage: str) -> None:
    """Test hook: with ``PKANALYSIS_TEST_PAUSE=<stage>:<file>``, write this process's id to
    ``<file>`` at ``stage`` and wait there until killed (kill tests signal the build at a
    known point)."""
    wanted = os.environ.get(PAUSE_ENV, "")
    if not wanted.startswith(f"{stage}:"):
        return
    Path(wanted.split(":", 1)[1]).write_text(str(os.getpid()))
    while True:
        time.sleep(0.05)


class Snapshot:
    """The files of one snapshot being written in its staging folder, with their checksums."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[str, dict] = {}

    def _record(self, name: str) -> None:
        size, sha = checksums.digest(self.folder / name, save=False)
        self.files[name] = {"bytes": size, "sha256": sha}

    def table(self, name: str, df: pd.DataFrame) -> dict:
        """A loader's table, as Arrow IPC (see :mod:`pkanalysis.arrow_tables`)."""
        from .. import arrow_tables  # (pandas: not needed by the folder handling above)

        file = f"{name}.arrow"
        arrow_tables.write_frame(df, self.folder / file)
        self._record(file)
        return {"file": file, "rows": len(df), "sha256": self.files[file]["sha256"]}

    def parquet(self, name: str, df: pd.DataFrame) -> dict:
        file = f"{name}.parquet"
        df.to_parquet(self.folder / file, index=False, compression="zstd")
        self._record(file)
        return {"file": file, "rows": len(df), "sha256": self.files[file]["sha256"]}

    def csv(self, name: str, df: pd.DataFrame) -> None:
        df.to_csv(self.folder / f"{name}.csv", index=False)
        self._record(f"{name}.csv")

    def add_existing(self, names: list[str]) -> None:
        """Record files written into the folder by another module (the curated copies)."""
        for name in names:
            self._record(name)

    def manifest(self, manifest: dict) -> None:
        """Write the manifest, listing every file with its size and hash, then verify all."""
        manifest = {**manifest, "files": dict(sorted(self.files.items()))}
        text = json.dumps(manifest, indent=1, default=str) + "\n"
        (self.folder / snapshot.MANIFEST).write_text(text)
        snapshot.verify(self.folder)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one system call; False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)  # Linux only
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def switch(staging: Path, data: Path) -> None:
    """Make ``staging`` the snapshot ``<data>/processed``, replacing the old one in one step."""
    target = data / "processed"
    pause("switch")
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now the old snapshot
        return
    aside = Path(tempfile.mkdtemp(prefix=f"{ASIDE_PREFIX}{os.getpid()}-", dir=data))
    os.rename(target, aside / "processed")
    os.rename(staging, target)
    shutil.rmtree(aside)


def keep_refused(staging: Path, data: Path) -> Path:
    """Keep a refused build's folder as ``<data>/processed.refused`` (replacing an older one)."""
    refused = data / REFUSED
    if refused.exists():
        shutil.rmtree(refused)
    os.rename(staging, refused)
    return refused


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def manifest_fields(
    contributions: pd.DataFrame,
    recon: pd.DataFrame,
    started: float,
    **fields,
) -> tuple[dict, float, list[str]]:
    """What every manifest records, whether the build was full or extended the last snapshot:
    ``fields``, then build time, months covered and missing and reconciliation tallies (which
    replace any of the same name in ``fields``, e.g. from the previous manifest).

    Returns
    -------
    (manifest, seconds, months missing)
    """
    import pandas as pd

    covered = set(contributions["date"].unique())
    last = max(pd.Timestamp(LAST_MONTH), max(covered))
    months = pd.date_range(pd.Timestamp(FIRST_MONTH), last, freq="ME")
    missing = [f"{m:%Y-%m}" for m in months if m not in covered]
    seconds = time.perf_counter() - started
    record = {
        **fields,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "months_covered": [f"{min(covered):%Y-%m}", f"{max(covered):%Y-%m}"],
        "months_missing": missing,
        "reconciliation": recon["status"].value_counts().to_dict(),
    }
    return record, seconds, missing
