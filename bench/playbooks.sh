#!/usr/bin/env bash
# Playbook benchmark: starts the packaged server on a fresh, durable (fsync on) embedded PostgreSQL, loads 100,000
# customers' facts straight into the engine's table, times enabling a playbook over them, then times the delay from
# a customer change to the playbook's task existing. Figures: docs/PERFORMANCE-playbooks.md.
# Usage: bench/playbooks.sh [probes]   (default 200; builds app/target/lealup.jar when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
PROBES="${1:-200}"
PORT="${BENCH_PORT:-18182}"
DATA="bench/target/playbooks-data"
TOKEN="op_bench_$(date +%s)"
[ -f app/target/lealup.jar ] || ./mvnw -B -o -q package -DskipTests
PGJDBC="$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)"
rm -rf "$DATA"; mkdir -p "$DATA"
LEALUP_DATA_DIR="$DATA" LEALUP_PORT="$PORT" LEALUP_OPERATOR_TOKEN="$TOKEN" \
  java -jar app/target/lealup.jar \
    --lealup.rate-limits.classes.reads.limit=1000000 --lealup.rate-limits.classes.writes.limit=1000000 \
    > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://localhost:$PORT/actuator/health" > /dev/null && break
  kill -0 $SERVER 2>/dev/null || { tail -50 "$DATA/server.log"; exit 1; }
  sleep 1
done
java -cp "$PGJDBC" bench/PlaybookBench.java "http://localhost:$PORT" "$TOKEN" "$DATA/postgres" "$PROBES"
