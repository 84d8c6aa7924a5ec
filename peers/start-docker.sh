#!/usr/bin/env bash
# Ensures a Docker engine is answering before the interop tests run. The machines have no bridge
# network and must not touch iptables, hence the two dockerd flags (shared/peers/docker.md).
set -euo pipefail

LOG="${IXH_DOCKERD_LOG:-/tmp/ixh-dockerd.log}"
TIMEOUT_S="${IXH_DOCKERD_TIMEOUT_S:-60}"

if docker info >/dev/null 2>&1; then
  echo "[start-docker] engine already running"
  exit 0
fi

command -v dockerd >/dev/null || { echo "start-docker: dockerd not found (apt-get install docker.io)" >&2; exit 1; }

# nohup + setsid: the engine must outlive this script and the CI step that called it.
nohup setsid dockerd --bridge=none --iptables=false >"$LOG" 2>&1 </dev/null &
pid=$!
echo "[start-docker] started dockerd pid $pid, log $LOG"

for _ in $(seq 1 "$TIMEOUT_S"); do
  if docker info >/dev/null 2>&1; then
    echo "[start-docker] engine ready"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start-docker: dockerd exited; last log lines:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
  sleep 1
done

echo "start-docker: docker info still failing after ${TIMEOUT_S}s; last log lines:" >&2
tail -n 20 "$LOG" >&2
exit 1
