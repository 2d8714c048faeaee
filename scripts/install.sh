#!/usr/bin/env bash
# Installs what Tessera needs on a Debian 12 machine, skipping whatever is already there.
#   scripts/install.sh            runtime: Debian's Jupyter and Python data stack (the process
#                                 backend's kernels), Node packages, Prisma clients, the Studio and
#                                 admin console bundles
#   scripts/install.sh --test     also what the tests use (PostgreSQL, boto3, Chromium, the swarm
#                                 cluster's registry and shared storage)
# Docker Engine and the kernel images are scripts/docker.sh's job.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

apt_packages=()
# Kernels on the process backend run on Debian's Python (never the python3 first on PATH).
/usr/bin/python3 -c 'import jupyter_server, ipykernel, terminado, sklearn, pandas, matplotlib, xgboost' 2>/dev/null ||
  apt_packages+=(jupyter-server python3-ipykernel python3-terminado python3-sklearn python3-pandas python3-matplotlib python3-xgboost)
command -v git >/dev/null 2>&1 || apt_packages+=(git)
if (( want_test )); then
  [[ -x /usr/bin/chromium ]] || apt_packages+=(chromium)
  [[ -x /usr/lib/postgresql/15/bin/postgres ]] || apt_packages+=(postgresql)
  /usr/bin/python3 -c 'import boto3' 2>/dev/null || apt_packages+=(python3-boto3)
  # The swarm tests' cluster (scripts/swarm-cluster.sh): a registry, and shared storage over sftp.
  command -v docker-registry >/dev/null 2>&1 || apt_packages+=(docker-registry)
  command -v curl >/dev/null 2>&1 || apt_packages+=(curl)
  command -v ip >/dev/null 2>&1 || apt_packages+=(iproute2)
  command -v sshfs >/dev/null 2>&1 || apt_packages+=(sshfs)
  command -v socat >/dev/null 2>&1 || apt_packages+=(socat)
  [[ -x /usr/lib/openssh/sftp-server ]] || apt_packages+=(openssh-sftp-server)
fi
if (( ${#apt_packages[@]} )); then
  echo "==> apt-get install ${apt_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${apt_packages[@]}" >/dev/null
fi

if ! command -v pnpm >/dev/null 2>&1; then
  echo "==> npm install -g pnpm@12"
  npm install -g pnpm@12 >/dev/null
fi

echo "==> pnpm install"
# node-gyp (better-sqlite3, argon2, re2) builds against Debian's Node headers instead of downloading
# them. re2 compiles RE2 and Abseil from source (about 2 min of both cores) when no build is cached.
npm_config_nodedir=/usr pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -v -E '^\s*$|Progress:' | tail -n 5

echo "==> prisma generate"
pnpm --filter @tessera/db generate >/dev/null

echo "==> Studio bundle"
pnpm --filter @tessera/studio build

echo "==> Admin console bundle"
pnpm --filter @tessera/console build
