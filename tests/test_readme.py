"""The README is executable: every PotterVerse command in its ```bash blocks runs here, or is composed and checked
where it needs what this machine lacks; the test id says which (`L<line>-<command>-run` / `-composed-<why>`).

Rules, not a list of today's commands:
- a command is a console script of pyproject.toml, `python -m potterverse.<module>`, or one of those under
  `torchrun` / `srun`; other tools (bash, source, tensorboard, pip, ...) are not ours. Anything else fails the test
  (`-unclassified`), so a new README command is never skipped silently;
- placeholders (`<run>`, `<date>`, `outputs/.../<run>`, `books/`, `path/to/books/`, `mine.csv`, `exports/...`)
  become a tiny run trained once per session, the sample corpus's text, and files in a tmp folder;
- shapes shrink only by appended overrides (steps, batch, block, a tiny model, a few evaluation rows and tokens),
  and every output goes to tmp (`hydra.run.dir`, `paths.cache_dir`, `runs_dir`);
- a launcher (torchrun, srun, the SLURM sweep launcher), a GPU trainer without a GPU, more devices or machines than
  here, or a hub download (`init.path=gpt2-medium`) is composed with Hydra's API and checked
  (`potterverse.config_checks`) instead of run; `init.path` left at the hub name `gpt2` runs on a local HF folder.
  The README's CPU batch script (its `srun` line) and its `hydra/launcher=slurm` sweep run on a real SLURM cluster in
  tests/test_slurm.py (`-composed-run-by-test_slurm` here).
- `potterverse-demo` is started for real (its own process), answers HTTP, and is stopped; `potterverse-chat` reads
  a message and `/quit` from its standard input; `echo ... |` feeds its text to the command's standard input.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
import tomllib
import yaml

from tests.helpers.commands import run_main, snapshot
from tests.helpers.configs import compose_train, tiny_run_overrides
from tests.helpers.net import free_port
from tests.helpers.paths import ROOT
from tests.helpers.potterverse_ai import write_potterverse_ai_files
from tests.helpers.readme import README, bash_lines, run_on_the_test_cluster

pytestmark = pytest.mark.slow

CONFIGS = ROOT / "configs"
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]  # name -> "module:function"
NOT_OURS = {"bash", "sh", "source", ".", "tensorboard", "pip", "uv", "jupyter", "git", "cd", "export", "sbatch", "echo",
            "optuna-dashboard", "mlflow", "wandb"}  # fmt: skip
LAUNCHERS = {"torchrun": "torchrun-launch", "srun": "SLURM-srun"}
PLACEHOLDERS = [  # (pattern in an argument's value, what it becomes: a key of the `places` fixture)
    (r"(outputs/[\w.-]+/)?<(run|date)>", "run"),
    (r"^(path/to/)?books/?$", "books"),
    (r"^[\w-]+\.csv$", "eval_csv"),
    (r"^[\w-]+\.json$", "json"),
    (r"^exports/", "exports"),
]
STEPS = 4  # every training command: the tiny run trained 2 of them, so a resumed run trains 2 more


@dataclass
class Command:
    line: int
    text: str
    entry: str = ""  # console script or `python -m` module
    args: list[str] = field(default_factory=list)
    stdin: str | None = None
    compose_only: str = ""  # why it is composed instead of run
    problem: str = ""  # why it cannot be classified

    @property
    def id(self) -> str:
        name = f"python-m-{self.entry}" if "." in self.entry else self.entry
        mode = "unclassified" if self.problem else f"composed-{self.compose_only}" if self.compose_only else "run"
        return re.sub(r"[^\w.-]+", "_", f"L{self.line}-{name or self.text.split()[0]}-{mode}")


def classify(number: int, line: str) -> Command | None:
    """The PotterVerse command of one logical line, None for another tool's, or a Command with a `problem`."""
    cmd = Command(number, line)
    try:
        words = shlex.split(line, comments=True)
    except ValueError as err:
        cmd.problem = f"cannot be split into words ({err})"
        return cmd
    segments: list[list[str]] = [[]]
    for word in words:
        if word in ("|", "&&", ";"):
            segments.append([])
        else:
            segments[-1].append(word)
    for i, seg in enumerate(s for s in segments if s):
        launcher = seg[0] if seg[0] in LAUNCHERS else ""
        rest = seg[1:] if launcher else seg
        if launcher == "torchrun":  # its own flags, then -m <module>
            rest = rest[rest.index("-m") :] if "-m" in rest else rest
        if launcher == "srun":  # its own flags, then the command
            rest = rest[next((j for j, w in enumerate(rest) if w in SCRIPTS), 0) :]
        if cmd.entry and (rest[:1] and rest[0] in SCRIPTS or "-m" in rest[:2]):
            cmd.problem = "two PotterVerse commands on one line"
            return cmd
        if rest and rest[0] in SCRIPTS:
            cmd.entry, cmd.args = rest[0], rest[1:]
        elif rest[:1] == ["-m"] or rest[:2] in (["python", "-m"], ["python3", "-m"]):
            module = rest[rest.index("-m") + 1]
            if not module.startswith("potterverse"):
                continue  # python -m scripts...: a repo tool, not a PotterVerse command
            cmd.entry, cmd.args = module, rest[rest.index("-m") + 2 :]
        elif seg[0] in NOT_OURS or (seg[0].startswith("python") and len(seg) > 1 and seg[1].startswith("scripts/")):
            if seg[0] == "echo":
                cmd.stdin = " ".join(seg[1:]) + "\n"
            continue
        else:
            cmd.problem = f"`{seg[0]}` is neither a PotterVerse command nor a known tool"
            return cmd
        cmd.compose_only = LAUNCHERS.get(launcher, "")
        if i and cmd.stdin is None:
            cmd.problem = "a PotterVerse command fed by something other than echo"
    return cmd if cmd.entry or cmd.problem else None


MIGRATION = "## Moving from PotterVerseAI"  # its commands run in tests/test_migration.py, on that section's files


def section_of(text: str, number: int) -> str:
    """The `## ` heading a README line stands under."""
    return next((line for line in reversed(text.splitlines()[:number]) if line.startswith("## ")), "")


def readme_commands() -> list[Command]:
    text = README.read_text()
    found = [classify(n, line) for n, line in bash_lines(text)]
    commands = [c for c in found if c is not None]
    on_the_cluster = run_on_the_test_cluster()
    for cmd in commands:
        if section_of(text, cmd.line) == MIGRATION and not cmd.problem:
            cmd.compose_only = "run-by-test_migration"  # composed here, on the files it names, and run there
        elif not cmd.problem and shlex.split(cmd.text, comments=True) in on_the_cluster:
            cmd.compose_only = "run-by-test_slurm"  # composed here, submitted to the test's SLURM cluster there
    return commands


def readme_files(text: str) -> dict[str, str]:
    """Files the README shows whole: a ```yaml block whose first line is `# <relative path>`."""
    blocks = re.findall(r"```yaml\n# ([\w./-]+\.yaml)\n(.*?)```", text, flags=re.S)
    return {path: body for path, body in blocks}


COMMANDS = readme_commands()


def test_the_readme_has_commands_of_every_tool():
    """The rules find the README's commands at all (a broken parser would pass every case vacuously)."""
    entries = {c.entry for c in COMMANDS}
    assert {"potterverse-train", "potterverse-generate", "potterverse-chat", "potterverse-eval"} <= entries, entries
    assert {"potterverse-export", "potterverse-demo", "potterverse.train"} <= entries, entries
    assert len(COMMANDS) >= 25


# --- What a config group resolves to, read from the YAML (cheap enough to decide at collection time) ---


def _choice(args: list[str], group: str) -> str:
    """The option of `group` a train command ends up with: the command's own, else its experiment's, else the
    default of train.yaml."""
    for arg in args:
        if arg.startswith(f"{group}="):
            return arg.split("=", 1)[1]
    experiment = next((a.split("=", 1)[1] for a in args if a.startswith("experiment=")), None)
    defaults = []
    if experiment and (CONFIGS / "experiment" / f"{experiment}.yaml").is_file():
        defaults = yaml.safe_load((CONFIGS / "experiment" / f"{experiment}.yaml").read_text()).get("defaults", [])
    for item in [*defaults, *yaml.safe_load((CONFIGS / "train.yaml").read_text())["defaults"]]:
        if isinstance(item, dict):
            for key, value in item.items():
                if key.removeprefix("override ").strip("/") == group:
                    return str(value)
    return ""


def _setting(args: list[str], key: str, group_file: Path) -> object:
    """A key given on the command line, else the group option's YAML value (following its `defaults`)."""
    for arg in args:
        if arg.startswith(f"trainer.{key}="):
            return yaml.safe_load(arg.split("=", 1)[1])
    while group_file.is_file():
        data = yaml.safe_load(group_file.read_text()) or {}
        if key in data:
            return data[key]
        parents = [d for d in data.get("defaults", []) if isinstance(d, str) and d != "_self_"]
        group_file = group_file.parent / f"{parents[0]}.yaml" if parents else Path("/nonexistent")
    return None


def hardware_needed(cmd: Command) -> str:
    """Why a train command cannot run here, or ''."""
    import torch

    trainer = CONFIGS / "trainer" / f"{_choice(cmd.args, 'trainer')}.yaml"
    accelerator = _setting(cmd.args, "accelerator", trainer)
    gpus = torch.cuda.device_count()
    if accelerator in ("gpu", "cuda") and not gpus:
        return "needs-a-GPU"
    devices = _setting(cmd.args, "devices", trainer)
    if isinstance(devices, int) and devices > max(gpus, 1):
        return f"needs-{devices}-devices"
    nodes = _setting(cmd.args, "num_nodes", trainer)
    if isinstance(nodes, int) and nodes > 1:
        return f"needs-{nodes}-machines"
    if "hydra/launcher=slurm" in cmd.args:  # the Optuna search over it runs on a real cluster in test_slurm
        return "SLURM-launcher-run-by-test_slurm" if "hparams_search=optuna" in cmd.args else "SLURM-launcher"
    if any(a.startswith("hparams_search=") for a in cmd.args) and not importlib.util.find_spec("optuna"):
        return "needs-the-sweeps-extra"
    path = next((a.split("=", 1)[1] for a in cmd.args if a.startswith("init.path=")), None)
    if path and not re.search(r"[/<]", path) and path != "gpt2":
        return f"hub-download-{path}"
    return ""


for command in COMMANDS:  # what this machine lacks, also under a launcher (srun's 2 x 8 GPUs: the devices first)
    if command.entry.endswith("train") and not command.problem and command.compose_only in ("", *LAUNCHERS.values()):
        command.compose_only = hardware_needed(command) or command.compose_only


# --- The stand-ins for placeholders, and the appended overrides that shrink a command ---


@pytest.fixture(scope="session")
def places(tmp_path_factory, hf_gpt2_dir) -> dict[str, Path]:
    from potterverse.training.run import train

    tmp = tmp_path_factory.mktemp("readme")
    run = tmp / "runs" / "quickstart" / "2026-01-01_00-00-00"
    train(compose_train(*tiny_run_overrides(run, tmp / "cache", steps=2)))
    books = tmp / "books"
    books.mkdir()
    for text in sorted((ROOT / "potterverse" / "resources" / "sample_corpus").glob("*.txt")):
        (books / text.name).write_bytes(text.read_bytes())
    for path, body in readme_files(README.read_text()).items():  # e.g. the user's own experiment
        (tmp / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp / path).write_text(body)
    write_potterverse_ai_files(tmp)  # the files the migration section's commands name
    eval_csv = tmp / "mine.csv"
    eval_csv.write_text(
        "task,prompt,expected\nspell,Effect: opens a locked door,Alohomora\n"
        "sorting,I read all day,Ravenclaw\nchat,User to Snape: Hello,Detention.\n"
    )
    return {"tmp": tmp, "run": run, "runs": tmp / "runs", "books": books, "eval_csv": eval_csv,
            "json": tmp, "exports": tmp / "exports", "cache": tmp / "cache", "hf": hf_gpt2_dir}  # fmt: skip


def substitute(arg: str, places: dict[str, Path]) -> str:
    key, sep, value = arg.partition("=")
    if not sep:
        return arg
    for pattern, place in PLACEHOLDERS:
        if re.search(pattern, value):
            target = places[place]
            if place == "run":
                value = re.sub(pattern, str(target), value)
            elif place in ("json",):
                value = str(target / value)
            elif place == "exports":
                value = str(target / value.removeprefix("exports/"))
            else:
                value = str(target)
            break
    if re.search(r"<[^>]*>", value):
        pytest.fail(f"{arg!r}: a placeholder the README harness has no stand-in for; add one to PLACEHOLDERS")
    return f"{key}={value}"


def shrink(cmd: Command, places: dict[str, Path], n: int) -> list[str]:
    """Overrides appended to a command that runs for real: tiny shapes, few steps, everything under tmp."""
    tmp = places["tmp"]
    if cmd.entry.endswith("train"):
        finetune = _choice(cmd.args, "data") == "finetune"
        skip = ("experiment=", "paths.output_dir=", *(("data.", "callbacks.") if finetune else ()))
        extra = [o for o in tiny_run_overrides(tmp, places["cache"], STEPS) if not o.startswith(skip)]
        if finetune:
            extra += ["data.block_size=128", "data.batch_size=4", "callbacks.task_accuracy.max_examples=2",
                      "trainer.limit_val_batches=2"]  # fmt: skip
        if _choice(cmd.args, "init") == "gpt2" and not any(a.startswith("init.path=") for a in cmd.args):
            extra.append(f"init.path={places['hf']}")  # the hub name `gpt2`: a local folder of that layout
        if any(a.startswith("hparams_search=") for a in cmd.args):
            extra.append("hydra.sweeper.n_trials=2")
        swept = {a.split("=", 1)[0] for a in cmd.args if "," in a.split("=", 1)[-1] and "[" not in a}
        extra = [o for o in extra if o.split("=", 1)[0] not in swept]  # the command's own sweep stays
        extra += [f"hydra.run.dir={tmp / f'run{n}'}", f"hydra.sweep.dir={tmp / f'sweep{n}'}"]
        return extra
    return {
        "potterverse-generate": ["max_new_tokens=8"],
        "potterverse-chat": ["max_new_tokens=4"],
        "potterverse-eval": ["max_per_task=2"],
        "potterverse-demo": [f"runs_dir={places['runs']}", f"port={free_port()}"],
    }.get(cmd.entry, [])


def entry_point(cmd: Command):
    """What the command runs in-process: its command's `main` in the table (potterverse/__main__.py), which returns
    (the installed script may end the process with os._exit, which would end the test session too)."""
    default = f"potterverse.__main__:{cmd.entry.rpartition('.')[2]}"  # python -m potterverse.train
    module, _, name = SCRIPTS.get(cmd.entry, default).partition(":")
    return getattr(importlib.import_module(module), name).main


# --- The test: one case per README command ---


@pytest.mark.parametrize("cmd", COMMANDS, ids=[c.id for c in COMMANDS])
def test_readme_command(cmd, places, monkeypatch, capsys):
    if cmd.problem:
        pytest.fail(f"README line {cmd.line}: {cmd.text!r}: {cmd.problem}; teach tests/test_readme.py its rule.")
    outputs = snapshot(ROOT / "outputs")
    args = [substitute(a, places) for a in cmd.args]
    monkeypatch.chdir(places["tmp"])  # a relative path the rules missed lands in tmp, not in the checkout
    if cmd.compose_only:
        compose_and_check(cmd, args)
    elif cmd.entry == "potterverse-demo":
        serve_then_stop(args + shrink(cmd, places, cmd.line))
    else:
        stdin = cmd.stdin if cmd.stdin is not None else "Hello there\n/quit\n"
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code, out, err = run_main(
            SimpleNamespace(main=entry_point(cmd)), args + shrink(cmd, places, cmd.line), monkeypatch, capsys
        )
        assert code in (0, None), f"README line {cmd.line} exited with {code}:\n{err[-3000:]}"
        check_result(cmd, places, out)
    assert snapshot(ROOT / "outputs") == outputs, "a README command wrote into the checkout's outputs/"


def check_result(cmd: Command, places: dict[str, Path], out: str) -> None:
    """What each tool must have produced, beyond exiting cleanly."""
    tmp = places["tmp"]
    if cmd.entry.endswith("train"):
        made = [*tmp.glob(f"run{cmd.line}/model.safetensors"), *tmp.glob(f"sweep{cmd.line}/**/model.safetensors")]
        assert made, f"README line {cmd.line}: no model.safetensors under {tmp}"
    elif cmd.entry == "potterverse-eval":
        assert "wrote " in out and Path(out.rsplit("wrote ", 1)[1].strip()).is_file()
    elif cmd.entry == "potterverse-export":
        out_dir = Path(next(a for a in cmd.args if a.startswith("out=")).split("=", 1)[1])
        assert (places["exports"] / out_dir.relative_to("exports") / "model.safetensors").is_file()
    elif cmd.entry == "potterverse-chat":
        assert out.startswith("Talking to ")


CONFIG_OF = {"potterverse-train": "train", "train": "train", "potterverse-generate": "generate",
             "potterverse-chat": "chat", "potterverse-eval": "eval", "potterverse-demo": "demo",
             "potterverse-export": "export"}  # fmt: skip


def compose_and_check(cmd: Command, args: list[str]) -> None:
    """A command this machine cannot run: its config composes, and every value passes the checks."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from potterverse.cli.common import register_resolvers
    from potterverse.config_checks import check_config

    register_resolvers()
    overrides = []
    for arg, parsed in zip((a for a in args if a != "-m"), OverridesParser.create().parse_overrides(
            [a for a in args if a != "-m"]), strict=True):  # fmt: skip
        # a sweep (-m ... lr=6e-4,3e-4) is checked at its first value
        first = next(parsed.sweep_string_iterator()) if parsed.is_sweep_override() else None
        overrides.append(f"{parsed.get_key_element()}={first}" if first is not None else arg)
    name = CONFIG_OF.get(cmd.entry.removeprefix("potterverse."), "train")
    if name != "train":
        from hydra import compose, initialize_config_dir

        from potterverse.cli.common import CONFIG_DIR

        with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
            check_config(compose(config_name=name, overrides=overrides), name)
        return
    cfg = compose_train("paths.output_dir=/unused", *overrides)  # Hydra's own overrides (launcher...) compose too
    check_config(cfg, "train")
    assert cfg.trainer and cfg.model and cfg.data


def serve_then_stop(args: list[str]) -> None:
    """`potterverse-demo` in its own process: it must answer HTTP on its port, then it is stopped."""
    port = next(a.split("=", 1)[1] for a in reversed(args) if a.startswith("port="))
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen([sys.executable, "-m", "potterverse.cli.demo", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"the demo exited with {proc.returncode}:\n{proc.stdout.read()[-3000:]}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    assert page.status == 200 and b"gradio" in page.read().lower()
                    return
            except OSError:
                time.sleep(0.5)
        pytest.fail("the demo did not answer within 120 s")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
