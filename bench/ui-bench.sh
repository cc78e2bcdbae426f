#!/bin/sh
# Web UI timings in headless Chromium: first paint of a 10,000-run table, compare page for 100 runs,
# and how soon a running run's chart shows new points.
# POINTS per compare run defaults to 100000; pass e.g. POINTS=1000000 for the issue's full size.
cd "$(dirname "$0")/.." || exit 1
./mvnw -q -pl server -am test -Dtest='UiBenchmark,LiveChartBenchmark' -Dbench.points="${POINTS:-100000}" \
  -Dsurefire.failIfNoSpecifiedTests=false \
  && for bench in UiBenchmark LiveChartBenchmark; do
    grep -v '^\[' "server/target/surefire-reports/dev.sextant.server.ui.$bench-output.txt"
  done
