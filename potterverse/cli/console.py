"""What the installed inference commands run (potterverse-generate, -chat, -eval, -export): import the command with
Python's cyclic garbage collector paused, run its `main`, and end the process without the interpreter's teardown.

Importing torch and its company makes nearly 200,000 objects that live until the process ends; the collector's full
passes over them while they are made, and the teardown after the answer, are ~0.2 s and ~0.4 s of every launch on
the README's CPU. Once the imports are done their objects are frozen out of the collector's sight (`gc.freeze`) and
it runs as usual. Callers in Python (the tests among them) call the command module's `main`, which returns.
"""

from __future__ import annotations

import gc
import importlib
import os
from typing import NoReturn

COMMANDS = {
    "generate": "potterverse.cli.generate",
    "chat": "potterverse.cli.chat",
    "evaluate": "potterverse.cli.evaluate",
    "export": "potterverse.cli.export",
}


def run(command: str) -> NoReturn:
    gc.disable()
    try:
        main = importlib.import_module(COMMANDS[command]).main
    finally:
        gc.freeze()
        gc.enable()
    from potterverse.cli.entry import exit_now  # not at the top, which runs before the collector is paused

    try:
        main()
    except BrokenPipeError:  # the reader went away (`| head -1`): no traceback, the status of a failed flush
        os._exit(120)
    exit_now()


def generate() -> NoReturn:
    run("generate")


def chat() -> NoReturn:
    run("chat")


def evaluate() -> NoReturn:
    run("evaluate")


def export() -> NoReturn:
    run("export")
