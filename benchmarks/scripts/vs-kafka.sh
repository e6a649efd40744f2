#!/usr/bin/env bash
# Tributary against Apache Kafka, same machine, same run, same client tools, A B A B:
# producer throughput and latency (acks=1, acks=all, acks=all idempotent), consumer throughput,
# end-to-end latency (produce -> consume) p50/p99/p99.9, brokers' CPU and peak RSS. Each topic is read
# by Kafka's ConsumerPerformance and by kcat (librdkafka), when kcat is installed, the latter twice:
# free to use every core (consume_kcat) and on one core only (consume_kcat_1core; see kcat_consume).
# Usage: benchmarks/scripts/vs-kafka.sh single|cluster3
#   env: ROUNDS=2 NUM=300000 SIZE=1024 PARTS=6 E2E_NUM=3000 E2E_RATE=500 WORKLOADS="acks1 acksall idempotent fullbatch" READS=3
# Each consume reads what the workload's produce wrote. The producer batches less the sooner the broker
# answers, so the consumers of acks1/acksall/idempotent read differently sized batches on the two
# systems (avg_batch_bytes on the consume line). fullbatch (acks=1, linger.ms=1000) comes closest to
# the same batches on both, though not quite: when one partition's batch is full, the sender also
# takes the partial batches of the node's other partitions.
# Each topic is read READS times (each read a new consumer JVM from the first offset): read=first is the
# broker's first read of it, just after the produce, while the broker's JIT still compiles its fetch
# path; read=again lines are the later reads, from a broker that has served reads before, as one does
# after its first minutes.
# Raw lines go to benchmarks/results/vs-kafka-<mode>-<time>.txt; a ratio table is printed at the end
# (benchmarks/scripts/report.py renders all raw files into docs/perf/RESULTS.md).
set -euo pipefail
source "$(dirname "$0")/common.sh"
MODE="${1:-single}"; [[ "$MODE" == single || "$MODE" == cluster3 ]] || { echo "usage: $0 single|cluster3" >&2; exit 2; }
ROUNDS="${ROUNDS:-2}"; NUM="${NUM:-300000}"; PARTS="${PARTS:-6}"
E2E_NUM="${E2E_NUM:-3000}"; E2E_RATE="${E2E_RATE:-500}"; WORKLOADS="${WORKLOADS:-acks1 acksall idempotent fullbatch}"
READS="${READS:-3}"
RF=1; [[ "$MODE" == cluster3 ]] && RF=3
trap stop_everything EXIT
open_raw "vs-kafka-$MODE"

props_of() {
  case "$1" in
    acks1) echo "acks=1 enable.idempotence=false" ;;
    acksall) echo "acks=all enable.idempotence=false" ;;
    idempotent) echo "acks=all enable.idempotence=true" ;;
    fullbatch) echo "acks=1 enable.idempotence=false linger.ms=1000" ;;
  esac
}

for round in $(seq 1 "$ROUNDS"); do
  for sys in $(systems_in_round "$round"); do
    stop_everything; sys_use "$sys"
    B=$(sys_start "$sys" "$MODE")
    PIDS="$(sys_pids "$sys" | tr '\n' ' ')"
    tag="bench=vs-kafka mode=$MODE round=$round system=$sys"
    for w in $WORKLOADS; do
      T="bench-$w-$round-$(date +%s)"
      topic_create "$B" "$T" "$PARTS" "$RF"; sleep 1
      # shellcheck disable=SC2046
      record "$tag metric=produce workload=$w $(with_cpu "$PIDS" perf_produce "$B" "$T" "$NUM" 1 -1 $(props_of "$w"))"
      for r in $(seq 1 "$READS"); do
        reading=again; (( r == 1 )) && reading=first
        record "$tag metric=consume workload=$w read=$reading $(with_cpu "$PIDS" perf_consume "$B" "$T" "$NUM") $(batch_stats "$sys" "$T")"
        record "$tag metric=consume_kcat workload=$w read=$reading $(with_cpu "$PIDS" kcat_consume "$B" "$T" "$NUM")"
        record "$tag metric=consume_kcat_1core workload=$w read=$reading $(with_cpu "$PIDS" kcat_consume "$B" "$T" "$NUM" "$(( $(nproc) - 1 ))")"
      done
      topic_delete "$B" "$T"
    done
    T="bench-e2e-$round-$(date +%s)"; topic_create "$B" "$T" 1 "$RF"; sleep 1
    E2E_ACKS=1; [[ "$MODE" == cluster3 ]] && E2E_ACKS=all
    record "$tag metric=e2e workload=acks$E2E_ACKS rate=$E2E_RATE $(with_cpu "$PIDS" perf_e2e "$B" "$T" "$E2E_NUM" "$E2E_RATE" "$E2E_ACKS")"
    # shellcheck disable=SC2086
    record "$tag metric=resources brokers=$(echo $PIDS | wc -w) peak_rss_mib=$(peak_rss_mib $PIDS) cpu_s=$(awk -v t="$(cpu_ticks_of $PIDS)" -v c="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", t/c}')"
    sys_stop "$sys"
  done
done
python3 "$ROOT/benchmarks/scripts/report.py" --summary "$RAW"
