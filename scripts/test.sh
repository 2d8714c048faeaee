#!/usr/bin/env bash
# Installs what is missing and runs every test:
#   1. type checks of every package, the linter, the formatter's check and the server's layer rules
#   2. unit tests and the integration suite on SQLite (real server processes, real SDK clients)
#   3. the integration suite again on PostgreSQL (but the docker runtime's and the SageMaker
#      images' own tests, which use no database, the hostile-tenant suites, which attack the
#      runtime and the file system, not the database, the scale-out suites, which run on PostgreSQL
#      in both passes, and the swarm cluster's)
#   4. the end-to-end tests: Studio in Debian's Chromium against a real server
# and closes with one line that counts each test once (the PostgreSQL rerun on its own line).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test || exit 1
bash scripts/postgres.sh || exit 1
bash scripts/docker.sh || exit 1

export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
results=$(mktemp -d)
status=0

echo "==> type check, lint, format, layers"
pnpm run -s typecheck || status=1
pnpm run -s lint || status=1
pnpm run -s format:check || status=1
pnpm run -s layers || status=1

echo "==> unit tests + integration suite on SQLite"
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$results/sqlite.json"
sqlite_rc=$?

echo "==> integration suite on PostgreSQL"
TESSERA_TEST_DB=postgresql pnpm exec vitest run apps/server/test \
  --exclude apps/server/test/docker-runtime.int.test.ts --exclude apps/server/test/containers.int.test.ts \
  --exclude 'apps/server/test/hostile-*.int.test.ts' --exclude apps/server/test/studio-home-volume.int.test.ts \
  --exclude apps/server/test/tenant-networks.int.test.ts --exclude apps/server/test/container-identity.int.test.ts \
  --exclude apps/server/test/jumpstart-notebooks.int.test.ts \
  --exclude 'apps/server/test/scale-out*.int.test.ts' --exclude 'apps/server/test/swarm-*.int.test.ts' \
  --reporter=default --reporter=json --outputFile.json="$results/postgresql.json"
postgresql_rc=$?

echo "==> end-to-end tests in Chromium"
(cd e2e && pnpm exec vitest run --config vitest.config.ts \
  --reporter=verbose --reporter=json --outputFile.json="$results/e2e.json")
e2e_rc=$?
(( sqlite_rc || postgresql_rc || e2e_rc )) && status=1

# rerun: the PostgreSQL run repeats tests the SQLite run counted; exit=N: vitest's status, which
# catches what its JSON report leaves out (an unhandled error).
node scripts/summarize-tests.mjs \
  "exit=$sqlite_rc:$results/sqlite.json:SQLite (unit + integration)" \
  "rerun:exit=$postgresql_rc:$results/postgresql.json:PostgreSQL (integration)" \
  "exit=$e2e_rc:$results/e2e.json:Chromium (end to end)" || status=1
rm -rf "$results"
exit $status
