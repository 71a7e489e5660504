#!/usr/bin/env bash
# Analytics benchmark: starts the packaged server on a fresh, durable (fsync on) embedded PostgreSQL, loads the
# analytics read models of one workspace with 100,000 customers and 1,000,000 state changes spread over two years
# (the rows the projections write for such a history), then times each analytics endpoint with 16 clients.
# Figures: docs/PERFORMANCE.md. Usage: bench/analytics.sh [requests per endpoint]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS="${1:-2000}"
PORT="${BENCH_PORT:-18183}"
DATA="bench/target/analytics-data"
. bench/server.sh
start_server "$DATA" "$PORT"
java -cp "$PGJDBC" bench/AnalyticsBench.java "http://localhost:$PORT" "$TOKEN" "$DATA/postgres" "$REQUESTS"
