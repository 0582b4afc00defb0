"""potterverse-export: a trained model as a Hugging Face GPT-2 folder or a plain safetensors export
(configs/export.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from potterverse.checkpoints import export_model, load_model
from potterverse.model.hf import save_hf_gpt2, save_hf_gpt2_tokenizer
from potterverse.rules import rule_of
from potterverse.runs import RunFolder
from potterverse.settings.commands import Export
from potterverse.tokenizer import get_tokenizer


def export(ckpt: str, fmt: str, out: str, seed_options: Mapping[str, Any] | None = None) -> str:
    """Write the export and return a one-line description of what was written. `seed_options` (n_heads, gelu)
    describe a PotterVerseAI .pth; a safetensors export of one is a folder every tool loads without them."""
    rule_of(Export, "format").check("format", fmt)  # the config's own rule, for callers in Python
    model, meta = load_model(ckpt, seed_options=seed_options)  # LoRA adapters come back merged into plain weights
    out_dir = Path(out)
    if fmt == "safetensors":
        return f"Wrote {export_model(model, out_dir, meta)} and {RunFolder(out_dir).export_config.name}"
    with_tokenizer = meta.tokenizer == "gpt2" and save_hf_gpt2_tokenizer(out_dir, model.config.context_length)
    save_hf_gpt2(model, out_dir, eot_id=get_tokenizer("gpt2").eot_id if with_tokenizer else None)
    tokenizer_note = "with" if with_tokenizer else "without (no offline copy of GPT-2's BPE files)"
    return f"Wrote the Hugging Face GPT-2 folder {out_dir}, {tokenizer_note} tokenizer files"


def run(cfg: DictConfig) -> None:
    print(export(str(cfg.ckpt), str(cfg.format), str(cfg.out), OmegaConf.to_container(cfg.model)))


if __name__ == "__main__":  # `python -m potterverse.cli.export`: the table's command, as installed
    from potterverse.__main__ import export

    export()
