#!/usr/bin/env bash
# The test command of the README: type-check, then the jest suite.
# Installs the system packages the tests use when they are missing, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || { echo "node_modules missing: running npm ci"; npm ci --no-audit --no-fund; }

echo "== system packages the tests run against"
bash scripts/ensure-test-deps.sh

echo "== type-check (tsc --noEmit)"
npx tsc --noEmit -p .

echo "== jest"
npx jest "$@"
