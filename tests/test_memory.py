"""The memory table's activation counts against what autograd really keeps for our GPT."""

import pytest
import torch

from potterverse.model.gpt import GPT, GPTConfig
from potterverse.model.kernels import head_cross_entropy
from potterverse.model.memory import activation_bytes, main, num_params
from potterverse.model.presets import PRESETS, preset_config

# odd sizes, so no activation has the shape of a weight
CONFIG = GPTConfig(vocab_size=997, context_length=64, emb_dim=72, n_heads=4, n_layers=3)
BATCH, SEQ = 3, 40


def saved_activation_bytes(model: GPT, precision: str) -> int:
    """Bytes of the distinct tensors autograd saves for one loss.backward(), weights and their casts excluded."""
    weight_shapes = {tuple(p.shape) for p in model.parameters()} | {tuple(p.shape[::-1]) for p in model.parameters()}
    saved: dict[int, int] = {}

    def pack(t: torch.Tensor) -> torch.Tensor:
        if not (t.dim() == 2 and tuple(t.shape) in weight_shapes):
            saved[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes()
        return t

    idx = torch.randint(0, CONFIG.vocab_size, (BATCH, SEQ), generator=torch.Generator().manual_seed(0))
    autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16-mixed")
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t), autocast:
        loss = head_cross_entropy(model, idx, idx)  # the training loss
    loss.backward()
    return sum(saved.values())


@pytest.mark.parametrize("precision", ["32-true", "bf16-mixed"])
def test_activation_estimate_matches_what_autograd_keeps(precision):
    torch.manual_seed(0)
    measured = saved_activation_bytes(GPT(CONFIG), precision)
    estimate = activation_bytes(CONFIG, BATCH * SEQ, precision)
    assert estimate == pytest.approx(measured, rel=0.05), (estimate, measured)


def test_parameter_count_matches_the_model_for_every_preset():
    for name in PRESETS:
        with torch.device("meta"):
            model = GPT(preset_config(name))
        assert num_params(model.config) == model.num_params(), name


def test_checkpointing_keeps_far_less_and_the_table_prints(capsys):
    small = preset_config("small")
    full, ckpt = (activation_bytes(small, 8 * 1024, "bf16-mixed", c) for c in (False, True))
    assert ckpt < full / 2
    main(["--batch", "8", "--context", "1024", "--precision", "bf16-mixed", "--shards", "8"])
    table = capsys.readouterr().out
    assert "sharded over 8 GPUs" in table and table.count("\n| ") == 1 + len(PRESETS)
