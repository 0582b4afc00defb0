"""The command table (potterverse/__main__.py) is the one way in: every console script is a row of it, and the
commands share library code, not each other."""

from __future__ import annotations

import ast
import subprocess
import sys

import tomllib

from potterverse.__main__ import COMMANDS, Command
from tests.helpers.paths import ROOT


def test_every_console_script_is_a_command_of_the_table():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    import potterverse.__main__ as table

    targets = {}
    for script, target in scripts.items():
        module, _, name = target.partition(":")
        assert module == "potterverse.__main__", f"{script} = {target!r} goes around the command table"
        targets[script] = getattr(table, name)
    assert all(isinstance(t, Command) for t in targets.values())
    assert {f"potterverse-{c.name}" for c in COMMANDS.values()} == set(scripts)
    assert all(f"potterverse-{t.name}" == script for script, t in targets.items())
    for command in COMMANDS.values():  # each row names a function that exists (a typo fails here, not at a user's)
        assert callable(command.load()) and (command.prepare is None or callable(command.load("prepare")))


def test_commands_do_not_import_each_other():
    commands = {c.function.partition(":")[0] for c in COMMANDS.values()}
    for module in commands:
        tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not (imported & (commands - {module})), f"{module} imports another command: {imported & commands}"


def test_python_m_potterverse_names_its_commands_and_refuses_others():
    listed = subprocess.run([sys.executable, "-m", "potterverse", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert listed.returncode == 0 and all(f"  {name} " in listed.stdout for name in COMMANDS), listed.stdout
    wrong = subprocess.run([sys.executable, "-m", "potterverse", "generat"], cwd=ROOT, capture_output=True, text=True)
    assert wrong.returncode == 2 and wrong.stderr.strip().splitlines() == [
        "error: Unknown command 'generat'; choose one of: train, generate, chat, eval, export, demo."
    ], wrong.stderr
