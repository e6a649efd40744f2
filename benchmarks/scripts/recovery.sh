#!/usr/bin/env bash
# Recovery after an unclean shutdown: a single node gets LOG_BYTES (default 1 GiB) of 1 KiB records,
# is SIGKILLed, and is started again on the same data; the figure is JVM launch -> first acknowledged
# produce (the anchor's warmed StartupProbe), which includes log recovery. Tributary vs Apache Kafka.
# Usage: benchmarks/scripts/recovery.sh      env: ROUNDS=1 LOG_BYTES=1073741824 PARTS=1
set -euo pipefail
source "$(dirname "$0")/common.sh"
ROUNDS="${ROUNDS:-1}"; LOG_BYTES="${LOG_BYTES:-1073741824}"; PARTS="${PARTS:-1}"
NUM=$(( LOG_BYTES / ${SIZE:-1024} ))
trap stop_everything EXIT
open_raw recovery
build_tributary; ensure_classes

restart_and_probe() { # SYSTEM NODE_DIR BOOTSTRAP -> prints ms from launch to first ack
  local sys="$1" d="$2" b="$3" probe
  ajava StartupProbe "$b" recovery-probe 300000 > "$d/../recovery.probe.out" 2>/dev/null &
  probe=$!
  for _ in $(seq 1 300); do grep -q READY "$d/../recovery.probe.out" 2>/dev/null && break; sleep 0.1; done
  if [[ "$sys" == kafka ]]; then mv "$d/server.log" "$d/server.log.before-kill"; start_node "$d"; else mv "$d/node.log" "$d/node.log.before-kill"; trib_start_node "$d"; fi
  wait "$probe" || true
  echo $(( $(awk '/ACKED_AT_MS/{print $2}' "$d/../recovery.probe.out") - $(cat "$d/start_ms") ))
}

for round in $(seq 1 "$ROUNDS"); do
  for sys in $(systems_in_round "$round"); do
    stop_everything; sys_use "$sys"
    B=$(sys_start "$sys" single)
    if [[ "$sys" == kafka ]]; then D="$KA_HOME/single"; else D="$BENCH_HOME/trib1"; fi
    T="recovery-$round-$(date +%s)"
    topic_create "$B" "$T" "$PARTS" 1; sleep 1
    fill=$(perf_produce "$B" "$T" "$NUM" 1 -1 acks=1)
    kill -9 "$(cat "$D/pid")"; sleep 1
    ms=$(restart_and_probe "$sys" "$D" "$B")
    record "bench=recovery mode=single round=$round system=$sys metric=recovery log_bytes=$LOG_BYTES partitions=$PARTS recovery_ms_to_first_ack=$ms $(echo "$fill" | sed -E 's/(^| )/\1fill_/g')"
    sys_stop "$sys"
  done
done
python3 "$ROOT/benchmarks/scripts/report.py" --summary "$RAW"
