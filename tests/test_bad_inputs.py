"""Each user mistake: one line on stderr that says what and how to fix, exit status 2, no traceback, and nothing
written (the tmp folder is unchanged). docs/reliability.md lists every case by its id."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from potterverse.__main__ import chat as chat_cli
from potterverse.__main__ import evaluate as eval_cli
from potterverse.__main__ import export as export_cli
from potterverse.__main__ import generate as generate_cli
from potterverse.__main__ import train as train_cli
from potterverse.tasks import sorting
from tests.helpers.commands import run_cli, run_main, snapshot
from tests.helpers.configs import compose_train
from tests.helpers.paths import SAMPLE_PDF

CLIS = {"train": train_cli, "generate": generate_cli, "chat": chat_cli, "eval": eval_cli, "export": export_cli}


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    """What the cases point at: a tiny exported model, a truncated checkpoint, a CSV without the right columns."""
    from potterverse.checkpoints import export_model
    from potterverse.model import GPT, GPTConfig
    from potterverse.runs import RunMetadata

    export_model(
        GPT(GPTConfig(context_length=32, emb_dim=32, n_heads=2, n_layers=1)), tmp_path / "model", RunMetadata()
    )
    (tmp_path / "cut.ckpt").write_bytes(b"PK\x03\x04 not a whole checkpoint")
    (tmp_path / "bad.csv").write_text("question,answer\nwho,me\n")
    return {"tmp": tmp_path, "model": tmp_path / "model", "ckpt": tmp_path / "cut.ckpt", "csv": tmp_path / "bad.csv"}


# id: (entry point, arguments, what the one line says). Found before Hydra makes a run folder or a model is loaded.
CASES: dict[str, tuple[str, list[str], str]] = {
    # training: types, ranges and shapes of the config (potterverse/config_checks.py)
    "lr-not-a-number": ("train", ["optimizer.lr=abc"], "optimizer.lr must be a number > 0 (e.g. 6e-4), got 'abc'."),
    "lr-negative": ("train", ["optimizer.lr=-1"], "optimizer.lr must be a number > 0"),
    "weight-decay-negative": ("train", ["optimizer.weight_decay=-0.1"], "optimizer.weight_decay must be a number >= 0"),
    "betas-one-value": ("train", ["optimizer.betas=[0.9]"], "optimizer.betas must be [beta1, beta2]"),
    "warmup-negative": ("train", ["scheduler.warmup_steps=-5"], "scheduler.warmup_steps must be an integer >= 0"),
    "min-lr-ratio-above-1": (
        "train",
        ["scheduler.min_lr_ratio=2"],
        "min_lr_ratio must be a number in [0, 1]",
    ),
    "decay-steps-zero": ("train", ["scheduler.decay_steps=0"], "scheduler.decay_steps must be a positive integer"),
    "zero-batch": ("train", ["data.batch_size=0"], "data.batch_size must be a positive integer, got 0."),
    "block-zero": ("train", ["data.block_size=0"], "data.block_size must be a positive integer, or null, got 0."),
    "page-range-one-page": ("train", ["data.page_range=[9]"], "data.page_range must be [first, last] (1-based"),
    "page-range-reversed": ("train", ["data.page_range=[50,4]"], "got [50, 4]."),
    "page-range-map-bad": ("train", ["data.page_range={{book.pdf: [4]}}"], "{file.pdf: [first, last]} per file"),
    "val-fraction-above-1": ("train", ["data.val_fraction=1.5"], "data.val_fraction must be a number in (0, 1)"),
    "sampling-unknown": ("train", ["data.sampling=sideways"], "data.sampling must be one of random, strided"),
    "clean-not-a-mapping": ("train", ["data.clean=3"], "data.clean must be a mapping of settings, got 3."),
    "missing-corpus": ("train", ["data.corpus={tmp}/none.pdf"], "data.corpus must be an existing PDF"),
    "layers-zero": ("train", ["model.n_layers=0"], "model.n_layers must be a positive integer, got 0."),
    "clean-min-repeats-zero": ("train", ["data.clean.min_repeats=0"], "data.clean.min_repeats must be a positive"),
    "dropout-above-1": ("train", ["model.drop_rate=1.5"], "model.drop_rate must be a number in [0, 1)"),
    "compile-not-a-bool": ("train", ["model.compile=maybe"], "model.compile must be true or false, got 'maybe'."),
    "unknown-preset": ("train", ["model=huge"], "Unknown model 'huge'; choose one of: large, medium, small, tiny, xl"),
    "unknown-experiment": (
        "train",
        ["experiment=nope"],
        "Unknown experiment 'nope'; choose one of: finetune_cpu, finetune_gpt2,",
    ),
    "max-steps-zero": ("train", ["trainer.max_steps=0"], "trainer.max_steps must be a positive integer or -1"),
    "precision-unknown": ("train", ["trainer.precision=33"], "precision must be auto or one of 32-true, 16-mixed"),
    "devices-zero": ("train", ["trainer.devices=0"], "trainer.devices must be auto, -1 (all), a positive integer"),
    "accumulate-zero": ("train", ["trainer.accumulate_grad_batches=0"], "accumulate_grad_batches must be a positive"),
    "progress-bar-yes": ("train", ["trainer.enable_progress_bar=yes"], "must be true or false, got 'yes'."),
    "val-interval-zero": ("train", ["trainer.val_check_interval=0"], "trainer.val_check_interval must be a positive"),
    "seed-text": ("train", ["seed=abc"], "seed must be an integer, got 'abc'."),
    "nonfinite-policy": ("train", ["on_nonfinite_loss=ignore"], "on_nonfinite_loss must be one of stop, skip"),
    "init-path-missing": ("train", ["init=checkpoint"], "init.path is required: pass init.path=<run folder"),
    "pth-gelu-unknown": ("train", ["init=checkpoint", "init.path={model}", "init.gelu=relu"], "init.gelu must be one"),
    "old-scheduler-key": (
        "train",
        ["optimizer.scheduler.warmup_steps=5"],
        "optimizer.scheduler.warmup_steps is now called scheduler.warmup_steps",
    ),
    "lora-rank-negative": ("train", ["finetune.lora.rank=-1"], "finetune.lora.rank must be an integer >= 0, got -1."),
    "trainable-blocks-negative": (
        "train",
        ["finetune.trainable_blocks=-2"],
        "trainable_blocks must be an integer >= 0",
    ),
    "unknown-key": ("train", ["optimizer.lrr=1"], "optimizer.lrr is not a setting of this config; check its spelling"),
    "old-task-name": (
        "train",
        ["task_name=books"],
        "task_name is now called run_name (the run's name, outputs/<run_name>",
    ),
    "resume-missing": ("train", ["ckpt_path={tmp}/nowhere"], "ckpt_path must be an existing file or folder, or null"),
    # fine-tuning data
    "task-weight-zero": ("train", ["data=finetune", "data.tasks.spell.weight=0"], "data.tasks.spell.weight must be"),
    "task-file-missing": ("train", ["data=finetune", "data.tasks.spell.train={tmp}/none.csv"], "must be an existing"),
    "bucket-factor-zero": ("train", ["data=finetune", "data.bucket_factor=0"], "data.bucket_factor must be a positive"),
    "unknown-task": ("train", ["data=finetune", "+data.tasks.poems.train={csv}"], "data.tasks must be a mapping whose"),
    # generation
    "temperature-negative": ("generate", ["ckpt={model}", "prompt=hi", "temperature=-1"], "temperature must be a"),
    "top-k-zero": ("generate", ["ckpt={model}", "prompt=hi", "top_k=0"], "top_k must be a positive integer, or null"),
    "top-p-above-1": ("generate", ["ckpt={model}", "prompt=hi", "top_p=2"], "top_p must be a number in (0, 1]"),
    "max-new-tokens-zero": ("generate", ["ckpt={model}", "prompt=hi", "max_new_tokens=0"], "max_new_tokens must be"),
    "unknown-task-generate": ("generate", ["ckpt={model}", "prompt=hi", "task=poetry"], "task must be one of sorting"),
    "no-ckpt": ("generate", ["prompt=hi"], "ckpt is required: pass ckpt=<run folder | .ckpt | .safetensors>."),
    "ckpt-missing": ("generate", ["ckpt={tmp}/nowhere", "prompt=hi"], "ckpt must be an existing file or folder"),
    "no-prompt": ("generate", ["ckpt={model}"], 'prompt is required: pass prompt="..."'),
    "unquoted-apostrophe": ("generate", ["ckpt={model}", "prompt=I can't"], "Cannot parse the argument"),
    "seed-not-a-number": ("generate", ["ckpt={model}", "prompt=hi", "seed=abc"], "seed must be an integer, or null"),
    "chat-without-character": ("generate", ["ckpt={model}", "task=chat", "prompt=hi"], "A chat prompt needs a char"),
    "truncated-ckpt": ("generate", ["ckpt={ckpt}", "prompt=hi"], "is truncated or corrupt"),
    "chat-temperature": ("chat", ["ckpt={model}", "temperature=-0.5"], "temperature must be a number >= 0"),
    "chat-no-ckpt": ("chat", [], "ckpt is required"),
    # evaluation
    "eval-max-per-task-zero": ("eval", ["ckpt={model}", "max_per_task=0"], "max_per_task must be a positive integer"),
    "eval-file-missing": ("eval", ["ckpt={model}", "eval_file={tmp}/none.csv"], "eval_file must be an existing file"),
    "eval-file-columns": ("eval", ["ckpt={model}", "eval_file={csv}", "output_file={tmp}/r.json"], "no 'task' column"),
    # export
    "export-format": (
        "export",
        ["ckpt={model}", "format=onnx", "out={tmp}/x"],
        "format must be one of hf, safetensors",
    ),
    "export-no-out": ("export", ["ckpt={model}"], "out is required: pass out=<folder to write>."),
    "export-truncated": ("export", ["ckpt={ckpt}", "out={tmp}/x"], "is truncated or corrupt"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_one_line_exit_2_and_nothing_written(case, files, monkeypatch, capsys):
    cli, args, expected = CASES[case]
    argv = [a.format(**files) for a in args]
    if cli == "train":
        argv.append(f"hydra.run.dir={files['tmp'] / 'run'}")
    before = snapshot(files["tmp"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("/quit\n"))
    code, out, err = run_main(CLIS[cli], argv, monkeypatch, capsys)
    assert code == 2, out + err
    assert err.count("\n") == 1 and err.startswith("error: ") and expected in err, err
    assert "Traceback" not in out + err
    assert snapshot(files["tmp"]) == before


# Found once the run has started: Hydra has made the new run folder (its .hydra/ and train.log), nothing more.
LATE_CASES = {
    "block-too-long": (["data.block_size=4096"], "data.block_size=4096 is longer than the model's context length"),
    "init-missing": (["init=checkpoint", "init.path={tmp}/nowhere"], "does not exist; pass a run folder"),
    "init-truncated": (["init=checkpoint", "init.path={ckpt}"], "is truncated or corrupt"),
    "init-not-weights": (
        ["experiment=finetune_scratch", "init.path={csv}"],
        "holds no model weights (it is no PyTorch, Lightning or safetensors file); pass a run folder, a .ckpt",
    ),
    "task-file-not-utf8": (["data=finetune", "data.tasks.spell.train=" + str(SAMPLE_PDF)], "bytes that are not UTF-8"),
    "corpus-not-a-pdf": (["data.corpus={csv}"], "is neither a PDF nor a text file"),
}


@pytest.mark.parametrize("case", LATE_CASES, ids=list(LATE_CASES))
def test_bad_input_found_at_start_writes_only_the_new_run_folder(case, files, monkeypatch, capsys):
    args, expected = LATE_CASES[case]
    run = files["tmp"] / "run"
    before = snapshot(files["tmp"])
    argv = [*(a.format(**files) for a in args), f"hydra.run.dir={run}"]
    code, out, err = run_main(train_cli, argv, monkeypatch, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[-1].startswith("error: ") and expected in lines[-1], err
    assert "Traceback" not in out + err
    after = snapshot(files["tmp"])
    assert {k: v for k, v in after.items() if not k.startswith("run")} == before
    assert {k.split("/")[1] for k in set(after) - set(before) if "/" in k} <= {".hydra", "train.log"}


def test_debug_errors_shows_the_traceback(tmp_path, monkeypatch, capsys):
    argv = ["data.block_size=4096", "debug_errors=true", f"hydra.run.dir={tmp_path / 'run'}"]
    code, _, err = run_main(train_cli, argv, monkeypatch, capsys)
    assert code == 2 and "Traceback" in err and err.strip().splitlines()[-1].startswith("error: data.block_size")


def test_the_cli_wiring_one_line_and_status_2_in_a_real_process(files):
    """The same checks through `python -m`, as a user runs them (one process per entry point)."""
    before = snapshot(files["tmp"])
    for args, expected in [
        (["potterverse.train", "optimizer.lr=abc", f"hydra.run.dir={files['tmp'] / 'run'}"],
         "error: optimizer.lr must be a number > 0 (e.g. 6e-4), got 'abc'."),
        (["potterverse.cli.generate", f"ckpt={files['model']}", "prompt=I can't"], "error: Cannot parse the argument"),
        (["potterverse.cli.export", f"ckpt={files['model']}"], "error: out is required"),
    ]:  # fmt: skip
        result = run_cli(*args)
        assert result.returncode == 2 and result.stderr.startswith(expected), result.stderr
        assert result.stderr.count("\n") == 1 and not result.stdout
    assert snapshot(files["tmp"]) == before


SHIPPED_PAGES = {"sample_corpus.pdf": [3, 59]}  # data.default_page_ranges: the sample corpus's body pages


@pytest.mark.parametrize(
    ("overrides", "pages"),
    [
        ([], SHIPPED_PAGES),
        (["data.page_range=[4,40]"], [4, 40]),  # every PDF
        (["data.page_range={sample_corpus.pdf: [5, 20]}"], {"sample_corpus.pdf": [5, 20]}),  # per file
        (["data.page_range={other.pdf: [2, 9]}"], {**SHIPPED_PAGES, "other.pdf": [2, 9]}),
        (["data.page_range=null"], SHIPPED_PAGES),
        (["data.page_range=null", "data.default_page_ranges=null"], None),  # every page
    ],
    ids=["default", "list", "mapping", "mapping-other-file", "null", "all-pages"],
)
def test_page_range_takes_each_shape_from_the_command_line(overrides, pages):
    from hydra.utils import instantiate

    from potterverse.config_checks import check_config

    cfg = compose_train("paths.output_dir=/unused", *overrides)
    check_config(cfg, "train")
    assert instantiate(cfg.data, block_size=64, _convert_="all").page_range == pages


@pytest.mark.parametrize("experiment", ["quickstart", "pretrain_scratch", "pretrain_gpt2", "finetune_scratch",
                                        "finetune_gpt2"])  # fmt: skip
def test_every_shipped_experiment_passes_the_checks(experiment):
    from potterverse.config_checks import check_config

    extra = ["init.path=/"] if experiment == "finetune_scratch" else []
    check_config(compose_train(f"experiment={experiment}", "paths.output_dir=/unused", *extra), "train")


def test_generation_prompt_longer_than_the_context_is_cropped_with_a_warning(files, monkeypatch, capsys):
    long_prompt = "prompt=" + "owl " * 200
    argv = [f"ckpt={files['model']}", long_prompt, "max_new_tokens=4"]
    code, out, err = run_main(generate_cli, argv, monkeypatch, capsys)
    assert code == 0 and "cropped from the left" in err and out.strip() == out.strip()


def test_the_sorting_hat_answer_of_generate_is_its_likeliest_house(files, monkeypatch, capsys):
    from potterverse.inference import Predictor

    prompt = "I read under the covers until three in the morning."
    predictor = Predictor.load(files["model"], "cpu")
    probs, _ = sorting.house_probabilities(predictor.loglikelihoods, predictor.tokenizer.encode, prompt)
    house = max(probs, key=probs.__getitem__)
    argv = [f"ckpt={files['model']}", "task=sorting", f"prompt={prompt}", "max_new_tokens=4", "device=cpu"]
    code, out, err = run_main(generate_cli, argv, monkeypatch, capsys)
    assert code == 0 and out.strip()  # the Hat's words, then its verdict by ranking where the words differ
    assert house.casefold() in out.casefold() or f"note: by the model's ranking the answer is {house}." in err


def test_prompt_from_standard_input(files, monkeypatch, capsys):
    model = files["model"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("I can't stop reading"))
    argv = [f"ckpt={model}", "task=none", "prompt=-", "max_new_tokens=3"]
    code, out, _ = run_main(generate_cli, argv, monkeypatch, capsys)
    quoted = [f"ckpt={model}", "task=none", 'prompt="I can\'t stop reading"', "max_new_tokens=3"]
    assert code == 0 and out.strip() and out == run_main(generate_cli, quoted, monkeypatch, capsys)[1]
    monkeypatch.setattr(sys, "stdin", io.StringIO("  "))
    code, _, err = run_main(generate_cli, [f"ckpt={model}", "prompt=-"], monkeypatch, capsys)
    assert (
        code == 2
        and err == 'error: The prompt is empty; pass prompt="..." (or prompt=- and the text on standard input).\n'
    )


# --- The demo's API: a message in the page (gradio.Error), the server carries on, nothing written ---
RUN = "finetune/2025-06-01_12-00-00"
SAMPLING = [0.8, 50, 0.95, 0, 0]  # temperature, top-k, top-p, max new tokens (0: the task's), seed
DEMO_CASES = {
    "demo-empty-sorting": ("sorting", [RUN, "  ", *SAMPLING], "Tell the Sorting Hat something about yourself first."),
    "demo-empty-spell": ("spell", [RUN, "", 3, *SAMPLING], "Describe what the spell should do first."),
    "demo-empty-chat": ("chat", [RUN, "Snape", " ", [], *SAMPLING], "Write a message first."),
    "demo-empty-free-text": ("free", [RUN, "", *SAMPLING], "Write the beginning of a text first."),
    "demo-no-run-picked": ("sorting", [None, "I read", *SAMPLING], "Pick a run first"),
    "demo-run-outside": ("sorting", ["../elsewhere", "I read", *SAMPLING], "is not one of the runs under"),
    "demo-negative-temperature": ("sorting", [RUN, "I read", -1, 50, 0.95, 0, 0], "temperature must be a number >= 0"),
    "demo-chat-without-character": (
        "chat",
        [RUN, None, "Hello", [], *SAMPLING],
        "A chat prompt needs a character",
    ),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from potterverse.checkpoints import export_model
    from potterverse.demo.app import DemoApp, tabs
    from potterverse.model import GPT, GPTConfig
    from potterverse.runs import RunMetadata

    runs = tmp_path_factory.mktemp("runs")
    meta = RunMetadata(tokenizer="gpt2", tasks={"chat": {"characters": ["Hagrid", "Snape"]}})
    export_model(GPT(GPTConfig(context_length=64, emb_dim=32, n_heads=2, n_layers=1)), runs / RUN, meta)
    return {tab.name: tab for tab in tabs(DemoApp(runs))}, runs  # each tab's answer, by task (free: free text)


@pytest.mark.parametrize("case", DEMO_CASES, ids=list(DEMO_CASES))
def test_demo_api_bad_input_is_a_message_in_the_page(case, demo):
    import gradio as gr

    tabs, runs = demo
    tab, args, expected = DEMO_CASES[case]
    before = snapshot(runs)
    if tab == "chat":
        args = [SimpleNamespace(session_hash=case), *args]  # gradio's request: only its session_hash is read
    with pytest.raises(gr.Error) as err:
        result = tabs[tab].answer(*args)
        if not isinstance(result, tuple):  # a streaming handler fails as it runs
            list(result)
    assert expected in err.value.message and "\n" not in err.value.message
    assert snapshot(runs) == before
    assert tabs["sorting"].answer(RUN, "I read books all day", *SAMPLING)[0]  # and the app carries on


def test_demo_chat_with_a_character_the_run_never_saw_says_which_it_knows(demo):
    chat = demo[0]["chat"]
    request = SimpleNamespace(session_hash="unknown-character")
    *_, (_, _, notice) = chat.answer(request, RUN, "Dobby", "Hello!", [], *SAMPLING)
    assert "this run was not trained to speak as Dobby; its characters are Hagrid, Snape." in notice
    *_, (_, _, notice) = chat.answer(request, RUN, "Hagrid", "Hello!", [], *SAMPLING)
    assert "not trained to speak" not in notice
