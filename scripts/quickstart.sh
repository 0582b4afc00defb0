#!/usr/bin/env bash
# Install PotterVerse into .venv and train the quickstart model (tiny GPT on the embedded sample corpus,
# about 3-4 minutes on a 2-core CPU). Extra arguments are Hydra overrides, e.g. scripts/quickstart.sh trainer.max_steps=50
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh" base
cd "$ROOT"
export GRADIO_ANALYTICS_ENABLED=False
run_dir="$ROOT/outputs/quickstart/$(date +%Y-%m-%d_%H-%M-%S)"
potterverse-train experiment=quickstart hydra.run.dir="$run_dir" "$@"
echo
echo "Run folder: $run_dir"
echo "  metrics:      $run_dir/metrics.json"
echo "  loss curve:   $run_dir/loss.png"
echo "  TensorBoard:  $ROOT/.venv/bin/tensorboard --logdir $run_dir/tensorboard   (then open http://localhost:6006)"
