#!/usr/bin/env bash
# Webhook delivery benchmark (issue 14): starts the packaged server on a fresh, durable (fsync on) embedded
# PostgreSQL, then creates customers with 16 clients in alternating phases without and with one subscription to "*"
# on a local receiver, and prints the create throughput of each, the deliveries per second and the lag from event to
# delivery (p50, p99). Figures: docs/PERFORMANCE.md ("Webhooks").
# Usage: bench/webhooks.sh [creates per phase] [rounds]   (default 3000 6)
set -euo pipefail
cd "$(dirname "$0")/.."
CREATES="${1:-3000}"
PORT="${BENCH_PORT:-18185}"
DATA="bench/target/webhooks-data"
. bench/server.sh
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
export LEALUP_WEBHOOK_ALLOWED_HOSTS=127.0.0.1
start_server "$DATA" "$PORT"
mkdir -p bench/target/classes
javac -d bench/target/classes bench/WebhookBench.java bench/ProcessCpu.java
java -cp bench/target/classes WebhookBench "http://localhost:$PORT" "$TOKEN" "$CREATES" "${2:-6}" "$SERVER"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
