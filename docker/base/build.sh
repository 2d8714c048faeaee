#!/usr/bin/env bash
# Builds a Debian bookworm base image without a registry: debootstrap a minimal root filesystem
# from this machine's own Debian mirror and `docker import` it.
#   docker/base/build.sh IMAGE[:TAG] [MORE TAGS...]
# Where a registry is reachable, `debian:bookworm-slim` does the same job (the kernel
# Dockerfiles take the base as a build ARG).
set -euo pipefail
(( $# >= 1 )) || { echo "usage: $0 IMAGE[:TAG]..." >&2; exit 2; }
docker=$(command -v /usr/bin/docker || command -v docker)

# The mirror is whatever this machine already uses (it may be a local proxy or a snapshot):
# first URIs line for the main archive, a URIs line ending in -security for security updates.
sources=/etc/apt/sources.list.d/debian.sources
mirror=$(awk '/^URIs:/ { print $2; exit }' "$sources")
security=$(awk '/^URIs:/ && $2 ~ /-security\/?$/ { print $2; exit }' "$sources")
[[ -n "$mirror" ]] || { echo "no URIs: line in $sources" >&2; exit 1; }
mirror=${mirror%/}
security=${security:-$mirror-security}
security=${security%/}

if ! command -v debootstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq debootstrap >/dev/null
fi

rootfs=$(mktemp -d /var/tmp/tessera-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -n 30 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"

cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
SOURCES

# Images never need docs, man pages or translations; dpkg skips them for every later install
# (copyright files stay). Downloaded .debs are deleted after each install, as in Debian's images.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/tessera-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
DPKG
cat >"$rootfs/etc/apt/apt.conf.d/90tessera-slim" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT
find "$rootfs/usr/share/doc" ! -type d ! -name copyright -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/*

first=$1
shift
tar -C "$rootfs" --numeric-owner -c . \
  | "$docker" import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' - "$first" >/dev/null
for tag in "$@"; do "$docker" tag "$first" "$tag"; done
