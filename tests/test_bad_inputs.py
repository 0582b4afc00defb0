"""Each user mistake: one line on stderr that says what and how to fix, exit status 2, no traceback."""

import sys

import pytest

from potterverse.cli import generate as generate_cli
from potterverse.cli import train as train_cli

from .test_pdf_cleaning import SAMPLE_PDF


def run_main(module, argv, monkeypatch, capsys) -> tuple[int, str, str]:
    from hydra.core.global_hydra import GlobalHydra

    GlobalHydra.instance().clear()
    # Hydra configures logging for a job; in-process, leave the test session's logging (and caplog) alone.
    quiet = ["hydra/job_logging=none", "hydra/hydra_logging=none"]
    monkeypatch.setattr(sys, "argv", ["potterverse", *argv, *quiet])
    code = 0
    try:
        module.main()
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def truncated_ckpt(tmp_path):
    path = tmp_path / "cut.ckpt"
    path.write_bytes(b"PK\x03\x04 not a whole checkpoint")
    return path


CASES = {
    "unknown-preset": (["model=huge"], "Unknown model 'huge'; choose one of: large, medium, small, tiny, xl"),
    "unknown-experiment": (["experiment=nope"], "Unknown experiment 'nope'; choose one of: finetune_gpt2"),
    "zero-batch": (["data.batch_size=0"], "data.batch_size must be a positive integer, got 0."),
    "block-too-long": (["data.block_size=4096"], "data.block_size=4096 is longer than the model's context length"),
    "missing-init": (["init=checkpoint", "init.path={tmp}/nowhere"], "does not exist; pass a run folder"),
    "truncated-init": (["init=checkpoint", "init.path={ckpt}"], "is truncated or corrupt"),
    "missing-corpus": (["data.corpus={tmp}/none.pdf"], "none.pdf does not exist; set data.corpus"),
    "bad-task-file": (["data=finetune", "data.tasks.spell.train={pdf}"], "bytes that are not UTF-8"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_train_bad_input_is_one_clear_line(case, tmp_path, truncated_ckpt, monkeypatch, capsys):
    args, expected = CASES[case]
    argv = [a.format(tmp=tmp_path, ckpt=truncated_ckpt, pdf=SAMPLE_PDF) for a in args]
    code, out, err = run_main(train_cli, [*argv, f"hydra.run.dir={tmp_path / 'run'}"], monkeypatch, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[-1].startswith("error: ") and expected in lines[-1], err
    assert "Traceback" not in out + err


def test_debug_errors_shows_the_traceback(tmp_path, monkeypatch, capsys):
    argv = [f"data.corpus={tmp_path}/x.pdf", "debug_errors=true", f"hydra.run.dir={tmp_path / 'run'}"]
    code, _, err = run_main(train_cli, argv, monkeypatch, capsys)
    assert code == 2 and "Traceback" in err and err.strip().splitlines()[-1].startswith("error: Corpus path")


def test_generation_arguments_out_of_range(tmp_path, monkeypatch, capsys):
    from potterverse.checkpoints import export_model
    from potterverse.model import GPT, GPTConfig

    export_model(GPT(GPTConfig(context_length=32, emb_dim=32, n_heads=2, n_layers=1)), tmp_path, {})
    for arg, expected in [("temperature=-1", "temperature must be >= 0"), ("top_k=0", "top_k must be >= 1")]:
        code, _, err = run_main(generate_cli, [f"ckpt={tmp_path}", "prompt=hi", arg], monkeypatch, capsys)
        assert code == 2 and err.strip() == f"error: {err.strip().removeprefix('error: ')}" and expected in err
    # a prompt longer than the context window is cropped with a warning, not an error
    long_prompt = "prompt=" + "owl " * 200
    code, out, err = run_main(generate_cli, [f"ckpt={tmp_path}", long_prompt, "max_new_tokens=4"], monkeypatch, capsys)
    assert code == 0 and "cropped from the left" in err and out.strip() == out.strip()


def test_prompt_from_standard_input(tmp_path, monkeypatch, capsys):
    import io

    from potterverse.checkpoints import export_model
    from potterverse.model import GPT, GPTConfig

    export_model(GPT(GPTConfig(context_length=32, emb_dim=32, n_heads=2, n_layers=1)), tmp_path, {})
    monkeypatch.setattr(sys, "stdin", io.StringIO("I can't stop reading"))
    argv = [f"ckpt={tmp_path}", "task=none", "prompt=-", "max_new_tokens=3"]
    code, out, _ = run_main(generate_cli, argv, monkeypatch, capsys)
    quoted = [f"ckpt={tmp_path}", "task=none", 'prompt="I can\'t stop reading"', "max_new_tokens=3"]
    assert code == 0 and out.strip() and out == run_main(generate_cli, quoted, monkeypatch, capsys)[1]
    monkeypatch.setattr(sys, "stdin", io.StringIO("  "))
    code, _, err = run_main(generate_cli, [f"ckpt={tmp_path}", "prompt=-"], monkeypatch, capsys)
    assert code == 2 and "The prompt is empty" in err
