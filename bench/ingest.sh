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
TOKEN="op_bench_$(date +%s)"
[ -f app/target/lealup.jar ] || ./mvnw -B -o -q package -DskipTests
PGJDBC="$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)"
rm -rf "$DATA"; mkdir -p "$DATA"
LEALUP_DATA_DIR="$DATA" LEALUP_PORT="$PORT" LEALUP_OPERATOR_TOKEN="$TOKEN" \
  java -jar app/target/lealup.jar \
    --lealup.rate-limits.classes.ingest.limit=1000000 --lealup.rate-limits.classes.reads.limit=1000000 \
    --lealup.rate-limits.classes.writes.limit=1000000 > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://localhost:$PORT/actuator/health" > /dev/null && break
  kill -0 $SERVER 2>/dev/null || { tail -50 "$DATA/server.log"; exit 1; }
  sleep 1
done
java -cp "$PGJDBC" bench/IngestBench.java "http://localhost:$PORT" "$TOKEN" "$DATA/postgres" "$SECONDS_TO_RUN"
