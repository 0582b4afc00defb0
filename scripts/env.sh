# Sourced by the other scripts: a local virtual environment in .venv with PotterVerse installed, and the
# offline tokenizer cache when one lies beside the checkout. Usage: source scripts/env.sh [base|dev|...]
# (scripts always name the extras: a sourced file without arguments would see the calling script's arguments)
# Idempotent: reinstalls only when pyproject.toml, constraints.txt or the extras changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXTRAS="${1:-base}"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "[potterverse] creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
# The stamp names the pyproject/constraints it was installed from and lists the extras installed ("base" always).
stamp="$VENV/.installed-$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -c1-16)"
if ! grep -qx "$EXTRAS" "$stamp" 2>/dev/null; then
    echo "[potterverse] installing ($EXTRAS) into $VENV"
    # torch first and pinned: an unpinned resolve can pull a multi-GB CUDA build on a CPU machine.
    "$VENV/bin/pip" install -q --disable-pip-version-check torch==2.13.0
    spec="$ROOT"
    [ "$EXTRAS" != base ] && spec="$ROOT[$EXTRAS]"
    "$VENV/bin/pip" install -q --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$spec"
    # The sweeps extra once pulled hydra-optuna-sweeper (optuna<3); it registers the sampler names our own sweeper
    # uses, so an environment upgraded from then drops it (a fresh one never has it).
    if "$VENV/bin/pip" show -q hydra-optuna-sweeper >/dev/null 2>&1; then
        "$VENV/bin/pip" uninstall -q -y hydra-optuna-sweeper
    fi
    find -H "$VENV" -maxdepth 1 -name '.installed-*' ! -path "$stamp" -delete
    printf 'base\n%s\n' "$EXTRAS" >> "$stamp"
fi

# tiktoken downloads its BPE files on first use; offline, use the cache beside the checkout when there is one.
if [ -z "${TIKTOKEN_CACHE_DIR:-}" ] && [ -d "$ROOT/../shared/tiktoken_cache" ]; then
    TIKTOKEN_CACHE_DIR="$(cd "$ROOT/../shared/tiktoken_cache" && pwd)"
    export TIKTOKEN_CACHE_DIR
fi
export PATH="$VENV/bin:$PATH"
