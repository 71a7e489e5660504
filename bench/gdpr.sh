#!/usr/bin/env bash
# GDPR erasure benchmark (issue 13 item 6, docs/PERFORMANCE.md "GDPR erasure"): starts two servers of the same jar,
# each on a fresh, durable (fsync on) embedded PostgreSQL: one as deployed (personal data sealed with each customer's
# key) and the reference with lealup.gdpr.encrypt-events=false (a bench-only setting: its events cannot be erased).
# bench/GdprBench.java then compares their create throughput in alternating rounds, and on the sealed server times
# the history of a customer with 10,000 events (first page, as_of fold) and the erasure of a customer with 100,000
# usage events.
# First, without a server, the CPU cost of sealing per event (app/src/test/.../PersonalDataFormatBench.java).
# Usage: bench/gdpr.sh [creates per round] [rounds]   (default 1000 8)
set -euo pipefail
cd "$(dirname "$0")/.."
CREATES="${1:-1000}"
ROUNDS="${2:-8}"
SEALED_PORT="${BENCH_PORT:-18190}"
CLEAR_PORT=$((SEALED_PORT + 1))
SEALED="bench/target/gdpr-sealed-data"
CLEAR="bench/target/gdpr-clear-data"
. bench/server.sh

echo "cores: $(nproc)  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== sealing, per event (no server)"
./mvnw -o -B -q test -pl app -am -Dtest=PersonalDataFormatBench -Dsurefire.failIfNoSpecifiedTests=false \
  | grep "event format, per event"
start_server "$CLEAR" "$CLEAR_PORT" --lealup.gdpr.encrypt-events=false
CLEAR_SERVER=$SERVER
CLEAR_TOKEN=$TOKEN
start_server "$SEALED" "$SEALED_PORT"
trap 'stop_server; SERVER=$CLEAR_SERVER; stop_server' EXIT

mkdir -p bench/target/classes
javac -d bench/target/classes -cp "$PGJDBC" bench/GdprBench.java bench/AnalyticsBench.java
java -cp "bench/target/classes:$PGJDBC" GdprBench "http://localhost:$SEALED_PORT" "$TOKEN" "$SEALED/postgres" \
  "http://localhost:$CLEAR_PORT" "$CLEAR_TOKEN" "$CREATES" "$ROUNDS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
