"""A GPT-2 language model in plain PyTorch, top to bottom.

Token + position embeddings, pre-LayerNorm transformer blocks (causal self-attention and a GELU MLP), a final
LayerNorm and an output head tied to the token embedding: the architecture of OpenAI's GPT-2 (two options reach
the models of PotterVerseAI, the project this one replaces: an exact GELU and a head of its own), with parameter
names of our own (`potterverse.model.hf` maps them to and from GPT-2's). Incremental decoding writes keys and
values into a `KVCache` that is allocated once per generation call. The layers are plain `nn.Linear`s and the
loss is one cross-entropy: the faster paths (a decode-time weight layout, the fused training loss, int8) are
opt-ins in `potterverse.model.kernels`, switched on by the code that wants them.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from potterverse.errors import ConfigError
from potterverse.rules import BOOL, POSITIVE, Checked, choice, number, setting

GELU_KINDS = {"tanh": "tanh", "exact": "none"}  # GPTConfig.gelu -> nn.GELU's `approximate`


@dataclass
class GPTConfig(Checked):
    """The shape of a GPT; each field's range is its rule (checked when built, in the words the config check uses
    for the same key of the model group, configs/model/<size>.yaml)."""

    key_prefix: ClassVar[str] = "GPTConfig."
    vocab_size: int = setting(POSITIVE, 50257)
    context_length: int = setting(POSITIVE, 1024)
    emb_dim: int = setting(POSITIVE, 768)
    n_heads: int = setting(POSITIVE, 12)
    n_layers: int = setting(POSITIVE, 12)
    drop_rate: float = setting(number(0, 1, hi_open=True), 0.0)
    qkv_bias: bool = setting(BOOL, True)
    # Round the embedding/head rows up to a multiple of this (64: 50257 -> 50304) for faster, aligned matmuls when
    # training from scratch. The extra rows start at zero, are masked out of the loss and never sampled.
    vocab_multiple: int = setting(POSITIVE, 1)
    # GPT-2's tanh approximation, or "exact" (erf), as PotterVerseAI trained its models
    gelu: str = setting(choice(*GELU_KINDS), "tanh")
    # the head shares the token embedding's tensor (GPT-2); False: a head of its own
    tie_embeddings: bool = setting(BOOL, True)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.emb_dim % self.n_heads:
            raise ConfigError(f"GPTConfig.emb_dim ({self.emb_dim}) must be divisible by n_heads ({self.n_heads}).")

    @property
    def padded_vocab_size(self) -> int:
        """Rows of the token embedding (and head): vocab_size rounded up to a multiple of vocab_multiple."""
        return -(-self.vocab_size // self.vocab_multiple) * self.vocab_multiple

    def to_dict(self) -> dict:
        return asdict(self)


class KVCache:
    """Keys and values of every layer for one generation call, preallocated to `max_len` positions."""

    def __init__(self, config: GPTConfig, batch_size: int, max_len: int, device, dtype) -> None:
        head_dim = config.emb_dim // config.n_heads
        shape = (config.n_layers, batch_size, config.n_heads, max_len, head_dim)
        self.k = torch.empty(shape, device=device, dtype=dtype)
        self.v = torch.empty(shape, device=device, dtype=dtype)
        self.max_len = max_len

    def update(self, layer: int, start: int, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Write this step's k/v at positions [start, start+T) and return all positions so far."""
        end = start + k.size(2)
        self.k[layer, :, :, start:end] = k
        self.v[layer, :, :, start:end] = v
        return self.k[layer, :, :, :end], self.v[layer, :, :, :end]


class CausalSelfAttention(nn.Module):
    def __init__(self, config: GPTConfig, layer: int) -> None:
        super().__init__()
        self.layer = layer
        self.n_heads = config.n_heads
        self.qkv = nn.Linear(config.emb_dim, 3 * config.emb_dim, bias=config.qkv_bias)  # one fused matmul
        self.proj = nn.Linear(config.emb_dim, config.emb_dim)
        self.drop_rate = config.drop_rate
        self.resid_drop = nn.Dropout(config.drop_rate)

    def forward(self, x: torch.Tensor, cache: KVCache | None = None, start: int = 0) -> torch.Tensor:
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)
        # [B, T, C] -> [B, heads, T, head_dim]
        q, k, v = (t.view(B, T, self.n_heads, C // self.n_heads).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            k, v = cache.update(self.layer, start, k, v)
        dropout = self.drop_rate if self.training else 0.0
        if start == 0:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True, dropout_p=dropout)
        elif T == 1:  # one new token attends to everything cached: no mask needed
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=dropout)
        else:  # a chunk after a cached prefix: query i sees keys up to start + i
            mask = torch.ones(T, start + T, dtype=torch.bool, device=x.device).tril(diagonal=start)
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=dropout)
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_drop(self.proj(y))


class MLP(nn.Module):
    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.fc = nn.Linear(config.emb_dim, 4 * config.emb_dim)
        self.gelu = nn.GELU(approximate=GELU_KINDS[config.gelu])
        self.proj = nn.Linear(4 * config.emb_dim, config.emb_dim)
        self.drop = nn.Dropout(config.drop_rate)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(self.proj(self.gelu(self.fc(x))))


class Block(nn.Module):
    def __init__(self, config: GPTConfig, layer: int) -> None:
        super().__init__()
        self.ln1 = nn.LayerNorm(config.emb_dim)
        self.attn = CausalSelfAttention(config, layer)
        self.ln2 = nn.LayerNorm(config.emb_dim)
        self.mlp = MLP(config)

    def forward(self, x: torch.Tensor, cache: KVCache | None = None, start: int = 0) -> torch.Tensor:
        x = x + self.attn(self.ln1(x), cache, start)
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.config = config
        self.tok_emb = nn.Embedding(config.padded_vocab_size, config.emb_dim)
        self.pos_emb = nn.Embedding(config.context_length, config.emb_dim)
        self.drop = nn.Dropout(config.drop_rate)
        self.blocks = nn.ModuleList(Block(config, i) for i in range(config.n_layers))
        self.ln_f = nn.LayerNorm(config.emb_dim)
        self.head = nn.Linear(config.emb_dim, config.padded_vocab_size, bias=False)
        if config.tie_embeddings:
            self.head.weight = self.tok_emb.weight  # weight tying, as GPT-2: one tensor, no copy
        self.apply(self._init_weights)
        # GPT-2 scales the residual projections so the residual stream's variance does not grow with depth.
        for name, p in self.named_parameters():
            if name.endswith("proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layers))
        with torch.no_grad():
            self.tok_emb.weight[config.vocab_size :].zero_()  # padding rows (vocab_multiple > 1) start empty
            self.head.weight[config.vocab_size :].zero_()

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self, non_embedding: bool = False) -> int:
        """Parameter count; the tied head is counted once. `non_embedding` leaves out both embeddings."""
        n = sum(p.numel() for p in self.parameters())
        if non_embedding:
            n -= self.tok_emb.weight.numel() + self.pos_emb.weight.numel()
        return n

    def set_dropout(self, p: float) -> None:
        """Change the dropout rate of a built model (fine-tuning a model pre-trained without dropout, say)."""
        self.config.drop_rate = p
        for module in self.modules():
            if isinstance(module, nn.Dropout):
                module.p = p
            elif isinstance(module, CausalSelfAttention):
                module.drop_rate = p

    def hidden(self, idx: torch.Tensor, cache: KVCache | None = None, start: int = 0) -> torch.Tensor:
        """Final (normalised) hidden states [B, T, emb_dim] for token ids [B, T] at positions start..start+T-1."""
        T = idx.size(1)
        if start + T > self.config.context_length:
            raise ConfigError(
                f"Sequence of {start + T} tokens exceeds the model's context length "
                f"({self.config.context_length}); crop the input from the left."
            )
        pos = torch.arange(start, start + T, device=idx.device)
        x = self.drop(self.tok_emb(idx) + self.pos_emb(pos))
        for block in self.blocks:
            x = block(x, cache, start)
        return self.ln_f(x)

    def forward(
        self,
        idx: torch.Tensor,
        cache: KVCache | None = None,
        start: int = 0,
        positions: slice | None = None,
    ) -> torch.Tensor:
        """Logits [B, T, vocab_size] for token ids [B, T] at positions start..start+T-1 (a view that leaves out
        the padding rows of vocab_multiple, so they can never be sampled nor scored).

        `positions` picks the time steps the (vocab-sized, costly) head runs on: `slice(-1, None)` for the last
        one, as decoding needs, or the scored tail of a sequence.
        """
        h = self.hidden(idx, cache, start)
        return self.head(h if positions is None else h[:, positions])[..., : self.config.vocab_size]

    def loss(self, x: torch.Tensor, y: torch.Tensor, reduction: str = "mean") -> torch.Tensor:
        """Next-token cross-entropy of inputs x [B, T] against targets y [B, T], skipping targets of -100.
        reduction="none" gives one loss per kept target, in row-major order of `y != -100`.

        The vocabulary-sized head runs only where there is a target: fine-tuning masks the prompt, so this skips
        most of the costliest matmul there (and costs nothing extra in pre-training, where every position counts).
        Training uses the fused equivalent, `potterverse.model.kernels.head_cross_entropy`.
        """
        keep = y != -100
        logits = self.head(self.hidden(x)[keep])[:, : self.config.vocab_size]
        return F.cross_entropy(logits.float(), y[keep], reduction=reduction)
