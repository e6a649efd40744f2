# Sourced by the benchmark scripts in this directory; not executable on its own.
# Tributary and Apache Kafka (the anchor in ../shared/bench/kafka-anchor) are started, measured and
# stopped the same way: node JVM launched by the script, Kafka's own client tools, PIDs recorded.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ANCHOR="${ANCHOR:-$ROOT/../shared/bench/kafka-anchor}"
BENCH_HOME="${BENCH_HOME:-/tmp/tributary-bench}" # node dirs and raw tool output of the current run
# Our own Kafka home (other users of the anchor keep theirs); the anchor's fetched jars are reused.
export KA_HOME="${KA_HOME:-$BENCH_HOME/kafka}"
mkdir -p "$KA_HOME"
[[ -e "$KA_HOME/libs" || ! -d /tmp/kafka-anchor/libs ]] || ln -s /tmp/kafka-anchor/libs "$KA_HOME/libs"
[[ -f "$KA_HOME/log4j2.properties" ]] || cp "$ANCHOR/log4j2.properties" "$KA_HOME/"
# shellcheck source=/dev/null
source "$ANCHOR/common.sh"                       # ktool, ajava, start_node, stop_node, free_port, now_ms, proc_stats
RESULTS="${RESULTS:-$ROOT/benchmarks/results}"   # one raw file per benchmark run (input of report.py)
TRIB_CP_FILE="$ROOT/benchmarks/target/node-classpath.txt"
TRIB_DEFAULT_JVM_OPTS="${TRIBUTARY_NODE_JVM_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC}"
TRIB_NODE_JVM_OPTS="$TRIB_DEFAULT_JVM_OPTS"
mkdir -p "$BENCH_HOME" "$RESULTS"

# Builds the node class path of a checkout (default: this one) with the reactor (mvn package;
# nothing is installed into ~/.m2), once, or again when a main source is newer than the class-path
# file. BASELINE=/other/checkout adds the system "tributary-baseline" built from there, for
# before/after comparisons in the same run (e.g. `git archive main | tar -x -C /tmp/base`).
build_tributary() {
  local root="${1:-$ROOT}" cpf="${1:-$ROOT}/benchmarks/target/node-classpath.txt"
  if [[ ! -f "$cpf" ]] || [[ -n "$(find "$root" -path '*/src/main/*' -newer "$cpf" -type f -print -quit)" ]]; then
    echo "bench: building Tributary in $root (mvn package, tests skipped)..." >&2
    (cd "$root" && mvn -B -q -ntp ${MVN_OFFLINE:--o} -pl admin-cli -am package -DskipTests \
       dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$root/benchmarks/target/deps.txt" >&2)
    mkdir -p "$(dirname "$cpf")"
    echo "$root/admin-cli/target/admin-cli-0.1.0-SNAPSHOT.jar:$(cat "$root/benchmarks/target/deps.txt")" > "$cpf"
  fi
}
# The systems a comparison runs: Kafka, this checkout and, with BASELINE set, the baseline; with
# ALT_JVM_OPTS set, also this checkout's nodes with those JVM options instead (system "tributary-alt").
SYSTEMS="kafka tributary${BASELINE:+ tributary-baseline}${ALT_JVM_OPTS:+ tributary-alt}"
# The systems in the order round $1 runs them: as listed in odd rounds, reversed in even ones, so that
# over an even number of rounds each runs as often early as late in a round. Position mattered here:
# in four single-node runs of two node JIT settings (2026-12-03, fixed order), the one that ran last in
# its round read faster in 27 of 38 ConsumerPerformance pairs, whichever setting that was.
systems_in_round() { if (( $1 % 2 )); then echo $SYSTEMS; else echo $SYSTEMS | tr ' ' '\n' | tac | paste -sd' '; fi; }

# JVM options of a Tributary node: TRIBUTARY_NODE_JVM_OPTS plus the class-data archive bin/tributary uses.
# Nodes run C1 only, as `tributary local up` starts them (NodeProcesses.SHARED_MACHINE_JIT_OPTS),
# unless the options name a compiler setting themselves.
trib_jvm_opts() {
  local jit=""
  [[ "$TRIB_NODE_JVM_OPTS" != *Tiered* ]] && jit=" -XX:TieredStopAtLevel=1"
  echo "$TRIB_NODE_JVM_OPTS$jit $("$ROOT/bin/tributary-cds" opts "$(cat "$TRIB_CP_FILE")")"
}

# Writes NODE_DIR/node.properties. Args: NODE_DIR NODE_ID HOST KAFKA_PORT VOTERS RF [extra key=value...]
trib_write_props() {
  local d="$1" id="$2" host="$3" port="$4" voters="$5" rf="$6"; shift 6
  mkdir -p "$d"
  {
    echo "node.id=$id"; echo "process.roles=broker,controller"; echo "cluster.id=TrIbUtArYbEnChMaRk000001"
    echo "listeners=PLAINTEXT://$host:$port"; echo "controller.quorum.voters=$voters"
    echo "log.dirs=$d/data"; echo "metadata.log.dir=$d/metadata"
    echo "num.partitions=1"; echo "default.replication.factor=$rf"
    echo "min.insync.replicas=$(( rf >= 3 ? 2 : 1 ))"; echo "auto.create.topics.enable=true"
    # The anchor's Kafka settings where they differ from the defaults (same group join delay, segments).
    echo "log.segment.bytes=536870912"; echo "group.initial.rebalance.delay.ms=0"
    for kv in "$@"; do echo "$kv"; done
  } > "$d/node.properties"
}

# Launches a Tributary node JVM in the background (as `tributary node` does); writes NODE_DIR/{pid,start_ms}.
trib_start_node() {
  local d="$1" opts
  opts=$(trib_jvm_opts)   # may create the class-data archive first: not part of the measured start
  now_ms > "$d/start_ms"
  # shellcheck disable=SC2086
  nohup "$JAVA" $opts -cp "$(cat "$TRIB_CP_FILE")" io.tributary.admin.TributaryCli node \
    --config "$d/node.properties" >>"$d/node.log" 2>&1 < /dev/null &
  echo $! > "$d/pid"
}

# Waits until NODE_DIR's node is registered and unfenced; prints ms since its JVM launch.
trib_wait_ready() {
  local d="$1" t0 deadline=$(( $(date +%s) + ${2:-120} ))
  t0=$(cat "$d/start_ms")
  until grep -q 'is registered and unfenced' "$d/node.log" 2>/dev/null; do
    kill -0 "$(cat "$d/pid")" 2>/dev/null || { echo "bench: node in $d died; see $d/node.log" >&2; return 1; }
    (( $(date +%s) > deadline )) && { echo "bench: timeout waiting for $d" >&2; return 1; }
    sleep 0.1
  done
  echo $(( $(now_ms) - t0 ))
}

# N distinct free ports on one line: held open together while chosen, as two separate free_port
# calls can return the same port (a 3-node run once got one port for a node's listener and its voter).
free_ports() { # N
  python3 -c 'import socket,sys
ss=[socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1",0))
print(" ".join(str(s.getsockname()[1]) for s in ss))
for s in ss: s.close()' "$1"
}

# Single Tributary node on 127.0.0.1 with fresh data in $BENCH_HOME/trib1; prints its bootstrap.
trib_single_start() {
  [[ "$TRIB_CP_FILE" == "$ROOT/"* ]] && build_tributary
  local d="$BENCH_HOME/trib1" kp cp
  trib_stop_all; rm -rf "$d"
  read -r kp cp <<<"$(free_ports 2)"
  trib_write_props "$d" 1 127.0.0.1 "$kp" "1@127.0.0.1:$cp" 1 "$@"
  trib_start_node "$d"
  trib_wait_ready "$d" >/dev/null || return 1   # (set -e does not reach into $(...))
  echo "127.0.0.1:$kp" | tee "$d/bootstrap"
}

# Three Tributary nodes on 127.0.0.1..3, RF=3, min.insync.replicas=2; prints the bootstrap list.
trib_cluster3_start() {
  [[ "$TRIB_CP_FILE" == "$ROOT/"* ]] && build_tributary
  local i voters="" bs="" kp=() cp=() ports=()
  trib_stop_all
  read -ra ports <<<"$(free_ports 6)"
  for i in 1 2 3; do kp[$i]=${ports[2*i-2]}; cp[$i]=${ports[2*i-1]}; voters+="${voters:+,}$i@127.0.0.$i:${cp[$i]}"; bs+="${bs:+,}127.0.0.$i:${kp[$i]}"; done
  for i in 1 2 3; do
    rm -rf "$BENCH_HOME/trib$i"
    trib_write_props "$BENCH_HOME/trib$i" "$i" "127.0.0.$i" "${kp[$i]}" "$voters" 3 "$@"
    trib_start_node "$BENCH_HOME/trib$i"
  done
  for i in 1 2 3; do trib_wait_ready "$BENCH_HOME/trib$i" >/dev/null || return 1; done
  echo "$bs" | tee "$BENCH_HOME/trib1/bootstrap"
}

trib_pids() { local f; for f in "$BENCH_HOME"/trib*/pid; do [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; done; true; }
trib_stop_all() { local d; for d in "$BENCH_HOME"/trib*; do [[ -d "$d" ]] && stop_node "$d" TERM; done; true; }

kafka_pids() { local f; for f in "$KA_HOME"/single/pid "$KA_HOME"/c3/node*/pid; do [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; done; true; }

# Sum of CPU ticks of the given PIDs.
cpu_ticks_of() { local s=0 p; for p in "$@"; do s=$(( s + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo $s; }
# Peak RSS (VmHWM, MiB) summed over the given PIDs.
peak_rss_mib() { local s=0 p; for p in "$@"; do s=$(( s + $(awk '/VmHWM/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0) )); done; echo $(( s / 1024 )); }

# Appends one result line to the run's raw file: key=value pairs, first "bench=... system=...".
record() { echo "$*" | tee -a "$RAW"; }

# Starts a raw result file for this benchmark; sets RAW. Arg: benchmark name.
open_raw() {
  RAW="$RESULTS/$1-$(date -u +%Y%m%dT%H%M%SZ).txt"
  echo "# $1 $(date -u +%FT%TZ) host=$(hostname) cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) java=$("$JAVA" -version 2>&1 | head -1 | tr ' ' '_')${BASELINE:+ baseline=$BASELINE}${ALT_JVM_OPTS:+ alt_jvm_opts=$(tr ' ' ',' <<<"$ALT_JVM_OPTS")}" > "$RAW"
  echo "bench: raw results -> $RAW" >&2
}

# ---- workloads (Kafka's own tools from the anchor's libs; the same commands for both systems) ----

topic_create() { # BOOTSTRAP TOPIC PARTITIONS RF
  local cfg=(); (( $4 >= 3 )) && cfg=(--config min.insync.replicas=2)
  ktool org.apache.kafka.tools.TopicCommand --bootstrap-server "$1" --create --topic "$2" \
    --partitions "$3" --replication-factor "$4" "${cfg[@]}" >/dev/null
}
topic_delete() { ktool org.apache.kafka.tools.TopicCommand --bootstrap-server "$1" --delete --topic "$2" >/dev/null 2>&1 || true; }

# ProducerPerformance with NPROD producer JVMs at once, NUM records in all; prints key=value fields.
# rec_s and mb_s are summed over the producers, latencies are the worst producer's.
# Args: BOOTSTRAP TOPIC NUM NPROD THROUGHPUT PRODUCER_PROPS...
perf_produce() {
  local b="$1" t="$2" num="$3" np="$4" thr="$5"; shift 5
  local i pids=() out="$BENCH_HOME/out/$t"
  mkdir -p "$BENCH_HOME/out"
  for i in $(seq 1 "$np"); do
    ktool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$b" --topic "$t" \
      --num-records $(( num / np )) --record-size "${SIZE:-1024}" --throughput "$thr" \
      --producer-props linger.ms="${LINGER:-5}" batch.size="${BATCH:-65536}" "$@" > "$out.producer$i.txt" 2>&1 &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  cat "$out".producer*.txt | grep '99.9th' | sed -E 's/.*sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, ([0-9]+) ms 50th, ([0-9]+) ms 95th, ([0-9]+) ms 99th, ([0-9]+) ms 99.9th.*/\1 \2 \3 \5 \7 \8/' |
    awk -v n="$np" '{r+=$1; m+=$2; if($3>a)a=$3; if($4>p50)p50=$4; if($5>p99)p99=$5; if($6>p999)p999=$6; c++}
      END{ if (c < n) { print "failed=1"; exit } printf "rec_s=%d MB_s=%.1f avg_ms=%s p50_ms=%s p99_ms=%s p99.9_ms=%s\n", r, m, a, p50, p99, p999 }'
}

# ConsumerPerformance over the whole topic; prints key=value fields (fetch_* exclude the group join).
# client_cpu_s is the consumer JVM's own CPU time, start-up and group join included.
perf_consume() { # BOOTSTRAP TOPIC NUM   (a new group each time: every call reads the topic from its start)
  local out="$BENCH_HOME/out/$2.consumer.txt" c
  ensure_libs
  /usr/bin/time -f 'CLIENT_CPU %U %S' -o "$out.time" \
    "$JAVA" $TOOL_JVM_OPTS $LOG4J -Dkafka.root.level=warn -cp "$LIBS/*" org.apache.kafka.tools.ConsumerPerformance \
    --bootstrap-server "$1" --topic "$2" --num-records "$3" --timeout 30000 --group "perf-$2-$(now_ms)" > "$out" 2>&1 || true
  c=$(grep -E '^[0-9]{4}-' "$out" | tail -1)
  [[ -z "$c" ]] && { echo "failed=1"; return; }
  IFS=', ' read -r _ _ _ _ mb mbs nmsg nps reb _ fmbs fnps <<<"$c"
  echo "records=$nmsg MB_s=$mbs rec_s=${nps%.*} fetch_MB_s=$fmbs fetch_rec_s=${fnps%.*} rebalance_ms=$reb" \
    "client_cpu_s=$(awk '/^CLIENT_CPU/{u=$2; s=$3} END{printf "%.2f", u+s}' "$out.time")"
}

# The same topic read by librdkafka's kcat (no group, every partition from the beginning to its end);
# a second client whose per-record cost differs from the Java consumer's. MB_s counts record values.
# The clock stops at the NUM-th record, as ConsumerPerformance's does: kcat -e only exits after one
# more fetch per partition comes back empty, which the broker holds for fetch.wait.max.ms (500 ms) on
# either system, a wait that is not part of reading.
# With CPUS (a taskset list), kcat runs on those cores only. On this 2-core machine kcat's threads (one
# per broker connection, its main thread) otherwise run side by side and contend (futexes, frees of one
# another's buffers, page faults): ~0.5-1.8 s of CPU per 500,000 records instead of ~0.4 s on one core,
# and more against a Tributary node, which answers its fetches sooner, than against Kafka.
kcat_consume() { # BOOTSTRAP TOPIC NUM [CPUS]
  local out="$BENCH_HOME/out/$2.kcat" t0 t1 n pin=()
  command -v kcat >/dev/null || { echo "failed=1"; return; }
  [[ -n "${4:-}" ]] && pin=(taskset -c "$4")
  mkdir -p "$BENCH_HOME/out"
  rm -f "$out.n" "$out.t1"
  t0=$(now_ms)
  /usr/bin/time -f 'CLIENT_CPU %U %S %R' -o "$out.time" "${pin[@]}" kcat -C -b "$1" -t "$2" -o beginning -e -q -f '%p\n' 2>"$out.err" |
    { head -n "$3" | wc -l > "$out.n"; now_ms > "$out.t1"; cat > /dev/null; }
  n=$(cat "$out.n"); t1=$(cat "$out.t1")
  (( n == $3 && t1 > t0 )) || { echo "failed=1 records=$n"; return; }
  # client_minor_faults: kcat's CPU and rate follow how often glibc hands its ~6 MB receive buffers
  # back to the kernel and faults them in again (~5,000-60,000 faults per read against either broker).
  awk -v n="$n" -v ms=$((t1 - t0)) -v size="${SIZE:-1024}" '/^CLIENT_CPU/{cpu=$2+$3; faults=$4}
    END{printf "records=%d rec_s=%d MB_s=%.1f client_cpu_s=%.2f client_minor_faults=%d\n", n, n*1000/ms, n*size/1048576*1000/ms, cpu, faults}' "$out.time"
}

# End-to-end latency (produce -> consume, one partition) at a fixed rate; prints key=value fields.
perf_e2e() { # BOOTSTRAP TOPIC COUNT RATE ACKS
  local classes="$BENCH_HOME/classes" src="$ROOT/benchmarks/scripts/src/EndToEndProbe.java"
  ensure_libs
  if [[ ! -f "$classes/EndToEndProbe.class" || "$src" -nt "$classes/EndToEndProbe.class" ]]; then
    mkdir -p "$classes"; javac -d "$classes" -cp "$LIBS/*" "$src" >&2
  fi
  "$JAVA" $TOOL_JVM_OPTS $LOG4J -Dkafka.root.level=warn -cp "$classes:$LIBS/*" EndToEndProbe "$1" "$2" "$3" "$4" "$5" "${SIZE:-1024}" 2>/dev/null |
    grep '^E2E ' | sed -E 's/^E2E //; s/p([0-9.]+)_ms/e2e_p\1_ms/g; s/max_ms/e2e_max_ms/' || echo "failed=1"
}

# Record batches the producer's requests left in a topic's log (one replica): avg_batch_bytes and
# records_per_batch. Both systems store the batches as received, so this is what the consumer must
# walk through: a broker that acknowledges sooner gets smaller batches from the same producer
# settings (less waits in the producer's accumulator), and its consumer has more batches to read.
batch_stats() { # SYSTEM TOPIC
  local dirs
  case "$1" in
    kafka) dirs="$KA_HOME/single/data $KA_HOME/c3/node1/data" ;; # topic names are unique: only one holds it
    *) dirs="$BENCH_HOME/trib1/data" ;;
  esac
  python3 - "$2" $dirs <<'PY'
import glob, os, struct, sys
batches = size = records = 0
for path in [p for d in sys.argv[2:] for p in glob.glob(os.path.join(d, "**", sys.argv[1] + "-*", "*.log"), recursive=True)]:
    with open(path, "rb") as f:
        data = f.read()
    pos = 0
    while pos + 61 <= len(data):
        length = struct.unpack_from(">i", data, pos + 8)[0]
        if length <= 0:
            break
        batches += 1; size += length + 12; records += struct.unpack_from(">i", data, pos + 57)[0]
        pos += length + 12
print(f"avg_batch_bytes={size // batches} records_per_batch={records / batches:.1f}" if batches else "")
PY
}

# Runs a command while sampling the summed CPU ticks of PIDS; appends the brokers' CPU (average cores
# over the command's wall time, and CPU-seconds in all: the fairer figure on a loaded machine).
with_cpu() { # "PIDS" COMMAND...
  local pids="$1" c0 c1 w0 w1 out; shift
  # shellcheck disable=SC2086
  c0=$(cpu_ticks_of $pids); w0=$(now_ms)
  out=$("$@")
  # shellcheck disable=SC2086
  c1=$(cpu_ticks_of $pids); w1=$(now_ms)
  echo "$out $(awk -v c=$((c1 - c0)) -v k="$(getconf CLK_TCK)" -v w=$((w1 - w0)) 'BEGIN{printf "broker_cpu_cores=%.2f broker_cpu_s=%.2f", (c/k)/(w/1000), c/k}')"
}

# ---- the two systems behind one interface: sys_start SYSTEM MODE [tributary keys...] / sys_pids / sys_stop ----
sys_start() { # SYSTEM(kafka|tributary) MODE(single|cluster3) -> prints the bootstrap list
  local sys="$1" mode="$2"; shift 2
  case "$sys/$mode" in
    kafka/single) "$ANCHOR/single.sh" start >&2 && "$ANCHOR/single.sh" bootstrap ;;
    kafka/cluster3) "$ANCHOR/cluster3.sh" start >&2 && "$ANCHOR/cluster3.sh" bootstrap ;;
    tributary*/single) trib_single_start "$@" ;;
    tributary*/cluster3) trib_cluster3_start "$@" ;;
    *) echo "unknown system/mode $sys/$mode" >&2; return 2 ;;
  esac
}
# Selects the build a Tributary system runs (call in the script's own shell, before sys_start).
sys_use() {
  case "$1" in
    tributary) TRIB_CP_FILE="$ROOT/benchmarks/target/node-classpath.txt"; TRIB_NODE_JVM_OPTS="$TRIB_DEFAULT_JVM_OPTS" ;;
    tributary-baseline) build_tributary "$BASELINE"; TRIB_CP_FILE="$BASELINE/benchmarks/target/node-classpath.txt"
      TRIB_NODE_JVM_OPTS="$TRIB_DEFAULT_JVM_OPTS" ;;
    tributary-alt) TRIB_CP_FILE="$ROOT/benchmarks/target/node-classpath.txt"; TRIB_NODE_JVM_OPTS="$ALT_JVM_OPTS" ;;
  esac
}
sys_pids() { if [[ "$1" == kafka ]]; then kafka_pids; else trib_pids; fi; }
sys_stop() {
  if [[ "$1" == kafka ]]; then "$ANCHOR/single.sh" stop >/dev/null 2>&1; "$ANCHOR/cluster3.sh" stop >/dev/null 2>&1; else trib_stop_all; fi
  true
}
stop_everything() { sys_stop kafka; sys_stop tributary; }
