#!/usr/bin/env bash
# Is the consumer waiting for the broker? Single node, A B A B: a topic of full batches (linger.ms=1000,
# the same batches on both systems) read by one ConsumerPerformance with --print-metrics; records
# its fetch MB/s and, from the consumer's own metrics, how much of its time it waited on the network
# (io_wait_ratio) and the average fetch latency. A consumer whose io_wait_ratio is a few percent
# would not read faster from any broker.
# Usage: benchmarks/scripts/consume-wait.sh        env: ROUNDS=2 NUM=600000 PARTS=6
set -euo pipefail
source "$(dirname "$0")/common.sh"
ROUNDS="${ROUNDS:-2}"; NUM="${NUM:-600000}"; PARTS="${PARTS:-6}"
trap stop_everything EXIT
open_raw consume-wait
# The consumer metric named $1, from ConsumerPerformance's --print-metrics output in $2.
metric() { awk -v m="$1" 'index($1, m ":{client-id=") == 1 {print $NF; exit}' "$2"; }
for round in $(seq 1 "$ROUNDS"); do
  for sys in $(systems_in_round "$round"); do
    stop_everything; sys_use "$sys"
    B=$(sys_start "$sys" single)
    T="wait-$round-$(date +%s)"
    topic_create "$B" "$T" "$PARTS" 1; sleep 1
    perf_produce "$B" "$T" "$NUM" 1 -1 acks=1 linger.ms=1000 >/dev/null
    out="$BENCH_HOME/out/$T.metrics"
    ktool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$B" --topic "$T" --num-records "$NUM" \
      --timeout 30000 --group "perf-$T" --print-metrics > "$out" 2>&1 || true
    fmbs=$(grep -E '^[0-9]{4}-' "$out" | tail -1 | awk -F', ' '{print $(NF-1)}')
    record "bench=consume-wait mode=single round=$round system=$sys metric=consume workload=fullbatch fetch_MB_s=${fmbs:-0}" \
      "io_wait_ratio=$(metric consumer-metrics:io-wait-ratio "$out")" \
      "fetch_latency_avg_ms=$(metric consumer-fetch-manager-metrics:fetch-latency-avg "$out")" \
      "fetch_size_avg_bytes=$(metric consumer-fetch-manager-metrics:fetch-size-avg "$out") $(batch_stats "$sys" "$T")"
    sys_stop "$sys"
  done
done
python3 "$ROOT/benchmarks/scripts/report.py" --summary "$RAW"
