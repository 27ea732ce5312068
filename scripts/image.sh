#!/usr/bin/env bash
# Build and smoke-test Sazón's container image with podman (make image, make test-deploy).
#
#   scripts/image.sh build   wheelhouse (build/wheels) + base image + podman build -> sazon:latest
#   scripts/image.sh test    run it: sazon init, sazon serve, /healthz, one real API call
#
# Where no container registry is reachable the base is built from Debian packages with
# mmdebstrap (BASE=localhost/sazon-base:bookworm, the default); set BASE=python:3.11-slim-bookworm
# to use the registry's. Timings and the image size go to build/image-report.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
IMAGE=${IMAGE:-sazon:latest}
BASE=${BASE:-localhost/sazon-base:bookworm}
PY=${PY:-.venv/bin/python}
REPORT=build/image-report.txt
mkdir -p build

need() {
  command -v "$1" >/dev/null || { echo "falta $1 / $1 is missing: apt-get install $2" >&2; exit 2; }
}
need podman podman

# No default ulimits: in a nested container (CI machines) podman may not raise nofile/nproc
# and every run fails with "setrlimit: operation not permitted"; the host's limits apply.
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/deploy/podman/containers.conf}
PODMAN=(podman)
RUNTIME=()
# crun refuses hybrid cgroups (v1 with v2 controllers, as on these machines); runc runs there.
if grep -qs . /sys/fs/cgroup/unified/cgroup.controllers && command -v runc >/dev/null; then
  # A full path: `podman build --runtime runc` still ran crun for RUN steps here.
  RUNTIME=(--runtime "$(command -v runc)")
  PODMAN+=("${RUNTIME[@]}")
  export BUILDAH_RUNTIME=${BUILDAH_RUNTIME:-$(command -v runc)}
fi

build() {
  local t0 t1 t2
  t0=$(date +%s)
  # Every wheel Sazón needs, built or fetched once; the image build itself is offline.
  "$PY" -m pip wheel -q --find-links build/wheels --wheel-dir build/wheels .
  # quixstreams without its pins, as the Makefile installs it (see pyproject.toml).
  "$PY" -m pip wheel -q --no-deps --wheel-dir build/wheels quixstreams==3.28.1
  t1=$(date +%s)
  if [ "$BASE" = localhost/sazon-base:bookworm ] && ! "${PODMAN[@]}" image exists "$BASE"; then
    need mmdebstrap mmdebstrap
    mmdebstrap --variant=minbase \
      --include=python3,python3-venv,ca-certificates,chromium,fonts-dejavu-core bookworm - \
      | "${PODMAN[@]}" import - "$BASE"
  fi
  t2=$(date +%s)
  # docker format: OCI images drop HEALTHCHECK.
  "${PODMAN[@]}" build "${RUNTIME[@]}" --format docker --build-arg "BASE=$BASE" -t "$IMAGE" .
  local size
  size=$("${PODMAN[@]}" image inspect "$IMAGE" --format '{{.Size}}')
  {
    echo "image: $IMAGE (base $BASE)"
    echo "size_mb: $((size / 1000000))"
    echo "wheels_s: $((t1 - t0))"
    echo "base_s: $((t2 - t1))"
    echo "build_s: $(($(date +%s) - t2))"
  } | tee "$REPORT"
}

smoke() {
  local port key started up code health=()
  port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # Globals: the EXIT trap runs after this function has returned.
  name=sazon-smoke-$$
  volume=$name-home
  # podman schedules HEALTHCHECK with systemd timers; without systemd (containers, CI) the
  # start fails, so the check is left to this script (the same /healthz, read below).
  [ -d /run/systemd/system ] || health=(--health-cmd none)
  "${PODMAN[@]}" volume create "$volume" >/dev/null
  trap '"${PODMAN[@]}" rm -f "$name" >/dev/null 2>&1; "${PODMAN[@]}" volume rm -f "$volume" >/dev/null 2>&1' EXIT
  "${PODMAN[@]}" run --rm "${health[@]}" -v "$volume:/var/lib/sazon" "$IMAGE" sazon init >/dev/null
  started=$(date +%s.%N)
  "${PODMAN[@]}" run -d "${health[@]}" --name "$name" -v "$volume:/var/lib/sazon" -p "127.0.0.1:$port:8000" "$IMAGE" >/dev/null
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
    sleep 0.2
  done
  up=$(python3 -c "import time; print(f'{time.time() - $started:.1f}')")
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || {
    "${PODMAN[@]}" logs "$name" >&2; echo "the container never answered /healthz" >&2; exit 1; }
  key=$("${PODMAN[@]}" exec "$name" sazon users create-key --role admin --name smoke --format json \
    | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["key"])')
  code=$(curl -s -o build/smoke-venues.json -w '%{http_code}' \
    -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/venues")
  [ "$code" = 200 ] || { echo "GET /api/v1/venues answered $code" >&2; cat build/smoke-venues.json >&2; exit 1; }
  # Not root inside: the image runs as uid 10001.
  [ "$("${PODMAN[@]}" exec "$name" id -u)" = 10001 ] || { echo "the container runs as root" >&2; exit 1; }
  echo "start_to_healthz_s: $up" | tee -a "$REPORT"
  echo "OK: /healthz and GET /api/v1/venues answered from $IMAGE"
}

case "${1:-}" in
  build) build ;;
  test) smoke ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
