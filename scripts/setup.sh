#!/usr/bin/env bash
# Installs what the project needs from the package registries: npm packages from the
# lockfile and a Python virtual environment (.venv) with pandas and scikit-learn.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "› npm packages"
npm ci --no-audit --no-fund

echo "› Python virtual environment (.venv)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

echo "› build"
npm run --silent build
