"""The pre-training DataModule: windows of `block_size + 1` tokens from the cached corpus."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import lightning as L
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, Sampler

from potterverse.data.corpus import PageRanges, TokenCorpus, build_corpus, effective_page_ranges, find_files
from potterverse.data.pdf import CleanOptions
from potterverse.data.sampling import ShardedBatchSampler, private_generator, rank_and_world, sharding_for, share_of
from potterverse.errors import CorpusError

log = logging.getLogger(__name__)


class TokenWindows(Dataset):
    """Item `offset` is (x, y): tokens [offset, offset + block) and the same shifted by one."""

    def __init__(self, tokens: np.ndarray, block_size: int) -> None:
        self.tokens = tokens
        self.block_size = block_size

    def __len__(self) -> int:
        return len(self.tokens) - self.block_size

    def __getitem__(self, offset: int) -> tuple[torch.Tensor, torch.Tensor]:
        window = torch.from_numpy(self.tokens[offset : offset + self.block_size + 1].astype(np.int64))
        return window[:-1], window[1:]


class WindowSampler(Sampler[int]):
    """Window offsets for one epoch, a pure function of (seed, epoch): random offsets, or strided windows
    (stride < block_size overlaps them) in shuffled order."""

    def __init__(
        self, n_tokens: int, block_size: int, num_samples: int, seed: int, mode: str = "random", stride: int = 0
    ) -> None:
        self.last_offset = n_tokens - block_size - 1
        self.num_samples, self.seed, self.mode = num_samples, seed, mode
        self.stride = stride or block_size
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def offsets(self) -> np.ndarray:
        rng = np.random.default_rng((self.seed, self.epoch))
        if self.mode == "random":
            return rng.integers(0, self.last_offset + 1, size=self.num_samples)
        return rng.permutation(np.arange(0, self.last_offset + 1, self.stride))[: self.num_samples]

    def __iter__(self) -> Iterator[int]:
        return iter(self.offsets().tolist())

    def __len__(self) -> int:
        if self.mode == "random":
            return self.num_samples
        return min(self.num_samples, self.last_offset // self.stride + 1)


class WindowBatchSampler(ShardedBatchSampler):
    """A WindowSampler's epoch cut into batches of `batch_size` offsets (the last, short one dropped), dealt to the
    processes by the shared sampler base."""

    def __init__(self, windows: WindowSampler, batch_size: int, **sharding) -> None:
        super().__init__(**sharding)
        self.windows, self.batch_size = windows, batch_size

    def set_epoch(self, epoch: int) -> None:
        super().set_epoch(epoch)
        self.windows.set_epoch(epoch)

    def batches(self) -> list[list[int]]:
        offsets = list(self.windows)
        full = len(offsets) // self.batch_size * self.batch_size
        return [offsets[i : i + self.batch_size] for i in range(0, full, self.batch_size)]


def validation_offsets(n_tokens: int, block_size: int, max_windows: int) -> list[int]:
    """A fixed, evenly spread set of non-overlapping windows, so val loss is comparable across runs."""
    starts = list(range(0, n_tokens - block_size, block_size))
    if len(starts) > max_windows:
        starts = [starts[round(i * (len(starts) - 1) / (max_windows - 1))] for i in range(max_windows)]
    return starts


class PretrainDataModule(L.LightningDataModule):
    def __init__(
        self,
        corpus: str | Sequence[str],
        cache_dir: str,
        block_size: int = 256,
        batch_size: int = 8,
        page_range: PageRanges = None,
        default_page_ranges: Mapping[str, Sequence[int]] | None = None,
        clean: Mapping | None = None,
        tokenizer: str = "gpt2",
        val_fraction: float = 0.1,
        sampling: str = "random",
        stride: int = 0,
        samples_per_epoch: int | None = None,
        val_windows: int = 64,
        num_workers: int = 0,
        seed: int = 1337,
    ) -> None:
        super().__init__()
        self.corpus = corpus if isinstance(corpus, str) else list(corpus)
        find_files(self.corpus)  # a missing or unsupported path fails now, before any training machinery starts
        self.cache_dir = Path(cache_dir)
        self.block_size, self.batch_size = block_size, batch_size
        self.page_range = effective_page_ranges(page_range, default_page_ranges)
        self.clean = CleanOptions(**(clean or {}))
        self.tokenizer, self.val_fraction = tokenizer, val_fraction
        self.sampling, self.stride = sampling, stride
        self.samples_per_epoch, self.val_windows = samples_per_epoch, val_windows
        self.num_workers, self.seed = num_workers, seed
        self.data: TokenCorpus | None = None

    def _build(self) -> TokenCorpus:
        return build_corpus(self.corpus, self.cache_dir, self.page_range, self.clean, self.tokenizer, self.val_fraction)

    def prepare_data(self) -> None:
        self._build()  # rank zero builds the cache once; setup() on every rank then hits it

    def setup(self, stage: str | None = None) -> None:
        if self.data is not None:
            return
        self.data = self._build()
        need = self.block_size + 1
        n_train, n_val = len(self.data.train), len(self.data.val)
        if n_train < need or n_val < need:
            raise CorpusError(
                f"Corpus {self.corpus} is too small: {n_train} training and {n_val} validation tokens, but one "
                f"window needs {need} of each. Add text, lower data.block_size, or raise data.val_fraction."
            )
        log.info("Corpus: %d train tokens, %d val tokens (%s)", n_train, n_val, self.data.meta["key"])

    def train_dataloader(self) -> DataLoader:
        tokens = self.data.train
        sharding = sharding_for(self.trainer)
        per_epoch = self.samples_per_epoch or max(len(tokens) // self.block_size, self.batch_size * sharding["world"])
        windows = WindowSampler(len(tokens), self.block_size, per_epoch, self.seed, self.sampling, self.stride)
        sampler = WindowBatchSampler(windows, self.batch_size, **sharding)
        return DataLoader(
            TokenWindows(tokens, self.block_size),
            batch_sampler=sampler,
            num_workers=self.num_workers,
            persistent_workers=self.num_workers > 0,
            generator=private_generator(self.seed),
        )

    def val_dataloader(self) -> DataLoader:
        offsets = validation_offsets(len(self.data.val), self.block_size, self.val_windows)
        windows = TokenWindows(self.data.val, self.block_size)
        windows = [windows[o] for o in offsets]
        world = rank_and_world(self.trainer)[1]
        if len(windows) < world:
            raise CorpusError(
                f"{len(windows)} validation windows cannot be shared by {world} processes; raise "
                "data.val_windows or data.val_fraction, or lower data.block_size."
            )
        # every world-th window per process, without padding duplicates: the all-gathered loss counts each once
        return DataLoader(
            share_of(windows, self.trainer), batch_size=self.batch_size, num_workers=self.num_workers,
            generator=private_generator(self.seed),
        )  # fmt: skip
