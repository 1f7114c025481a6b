#!/usr/bin/env python3
"""Round trips between Apache Spark MLlib's ALS and als-wasm, against a real Spark.

Run by scripts/test_spark.sh (which makes the virtualenv) after `npm test` built
dist/. One local[2] Spark session serves every check:

  (a) Spark trains ALS on ml-latest-small and saves; `als-wasm import --from spark`
      and `engine.importSparkModel` read it; predictions on the test pairs equal
      Spark's transform, top-10 lists equal recommendForUserSubset, and fold-in of a
      training user (Spark's ridge regParam * n) gives Spark's own user factor.
  (b) `als-wasm train` (biases, genre prior) then `als-wasm export --to spark`;
      Spark's ALSModel.load opens it; transform equals als-wasm's predict and
      recommendForAllUsers equals als-wasm's top-10 ranked by predicted rating.
  (c) Scale: Spark writes an ALSModel of 1M users x 100k items, rank 32, from random
      factors; `als-wasm import` reads it with progress (time and peak RSS printed).

The data set is read from ALS_SPARK_DATA (default ../shared/data/ml-latest-small
beside the repository); nothing is copied into the repository.
"""
import json
import os
import shutil
import subprocess
import sys
import time

from pyspark.ml.recommendation import ALS, ALSModel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("ALS_SPARK_DATA", os.path.join(ROOT, "..", "shared", "data", "ml-latest-small"))
WORK = os.path.join(ROOT, "test-artifacts", "spark")
CLI = ["node", os.path.join(ROOT, "dist", "cli", "main.js")]
TOL = 1e-5
FAILURES = []


def log(msg):
    print(f"[spark] {msg}", flush=True)


def check(ok, what):
    log(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def run(cmd):
    log("$ " + " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd))
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"command failed ({out.returncode}): {' '.join(cmd)}")
    return out


def als_side(request):
    """Run tests/spark/als_side.mjs (the public API of dist/) on a request."""
    req_path = os.path.join(WORK, "request.json")
    res_path = os.path.join(WORK, "result.json")
    with open(req_path, "w") as f:
        json.dump(request, f)
    run(["node", os.path.join(ROOT, "tests", "spark", "als_side.mjs"), req_path, res_path])
    with open(res_path) as f:
        return json.load(f)


def max_abs_diff(a, b):
    return max(abs(x - y) for x, y in zip(a, b)) if a else 0.0


def same_top_n(ours, theirs, tol=TOL):
    """Equal lists, ties aside: scores agree position by position within `tol`, and an
    item in one list but not at the same place in the other ties with what is there."""
    if len(ours) != len(theirs):
        return False, f"lengths {len(ours)} vs {len(theirs)}"
    for j, ((oi, os_), (ti, ts)) in enumerate(zip(ours, theirs)):
        if abs(os_ - ts) > tol * max(1.0, abs(ts)):
            return False, f"position {j}: score {os_} vs {ts}"
        if oi != ti:
            theirs_scores = {i: s for i, s in theirs}
            tied = oi in theirs_scores and abs(theirs_scores[oi] - os_) <= tol * max(1.0, abs(os_))
            boundary = oi not in theirs_scores and abs(os_ - theirs[-1][1]) <= tol * max(1.0, abs(os_))
            if not (tied or boundary):
                return False, f"position {j}: item {oi} vs {ti} (scores {os_}, {ts})"
    return True, ""


def check_lists(name, ours, theirs):
    bad = [(u, why) for u in theirs for ok, why in [same_top_n(ours[str(u)], theirs[u])] if not ok]
    check(not bad, f"{name}: top-10 of {len(theirs)} users equal (first mismatch: {bad[0] if bad else '-'})")


def spark_session():
    ckpt = os.path.join(WORK, "checkpoints")
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("als-wasm round trips")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "3g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(ckpt)
    return spark


def spark_trains_als_wasm_serves(spark, ratings):
    """(a) Spark trains and saves; als-wasm imports (CLI and API) and answers like Spark."""
    train, test = ratings.randomSplit([0.8, 0.2], seed=42)
    reg = 0.1
    als = ALS(rank=12, maxIter=10, regParam=reg, userCol="userId", itemCol="movieId", ratingCol="rating",
              coldStartStrategy="drop", seed=42)
    t0 = time.time()
    model = als.fit(train)
    spark_dir = os.path.join(WORK, "spark-trained")
    model.write().overwrite().save(spark_dir)
    log(f"Spark ALS rank 12, 10 iterations: fit + save {time.time() - t0:.1f} s")

    preds = model.transform(test).select("userId", "movieId", "prediction").collect()
    users = sorted({r.userId for r in train.select("userId").distinct().collect()})[:50]
    subset = spark.createDataFrame([(u,) for u in users], ["userId"])
    theirs = {r.userId: [(x.movieId, x.rating) for x in r.recommendations]
              for r in model.recommendForUserSubset(subset, 10).collect()}
    fold_users = users[:20]
    rows = train.where(F.col("userId").isin(fold_users)).collect()
    fold_in = [{"user": u, "items": [r.movieId for r in rows if r.userId == u],
                "ratings": [r.rating for r in rows if r.userId == u]} for u in fold_users]
    spark_factors = {r.id: r.features for r in model.userFactors.where(F.col("id").isin(fold_users)).collect()}

    als_file = os.path.join(WORK, "imported.als")
    out = run(CLI + ["import", "--from", "spark", spark_dir, "--out", als_file, "--reg-param", str(reg)])
    check("userFactors: " in out.stderr, "import reports progress per factors file")
    request = {"pairs": {"users": [r.userId for r in preds], "items": [r.movieId for r in preds]},
               "recUsers": users, "n": 10, "biasWeight": 0.05, "foldIn": fold_in}
    for label, source in [("engine.importSparkModel", {"spark": spark_dir, "regParam": reg}),
                          ("als-wasm import (CLI)", {"file": als_file})]:
        res = als_side({**request, "model": source})
        d = max_abs_diff(res["predictions"], [r.prediction for r in preds])
        check(d <= TOL, f"(a) {label}: {len(preds)} test predictions equal Spark's transform (max |diff| {d:.2e})")
        check_lists(f"(a) {label} vs recommendForUserSubset", res["recs"], theirs)
        worst = max(max_abs_diff(res["foldIn"][str(u)], spark_factors[u]) for u in fold_users)
        check(worst <= 1e-4, f"(a) {label}: fold-in of {len(fold_users)} training users gives Spark's user factors "
                             f"(ridge regParam*n; max |diff| {worst:.2e})")


def als_wasm_trains_spark_scores(spark, ratings):
    """(b) als-wasm trains with biases and the genre prior and exports; Spark loads and scores."""
    als_file = os.path.join(WORK, "trained.als")
    export_dir = os.path.join(WORK, "exported")
    shutil.rmtree(export_dir, ignore_errors=True)
    run(CLI + ["train", DATA, "--hierarchical", "--factors", "20", "--epochs", "10", "--test-ratio", "0.2", "--samples", "0",
               "--threads", "2", "--out", als_file])
    run(CLI + ["export", als_file, "--to", "spark", export_dir])
    model = ALSModel.load(export_dir)
    check(model.rank == 22, f"(b) Spark loads the export: rank {model.rank} = K 20 + 2 bias columns")

    scored = model.transform(ratings.select("userId", "movieId")).select("userId", "movieId", "prediction").collect()
    users = sorted({r.userId for r in scored})
    theirs = {r.userId: [(x.movieId, x.rating) for x in r.recommendations]
              for r in model.recommendForAllUsers(10).collect()}
    res = als_side({"model": {"file": als_file},
                    "pairs": {"users": [r.userId for r in scored], "items": [r.movieId for r in scored]},
                    "recUsers": users, "n": 10, "biasWeight": 1})
    d = max_abs_diff(res["predictions"], [r.prediction for r in scored])
    check(d <= TOL, f"(b) Spark's transform of all {len(scored)} ratings equals als-wasm predict (max |diff| {d:.2e})")
    check_lists("(b) recommendForAllUsers vs als-wasm recommend (biasWeight 1, no filtering)", res["recs"], theirs)


def spark_writes_a_large_model(spark, users=1_000_000, items=100_000, rank=32):
    """(c) A Spark-written ALSModel from random factors, imported by the CLI with progress."""
    big_dir = os.path.join(WORK, "spark-large")
    t0 = time.time()

    def factors(n, seed):
        cols = [F.rand(seed + f).cast("float") - F.lit(0.5).cast("float") for f in range(rank)]
        return spark.range(0, n, 1, 10).select(F.col("id").cast("int").alias("id"), F.array(*cols).alias("features"))

    jvm_model = spark._jvm.org.apache.spark.ml.recommendation.ALSModel(
        "ALS_randomlarge", rank, factors(users, 1)._jdf, factors(items, 1000)._jdf)
    jvm_model.write().overwrite().save(big_dir)
    log(f"Spark wrote {users:,} x {items:,} rank {rank} in {time.time() - t0:.1f} s")
    out_file = os.path.join(WORK, "large.als")
    cmd = CLI + ["import", "--from", "spark", big_dir, "--out", out_file, "--threads", "2"]
    log("$ " + " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd))
    out_path, err_path = out_file + ".stdout", out_file + ".stderr"
    t0 = time.time()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this process's own peak RSS (KiB on Linux)
    seconds = time.time() - t0
    with open(out_path) as out, open(err_path) as err:
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(stdout + stderr)
        raise SystemExit("the large import failed")
    progress = [line for line in stderr.splitlines() if line.startswith(("userFactors:", "itemFactors:"))]
    check(f"{users:,} users, {items:,} items, rank {rank}" in stdout,
          f"(c) import of {users:,} x {items:,} rank {rank}: {seconds:.1f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MB")
    check(len(progress) >= 2 and progress[-1].endswith(f"{items:,} rows"),
          f"(c) the import reports progress ({len(progress)} lines, last: {progress[-1] if progress else '-'})")
    for f in (out_file, out_path, err_path):
        os.remove(f)
    shutil.rmtree(big_dir)


def main():
    if not os.path.exists(os.path.join(DATA, "ratings.csv")):
        raise SystemExit(f"ml-latest-small not found at {DATA} (set ALS_SPARK_DATA)")
    os.makedirs(WORK, exist_ok=True)
    t0 = time.time()
    spark = spark_session()
    log(f"Spark {spark.version} session (local[2]) in {time.time() - t0:.1f} s")
    try:
        ratings = spark.read.csv(os.path.join(DATA, "ratings.csv"), header=True,
                                 schema="userId INT, movieId INT, rating FLOAT, timestamp LONG").cache()
        spark_trains_als_wasm_serves(spark, ratings)
        als_wasm_trains_spark_scores(spark, ratings)
        if os.environ.get("ALS_SPARK_LARGE", "1") != "0":
            spark_writes_a_large_model(spark)
    finally:
        spark.stop()
    log(f"done in {time.time() - t0:.1f} s; {len(FAILURES)} failure(s)")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
