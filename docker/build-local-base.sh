#!/usr/bin/env bash
# Builds, without any image registry, the two local images the Testcontainers tests need:
#   tributary-local/tiny:latest  a few shell tools of this machine (Testcontainers' "tiny image")
#   tributary-local/jre:17       the same plus a Java 17 runtime made from this machine's JDK
#                                (the base image docker/Dockerfile is built on in CI)
# Each is a root file system of host binaries plus the shared libraries `ldd` lists, brought in
# with `docker import`. Where a registry is reachable, the Dockerfile's default eclipse-temurin
# base needs none of this.
# Usage: docker/build-local-base.sh [TINY_TAG [JRE_TAG]]   (needs a running Docker daemon)
set -euo pipefail
TINY_TAG="${1:-tributary-local/tiny:latest}"
JRE_TAG="${2:-tributary-local/jre:17}"
JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
TOOLS="sh ls cat echo sleep true false mkdir rm df env id tail grep chmod"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"

# Copies into the root file system every shared library that the given files (inside it) load.
copy_libs_of() {
  ldd "$@" 2>/dev/null | grep -o '/[^ :]*\.so[^ :]*' | sort -u | while read -r lib; do
    case "$lib" in "$ROOT"/*) continue ;; esac
    [ -e "$ROOT$lib" ] || { mkdir -p "$ROOT$(dirname "$lib")"; cp -L "$lib" "$ROOT$lib"; }
  done
}

mkdir -p "$ROOT/bin" "$ROOT/etc" "$ROOT/tmp" && chmod 1777 "$ROOT/tmp"
for tool in $TOOLS; do
  cp -L "$(type -P "$tool")" "$ROOT/bin/$tool"
done
copy_libs_of "$ROOT"/bin/*
echo 'root:x:0:0:root:/root:/bin/sh' > "$ROOT/etc/passwd"
tar -C "$ROOT" -c . | docker import --change 'ENV PATH=/bin' - "$TINY_TAG" >/dev/null
echo "Built $TINY_TAG"

# A trimmed runtime (jlink) when the JDK ships its jmods, else a copy of the whole JDK.
mkdir -p "$ROOT/opt/java"
if [ -d "$JDK/jmods" ] && [ -x "$JDK/bin/jlink" ]; then
  "$JDK/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.zipfs,jdk.naming.dns \
    --strip-debug --no-man-pages --no-header-files --output "$ROOT/opt/java/openjdk"
else
  cp -rL "$JDK" "$ROOT/opt/java/openjdk"
fi
copy_libs_of "$ROOT/opt/java/openjdk/bin/java" $(find "$ROOT/opt/java/openjdk/lib" -name '*.so')
tar -C "$ROOT" -c . | docker import --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/bin' - "$JRE_TAG" >/dev/null
echo "Built $JRE_TAG"
