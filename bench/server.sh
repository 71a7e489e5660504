# Sourced by bench/ingest.sh and bench/playbooks.sh (run from the project root).
# start_server <data dir> <port> [server args...]: builds app/target/lealup.jar when missing, starts it on a fresh
# durable data directory with a new operator token ($TOKEN) and the reads/writes rate limits lifted, waits until it is
# healthy, and stops it when the script exits. Also sets $PGJDBC, the driver jar for the benchmarks' own SQL.
# BENCH_SERVER_JAVA_OPTS adds JVM options to the server only, e.g. a flight recording:
#   BENCH_SERVER_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/server.jfr,settings=profile bench/ingest.sh
start_server() {
  local data="$1" port="$2"
  shift 2
  TOKEN="op_bench_$(date +%s)"
  [ -f app/target/lealup.jar ] || ./mvnw -B -o -q package -DskipTests
  PGJDBC="$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)"
  rm -rf "$data"; mkdir -p "$data"
  LEALUP_DATA_DIR="$data" LEALUP_PORT="$port" LEALUP_OPERATOR_TOKEN="$TOKEN" \
    java ${BENCH_SERVER_JAVA_OPTS:-} -jar app/target/lealup.jar \
      --lealup.rate-limits.classes.reads.limit=1000000 --lealup.rate-limits.classes.writes.limit=1000000 "$@" \
      > "$data/server.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 1 240); do
    curl -sf "http://localhost:$port/actuator/health" > /dev/null && return 0
    kill -0 $SERVER 2>/dev/null || { tail -50 "$data/server.log"; exit 1; }
    sleep 1
  done
  echo "the server did not become healthy in 240 s" >&2; exit 1
}
