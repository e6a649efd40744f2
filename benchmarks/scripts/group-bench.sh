#!/usr/bin/env bash
# A B A B: consumer-group figures for Apache Kafka (../shared/bench/kafka-anchor, single node or 3 nodes) and
# as many Tributary nodes from this checkout's compiled classes, with the same client harness
# (GroupBench.java: rebalance time for 10/50 consumers, classic and consumer protocol; offset-commit
# throughput and latency). Both run with group.initial.rebalance.delay.ms=0 and Kafka's other
# group defaults. Compile first: mvn -B -q -o -pl admin-cli -am compile
# Usage: benchmarks/scripts/group-bench.sh            (env: ROUNDS=2, ANCHOR, ONLY=kafka|tributary, WHAT=commit|rebalance,
#                                                      MODE=cluster3: 3 nodes of each, offsets replicated 3 times,
#                                                      BASELINE=/other/checkout: also its build, as tributary-baseline,
#                                                      ALT_JVM_OPTS="...": also this build with those node JVM options, as tributary-alt)
#        benchmarks/scripts/group-bench.sh BOOTSTRAP  (just the harness, against a running cluster)
# The A B A B run appends its lines to benchmarks/results/groups-<time>.txt for report.py.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
A="${ANCHOR:-$ROOT/../shared/bench/kafka-anchor}"
MODE="${MODE:-single}"
case "$MODE" in
  single) KAFKA="$A/single.sh"; NODES=1 ;;
  cluster3) KAFKA="$A/cluster3.sh"; NODES=3 ;;
  *) echo "MODE must be single or cluster3" >&2; exit 2 ;;
esac
CP_FILE=$(mktemp)
(cd "$ROOT" && mvn -B -q -o -pl admin-cli dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime >/dev/null)
DEPS="$(tr ':' '\n' < "$CP_FILE" | grep -v '/io/tributary/' | paste -sd:)"
rm -f "$CP_FILE"
# A checkout's compiled classes, never installed copies of them.
classes_of() { echo "$1/admin-cli/target/classes:$1/broker-node/target/classes:$1/metadata-raft/target/classes:$1/log-engine/target/classes:$DEPS"; }
CP="$(classes_of "$ROOT")"
if [ -n "${BASELINE:-}" ]; then
  (cd "$BASELINE" && mvn -B -q -o -pl admin-cli -am compile >/dev/null) || { echo "cannot compile $BASELINE" >&2; exit 1; }
fi
bench() { java -cp "$CP" "$ROOT/benchmarks/scripts/GroupBench.java" "$1" "$2" 2>/dev/null | grep -E "^(REBALANCE|COMMIT)"; }
if [ $# -ge 1 ]; then bench "$1" "${2:-target}"; exit; fi

RAW="$ROOT/benchmarks/results/groups-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p "$(dirname "$RAW")"
echo "# groups $(date -u +%FT%TZ) host=$(hostname) cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) java=$(java -version 2>&1 | head -1 | tr ' ' '_')${ALT_JVM_OPTS:+ alt_jvm_opts=$(tr ' ' ',' <<<"$ALT_JVM_OPTS")}" > "$RAW"
# Shows the harness's lines and appends them to the raw file as "bench=groups mode=$MODE metric=... system=S".
record_groups() { # SYSTEM
  local kind label rest
  while read -r kind label rest; do
    echo "$kind $label $rest"
    [[ " $rest" == *" ms=-1"* ]] && rest+=" failed=1"   # the consumers never owned every partition
    echo "bench=groups mode=$MODE metric=$(tr '[:upper:]' '[:lower:]' <<<"$kind") system=$1 $rest" >> "$RAW"
  done
}
DIR=$(mktemp -d /tmp/tributary-groupbench.XXXX)
cli() { java -cp "$CP" io.tributary.admin.TributaryCli "$@"; }
trap 'cli local down --dir "$DIR/cluster" --delete >/dev/null 2>&1; "$KAFKA" stop >/dev/null 2>&1; rm -rf "$DIR"' EXIT
run_system() { # SYSTEM ROUND
  echo "=== round $2: $1"
  if [ "$1" = kafka ]; then
    "$KAFKA" start >/dev/null 2>&1
    bench "$("$KAFKA" bootstrap)" kafka | record_groups kafka
    "$KAFKA" stop >/dev/null 2>&1
    return
  fi
  NODE_CP="$CP"; [ "$1" = tributary-baseline ] && NODE_CP="$(classes_of "$BASELINE")"
  (if [ "$1" = tributary-alt ]; then export TRIBUTARY_NODE_JVM_OPTS="$ALT_JVM_OPTS"; fi
   CP="$NODE_CP" cli local up --nodes "$NODES" --dir "$DIR/cluster" --timeout 60s --set group.initial.rebalance.delay.ms=0) >/dev/null 2>&1
  bench "$(cat "$DIR/cluster/bootstrap.servers")" "$1" | record_groups "$1"
  cli local down --dir "$DIR/cluster" --delete >/dev/null 2>&1
}
SYSTEMS=""
[ "${ONLY:-kafka}" != tributary ] && SYSTEMS="kafka"
[ "${ONLY:-tributary}" != kafka ] && SYSTEMS="$SYSTEMS tributary${BASELINE:+ tributary-baseline}${ALT_JVM_OPTS:+ tributary-alt}"
for round in $(seq 1 "${ROUNDS:-2}"); do
  # Odd rounds in the listed order, even rounds reversed (see systems_in_round in common.sh).
  order="$SYSTEMS"; (( round % 2 )) || order="$(echo $SYSTEMS | tr ' ' '\n' | tac | paste -sd' ')"
  for sys in $order; do run_system "$sys" "$round"; done
done
python3 "$ROOT/benchmarks/scripts/report.py" --summary "$RAW"
