#!/usr/bin/env bash
# The GPU check (a GPU machine, under 8 minutes on one GPU): installs into .venv, trains every experiment a few steps,
# measures GPT-2 small at T=1024 (bf16, eager and compiled), runs FSDP2 over all GPUs (bf16-mixed; its consolidated
# model.safetensors must load) and batch-1 generation against transformers, and writes docs/benchmark_gpu.md (+ .json).
# Arguments go to scripts/gpu_check.py (--dry on a CPU).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh" dev
cd "$ROOT"
export HF_HUB_OFFLINE=1
python scripts/gpu_check.py "$@"
