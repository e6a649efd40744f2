# Sourced by .ci/run: a Docker engine for the Testcontainers tests on a machine that reaches no
# image registry and may have no bridge networking. Containers then use --network host.
#   docker_engine_start  installs docker.io if dockerd is missing, starts dockerd unless an engine
#                        already answers (DOCKERD_PID is set only when this started one), builds the
#                        local base and tiny images and exports what Testcontainers needs.
#   docker_engine_stop   stops the dockerd this started (by PID); call it from an EXIT trap.

DOCKERD_PID=""
DOCKERD_LOG="${TMPDIR:-/tmp}/tributary-ci-dockerd.log"

docker_engine_start() {
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "Installing docker.io..."
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io >/dev/null
  fi
  export DOCKER_HOST="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  if docker info >/dev/null 2>&1; then
    echo "Using the Docker engine already running at $DOCKER_HOST"
  else
    # A pid file left by a dockerd that did not stop cleanly would keep a new one from starting.
    if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
      $SUDO rm -f /var/run/docker.pid
    fi
    $SUDO dockerd --iptables=false --bridge=none --ip-forward=false >"$DOCKERD_LOG" 2>&1 &
    DOCKERD_PID=$!
    local waited=0
    until docker info >/dev/null 2>&1; do
      if [ "$waited" -ge 60 ] || ! kill -0 "$DOCKERD_PID" 2>/dev/null; then
        echo "dockerd did not come up; its log:" >&2
        tail -20 "$DOCKERD_LOG" >&2
        return 1
      fi
      sleep 0.5
      waited=$((waited + 1))
    done
    echo "Started dockerd (pid $DOCKERD_PID, log $DOCKERD_LOG)"
  fi
  docker/build-local-base.sh tributary-local/tiny:latest tributary-local/jre:17
  export TESTCONTAINERS_RYUK_DISABLED=true
  export TESTCONTAINERS_HOST_OVERRIDE=localhost
  export TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE=tributary-local/tiny:latest
  export TRIBUTARY_BASE_IMAGE=tributary-local/jre:17
}

docker_engine_stop() {
  if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
    # Each run re-imports the base images and rebuilds the test image; drop the untagged old ones.
    docker image prune -f >/dev/null 2>&1 || true
    $SUDO kill -TERM "$DOCKERD_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$DOCKERD_PID" 2>/dev/null && [ "$waited" -lt 30 ]; do
      sleep 0.5
      waited=$((waited + 1))
    done
    kill -0 "$DOCKERD_PID" 2>/dev/null && $SUDO kill -KILL "$DOCKERD_PID" 2>/dev/null || true
    echo "Stopped dockerd (pid $DOCKERD_PID)"
  fi
}
