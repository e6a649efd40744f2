#!/usr/bin/env bash
# Scale: producer and consumer throughput and producer latency with 1, 100 and 1,000 partitions and
# 1 and 8 producer processes (acks=1), Tributary against Apache Kafka, A B A B.
# Usage: benchmarks/scripts/scale.sh [single|cluster3]
#   env: ROUNDS=1 NUM=200000 PARTITIONS="1 100 1000" PRODUCERS="1 8" ACKS=1
set -euo pipefail
source "$(dirname "$0")/common.sh"
MODE="${1:-single}"; ROUNDS="${ROUNDS:-1}"; NUM="${NUM:-200000}"
PARTITIONS="${PARTITIONS:-1 100 1000}"; PRODUCERS="${PRODUCERS:-1 8}"; ACKS="${ACKS:-1}"
RF=1; [[ "$MODE" == cluster3 ]] && RF=3
trap stop_everything EXIT
open_raw "scale-$MODE"
for round in $(seq 1 "$ROUNDS"); do
  for sys in $(systems_in_round "$round"); do
    stop_everything; sys_use "$sys"
    B=$(sys_start "$sys" "$MODE")
    PIDS="$(sys_pids "$sys" | tr '\n' ' ')"
    for parts in $PARTITIONS; do
      for np in $PRODUCERS; do
        tag="bench=scale mode=$MODE round=$round system=$sys partitions=$parts producers=$np workload=acks$ACKS"
        T="scale-$parts-$np-$round-$(date +%s)"
        topic_create "$B" "$T" "$parts" "$RF"; sleep 2
        record "$tag metric=produce $(with_cpu "$PIDS" perf_produce "$B" "$T" "$NUM" "$np" -1 acks="$ACKS")"
        record "$tag metric=consume $(with_cpu "$PIDS" perf_consume "$B" "$T" "$NUM") $(batch_stats "$sys" "$T")"
        topic_delete "$B" "$T"
      done
    done
    # shellcheck disable=SC2086
    record "bench=scale mode=$MODE round=$round system=$sys metric=resources peak_rss_mib=$(peak_rss_mib $PIDS)"
    sys_stop "$sys"
  done
done
python3 "$ROOT/benchmarks/scripts/report.py" --summary "$RAW"
