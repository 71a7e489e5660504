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
. bench/server.sh
start_server "$DATA" "$PORT"
java -cp "$PGJDBC" bench/PlaybookBench.java "http://localhost:$PORT" "$TOKEN" "$DATA/postgres" "$PROBES"
