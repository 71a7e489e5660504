#!/usr/bin/env bash
# Explained health changes benchmark (issue 20): starts the packaged server on a fresh, durable (fsync on) embedded
# PostgreSQL, gives one customer 5,000 score changes (events the server's processors project), then times the first
# page of its changes with 1, 4 and 16 clients, after a trivial endpoint and GET /v1/customers/{id} of the same server
# as the references. Figures: docs/PERFORMANCE.md.
# Usage: bench/health-changes.sh [requests]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS="${1:-2000}"
PORT="${BENCH_PORT:-18184}"
DATA="bench/target/health-changes-data"
. bench/server.sh
start_server "$DATA" "$PORT"
mkdir -p bench/target/classes
javac -d bench/target/classes -cp "$PGJDBC" bench/HealthChangesBench.java bench/AnalyticsBench.java
java -cp "bench/target/classes:$PGJDBC" HealthChangesBench "http://localhost:$PORT" "$TOKEN" "$DATA/postgres" "$REQUESTS"
