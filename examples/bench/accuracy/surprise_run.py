"""Fit one Surprise algorithm on a train file and score a test file (both `user,item,rating`).

Prints one JSON line: {"algo", "rmse", "mae", "count", "seconds"} (seconds: fit and predict). Test ratings of users or movies
absent from the train file are not scored (als-wasm drops the same ones). Run by
examples/bench/accuracy.ts inside the virtualenv it creates; Surprise's own defaults for every
algorithm (random_state 0 where it has one).

    python surprise_run.py SVD train.csv test.csv
"""
import json
import sys
import time

from surprise import SVD, Dataset, KNNBaseline, Reader, SVDpp, accuracy

ALGOS = {"SVD": SVD, "SVDpp": SVDpp, "KNNBaseline": KNNBaseline}


def read(path):
    with open(path) as f:
        next(f)  # header
        return [(u, i, float(r)) for u, i, r in (line.rstrip("\n").split(",") for line in f if line.strip())]


def _inner(convert, raw):
    try:
        return convert(raw)
    except ValueError:
        return -1


def main():
    name, train_path, test_path = sys.argv[1:4]
    test_rows = read(test_path)
    reader = Reader(line_format="user item rating", sep=",", skip_lines=1, rating_scale=(0.5, 5.0))
    trainset = Dataset.load_from_file(train_path, reader).build_full_trainset()
    start = time.perf_counter()  # fit + predict, as on the als-wasm side (loading not counted)
    algo = ALGOS[name](verbose=False) if name == "KNNBaseline" else ALGOS[name](random_state=0)
    algo.fit(trainset)
    known = [(u, i, r) for u, i, r in test_rows if trainset.knows_user(_inner(trainset.to_inner_uid, u)) and trainset.knows_item(_inner(trainset.to_inner_iid, i))]
    predictions = algo.test(known)
    seconds = time.perf_counter() - start
    rmse = accuracy.rmse(predictions, verbose=False)
    mae = accuracy.mae(predictions, verbose=False)
    print(json.dumps({"algo": name, "rmse": rmse, "mae": mae, "count": len(predictions), "seconds": seconds}))


if __name__ == "__main__":
    main()
