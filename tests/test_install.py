"""Installed, not just checked out: the wheel built from this checkout, installed into a fresh virtual environment,
trains, generates and evaluates from an unrelated folder, with its configs, sample corpus and task data coming
from the installed package, runs going to ./outputs and the token cache to the user's cache folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(cmd)}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A venv holding the wheel (non-editable). Its dependencies are this environment's, seen through a .pth file
    (installing torch and the rest again would take minutes and the same wheels), so what is tested is the
    package itself: what the wheel carries and how it finds its files."""
    tmp = tmp_path_factory.mktemp("install")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp / "dist"),
          str(ROOT)], cwd=tmp, env=dict(os.environ))  # fmt: skip
    (wheel,) = (tmp / "dist").glob("potterverse-*.whl")
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp, env=dict(os.environ))
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp,
                     dict(os.environ)).stdout.strip())  # fmt: skip
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)], tmp,
         dict(os.environ))  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PROJECT_ROOT")}
    env.update(PATH=f"{venv / 'bin'}:{env['PATH']}", HOME=str(tmp / "home"), PYTHONWARNINGS="ignore")
    env.pop("XDG_CACHE_HOME", None)  # the default: ~/.cache/potterverse
    return venv, env


def test_the_wheel_carries_every_subpackage_and_the_configs(installed):
    venv, env = installed
    code = "import potterverse, pathlib; print(pathlib.Path(potterverse.__file__).parent)"
    package = Path(_run([str(venv / "bin" / "python"), "-c", code], Path("/"), env).stdout.strip())
    assert package.is_relative_to(venv), package  # the installed copy, not this checkout
    source = {p.parent.relative_to(ROOT) for p in (ROOT / "potterverse").rglob("*.py")}
    shipped = {p.parent.relative_to(package.parent) for p in package.rglob("*.py")}
    assert source <= shipped, f"missing from the wheel (pyproject.toml packages): {source - shipped}"
    configs = {p.relative_to(ROOT / "configs") for p in (ROOT / "configs").rglob("*.yaml")}
    assert configs == {p.relative_to(package / "configs") for p in (package / "configs").rglob("*.yaml")}
    assert (package / "resources" / "sample_corpus.pdf").is_file()


def test_train_generate_and_evaluate_from_an_unrelated_folder(installed, tmp_path):
    venv, env = installed
    bin_ = venv / "bin"
    work = tmp_path / "somewhere"
    work.mkdir()
    tiny = ["model.n_layers=2", "model.emb_dim=64", "model.n_heads=2", "data.block_size=64", "data.batch_size=4",
            "data.val_windows=4", "trainer.max_steps=2", "trainer.val_check_interval=2",
            "trainer.enable_progress_bar=false", "callbacks.text_samples.max_new_tokens=4"]  # fmt: skip
    _run([str(bin_ / "potterverse-train"), "experiment=quickstart", "hydra.run.dir=outputs/run", *tiny], work, env)
    run = work / "outputs" / "run"
    assert (run / "model.safetensors").is_file() and (run / ".hydra").is_dir() and (run / "train.log").is_file()
    cache = Path(env["HOME"]) / ".cache" / "potterverse"
    assert any(cache.rglob("*.bin")), "the token cache goes to the user's cache folder"
    out = _run([str(bin_ / "potterverse-generate"), "ckpt=outputs/run", "prompt=The lantern", "max_new_tokens=5"],
               work, env)  # fmt: skip
    assert out.stdout.strip()
    _run([str(bin_ / "potterverse-eval"), "ckpt=outputs/run", "max_per_task=2"], work, env)
    assert (run / "eval.json").is_file()
    assert sorted(p.name for p in work.iterdir()) == ["outputs"]  # nothing else written in the folder


def test_users_add_their_own_experiment_without_editing_the_package(installed, tmp_path):
    venv, env = installed
    mine = tmp_path / "my_configs" / "experiment"
    mine.mkdir(parents=True)
    (mine / "my_books.yaml").write_text(
        "# @package _global_\ndefaults:\n  - override /model: tiny\nrun_name: my_books\noptimizer:\n  lr: 2.0e-3\n"
        "scheduler:\n  decay_steps: 700\n"
    )
    out = _run([str(venv / "bin" / "potterverse-train"), f"--config-dir={tmp_path / 'my_configs'}",
                "experiment=my_books", "--cfg", "job"], tmp_path, env)  # fmt: skip
    assert "run_name: my_books" in out.stdout and "lr: 0.002" in out.stdout and "decay_steps: 700" in out.stdout
    # a value of the user's own YAML is checked by the installed schema: one line, status 2; a --config-dir command
    # line goes through Hydra's main, so the check runs as the job starts: only its .hydra/ and train.log are written
    (mine / "my_typo.yaml").write_text("# @package _global_\nscheduler:\n  decay_steps: 0\n")
    cmd = [str(venv / "bin" / "potterverse-train"), f"--config-dir={tmp_path / 'my_configs'}", "experiment=my_typo"]
    before = sorted(tmp_path.rglob("*"))
    bad = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert bad.returncode == 2 and bad.stderr.startswith("error: scheduler.decay_steps must be"), bad.stderr
    written = {p.name for p in set(tmp_path.rglob("*")) - set(before) if p.is_file()}
    assert written <= {"config.yaml", "hydra.yaml", "overrides.yaml", "train.log"}, written
