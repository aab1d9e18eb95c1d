"""File checksums, used to tie the snapshot to the exact files it was built from.

:func:`sha256` always reads the file.  :func:`digest` remembers the hash of a file by its
identity and change stamps (size, modification and status-change times, inode), in this process
and in ``<cache>/checksums.json``, so a file is hashed once per change rather than once per
read: loaders verify the snapshot on every first read in a process without paying for it.
The status-change time cannot be set back by a program, so an edit that restores the
modification time is still seen.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

_MEMO: dict[str, tuple[tuple[int, int, int, int], str]] = {}
_LOADED: set[Path] = set()
_UNSAVED: list[bool] = [False]  # digests computed since the store was last written


def sha256(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _store() -> Path | None:
    from . import paths

    try:
        return paths.cache_dir() / "checksums.json"
    except Exception:  # no usable cache folder: hashes are then kept for this process only
        return None


def _load_store(store: Path) -> None:
    if store in _LOADED:
        return
    _LOADED.add(store)
    try:
        saved = json.loads(store.read_text())
    except (OSError, ValueError):
        return
    for name, (stamp, hexdigest) in saved.items():
        _MEMO.setdefault(name, (tuple(stamp), hexdigest))


def _save_store(store: Path) -> None:
    """Write the remembered digests; a cache that cannot be written is no error."""
    if not _UNSAVED[0]:
        return
    _UNSAVED[0] = False
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=store.parent, prefix=".checksums-", suffix=".tmp")
        try:
            # files gone since (a temporary folder, an old snapshot) are forgotten
            kept = {k: [list(s), d] for k, (s, d) in _MEMO.items() if os.path.exists(k)}
            with os.fdopen(fd, "w") as fh:
                fh.write(json.dumps(kept))
            os.replace(tmp, store)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def digest(path: str | os.PathLike[str], *, save: bool = True) -> tuple[int, str]:
    """Size in bytes and hex SHA-256 of a file, hashed only if it changed since last seen.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = f.write_bytes(b"abc")
    >>> digest(f)[0], digest(f)[1][:12]
    (3, 'ba7816bf8f01')
    """
    store = _store()
    result = _digest(path, store)
    if store is not None and save:
        _save_store(store)
    return result


def _digest(path: str | os.PathLike[str], store: Path | None) -> tuple[int, str]:
    path = Path(path).resolve()
    st = path.stat()
    stamp, name = _stamp(st), str(path)
    if store is not None:
        _load_store(store)
    known = _MEMO.get(name)
    if known is not None and known[0] == stamp:
        return st.st_size, known[1]
    hexdigest = sha256(path)
    _MEMO[name] = (stamp, hexdigest)
    _UNSAVED[0] = True
    return st.st_size, hexdigest


def digests(files: list[Path]) -> dict[Path, tuple[int, str]]:
    """:func:`digest` of several files, writing the remembered digests once at the end."""
    store = _store()  # found once: the cache folder is looked up through platformdirs
    out = {f: _digest(f, store) for f in files}
    if store is not None:
        _save_store(store)
    return out
