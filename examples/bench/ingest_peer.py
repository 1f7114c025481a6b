"""The Python side of `npm run bench:ingest` (examples/bench/ingest.ts).

Reads the same ratings.csv with pandas `read_csv` (C engine, typed columns) and
pyarrow's `csv.read_csv` (its default thread pool), and prints one JSON line
with the seconds and rows of each, wall time of the read alone.
"""
import json
import os
import sys
import time

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv


def timed(read):
    t0 = time.perf_counter()
    rows = read()
    return time.perf_counter() - t0, rows


def main(path, threads):
    pa.set_cpu_count(threads)
    pa.set_io_thread_count(threads)
    dtypes = {"userId": "uint32", "movieId": "uint32", "rating": "float32", "timestamp": "int64"}
    pandas_s, pandas_rows = timed(lambda: len(pd.read_csv(path, engine="c", dtype=dtypes)))
    arrow_s, arrow_rows = timed(lambda: pacsv.read_csv(path).num_rows)
    print(json.dumps({
        "pandas": {"seconds": pandas_s, "rows": pandas_rows, "version": pd.__version__},
        "pyarrow": {"seconds": arrow_s, "rows": arrow_rows, "threads": threads, "version": pa.__version__},
        "bytes": os.path.getsize(path),
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
