#!/usr/bin/env bash
# Sets up a fresh clone and runs the loop on the bundled Spaceship-Titanic-shaped example.
# With OPENAI_API_KEY and ANTHROPIC_API_KEY set it uses the real models; without them it
# runs the offline demo, where scripted stand-ins answer for the models.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

EXAMPLE=examples/spaceship-titanic
echo "› example data"
.venv/bin/python "$EXAMPLE/make_data.py"

if [ -n "${OPENAI_API_KEY:-}" ] && [ -n "${ANTHROPIC_API_KEY:-}" ]; then
  node dist/cli.js run "$EXAMPLE" --python .venv/bin/python "$@"
else
  echo "› no OPENAI_API_KEY / ANTHROPIC_API_KEY: running the offline demo"
  node --import tsx scripts/offline-demo.ts "$EXAMPLE" .venv/bin/python
fi
