#!/usr/bin/env bash
# Replay benchmark (docs/PERFORMANCE.md "Replay"): a fresh server; a workspace and template customer events over the
# API; the server killed (its PostgreSQL lives on) while BENCH_EVENTS customer events (default 1,000,000: half
# CustomerCreated, half CustomerUpdated) are copied from the templates by SQL, every processor's token moved past
# them; the server started again on the same data directory; then the API's latencies for BENCH_SECONDS (default 30)
# without a replay, and the same load during BENCH_REPLAYS (default 2) blue/green replays of the customers projection
# through the API, one after the other, each until it is live again: the first runs on code the JIT has yet to compile
# (the server started a minute before), the second on the code the first compiled, as on a server that has served a
# while. Prints events/s of each replay, against a reference of the same run (reading the event store's rows over
# JDBC), and the API's p50/p99 without and during each.
# Usage: bench/replay.sh   (BENCH_EVENTS, BENCH_SECONDS, BENCH_CLIENTS, BENCH_API_RATE: requests/s of the API load,
# default 100, 0 for closed loop; BENCH_REPLAYS; BENCH_PROJECTION, the projection replayed, default customers;
# BENCH_CATCH_UP=<processor>, no replay: that processor's token stays before the generated events and its catch-up is
# timed after the restart; builds app/target/lealup.jar when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18282}"
EVENTS="${BENCH_EVENTS:-1000000}"
DATA="bench/target/replay-data"
STATE="bench/target/replay-state"
. bench/server.sh
echo "cores: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start_server "$DATA" "$PORT"
rm -rf "$STATE"
java -cp "$PGJDBC" bench/ReplayBench.java setup "http://localhost:$PORT" "$TOKEN" "$STATE"
kill -KILL "$SERVER"; wait "$SERVER" 2>/dev/null || true
java -cp "$PGJDBC" bench/ReplayBench.java generate "$DATA/postgres" "$STATE" "$EVENTS"
restart_server "$DATA" "$PORT"
java -cp "$PGJDBC" bench/ReplayBench.java measure "http://localhost:$PORT" "$STATE" "${BENCH_SECONDS:-30}" "$DATA/postgres"
grep -h "Blue/green replay of '${BENCH_PROJECTION:-customers}'" "$DATA/server.log" | sed 's/^.*BlueGreenReplays *: //'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
