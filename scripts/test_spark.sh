#!/usr/bin/env bash
# Round trips against a real Apache Spark (tests/spark/test_roundtrip.py), run by
# .ci/run after `npm test` (which builds dist/). Makes a virtualenv with pyspark
# from PyPI under .spark-venv/ (git-ignored) and needs Java 17+ (installed from
# Debian when missing and we are root). ALS_SPARK_LARGE=0 skips the 1M-user import.
set -euo pipefail
cd "$(dirname "$0")/.."

PYSPARK_VERSION=4.3.0
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless
  else
    echo "Java 17 is needed for pyspark: apt-get install openjdk-17-jre-headless" >&2
    exit 1
  fi
fi
java -version 2>&1 | head -1

if [ ! -x .spark-venv/bin/python ] || ! .spark-venv/bin/python -c "import pyspark, numpy; assert pyspark.__version__ == '$PYSPARK_VERSION'" 2>/dev/null; then
  python3 -m venv .spark-venv
  .spark-venv/bin/pip install -q "pyspark==$PYSPARK_VERSION" numpy
fi
[ -f dist/cli/main.js ] || npm run -s build
.spark-venv/bin/python tests/spark/test_roundtrip.py
