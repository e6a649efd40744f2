#!/usr/bin/env bash
# How fast a metadata voter restarted under load catches up (Tributary only; Kafka has no equivalent
# figure here). Per round: a fresh 3-node local cluster, offset commits running (GroupBench, WHAT=commit),
# a controlled restart of one follower 16 s in, then from the nodes' logs: follower start -> its Raft
# server up, Raft server up -> the leader's first accepted entries, joined the quorum -> broker
# registered and unfenced. The nodes log Ratis at INFO and the leader's follower bookkeeping at DEBUG
# for this (a logback file written to the run directory).
# Usage: benchmarks/scripts/restart-catchup.sh   (env: ROUNDS=3; uses bin/tributary, which builds if needed)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TRIB="$ROOT/bin/tributary"
RUN=$(mktemp -d /tmp/tributary-restart-catchup.XXXX)
trap '"$TRIB" local down --dir "$RUN/cluster" --delete >/dev/null 2>&1; rm -rf "$RUN"' EXIT
sed 's|<logger name="org.apache.ratis" level="WARN"/>|<logger name="org.apache.ratis" level="INFO"/><logger name="org.apache.ratis.server.leader" level="DEBUG"/>|' \
  "$ROOT/admin-cli/src/main/resources/logback.xml" > "$RUN/logback.xml"
export TRIBUTARY_NODE_JVM_OPTS="-Xms256m -Xmx1g -XX:+UseG1GC -Dlogback.configurationFile=$RUN/logback.xml"

for round in $(seq 1 "${ROUNDS:-3}"); do
  D="$RUN/cluster"
  "$TRIB" local up --nodes 3 --dir "$D" --timeout 90s --set group.initial.rebalance.delay.ms=0 >/dev/null 2>&1 \
    || { echo "round $round: cluster did not start" >&2; exit 1; }
  export TRIBUTARY_BOOTSTRAP="$(cat "$D/bootstrap.servers")"
  leader=$("$TRIB" quorum describe -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["leaderId"])')
  follower=$(( leader % 3 + 1 ))
  WHAT=commit timeout 100 "$ROOT/benchmarks/scripts/group-bench.sh" "$TRIBUTARY_BOOTSTRAP" > "$RUN/load.out" 2>&1 &
  load=$!
  sleep 16
  "$TRIB" local restart --dir "$D" "$follower" >/dev/null 2>&1
  sleep 14
  python3 - "$D" "$leader" "$follower" "$round" <<'PY'
import datetime, sys
d, leader, follower, rnd = sys.argv[1:]
def lines(n): return open(f'{d}/node-{n}/node.log', errors='replace').read().splitlines()
def ts(line): return datetime.datetime.strptime(line[:23], '%Y-%m-%d %H:%M:%S.%f')
def last(ls, text): return ts([l for l in ls if text in l][-1])
f, l = lines(follower), lines(leader)
start, up = last(f, 'Starting node'), last(f, 'Successfully registered JMX Bean')
joined, registered = last(f, 'joined the metadata quorum'), last(f, 'is registered and unfenced')
match = [ts(x) for x in l if f'->{follower}: matchIndex: updateToMax' in x and ts(x) > up]
first = (match[0] - up).total_seconds() if match else -1
print(f'RESTART round={rnd} leader={leader} follower={follower} start_to_raft_up_s={(up - start).total_seconds():.2f} '
      f'raft_up_to_first_entries_s={first:.2f} joined_to_unfenced_s={(registered - joined).total_seconds():.2f} '
      f'start_to_unfenced_s={(registered - start).total_seconds():.2f}')
PY
  kill "$load" 2>/dev/null; wait "$load" 2>/dev/null
  "$TRIB" local down --dir "$D" --delete >/dev/null 2>&1
done
