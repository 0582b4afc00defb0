"""File formats for tensors, below every reader of weights (`potterverse.checkpoints`, `potterverse.model.hf`):
safetensors, torch.load with weights_only=True, or a sharded (DCP) checkpoint folder of trainer=fsdp. A pickle
that would run code when loaded is refused."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import torch

from potterverse.errors import CheckpointError

SHARDED_META = "meta.pt"  # what Lightning writes beside a sharded checkpoint's shards: everything but the tensors


def is_sharded_checkpoint(path: Path) -> bool:
    """A sharded checkpoint (trainer=fsdp): a DCP folder of one file per process, plus Lightning's meta.pt."""
    return path.is_dir() and (path / ".metadata").is_file() and (path / SHARDED_META).is_file()


def read_sharded_checkpoint(folder: Path) -> dict[str, Any]:
    """A sharded checkpoint as one Lightning checkpoint: its meta.pt (loops, callbacks, our metadata) and the whole
    model weights, assembled from the shards in this process alone (no process group, whatever is running), and
    without the optimizer state."""
    from torch.distributed.checkpoint import FileSystemReader
    from torch.distributed.checkpoint.default_planner import _EmptyStateDictLoadPlanner
    from torch.distributed.checkpoint.state_dict_loader import _load_state_dict

    state: dict[str, Any] = {}
    try:
        _load_state_dict(state, FileSystemReader(folder), planner=_EmptyStateDictLoadPlanner(keys={"state_dict"}),
                         no_dist=True)  # fmt: skip
    except Exception as err:  # DCP raises its own CheckpointException, wrapping each rank's error
        raise CheckpointError(f"Could not read the sharded checkpoint {folder}: a shard is missing or corrupt.") from (
            err
        )
    return {**read_pickle_safely(folder / SHARDED_META), "state_dict": state["state_dict"]}


def read_pickle_safely(path: str | Path, mmap: bool = False) -> Any:
    """torch.load with weights_only=True: tensors, containers and plain values only, never arbitrary code.
    `mmap` maps the tensors instead of reading them, for a caller after the plain values alone. A sharded
    checkpoint folder reads as one checkpoint (`read_sharded_checkpoint`)."""
    path = Path(path)
    if is_sharded_checkpoint(path):
        return read_sharded_checkpoint(path)
    if not path.is_file():
        raise CheckpointError(f"Checkpoint {path} does not exist.")
    try:
        return torch.load(path, map_location="cpu", weights_only=True, mmap=mmap)
    except pickle.UnpicklingError as err:
        raise CheckpointError(
            f"Refusing to load {path}: it holds objects other than tensors and plain values, which could run code "
            f"when unpickled. Only load checkpoints you trust, or export them to .safetensors. ({err})"
        ) from err
    except (RuntimeError, EOFError, OSError) as err:
        raise CheckpointError(f"Could not read checkpoint {path}: the file is truncated or corrupt ({err}).") from err
    except Exception as err:  # bytes that are no pickle at all: a CSV ends the unpickler in an IndexError
        raise CheckpointError(not_weights(path, "it is no PyTorch, Lightning or safetensors file")) from err


def not_weights(path: Path, why: str) -> str:
    """The sentence for a file that exists but holds no weights, naming what a weights path accepts."""
    return (
        f"{path} holds no model weights ({why}); pass a run folder, a .ckpt, a .safetensors or a PotterVerseAI "
        ".pth file."
    )


def read_tensors(path: str | Path) -> dict[str, torch.Tensor]:
    """A flat name -> tensor dict from a .safetensors file or a weights-only PyTorch file."""
    path = Path(path)
    if path.suffix == ".safetensors":
        if not path.is_file():
            raise CheckpointError(f"Checkpoint {path} does not exist.")
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        try:
            return load_file(path)
        except (SafetensorError, OSError) as err:
            raise CheckpointError(f"Could not read {path}: the file is truncated or corrupt ({err}).") from err
    state = read_pickle_safely(path)
    if isinstance(state, dict) and "state_dict" in state:  # a Lightning .ckpt
        state = state["state_dict"]
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise CheckpointError(f"{path} does not hold a dict of tensors.")
    return state
