"""Snapshot tables stored as Arrow IPC files and read straight into pandas dtypes.

The loaders' tables are written once by ``pkanalysis data build`` and read by every notebook,
so reading is what matters.  Parquet spends most of a first read decoding pages and in
pyarrow's generic ``to_pandas``; an uncompressed IPC file holds the column buffers as they are
in memory.  :func:`read_frame` turns the column kinds the snapshot uses (timestamps, nullable
and plain integers, dictionary-encoded strings) into pandas arrays over those buffers without
``pyarrow.compute``, whose first use in a process costs several milliseconds.  Any other
column kind falls back to ``Table.to_pandas``, so every table reads correctly and the common
ones read quickly (``benchmarks/load_speed.py``).
"""

from __future__ import annotations

import json
import mmap
import os
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa


def write_frame(df: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``df`` (its index dropped) to ``path`` as one uncompressed IPC record batch.

    The file is written beside ``path`` and renamed into place, so a reader never sees half a
    file.
    """
    path = Path(path)
    table = pa.Table.from_pandas(df, preserve_index=False)
    partial = path.with_name(path.name + ".partial")
    with pa.OSFile(str(partial), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table, max_chunksize=max(len(df), 1))
    os.replace(partial, path)


def read_frame(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a file written by :func:`write_frame` with the dtypes it was written with.

    The file is memory-mapped copy-on-write: pages are read when first used, and a write to a
    column changes this process's copy only, never the file.  The arrays stay valid when a rebuild
    replaces the file, because :func:`write_frame` renames a new file into place rather than
    rewriting the old one (the mapping keeps the old file's data).  Frames that share the
    mapping are kept apart by pandas' copy-on-write.
    """
    with open(path, "rb") as f:
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    buffer = pa.py_buffer(data)
    try:
        table = pa.ipc.open_file(buffer).read_all()
    except pa.ArrowInvalid as exc:
        raise ValueError(f"{path}: not a readable Arrow IPC file ({exc})") from None
    source = _Source(data, buffer.address)
    pandas_meta = json.loads(table.schema.metadata[b"pandas"])
    numpy_types = {c["name"]: c["numpy_type"] for c in pandas_meta["columns"]}
    columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        converted = _convert(column, numpy_types.get(name, ""), source)
        if converted is None:
            return _generic(table)
        columns[name] = converted
    return pd.DataFrame(columns, copy=False)


def _generic(table: pa.Table) -> pd.DataFrame:
    """pyarrow's own conversion, for tables with a column kind :func:`_convert` leaves alone."""
    return table.to_pandas()


class _Source(NamedTuple):
    """The bytes a table was read from, and their address: Arrow's read-only views of them
    are turned back into writable NumPy views of the same memory."""

    data: mmap.mmap
    address: int


def _convert(column: pa.ChunkedArray, numpy_type: str, source: _Source) -> object | None:
    """One column as a pandas-ready array, or None where the generic conversion is needed."""
    if column.num_chunks != 1:
        return None
    arr = column.chunk(0)
    kind = arr.type
    if pa.types.is_timestamp(kind):
        if kind.tz is not None or arr.null_count or numpy_type != f"datetime64[{kind.unit}]":
            return None
        return _values(source, arr, np.dtype(f"datetime64[{kind.unit}]"))
    if pa.types.is_integer(kind):
        values = _values(source, arr, np.dtype(kind.to_pandas_dtype()))
        if numpy_type == str(values.dtype) and not arr.null_count:
            return values
        nullable = pd.api.types.pandas_dtype(numpy_type) if numpy_type[:1] in "IU" else None
        if not isinstance(nullable, pd.core.dtypes.dtypes.BaseMaskedDtype):
            return None
        if nullable.numpy_dtype != values.dtype:
            return None
        return pd.arrays.IntegerArray(values, _missing(arr))
    if pa.types.is_dictionary(kind) and numpy_type in ("int8", "int16", "int32", "int64"):
        if not pa.types.is_string(kind.value_type) and not pa.types.is_large_string(
            kind.value_type
        ):
            return None
        codes = _values(source, arr.indices, np.dtype(kind.index_type.to_pandas_dtype()))
        if arr.null_count:
            codes = np.where(_missing(arr), -1, codes)
        categories = pd.Index(arr.dictionary.to_pylist(), dtype="str")
        return pd.Categorical.from_codes(
            codes, dtype=pd.CategoricalDtype(categories, ordered=kind.ordered), validate=False
        )
    return None


def _values(source: _Source, arr: pa.Array, dtype: np.dtype) -> np.ndarray:
    """The data buffer of a fixed-width array as a writable NumPy view of ``source``."""
    buffer, skip = arr.buffers()[1], arr.offset * dtype.itemsize
    start = buffer.address - source.address + skip
    if start < 0 or start + len(arr) * dtype.itemsize > len(source.data):
        # not a slice of the file's bytes (Arrow made its own copy): copy it out
        return np.frombuffer(buffer, dtype=dtype, count=len(arr), offset=skip).copy()
    return np.frombuffer(source.data, dtype=dtype, count=len(arr), offset=start)


def _missing(arr: pa.Array) -> np.ndarray:
    """True where ``arr`` is null, decoded from its validity bitmap."""
    bitmap = arr.buffers()[0]
    if bitmap is None:
        return np.zeros(len(arr), dtype=bool)
    bits = np.unpackbits(
        np.frombuffer(bitmap, dtype=np.uint8), bitorder="little", count=arr.offset + len(arr)
    )
    return bits[arr.offset :] == 0
