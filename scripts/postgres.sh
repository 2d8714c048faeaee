#!/usr/bin/env bash
# Starts the local PostgreSQL cluster for the tests and makes sure the role and scratch database
# they use exist (role tessera/tessera, superuser so that tests can create their own databases).
set -euo pipefail
if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
  pg_ctlcluster 15 main start
fi
for _ in $(seq 1 50); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.2
done
su postgres -c "psql -qAtc \"SELECT 1 FROM pg_roles WHERE rolname='tessera'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE tessera LOGIN SUPERUSER PASSWORD 'tessera'\""
su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname='tessera_scratch'\"" | grep -q 1 ||
  su postgres -c "psql -qc 'CREATE DATABASE tessera_scratch OWNER tessera'"
