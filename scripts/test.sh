#!/usr/bin/env bash
# Install the dev extras into .venv and run the whole test suite (browser and multi-process tests included).
# Extra arguments go to pytest, e.g. scripts/test.sh -m "not browser" -x
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh" dev
cd "$ROOT"
export HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
python -m pytest "$@"
