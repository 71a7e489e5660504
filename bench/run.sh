#!/usr/bin/env bash
# The LealUp benchmark (docs/PERFORMANCE.md): builds the jar if it is missing, starts the packaged server
# on a fresh data directory (embedded PostgreSQL, fsync on: the defaults), runs bench/LoadGenerator.java
# against it, prints the figures and stops the server (bench/server.sh starts it, as for the other benchmarks).
#
#   bench/run.sh                 # 100,000 customers
#   BENCH_CUSTOMERS=20000 bench/run.sh
#   BENCH_READS_ONLY=true bench/run.sh    # only the load and the read phases, to iterate on the reads
#
# Rate limits are raised for the reads and writes classes only (command-line properties, bench/server.sh):
# an enterprise workspace allows 6,000 writes and 20,000 reads a minute, which would cap the figures.
set -euo pipefail

cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-18480}
CUSTOMERS=${BENCH_CUSTOMERS:-100000}

DATA_DIR=$(mktemp -d -t lealup-bench-XXXXXX)
. bench/server.sh

echo "== machine"
echo "cores: $(nproc)  RAM: $(free -g | awk '/^Mem:/ {print $2}') GiB  cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
java -version 2>&1 | head -1
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== starting the server (data dir $DATA_DIR, fsync on, port $PORT; log $DATA_DIR/server.log)"
start_server "$DATA_DIR" "$PORT"
trap 'stop_server; rm -rf "$DATA_DIR"' EXIT

echo "== load"
mkdir -p bench/target/classes
javac -d bench/target/classes -cp "$PGJDBC" bench/LoadGenerator.java bench/ProcessCpu.java
java -cp "bench/target/classes:$PGJDBC" LoadGenerator "http://localhost:$PORT" "$TOKEN" "$CUSTOMERS" "$DATA_DIR/postgres" "$SERVER"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
