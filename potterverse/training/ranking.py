"""The ranking objective: train a ranked task the way it is scored.

The Sorting Hat's verdict is the house whose name the model finds likeliest after the prompt, but the next-token
loss spreads over the whole completion (the house and the Hat's words after it) and never sets the right house
against the wrong ones. This loss does: each ranked training row comes with its candidate answers (data/draws.py:
the four houses; a spell's incantation and confusable others), each scored by the sum of its tokens'
log-probabilities after the prompt, and the cross-entropy of picking the right one is added to the next-token
loss with weight `data.ranking.weight`.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from potterverse.model.gpt import GPT


def candidate_logprobs(model: GPT, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Per row of x [N, T]: the summed log-probability of its targets y [N, T] (-100 where none). One forward for
    all rows; the vocabulary-sized head runs on the target positions only."""
    keep = y != -100
    logits = model.head(model.hidden(x)[keep])[:, : model.config.vocab_size].float()
    token_logprobs = logits.log_softmax(-1).gather(1, y[keep].unsqueeze(1)).squeeze(1)
    row = torch.arange(x.size(0), device=x.device).unsqueeze(1).expand_as(y)[keep]
    return torch.zeros(x.size(0), device=x.device, dtype=token_logprobs.dtype).index_add(0, row, token_logprobs)


def ranking_loss(model: GPT, x: torch.Tensor, y: torch.Tensor, group: torch.Tensor) -> torch.Tensor:
    """Mean over groups of the cross-entropy of each group's first row (the right answer) against all its rows.
    `group` [N] numbers the groups 0..G-1, their rows contiguous; groups may hold different numbers of rows."""
    if x.size(0) == 0:
        return torch.zeros((), device=x.device, requires_grad=True)
    scores = candidate_logprobs(model, x, y)
    n_groups = int(group[-1]) + 1
    sizes = torch.bincount(group, minlength=n_groups)
    starts = torch.cumsum(sizes, 0) - sizes
    slot = torch.arange(x.size(0), device=x.device) - starts[group]
    table = torch.full((n_groups, int(sizes.max())), float("-inf"), device=x.device, dtype=scores.dtype)
    table = table.index_put((group, slot), scores)
    return F.cross_entropy(table, torch.zeros(n_groups, dtype=torch.long, device=x.device))
