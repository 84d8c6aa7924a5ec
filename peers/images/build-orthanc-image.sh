#!/usr/bin/env bash
# Builds the local Docker image that the container launcher of the Orthanc peer runs
# (recipe verified in shared/peers/docker.md). No registry is reachable on these machines, so the
# image is a Debian bookworm rootfs made with debootstrap and loaded with `docker import`.
#
# Idempotent: exits at once when the tag exists. The finished rootfs is cached as a tarball, so
# after `docker rmi` a rebuild is only an import (seconds) instead of debootstrap + apt (minutes).
# Must run as root (debootstrap and chroot need it), which is the case in CI.
set -euo pipefail

TAG="${IXH_ORTHANC_IMAGE:-local/orthanc-dcmtk:bookworm}"
PACKAGES="orthanc orthanc-dicomweb dcmtk"
MIRROR="${IXH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${IXH_CACHE:-${HOME:-/root}/.cache/ixh}"
# The package list is part of the name so that changing it never reuses a stale rootfs.
ROOTFS_TAR="$CACHE/rootfs-bookworm-$(echo "$PACKAGES" | tr ' ' '+').tar"

started=$(date +%s)
elapsed() { echo $(( $(date +%s) - started ))s; }
log() { echo "[build-orthanc-image $(elapsed)] $*"; }

if docker image inspect "$TAG" >/dev/null 2>&1; then
  log "image $TAG already present; nothing to do"
  exit 0
fi

if [ ! -s "$ROOTFS_TAR" ]; then
  [ "$(id -u)" = 0 ] || { echo "build-orthanc-image: must run as root (debootstrap/chroot)" >&2; exit 1; }
  for tool in debootstrap chroot docker; do
    command -v "$tool" >/dev/null || { echo "build-orthanc-image: $tool not found" >&2; exit 1; }
  done
  mkdir -p "$CACHE"
  root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  # debootstrap and we mount proc/sys inside the rootfs; rm -rf through a live mount would reach
  # the host, so unmount everything below it first and keep the directory if anything stays mounted.
  cleanup() {
    local mnt
    for mnt in $(awk -v r="$root" 'index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r); do
      umount -l "$mnt" 2>/dev/null || true
    done
    if awk -v r="$root" 'index($2, r "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
      echo "build-orthanc-image: mounts remain under $root; not deleting it" >&2
    else
      rm -rf "$root"
    fi
  }
  trap cleanup EXIT

  log "debootstrap --variant=minbase bookworm from $MIRROR"
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -n 30 "$CACHE/debootstrap.log" >&2; exit 1; }
  log "debootstrap done"

  # Package scripts must not try to start services inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod +x "$root/usr/sbin/policy-rc.d"
  mount -t proc proc "$root/proc"
  log "apt-get install $PACKAGES"
  chroot "$root" sh -c "export DEBIAN_FRONTEND=noninteractive; apt-get update && apt-get install -y --no-install-recommends $PACKAGES && apt-get clean && rm -rf /var/lib/apt/lists/*" \
    >"$CACHE/apt.log" 2>&1 || { tail -n 30 "$CACHE/apt.log" >&2; exit 1; }
  umount "$root/proc"
  rm -f "$root/usr/sbin/policy-rc.d"
  log "packages installed"

  # Written under a temporary name first so an interrupted build never leaves a truncated cache.
  # --one-file-system: never archive a mount that is still live under the rootfs.
  tar -C "$root" --numeric-owner --one-file-system -cf "$ROOTFS_TAR.partial" .
  mv "$ROOTFS_TAR.partial" "$ROOTFS_TAR"
  log "rootfs cached at $ROOTFS_TAR ($(du -h "$ROOTFS_TAR" | cut -f1))"
else
  log "reusing cached rootfs $ROOTFS_TAR"
fi

docker import "$ROOTFS_TAR" "$TAG" >/dev/null
log "imported $TAG"
