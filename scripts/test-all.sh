#!/usr/bin/env bash
# The whole test suite: dependency check, type-check, lint, unit tests,
# integration tests against real servers, end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI=${CI:-true}

# The scripts use the test kit (@internal/test-kit, TypeScript), which they
# load through Backstage's node transform.
node_ts() { node --require @backstage/cli/config/nodeTransform.cjs "$@"; }

# Each stage says when it starts, in seconds since the suite began.
step() { printf '\n=== %s === (at %d s)\n' "$1" "$SECONDS"; }

step "test servers (Debian packages)"
bash scripts/ensure-test-servers.sh

step "one version of every Backstage package"
node_ts scripts/check-versions.ts

step "type-check"
# Without incremental state: the API reports below are read from the emitted
# declarations, and an incremental build can order inferred properties
# differently from a fresh one.
npx tsc --incremental false
# The scripts: the integration suites, runners and benchmarks.
npx tsc -p scripts

step "API reports are current"
npx backstage-repo-tools api-reports --ci -o ae-undocumented,ae-wrong-input-file-type plugins/*

step "lint"
npx backstage-cli repo lint
npx eslint --ext .ts scripts

step "the plugins as packed for publishing"
# The tarballs stay for the fresh-app test at the end.
AI_REFARCH_PACK_DIR=$(mktemp -d)
export AI_REFARCH_PACK_DIR
trap 'rm -rf "$AI_REFARCH_PACK_DIR"' EXIT
node_ts --test scripts/packages.check.ts

step "unit tests"
npx backstage-cli repo test --ci

step "integration: the back end on PostgreSQL"
node_ts --test scripts/postgres.integration.ts

step "integration: cost and SLOs against Prometheus"
node_ts --test scripts/prometheus.integration.ts

step "integration: no secret in a log line or an answer"
node_ts --test scripts/secrets.integration.ts

step "integration: every golden path grades A"
node_ts --test scripts/golden-paths.integration.ts

step "end-to-end in Chromium"
node_ts scripts/e2e.ts

step "the suite in a new Backstage app, installed by the README"
node_ts scripts/fresh-app.ts

printf '\nAll test stages passed in %d s.\n' "$SECONDS"
