"""The processed snapshot as one checked unit: its manifest lists every file with size and hash.

The build writes a whole snapshot beside the old one and switches it in with one rename (see
:mod:`pkanalysis.build.write`), so a reader sees either the old snapshot or the new one.  What
can still go wrong after that (a truncated copy, an edited or half-restored file, a file from
another build) is caught here: :func:`verify` compares every file with the manifest and names the
first that differs.  Hashes are remembered per file change (:func:`pkanalysis.checksums.digest`),
so verifying an unchanged snapshot costs one ``stat`` per file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import checksums, paths

MANIFEST = "manifest.json"

_MANIFESTS: dict[tuple[str, int, int, int], dict] = {}


class SnapshotError(ValueError):
    """The processed snapshot does not match its manifest; the message names the file."""


def manifest(processed: str | os.PathLike[str]) -> dict:
    """The snapshot's manifest, read once per change of the file.

    Raises
    ------
    SnapshotError
        If the manifest is missing or is not JSON.
    """
    path = Path(processed) / MANIFEST
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SnapshotError(
            f"{path} is missing: the processed snapshot has not been built; run "
            "`pkanalysis data build --raw PATH`"
        ) from None
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    if key not in _MANIFESTS:
        try:
            _MANIFESTS[key] = json.loads(path.read_text())
        except ValueError as exc:
            raise SnapshotError(f"{path}: not a valid manifest ({exc})") from None
    return _MANIFESTS[key]


def expected_files(processed: str | os.PathLike[str]) -> dict[str, dict]:
    """``{file name: {"bytes": size or None, "sha256": hex}}`` for every file the manifest lists.

    Manifests written before the build listed every file carry checksums of the loaders'
    tables only (``outputs``, no sizes); those are still checked.
    """
    meta = manifest(processed)
    if "files" in meta:
        return meta["files"]
    return {
        out["file"]: {"bytes": None, "sha256": out["sha256"]}
        for out in meta.get("outputs", {}).values()
    }


def _mismatch(path: Path, want: dict) -> str | None:
    """Why ``path`` does not match ``want``, or None if it does."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return f"{path}: listed in {MANIFEST} but missing"
    if want.get("bytes") is not None and size != want["bytes"]:
        return (
            f"{path}: {size:,} bytes where {MANIFEST} records {want['bytes']:,} "
            "(truncated, or not the file this snapshot was built with)"
        )
    _, found = checksums.digest(path, save=False)
    if found != want["sha256"]:
        return (
            f"{path}: sha256 {found[:12]}... where {MANIFEST} records {want['sha256'][:12]}... "
            "(changed since the build)"
        )
    return None


def verify(processed: str | os.PathLike[str] | None = None, names: list[str] | None = None) -> int:
    """Check files of the snapshot against the manifest (sizes first, then hashes).

    Parameters
    ----------
    processed : path-like, optional
        The snapshot folder (default ``<data>/processed``).
    names : list of str, optional
        File names to check; default every file the manifest lists.

    Returns
    -------
    int
        The number of files checked.

    Raises
    ------
    SnapshotError
        Naming the first file that is missing, of the wrong size or with the wrong hash, or a
        file asked for that the manifest does not list.
    """
    folder = paths.processed_dir(processed)
    files = expected_files(folder)
    wanted = list(files) if names is None else names
    try:
        for name in wanted:
            if name not in files:
                raise SnapshotError(
                    f"{folder / name}: not listed in {folder / MANIFEST}; the snapshot is "
                    f"incomplete or mixed (listed: {', '.join(sorted(files))})"
                )
            problem = _mismatch(folder / name, files[name])
            if problem:
                raise SnapshotError(
                    problem + "; rebuild with `pkanalysis data build` or restore data/processed/"
                )
    finally:
        checksums.digests([])  # keep what was hashed for the next process
    return len(wanted)


def verify_file(path: str | os.PathLike[str]) -> None:
    """Check one snapshot file against the manifest beside it (see :func:`verify`)."""
    path = Path(path)
    verify(path.parent, [path.name])
