#!/usr/bin/env bash
# Install the dev extras into .venv and run the whole test suite (browser and multi-process tests included).
# Extra arguments go to pytest, e.g. scripts/test.sh -m "not browser" -x
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh" dev
cd "$ROOT"
export HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
# The browser tests drive Debian's chromium through Playwright (Playwright's own browser download needs the
# internet). CI runs as root on a fresh machine: install it there; elsewhere the browser tests are skipped.
if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[potterverse] installing chromium for the browser tests"
    { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || echo "[potterverse] chromium install failed"
fi
# The SLURM tests start a one-node cluster (munged, slurmctld, slurmd) from Debian's packages (tests/helpers/slurm.py).
if ! command -v slurmctld >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[potterverse] installing slurm-wlm and munge for the SLURM tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge \
        >/dev/null; } || echo "[potterverse] slurm-wlm install failed"
fi
python -m pytest "$@"
