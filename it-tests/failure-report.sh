#!/usr/bin/env bash
# Run by bin/test after a failed build: for each integration-test class with a failed test, prints the
# warnings and errors its nodes logged (kept in it-tests/target/node-logs/CLASS-MILLIS), so that a CI
# log shows what the cluster did and not only what the client saw. Output is bounded per node.
set -uo pipefail
cd "$(dirname "$0")"
for xml in target/failsafe-reports/TEST-*.xml; do
  [ -f "$xml" ] || continue
  grep -qE '<(failure|error)[ >]' "$xml" || continue
  cls=$(basename "$xml" .xml)
  cls=${cls##*.}
  echo "==== $cls failed: what its nodes logged (it-tests/target/node-logs/$cls-*) ===="
  for log in target/node-logs/"$cls"-*/*.log; do
    [ -f "$log" ] || continue
    echo "---- $log: last 40 WARN/ERROR lines"
    grep -E ' (WARN|ERROR) ' "$log" | cut -c1-300 | tail -40
    echo "---- $log: last 15 lines"
    grep -vE 'ReplicaManager - (Leading|Following) ' "$log" | tail -15 | cut -c1-300
  done
done
