#!/usr/bin/env bash
# Several nodes on one PostgreSQL (docs/PERFORMANCE.md, "Several nodes"): creates/s and reads/s through 1, 2 and
# 3 packaged servers sharing one PostgreSQL 15 (the machine's own, /usr/lib/postgresql/15: initdb'd in a temporary
# directory, fsync on), the load spread round robin over the nodes; then the failover: two nodes, creates through
# the first, `kill -9` of the second, the time until its segments are the survivor's and the creates that failed.
#
#   bench/nodes.sh                    # 15 s per phase
#   BENCH_SECONDS=30 bench/nodes.sh
#
# The load generator runs on the same cores as the nodes and PostgreSQL: on a 2-core machine expect no gain from
# more nodes; the point is that the figures stay correct and what each node costs. Rate limits of the reads and
# writes classes are lifted (command-line properties), as for the other benchmarks.
set -euo pipefail

cd "$(dirname "$0")/.."
PHASE=${BENCH_SECONDS:-15}
PG_PORT=${BENCH_PG_PORT:-18532}
BASE_PORT=${BENCH_PORT:-18600}
TOKEN="op_nodes_$(date +%s)$RANDOM"
KEY=$(head -c 32 /dev/urandom | base64)
WORK=$(mktemp -d -t lealup-nodes-XXXXXX)
PGBIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
PIDS=()

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_nodes() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

cleanup() {
  stop_nodes
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

sql() {
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "${2:-postgres}" -Atq -c "$1"
}

# start_nodes <database> <count>: that many nodes on the database, healthy; their URLs in $URLS
start_nodes() {
  local db="$1" count="$2" i port
  sql "CREATE DATABASE $db"
  URLS=()
  for i in $(seq 1 "$count"); do
    port=$((BASE_PORT + i))
    mkdir -p "$WORK/$db-$i"
    LEALUP_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$db" LEALUP_DB_USER=postgres LEALUP_DB_PASSWORD= \
      LEALUP_ENCRYPTION_KEY="$KEY" LEALUP_OPERATOR_TOKEN="$TOKEN" LEALUP_DATA_DIR="$WORK/$db-$i" LEALUP_PORT="$port" \
      java -jar app/target/lealup.jar \
        --lealup.rate-limits.classes.reads.limit=1000000000 --lealup.rate-limits.classes.writes.limit=1000000000 \
        > "$WORK/$db-$i.log" 2>&1 &
    PIDS+=($!)
    URLS+=("http://localhost:$port")
  done
  for i in $(seq 1 "$count"); do
    port=$((BASE_PORT + i))
    for _ in $(seq 1 600); do
      curl -fs "http://localhost:$port/actuator/health" | grep -q '"UP"' && break
      kill -0 "${PIDS[$((i - 1))]}" 2>/dev/null || { echo "node $i died: $WORK/$db-$i.log" >&2; tail -5 "$WORK/$db-$i.log" >&2; exit 1; }
      sleep 0.5
    done
  done
}

# the processors' segments split over every node (SegmentBalancer), or 30 s
await_split() {
  local db="$1" nodes="$2"
  for _ in $(seq 1 150); do
    [ "$(sql "SELECT count(*) FROM (SELECT processor_name FROM token_entry GROUP BY processor_name
            HAVING count(DISTINCT owner) < LEAST(count(*), $nodes)) t" "$db")" = 0 ] && return 0
    sleep 0.2
  done
  echo "segments not split after 30 s" >&2
}

if [ ! -f app/target/lealup.jar ]; then
  echo "== building app/target/lealup.jar"
  ./mvnw -B -q package -DskipTests
fi

echo "== machine"
echo "cores: $(nproc)  RAM: $(free -g | awk '/^Mem:/ {print $2}') GiB  cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$PGBIN/postgres" --version
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

mkdir -p "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres "$WORK" "$WORK/pg"
as_postgres "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust > /dev/null
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on -c synchronous_commit=on" \
  start > /dev/null

for n in 1 2 3; do
  echo "== $n node(s), ${PHASE} s per phase"
  start_nodes "lealup_$n" "$n"
  await_split "lealup_$n" "$n"
  java bench/NodesBench.java throughput "$TOKEN" "$PHASE" "${URLS[@]}"
  stop_nodes
done

echo "== failover: 2 nodes, creates through node 1, kill -9 of node 2"
start_nodes lealup_failover 2
await_split lealup_failover 2
java bench/NodesBench.java load "$TOKEN" 12 "${URLS[0]}" &
LOAD=$!
sleep 4
VICTIM=${PIDS[1]}
kill -9 "$VICTIM"
KILLED=$(date +%s%N)
until [ "$(sql "SELECT count(*) FROM token_entry WHERE owner IS NULL OR owner LIKE '$VICTIM@%'" lealup_failover)" = 0 ]; do
  sleep 0.02
done
echo "takeover of the killed node's segments: $(( ($(date +%s%N) - KILLED) / 1000000 )) ms after the kill"
wait "$LOAD"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
