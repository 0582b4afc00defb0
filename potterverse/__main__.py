"""The command table: every way into PotterVerse goes through it.

    potterverse-generate ckpt=<run> prompt="..."      (an installed console script, pyproject's [project.scripts])
    python -m potterverse generate ckpt=<run> ...     (the same command, no install needed)

Each command is a name, the config it composes (configs/<config>.yaml) and the one function that does its work,
`fn(cfg: DictConfig) -> object`, named as "module:function" so that a command imports only what it needs (an answer
from `generate` must not pay for importing Lightning or Gradio). How a command is started (the command line
checked, its config composed once or Hydra's main entered, the process ended quickly) is the same for all of them:
potterverse/cli/entry.py. Adding a command is one row here plus its config and function.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Command:
    name: str
    config: str  # configs/<config>.yaml
    function: str  # "module:function", called with the composed config
    help: str
    prepare: str | None = None  # "module:function" from the command line to what is composed (train: the run folder)
    hydra_main: bool = False  # always start under Hydra's main (it writes .hydra/ and sets up logging)
    fast_exit: bool = True  # the installed script ends with os._exit once flushed (entry.py says why)

    def load(self, which: str = "function") -> Callable[..., Any]:
        module, _, name = getattr(self, which).partition(":")
        return getattr(importlib.import_module(module), name)

    def main(self, argv: list[str] | None = None) -> object:
        """Run the command in this process on `argv` (default: the command line) and return what its function
        returns: for callers in Python, the tests among them. A user error still exits with status 2."""
        from potterverse.cli.entry import start

        return start(self, sys.argv[1:] if argv is None else argv)

    def __call__(self, argv: list[str] | None = None) -> None:
        """The installed console script, on `argv` (default: the command line); it may end the process."""
        from potterverse.cli.entry import console

        console(self, sys.argv[1:] if argv is None else argv)


train = Command("train", "train", "potterverse.cli.train:train", "pre-train or fine-tune a GPT (configs/train.yaml)",
                prepare="potterverse.cli.train:prepare", hydra_main=True, fast_exit=False)  # fmt: skip
generate = Command("generate", "generate", "potterverse.cli.generate:answer", "one answer from a trained model")
chat = Command("chat", "chat", "potterverse.cli.chat:run", "talk to a character in the terminal")
evaluate = Command("eval", "eval", "potterverse.cli.evaluate:run", "per-task accuracy of a trained model")
export = Command("export", "export", "potterverse.cli.export:run", "a model as a Hugging Face or safetensors folder")
demo = Command("demo", "demo", "potterverse.cli.demo:run", "the Gradio demo on your runs",
               hydra_main=True, fast_exit=False)  # fmt: skip

COMMANDS = {command.name: command for command in (train, generate, chat, evaluate, export, demo)}


def usage() -> str:
    rows = "\n".join(f"  {c.name:<10}{c.help}" for c in COMMANDS.values())
    return f"usage: python -m potterverse <command> [overrides]\n\ncommands:\n{rows}"


def main() -> None:
    """`python -m potterverse <command> [overrides]`: the command's console script, by name."""
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if name in ("-h", "--help", ""):
        print(usage())
        return
    if name not in COMMANDS:
        # A process Lightning starts for another rank re-runs this module without the command's name: `train`.
        from potterverse.launch import spawned_rank_config

        if spawned_rank_config() is None:
            print(f"error: Unknown command {name!r}; choose one of: {', '.join(COMMANDS)}.", file=sys.stderr)
            sys.exit(2)
        COMMANDS["train"]()
        return
    COMMANDS[name](sys.argv[2:])


if __name__ == "__main__":
    main()
