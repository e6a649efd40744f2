#!/usr/bin/env bash
# Start-up: JVM launch -> first acknowledged produce (a warmed-up producer JVM started beforehand
# retries every 20 ms and sends one record to an auto-created topic: the anchor's StartupProbe),
# on fresh storage, A B A B. Kafka is the anchor's single node (formatted before launch, as its
# start script does). Tributary is measured with the class-data archive bin/tributary uses
# (system=tributary) and without it (system=tributary-nocds, TRIBUTARY_CDS=0); with BASELINE=/other/checkout
# the same for that build (system=tributary-baseline[-nocds]).
# Usage: benchmarks/scripts/startup.sh        env: ROUNDS=3
set -euo pipefail
source "$(dirname "$0")/common.sh"
ROUNDS="${ROUNDS:-3}"
trap stop_everything EXIT
open_raw startup
build_tributary; ensure_classes

trib_startup() { # prints ms from JVM launch to first ack, and to "registered and unfenced"
  local d="$BENCH_HOME/trib1" kp cp probe
  trib_stop_all; rm -rf "$d"
  read -r kp cp <<<"$(free_ports 2)"
  trib_write_props "$d" 1 127.0.0.1 "$kp" "1@127.0.0.1:$cp" 1
  trib_jvm_opts >/dev/null   # the archive, if it must be made, is made before the clock starts
  ajava StartupProbe "127.0.0.1:$kp" startup-probe 120000 > "$d.probe.out" 2>"$d.probe.err" &
  probe=$!
  for _ in $(seq 1 300); do grep -q READY "$d.probe.out" 2>/dev/null && break; sleep 0.1; done
  trib_start_node "$d"
  local ready; ready=$(trib_wait_ready "$d" 120)
  wait "$probe" || true
  echo "ms_to_first_ack=$(( $(awk '/ACKED_AT_MS/{print $2}' "$d.probe.out") - $(cat "$d/start_ms") )) ms_to_unfenced=$ready"
  trib_stop_all
}

for round in $(seq 1 "$ROUNDS"); do
  stop_everything
  k=$("$ANCHOR/single.sh" start | awk -F'ms_to_first_acked_produce=' '/ms_to_first_acked_produce/{print $2}')
  record "bench=startup mode=single round=$round system=kafka metric=startup ms_to_first_ack=$k"
  sys_stop kafka
  record "bench=startup mode=single round=$round system=tributary metric=startup $(trib_startup)"
  record "bench=startup mode=single round=$round system=tributary-nocds metric=startup $(TRIBUTARY_CDS=0 trib_startup)"
  if [[ -n "${BASELINE:-}" ]]; then
    sys_use tributary-baseline
    record "bench=startup mode=single round=$round system=tributary-baseline metric=startup $(trib_startup)"
    record "bench=startup mode=single round=$round system=tributary-baseline-nocds metric=startup $(TRIBUTARY_CDS=0 trib_startup)"
    sys_use tributary
  fi
done
python3 "$ROOT/benchmarks/scripts/report.py" --summary "$RAW"
