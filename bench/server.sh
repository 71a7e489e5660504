# The one way the benchmarks start the server. Sourced by bench/run.sh, bench/ingest.sh, bench/playbooks.sh,
# bench/analytics.sh and bench/replay.sh (run from the project root).
# start_server <data dir> <port> [server args...]: builds app/target/lealup.jar when missing, starts it on a fresh
# durable (fsync on) data directory with a new operator token ($TOKEN) and the reads/writes rate limits lifted, waits
# until it is healthy, and stops it when the script exits (stop_server). A first start on a loaded machine can fail
# its bootstrap (the new admin key must authenticate within 5 s, docs/PERFORMANCE.md); it is retried twice on the
# same directory, which then finds the bootstrap done. Also sets $PGJDBC, the driver jar for the benchmarks' own SQL.
# BENCH_SERVER_JAVA_OPTS adds JVM options to the server only, e.g. a flight recording:
#   BENCH_SERVER_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/server.jfr,settings=profile bench/ingest.sh
SERVER=

stop_server() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER"
    wait "$SERVER" 2>/dev/null || true
  fi
}

start_server() {
  local data="$1" port="$2"
  shift 2
  TOKEN="op_bench_$(date +%s)$RANDOM"
  if [ ! -f app/target/lealup.jar ]; then
    echo "== building app/target/lealup.jar"
    ./mvnw -B -q package -DskipTests
  fi
  PGJDBC="$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar 2>/dev/null | grep -v sources | sort -V | tail -1 || true)"
  rm -rf "$data"; mkdir -p "$data"
  restart_server "$data" "$port" "$@"
}

# restart_server <data dir> <port> [server args...]: start_server on the data directory as it is (bench/replay.sh).
restart_server() {
  local data="$1" port="$2"
  shift 2
  trap stop_server EXIT
  local attempt
  for attempt in 1 2 3; do
    LEALUP_DATA_DIR="$data" LEALUP_PORT="$port" LEALUP_OPERATOR_TOKEN="$TOKEN" \
      java ${BENCH_SERVER_JAVA_OPTS:-} -jar app/target/lealup.jar \
        --lealup.rate-limits.classes.reads.limit=1000000000 --lealup.rate-limits.classes.writes.limit=1000000000 "$@" \
        >> "$data/server.log" 2>&1 &
    SERVER=$!
    if await_healthy "$port"; then
      return 0
    fi
    echo "start $attempt failed:" >&2
    grep -E "ERROR|Exception:" "$data/server.log" | tail -3 >&2 || true
    stop_server
  done
  echo "the server did not start (log: $data/server.log)" >&2
  exit 1
}

# Healthy within 300 s, or false as soon as the server process is gone.
await_healthy() {
  local port="$1"
  for _ in $(seq 1 600); do
    curl -fs "http://localhost:$port/actuator/health" | grep -q '"UP"' && return 0
    kill -0 "$SERVER" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
