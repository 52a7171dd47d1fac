#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs everything (npm packages, .venv,
# Chromium and code-server for the end-to-end suite), then runs unit, integration and e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install-e2e.sh
npm test
