#!/usr/bin/env bash
# Bulk import benchmark (issue 15): starts the packaged server on a fresh, durable (fsync on) embedded PostgreSQL,
# measures single creates and reads as the reference, then imports JOBS jobs of ROWS customers
# (POST /v1/customers/bulk-import) with 16 clients reading all along: rows/s to the last job completed, time until
# every customer is readable, read p50/p99 during the import. Figures: docs/PERFORMANCE.md.
# Usage: bench/import.sh [jobs] [rows per job]   (default 100 x 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${1:-100}"
ROWS="${2:-1000}"
PORT="${BENCH_PORT:-18195}"
DATA="bench/target/import-data"
. bench/server.sh
start_server "$DATA" "$PORT"
mkdir -p bench/target/classes
javac -d bench/target/classes -cp "$PGJDBC" bench/ImportBench.java bench/AnalyticsBench.java
java -cp "bench/target/classes:$PGJDBC" ImportBench "http://localhost:$PORT" "$TOKEN" "$DATA/postgres" "$JOBS" "$ROWS"
