#!/usr/bin/env bash
# Task-quality benchmark, the whole pipeline on a CPU: pre-train the tiny model on a book corpus, fine-tune it on the
# three tasks, then score the held-out splits (potterverse-eval): experiment=pretrain_cpu, then experiment=finetune_cpu,
# as they are. 45 minutes on a 2-core AVX2-only CPU (fp32; README, Results), less with bf16 units.
#   scripts/benchmark_tasks.sh [corpus folder or file]      (default: the public-domain books in ../shared/corpus)
# Knobs (environment): PRE_STEPS, FT_STEPS, OUT, PRETRAINED=<run folder> to reuse a pre-training run, PRE_ARGS and
# FT_ARGS: more overrides for either half (a lever, e.g. FT_ARGS="data.ranking.weight=0.5" PRE_ARGS="optimizer=muon"), and
# NANOGPT=<nanoGPT checkout>/model.py to pre-train nanoGPT's model beside ours on the same tokens, shape and minutes
# (both scored on HELDOUT, the book of a corpus folder left out of pre-training: its last by name).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh" base
cd "$ROOT"
CORPUS="${1:-$ROOT/../shared/corpus}"
PRE_STEPS="${PRE_STEPS:-}"  # empty: the presets' step counts
FT_STEPS="${FT_STEPS:-}"
OUT="${OUT:-$ROOT/outputs/benchmark_tasks/$(date +%Y-%m-%d_%H-%M-%S)}"
HELDOUT="${HELDOUT:-}"
if [ -d "$CORPUS" ]; then  # the plain-text books of a folder (its PDFs repeat them), one left out when there are two
    books=$(find "$CORPUS" -maxdepth 1 -name '*.txt' | sort)
    if [ -z "$HELDOUT" ] && [ "$(echo "$books" | wc -l)" -ge 2 ]; then HELDOUT=$(echo "$books" | tail -n 1); fi
    CORPUS="[$(echo "$books" | grep -vxF "${HELDOUT:-/}" | paste -sd, -)]"
    echo "pre-training on $(echo "$CORPUS" | tr , '\n' | wc -l) books${HELDOUT:+, $(basename "$HELDOUT") held out}"
fi
start=$(date +%s)

PRETRAINED="${PRETRAINED:-}"
if [ -z "$PRETRAINED" ]; then
    PRETRAINED="$OUT/pretrain"
    potterverse-train experiment=pretrain_cpu hydra.run.dir="$PRETRAINED" "data.corpus=$CORPUS" \
        ${PRE_STEPS:+trainer.max_steps=$PRE_STEPS} trainer.enable_progress_bar=false ${PRE_ARGS:-}
fi
pre_done=$(date +%s)
if [ -n "${NANOGPT:-}" ] && [ -n "$HELDOUT" ]; then  # nanoGPT's model for the minutes ours took, on the same tokens
    python scripts/benchmark.py --sections pretrain --nanogpt "$NANOGPT" --pretrained "$PRETRAINED" \
        --heldout "$HELDOUT" --seconds "$((pre_done - start))" --json "$OUT/pretrain_vs_nanogpt.json"
fi
nano_done=$(date +%s)

# The presets as they are (configs/experiment/finetune_cpu.yaml holds the recipe and why).
potterverse-train experiment=finetune_cpu init.path="$PRETRAINED" hydra.run.dir="$OUT/finetune" \
    ${FT_STEPS:+trainer.max_steps=$FT_STEPS} trainer.enable_progress_bar=false ${FT_ARGS:-}
ft_done=$(date +%s)

potterverse-eval ckpt="$OUT/finetune" output_file="$OUT/eval.json"
end=$(date +%s)
echo
echo "pre-training $((pre_done - start)) s, fine-tuning $((ft_done - nano_done)) s, evaluation $((end - ft_done)) s," \
     "total $((end - start - nano_done + pre_done)) s (nanoGPT's run $((nano_done - pre_done)) s beside it); results in $OUT/eval.json"
