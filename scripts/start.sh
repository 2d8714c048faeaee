#!/usr/bin/env bash
# Installs what is missing and starts Tessera on its embedded defaults: SQLite, files under
# ./.tessera, apps in Docker containers (or local processes where Docker cannot run), listening on http://127.0.0.1:8080 (PORT, HOST, DATABASE_URL and the rest of the
# settings in the README override them). On the first start it prints the admin password once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# The best available backend: Docker when it can be installed and started here, else local
# processes (the server chooses by itself; TESSERA_BACKEND=process|docker forces one).
bash scripts/docker.sh || echo "==> Docker is not available here; apps will run as local processes"
export TESSERA_DATA_DIR="${TESSERA_DATA_DIR:-$PWD/.tessera}"
cd apps/server
exec pnpm exec tsx src/main.ts
