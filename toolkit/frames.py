"""Columns of the toolkit's tables, between Python values, pandas and Arrow.

pandas keeps strings in Arrow buffers. The toolkit builds the string columns of its tables (the loaded
articles, each extractor's rows) in Arrow's system allocator (:func:`string_column`), which hands freed memory
back to the operating system. Arrow's default allocator keeps freed memory for reuse, and the buffers of a
run's many short-lived task tables then stayed with the process, well beyond the size of its texts (figures in
``benchmarks/RESULTS.md``). Other Arrow memory, and the process-wide default, are left as they are.

>>> string_column(["Kyiv", None, float("nan"), 3]).tolist()
['Kyiv', nan, nan, '3']
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

#: pandas' default string dtype ("str"), backed by Arrow.
STR = pd.StringDtype("pyarrow", na_value=float("nan"))


def string_column(values: Sequence) -> pd.Series:
    """A ``str`` column of ``values`` (None, NaN and ``pd.NA`` stay missing; other values become their
    ``str``), its buffers taken from Arrow's system allocator."""
    values = [v if type(v) is str else None if v is None or v is pd.NA or v != v else str(v) for v in values]
    array = pa.array(values, type=pa.large_string(), memory_pool=pa.system_memory_pool())
    return pa.chunked_array([array], type=pa.large_string()).to_pandas(types_mapper=as_pandas_str)


def arrow_strings(series: pd.Series) -> pa.ChunkedArray:
    """A string column as a ``pyarrow.ChunkedArray``: the column's own buffers when it is Arrow-backed
    (pandas' default ``str``), else converted."""
    values = series.array if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow" \
        else series.astype("str").array
    arrow = values.__arrow_array__()
    return arrow if isinstance(arrow, pa.ChunkedArray) else pa.chunked_array([arrow])


def as_pandas_str(arrow_type):
    """``types_mapper`` for ``to_pandas``: Arrow strings become pandas' ``str`` dtype, wrapping the Arrow
    buffers as they are (other types are converted as usual)."""
    return STR if arrow_type in (pa.large_string(), pa.string()) else None


def row_positions(values, ids) -> np.ndarray:
    """For each of ``values``, its position in ``ids`` (-1 where it is absent), looked up in Arrow; each a
    string column or an Arrow array."""
    import pyarrow.compute as pc

    def arrow(column):
        return column if isinstance(column, (pa.Array, pa.ChunkedArray)) else arrow_strings(column)

    found = pc.index_in(arrow(values), value_set=arrow(ids))
    return pc.fill_null(found, -1).to_numpy().astype("int64", copy=False)
