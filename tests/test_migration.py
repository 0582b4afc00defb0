"""README "Moving from PotterVerseAI": every command of the section, run as written (tiny shapes, a few steps, CPU),
on .pth files in its layout and task files in its format (rows of our own wording), in a scratch working folder.

The commands are read from the README itself, so the section and this test cannot drift apart. Each is composed
from the same Hydra configs as its console script and handed to the library function the script calls.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import torch

from potterverse.checkpoints import load_model
from potterverse.data.finetune import FinetuneDataModule
from potterverse.errors import TaskDataError
from tests.helpers.commands import run_cli
from tests.helpers.configs import compose_config
from tests.helpers.models import GPT2_VOCAB
from tests.helpers.paths import ROOT
from tests.helpers.potterverse_ai import original_forward, seed_state, write_potterverse_ai_files

pytestmark = pytest.mark.slow

SECTION = "## Moving from PotterVerseAI"
STAGES = {"train", "finetune-scratch", "infer-scratch", "pretrain-finetune", "finetune-pretrained", "infer-finetuned"}
CONFIG_NAMES = {"potterverse-train": "train", "potterverse-generate": "generate", "potterverse-chat": "chat",
                "potterverse-eval": "eval", "potterverse-demo": "demo", "potterverse-export": "export"}  # fmt: skip


def readme_section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end > 0 else None]


def section_commands() -> list[str]:
    """The commands of the section's code blocks, continuation lines joined, comments dropped."""
    blocks = re.findall(r"```bash\n(.*?)```", readme_section(), re.DOTALL)
    lines = " ".join(blocks).replace("\\\n", " ").splitlines()
    return [shlex.join(shlex.split(line, comments=True)) for line in lines if line.strip()]


def table_rows() -> dict[str, list[str]]:
    """PotterVerseAI's command -> the PotterVerse commands of its row, in order."""
    rows = {}
    for line in readme_section().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`python"):
            theirs = cells[0].split("`")[1].removeprefix("python ").removeprefix("main.py ")
            rows[theirs] = [c for c in re.findall(r"`([^`]+)`", cells[1] + cells[2]) if c.startswith("potterverse-")]
    return rows


class Workspace:
    """A folder laid out as a PotterVerseAI user's: its .pth files and CSVs, `books/`, and our `outputs/`."""

    def __init__(self, root: Path, gpt2_dir: Path) -> None:
        self.root, self.gpt2_dir = root, gpt2_dir
        self.runs: dict[str, Path] = {}  # the latest run of each experiment, for outputs/<experiment>/<run>
        self.trained: list[tuple[str, str]] = []  # (experiment, init) of every training run, in order
        write_potterverse_ai_files(root)
        (root / "books").symlink_to(ROOT / "potterverse" / "resources" / "sample_corpus")

    def run(self, command: str):
        """One README command: placeholders filled in, tiny-run settings appended, then what its script does."""
        command = re.sub(r"outputs/(\w+)/<run>", lambda m: str(self.runs[m.group(1)]), command)
        program, *args = shlex.split(command)
        cfg = compose_config(CONFIG_NAMES[program], *args)
        if program == "potterverse-train":
            return self.train(args, cfg)
        extra = {"potterverse-generate": ["max_new_tokens=4"], "potterverse-chat": ["max_new_tokens=4"],
                 "potterverse-eval": ["max_per_task=2"], "potterverse-demo": ["runs_dir=outputs"]}  # fmt: skip
        cfg = compose_config(CONFIG_NAMES[program], *args, *extra.get(program, []))
        return run_tool(program, cfg)

    def train(self, args: list[str], cfg) -> Path:
        from potterverse.training.run import train

        out = self.root / "outputs" / cfg.run_name / f"run{len(list(self.root.glob('outputs/*/run*')))}"
        extra = [f"paths.output_dir={out}", f"paths.cache_dir={self.root / 'cache'}",
                 "trainer.max_steps=2", "trainer.val_check_interval=2", "trainer.limit_val_batches=2",
                 "trainer.log_every_n_steps=1", "trainer.enable_progress_bar=false",
                 "trainer.enable_model_summary=false", "data.batch_size=4"]  # fmt: skip
        if cfg.init.name == "scratch":  # the experiment's model, made tiny
            extra += ["model.n_layers=1", "model.emb_dim=64", "model.n_heads=2", "model.context_length=128"]
        if cfg.init.name == "gpt2" and not any(a.startswith("init.path=") for a in args):
            extra.append(f"init.path={self.gpt2_dir}")
        if "tasks" in cfg.data:
            extra += ["data.block_size=128", "callbacks.task_accuracy.max_examples=2"]
        else:
            extra += ["data.block_size=64", "data.val_windows=4", "callbacks.text_samples.max_new_tokens=4"]
        train(compose_config("train", *args, *extra))
        assert (out / "model.safetensors").is_file(), out
        self.runs[cfg.run_name] = out
        self.trained.append((cfg.run_name, cfg.init.name))
        return out


def run_tool(program: str, cfg):
    """What each console script does with its composed config (the demo: its page's handlers, no server)."""
    if program == "potterverse-generate":
        from potterverse.cli.generate import run

        return run(cfg)
    if program == "potterverse-eval":
        from potterverse.cli.evaluate import run

        return json.loads(run(cfg).read_text())["tasks"]
    if program == "potterverse-chat":
        return run_chat(cfg)
    if program == "potterverse-export":
        from potterverse.cli.export import export

        return export(str(cfg.ckpt), str(cfg.format), str(cfg.out), cfg.model)
    from potterverse.demo.app import DemoApp
    from potterverse.demo.sorting import SortingTab
    from potterverse.tasks import get_task

    app = DemoApp(cfg.runs_dir, cfg.ckpt)
    key = str(cfg.ckpt)
    sort = SortingTab(app, get_task("sorting")).answer
    return app.select_run(key)[0], sort(key, "I tidy the library for fun", 0.0, 0, 1.0, 4, 0)[0]


def run_chat(cfg) -> str:
    import builtins
    import contextlib
    import io

    from potterverse.cli.chat import run

    said = iter(["Is the potion ready?", "/quit"])
    out, real_input = io.StringIO(), builtins.input
    builtins.input = lambda prompt="": next(said)
    try:
        with contextlib.redirect_stdout(out):
            run(cfg)
    finally:
        builtins.input = real_input
    return out.getvalue()


@pytest.fixture
def workspace(tmp_path, hf_gpt2_dir, monkeypatch) -> Workspace:
    monkeypatch.chdir(tmp_path)  # its files are read from the folder you run in
    return Workspace(tmp_path, hf_gpt2_dir)


def test_every_row_of_the_command_table_runs(workspace):
    rows = table_rows()
    assert set(rows) == STAGES | {"app.py"}, rows
    results = {theirs: [workspace.run(c) for c in commands] for theirs, commands in rows.items()}
    assert workspace.trained == [("pretrain_scratch", "scratch"), ("finetune_scratch", "checkpoint"),
                                 ("pretrain_gpt2", "gpt2"), ("finetune_gpt2", "checkpoint"),  # pretrain-finetune
                                 ("finetune_gpt2", "gpt2")]  # fmt: skip
    config = (workspace.runs["finetune_gpt2"] / "config.yaml").read_text()
    assert "train: spell_generator_dataset.csv" in config  # its CSV, read from the folder the command ran in
    assert isinstance(results["infer-scratch"][0], str) and isinstance(results["infer-finetuned"][0], str)
    card, verdict = results["app.py"][0]
    assert "2 layers" in card and "pv-verdict" in verdict


def test_every_command_of_the_section_runs_on_its_files(workspace):
    commands = section_commands()
    assert len(commands) == 9, commands
    for command in commands:
        result = workspace.run(command)
        assert result is not None, command
    from potterverse.demo.runs import RunIndex

    assert RunIndex("outputs", "harry_potter_GPT2_Finetuned.pth").runs[0].experiment == "PotterVerseAI .pth"
    exported, meta = load_model(workspace.root / "exports" / "scratch")
    assert meta.imported_from == "PotterVerseAI .pth" and exported.config.gelu == "exact"
    assert not exported.config.tie_embeddings and not exported.config.qkv_bias
    assert json.loads((workspace.root / "exports" / "potter-gpt2" / "config.json").read_text())[
        "activation_function"] == "gelu"  # fmt: skip
    trained, meta = load_model(workspace.runs["finetune_scratch"])
    assert meta.init["path"] == "harry_potter_scratch.pth" and trained.config.gelu == "exact"


def test_the_exported_pth_gives_its_logits_in_transformers(tmp_path):
    """potterverse-export format=hf of an untied, exact-GELU .pth: transformers computes the original logits."""
    from transformers import GPT2LMHeadModel

    state = seed_state(qkv_bias=True, tied=False, seed=5, vocab=300, context=32)
    torch.save(state, tmp_path / "model.pth")
    result = run_cli("potterverse.cli.export", f"ckpt={tmp_path / 'model.pth'}", "format=hf", f"out={tmp_path / 'hf'}")
    assert result.returncode == 0, result.stderr[-2000:]
    theirs = GPT2LMHeadModel.from_pretrained(tmp_path / "hf").eval()
    idx = torch.randint(0, 300, (2, 32), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        gap = (theirs(idx).logits - original_forward(state, idx, n_heads=2)).abs().max().item()
    assert gap < 1e-4, gap
    from potterverse.model.hf import load_hf_gpt2

    back = load_hf_gpt2(tmp_path / "hf")  # and our GPT-2 import reads the GELU and the untied head back
    assert back.config.gelu == "exact" and not back.config.tie_embeddings


def test_the_generate_cli_answers_from_a_pth(tmp_path):
    torch.save(seed_state(qkv_bias=False, vocab=GPT2_VOCAB, context=64), tmp_path / "harry_potter_scratch.pth")
    ok = run_cli("potterverse.cli.generate", f"ckpt={tmp_path / 'harry_potter_scratch.pth'}", "task=spell",
                 "prompt=opens a locked door", "max_new_tokens=3")  # fmt: skip
    assert ok.returncode == 0 and ok.stdout.strip(), ok.stderr[-2000:]


def test_chat_rows_that_name_no_character_need_the_option(tmp_path):
    chat = tmp_path / "character_chat_dataset.csv"
    chat.write_text('prompt,completion\n"User to Luna: Seen anything odd in the woods?","Only footprints."\n'
                    '"What is for pudding?","Treacle tart, I hope."\n')  # fmt: skip
    tasks = {"chat": {"train": str(chat)}}
    with pytest.raises(TaskDataError, match=r"character_chat_dataset.csv, row 2: .*data.tasks.chat.character="):
        FinetuneDataModule(tasks, block_size=64).setup()
    data = FinetuneDataModule({"chat": {"train": str(chat), "character": "Hagrid"}}, block_size=64)
    data.setup()
    from potterverse.tokenizer import get_tokenizer

    texts = [get_tokenizer().decode(e.x) for e in data.train_examples]
    assert "User to Luna: Seen anything odd in the woods?\nLuna:" in texts[0]
    assert "User to Hagrid: What is for pudding?\nHagrid:" in texts[1]
