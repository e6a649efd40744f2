#!/usr/bin/env bash
# Builds the Tributary image from this checkout, for TributaryContainer / TributaryCluster or
# `docker run --network host`:
#   docker/build-image.sh [TAG [BASE_IMAGE]]     default tributary:dev on eclipse-temurin:17-jre
# Packages admin-cli (jar + runtime class path in admin-cli/target/lib; no tests, nothing installed
# into ~/.m2), assembles the build context and runs docker build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TAG="${1:-tributary:dev}"
BASE_IMAGE="${2:-eclipse-temurin:17-jre}"
(cd "$ROOT" && mvn -B -q -ntp -pl admin-cli -am -Dmaven.test.skip=true package)
CONTEXT="$(mktemp -d)"
trap 'rm -rf "$CONTEXT"' EXIT
mkdir -p "$CONTEXT/lib"
cp "$ROOT/docker/Dockerfile" "$ROOT/docker/tributary-entrypoint.sh" "$CONTEXT/"
cp "$ROOT"/admin-cli/target/lib/*.jar "$CONTEXT/lib/"
cp "$(ls "$ROOT"/admin-cli/target/admin-cli-*.jar | grep -v -- -tests.jar)" "$CONTEXT/lib/admin-cli.jar"
docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$TAG" "$CONTEXT"
