#!/usr/bin/env bash
# Ingestion benchmark: starts the packaged server on a fresh, durable (fsync on) embedded PostgreSQL, drives
# 1000-event batches from 4 concurrent HTTP clients, COPYs the same rows into a bare table for comparison, and
# measures how long the health score takes to reflect ingested events. Figures: docs/PERFORMANCE-ingestion.md.
# Usage: bench/ingest.sh [seconds]   (default 30, after 30 s of warm-up; BENCH_CLIENTS, BENCH_WARMUP; builds
# app/target/lealup.jar when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-30}"
PORT="${BENCH_PORT:-18181}"
DATA="bench/target/ingest-data"
. bench/server.sh
start_server "$DATA" "$PORT" --lealup.rate-limits.classes.ingest.limit=1000000
java -cp "$PGJDBC" bench/IngestBench.java "http://localhost:$PORT" "$TOKEN" "$DATA/postgres" "$SECONDS_TO_RUN"
