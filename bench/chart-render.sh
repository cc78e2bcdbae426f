#!/usr/bin/env bash
# Chart render bench: 10 runs x 1,000,000 points rendered as a 1200x600 PNG, p50/p95 over 20 warm renders.
# Usage: bench/chart-render.sh [runs] [points] [renders]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/server/target/test-classpath.txt" -Dmdep.includeScope=test
exec java -Djava.awt.headless=true -Xmx2g \
  -cp "server/target/test-classes:server/target/classes:$(cat server/target/test-classpath.txt)" \
  dev.sextant.server.bench.ChartBench "$@"
