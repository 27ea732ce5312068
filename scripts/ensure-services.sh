#!/usr/bin/env bash
# Install the Debian services the tests need when they are missing (CI machines start bare).
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
# the operations tests: dashboards' queries and alert rules (promtool). kubectl is not a Debian
# package: the manifests test uses it when present and tests/kustomize_lite.py otherwise.
command -v prometheus >/dev/null && command -v promtool >/dev/null || need+=(prometheus)
# fonts so screenshots of the Spanish pages render accents and symbols
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing from Debian: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts a cluster on install; the tests use their own throw-away one.
  $SUDO service postgresql stop >/dev/null 2>&1 || true
  # Same for Prometheus: the tests start their own on a loopback port.
  $SUDO service prometheus stop >/dev/null 2>&1 || true
fi
