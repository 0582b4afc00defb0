"""The GPU memory training each model preset needs, per GPU, as a table:

    python -m potterverse.model.memory --batch 8 --context 1024 [--shards 8]

Counted: the weights, their gradients and AdamW's two moments (divided by --shards under FSDP's full sharding), and
the activations autograd keeps for the backward pass at a micro-batch of --batch sequences of --context tokens,
without and with activation checkpointing per block. Not counted: the CUDA context and allocator slack (1-3 GB),
and the short-lived buffers of one operation, of which the largest are the logits (batch x context x vocab).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from potterverse.model.gpt import GPTConfig
from potterverse.model.presets import PRESETS, preset_config

GB = 1024**3


@dataclass(frozen=True)
class Precision:
    state_bytes: int  # per parameter: weights, gradients, AdamW's two moments (+ autocast's bf16 weight copies)
    stream_bytes: int  # per value of the residual stream
    compute_bytes: int  # per value fed to a linear layer, attention or GELU

    @property
    def layer_bytes(self) -> int:
        """Kept by one block per token and unit of emb_dim: the inputs of both LayerNorms (the residual stream), of
        the four linear layers (1 + 1 + 1 + 4), of GELU (4) and attention's q, k, v and output (4)."""
        return 2 * self.stream_bytes + 15 * self.compute_bytes


# bf16-mixed (autocast): matmuls, attention and GELU in bf16, the residual stream and the weights in fp32, and a
# bf16 copy of every weight cached for the step.
PRECISIONS = {
    "32-true": Precision(state_bytes=4 + 4 + 8, stream_bytes=4, compute_bytes=4),
    "bf16-mixed": Precision(state_bytes=4 + 4 + 8 + 2, stream_bytes=4, compute_bytes=2),
    "bf16-true": Precision(state_bytes=2 + 2 + 4, stream_bytes=2, compute_bytes=2),
}
LOG_SOFTMAX_BYTES = 4  # the loss upcasts the logits: an fp32 log-softmax per vocabulary entry, briefly


def num_params(config: GPTConfig) -> int:
    """Parameters of our GPT (head tied to the token embedding, biases everywhere but the head)."""
    h, layers = config.emb_dim, config.n_layers
    per_block = 4 * h + (3 * h * h + (3 * h if config.qkv_bias else 0)) + (h * h + h) + 2 * (4 * h * h) + 5 * h
    return config.vocab_size * h + config.context_length * h + layers * per_block + 2 * h


def activation_bytes(config: GPTConfig, tokens: int, precision: str, checkpointing: bool = False) -> int:
    """Bytes autograd keeps for the backward pass over `tokens` tokens (batch x context); with activation
    checkpointing each block keeps only its input, and one block's activations are rebuilt at a time."""
    p, h = PRECISIONS[precision], config.emb_dim
    if checkpointing:
        blocks = config.n_layers * p.stream_bytes * h + p.layer_bytes * h
    else:
        blocks = config.n_layers * p.layer_bytes * h
    # final LayerNorm, head input, and the logits' gradient the loss keeps in the compute dtype
    head = (p.stream_bytes + p.compute_bytes) * h + p.compute_bytes * config.padded_vocab_size
    return tokens * (blocks + head)


def logits_bytes(config: GPTConfig, tokens: int, precision: str) -> int:
    """The logits, alive beside their fp32 log-softmax in the loss's forward pass (which, in fp32, is the kept
    gradient)."""
    compute = PRECISIONS[precision].compute_bytes
    return tokens * config.padded_vocab_size * (compute + (LOG_SOFTMAX_BYTES if compute != LOG_SOFTMAX_BYTES else 0))


def memory_rows(batch: int, context: int | None, precision: str, shards: int = 1) -> list[dict]:
    rows = []
    for name in PRESETS:
        config = preset_config(name)
        seq = min(context or config.context_length, config.context_length)
        tokens = batch * seq
        n = num_params(config)
        state = n * PRECISIONS[precision].state_bytes / shards
        kept, kept_ckpt = (activation_bytes(config, tokens, precision, c) for c in (False, True))
        logits = logits_bytes(config, tokens, precision)
        rows.append(
            {
                "preset": name,
                "context": seq,
                "params_m": n / 1e6,
                "state_gb": state / GB,
                "activations_gb": kept / GB,
                "logits_gb": logits / GB,
                "total_gb": (state + kept + logits) / GB,
                "total_checkpointed_gb": (state + kept_ckpt + logits) / GB,
            }
        )
    return rows


def markdown_table(batch: int, context: int | None, precision: str, shards: int = 1) -> str:
    where = f", training state sharded over {shards} GPUs" if shards > 1 else ""
    columns = "preset | params | context | weights + grads + AdamW | activations | logits | total | total, checkpointed"
    head = (
        f"{precision}, micro-batch of {batch} sequences{where} (GiB per GPU)\n\n| {columns} |\n"
        + "|---"
        + "|---:" * 7
        + "|"
    )
    lines = [
        f"| {r['preset']} | {r['params_m']:.0f}M | {r['context']} | {r['state_gb']:.1f} | {r['activations_gb']:.1f} | "
        f"{r['logits_gb']:.1f} | **{r['total_gb']:.1f}** | {r['total_checkpointed_gb']:.1f} |"
        for r in memory_rows(batch, context, precision, shards)
    ]
    return "\n".join([head, *lines])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=8, help="sequences per GPU per step (data.batch_size)")
    parser.add_argument(
        "--context", type=int, default=None, help="tokens per sequence (at most, and by default, the preset's)"
    )
    parser.add_argument("--precision", nargs="+", default=["32-true", "bf16-mixed"], choices=list(PRECISIONS))
    parser.add_argument("--shards", type=int, default=1, help="GPUs FSDP shards the training state over")
    args = parser.parse_args(argv)
    print("\n\n".join(markdown_table(args.batch, args.context, p, args.shards) for p in args.precision))


if __name__ == "__main__":
    main()
