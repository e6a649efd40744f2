#!/usr/bin/env bash
# A B A B: produce stall after SIGKILL of a partition leader, 3-node Apache Kafka vs 3-node Tributary
# on this machine, with the same client: the anchor's FailoverProbe (acks=all, idempotent, RATE rec/s
# to partition 0 of a fresh RF=3 topic with min.insync.replicas=2; kills the leader after WARMUP s).
# Each round starts both clusters afresh with default settings.
# Usage: benchmarks/scripts/failover-vs-kafka.sh
#   env: ROUNDS=2  MODE=any|ctl|nonctl (ctl: the killed leader is the active controller)
#        RATE=1000 WARMUP=6 AFTER=15  ANCHOR=../shared/bench/kafka-anchor  TRIBUTARY=bin/tributary
# Prints each system's FAILOVER line (kill_to_resume_ms, lost_acked, duplicates) per round and appends them
# to benchmarks/results/failover-<time>.txt for report.py.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
A="${ANCHOR:-$ROOT/../shared/bench/kafka-anchor}"
source "$A/common.sh" # ktool, ajava
TRIB="${TRIBUTARY:-$ROOT/bin/tributary}"
export RATE=${RATE:-1000} WARMUP=${WARMUP:-6} AFTER=${AFTER:-15} MODE=${MODE:-any}
SIZE=${SIZE:-512}
DIR=$(mktemp -d /tmp/tributary-failover.XXXX)
RAW="$ROOT/benchmarks/results/failover-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p "$(dirname "$RAW")"
echo "# failover $(date -u +%FT%TZ) host=$(hostname) cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) mode=$MODE rate=$RATE" > "$RAW"
# Shows a FAILOVER line and appends it to the raw file as "bench=failover ... system=S round=R".
record_failover() { # SYSTEM ROUND
  local line
  while IFS= read -r line; do
    echo "$line"
    [[ "$line" == FAILOVER* ]] && echo "bench=failover mode=cluster3 metric=failover round=$2 system=$1 ${line#FAILOVER }" >> "$RAW"
  done
}
trap '$TRIB local down --dir "$DIR/cluster" --delete >/dev/null 2>&1; "$A/cluster3.sh" stop >/dev/null 2>&1; rm -rf "$DIR"' EXIT
for round in $(seq 1 "${ROUNDS:-2}"); do
  echo "=== round $round: Apache Kafka (MODE=$MODE)"
  "$A/cluster3.sh" stop >/dev/null 2>&1
  "$A/failover.sh" 1 2>&1 | grep -E "^(TARGET|FAILOVER)" | record_failover kafka "$round"
  "$A/cluster3.sh" stop >/dev/null 2>&1
  echo "=== round $round: Tributary (MODE=$MODE)"
  $TRIB local up --nodes 3 --dir "$DIR/cluster" --timeout 90s >/dev/null
  BS=$(cat "$DIR/cluster/bootstrap.servers")
  # FailoverProbe finds each node's PID in <dir>/node<ID>/pid, as the anchor's cluster3.sh writes them.
  python3 - "$DIR/cluster/cluster.json" "$DIR/pids" <<'PY'
import json, os, sys
for n in json.load(open(sys.argv[1]))["nodes"]:
    d = os.path.join(sys.argv[2], "node%d" % n["id"]); os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "pid"), "w").write(str(n["pid"]))
PY
  T="failover-$round"
  ktool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BS" --create --topic "$T" --partitions 3 \
    --replication-factor 3 --config min.insync.replicas=2 >/dev/null
  sleep 1
  ajava FailoverProbe "$BS" "$T" 0 "$DIR/pids" "$RATE" "$WARMUP" "$AFTER" "$SIZE" "$MODE" 2>/dev/null | grep -E "^(TARGET|FAILOVER)" \
    | record_failover tributary "$round"
  $TRIB local down --dir "$DIR/cluster" --delete >/dev/null 2>&1
  rm -rf "$DIR/pids"
done
