#!/bin/sh
# Writes this container's node config from environment variables, then runs one Tributary node in
# the foreground as PID 1 (docker stop → SIGTERM → controlled shutdown). Arguments are passed on to
# `tributary node`, e.g. `--override min.insync.replicas=2`.
#
#   TRIBUTARY_NODE_ID                 node.id (default 1)
#   TRIBUTARY_CLUSTER_ID              cluster.id, the same on every node of a cluster
#   TRIBUTARY_LISTENERS               listeners (default PLAINTEXT://0.0.0.0:9092)
#   TRIBUTARY_ADVERTISED_LISTENERS    advertised.listeners (default: none, the listeners are advertised)
#   TRIBUTARY_QUORUM_VOTERS           controller.quorum.voters (default <node id>@127.0.0.1:9093)
#   TRIBUTARY_DATA_DIR                where log.dirs and metadata.log.dir live (default /var/lib/tributary)
#   TRIBUTARY_JVM_OPTS                JVM options (default -Xmx512m)
set -eu
NODE_ID="${TRIBUTARY_NODE_ID:-1}"
DATA_DIR="${TRIBUTARY_DATA_DIR:-/var/lib/tributary}"
CONFIG="$DATA_DIR/node.properties"
mkdir -p "$DATA_DIR/data" "$DATA_DIR/metadata"
{
  echo "node.id=$NODE_ID"
  echo "process.roles=broker,controller"
  echo "cluster.id=${TRIBUTARY_CLUSTER_ID:-TrIbUtArYcOnTaInEr00001}"
  echo "listeners=${TRIBUTARY_LISTENERS:-PLAINTEXT://0.0.0.0:9092}"
  if [ -n "${TRIBUTARY_ADVERTISED_LISTENERS:-}" ]; then
    echo "advertised.listeners=$TRIBUTARY_ADVERTISED_LISTENERS"
  fi
  echo "controller.quorum.voters=${TRIBUTARY_QUORUM_VOTERS:-$NODE_ID@127.0.0.1:9093}"
  echo "log.dirs=$DATA_DIR/data"
  echo "metadata.log.dir=$DATA_DIR/metadata"
} > "$CONFIG"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${TRIBUTARY_JVM_OPTS:--Xmx512m} -cp "/opt/tributary/lib/*" \
  io.tributary.admin.TributaryCli node --config "$CONFIG" "$@"
