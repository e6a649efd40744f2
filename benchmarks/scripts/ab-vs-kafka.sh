#!/usr/bin/env bash
# A B A B: Apache Kafka single node vs Tributary single node on this machine, with the same client
# tools (Kafka's ProducerPerformance/ConsumerPerformance via ../shared/bench/kafka-anchor/perf.sh).
# Usage: benchmarks/scripts/ab-vs-kafka.sh   (env: NUM, ACKS_LIST, PARTS, ROUNDS, ANCHOR)
# Prints the anchor's PRODUCE/CONSUME lines for each system and round; compare ratios within one run.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
A="${ANCHOR:-$ROOT/../shared/bench/kafka-anchor}"
export NUM=${NUM:-300000} ACKS_LIST=${ACKS_LIST:-"1 all"} PARTS=${PARTS:-6}
DIR=$(mktemp -d /tmp/tributary-ab.XXXX)
trap '"$ROOT/bin/tributary" local down --dir "$DIR/cluster" --delete >/dev/null 2>&1; "$A/single.sh" stop >/dev/null 2>&1; rm -rf "$DIR"' EXIT
for round in $(seq 1 "${ROUNDS:-2}"); do
  echo "=== round $round: Apache Kafka"
  "$A/single.sh" start 2>&1 | grep -E "startup|started"
  "$A/perf.sh" "$("$A/single.sh" bootstrap)" 1 2>&1 | grep -E "^(PRODUCE|CONSUME|BROKER)"
  "$A/single.sh" stop >/dev/null 2>&1
  echo "=== round $round: Tributary"
  t0=$(date +%s%N)
  "$ROOT/bin/tributary" local up --nodes 1 --dir "$DIR/cluster" --timeout 60s >/dev/null 2>&1
  BS=$(cat "$DIR/cluster/bootstrap.servers")
  until echo x | timeout 5 kcat -b "$BS" -t startup-probe -P -X message.timeout.ms=4000 2>/dev/null; do sleep 0.05; done
  t1=$(date +%s%N)
  echo "tributary: startup ms_to_first_acked_produce=$(( (t1 - t0) / 1000000 )) (includes the CLI's own JVM start)"
  "$A/perf.sh" "$BS" 1 2>&1 | grep -E "^(PRODUCE|CONSUME)"
  PID=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['nodes'][0]['pid'])" "$DIR/cluster/cluster.json")
  echo "tributary: peak RSS $(grep VmHWM "/proc/$PID/status")"
  "$ROOT/bin/tributary" local down --dir "$DIR/cluster" --delete >/dev/null 2>&1
done
