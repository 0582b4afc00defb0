"""The inference entry points answer without importing what only training or the demo needs (issue 17: fast start)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers.paths import ROOT

HEAVY = ("lightning", "lightning_fabric", "pytorch_lightning", "torchmetrics", "transformers", "gradio")
# Imports the module named by argv[1] in a fresh interpreter and prints the heavy modules it loaded, as JSON.
PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
heavy = sys.argv[2].split(",")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy or m.startswith("torch._dynamo"))))
"""


def heavy_imports(module: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", PROBE, module, ",".join(HEAVY)], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["potterverse.cli.generate", "potterverse.cli.evaluate", "potterverse.cli.chat"])
def test_inference_cli_imports_no_training_stack(module):
    loaded = heavy_imports(module)
    assert loaded == [], f"{module} imports {', '.join(loaded[:8])}"


def test_training_cli_still_imports_lightning():
    """The probe sees a heavy import when there is one (so the test above can fail): the train CLI loads Lightning."""
    assert "lightning" in heavy_imports("potterverse.cli.train")


# Runs potterverse-generate's console script on argv[1:] with Hydra's composition counted; an atexit handler reports
# the count and whether the garbage collector is back on, so it also shows that the script's fast exit still runs
# atexit's handlers.
COUNT_COMPOSE = """
import atexit, gc, sys
from hydra._internal.config_loader_impl import ConfigLoaderImpl

calls = []
load = ConfigLoaderImpl.load_configuration
ConfigLoaderImpl.load_configuration = lambda self, *a, **k: calls.append(1) or load(self, *a, **k)
atexit.register(lambda: print(f"composed {len(calls)}, gc {gc.isenabled()}", file=sys.stderr))
sys.argv = ["potterverse-generate", *sys.argv[1:]]
from potterverse.__main__ import generate
generate()
print("not reached: the console script ends the process", file=sys.stderr)
"""


@pytest.fixture(scope="module")
def tiny_export(tmp_path_factory):
    from potterverse.checkpoints import export_model
    from potterverse.model import GPT, GPTConfig
    from potterverse.runs import RunMetadata

    run = tmp_path_factory.mktemp("fast") / "run"
    export_model(GPT(GPTConfig(context_length=32, emb_dim=32, n_heads=2, n_layers=1)), run, RunMetadata())
    return run


def generate_counting_composes(*argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", COUNT_COMPOSE, *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True)  # fmt: skip


def test_an_answer_composes_its_config_once_and_exits_through_atexit(tiny_export):
    """The command line's check composes the config, and that config is the one run: Hydra's main, which would
    compose it twice more, is not entered."""
    done = generate_counting_composes(f"ckpt={tiny_export}", "prompt=Hello", "max_new_tokens=3", "device=cpu")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() and done.stderr.splitlines()[-1] == "composed 1, gc True", done.stderr[-3000:]


def test_flags_still_go_through_hydras_main(tiny_export):
    done = generate_counting_composes(f"ckpt={tiny_export}", "prompt=Hello", "--cfg", "job")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "prompt: Hello" in done.stdout and "quantize: auto" in done.stdout  # Hydra printed the composed config
    assert "not reached" not in done.stderr


def test_a_reader_that_goes_away_gets_no_traceback(tiny_export):
    """`potterverse-generate ... | head -c 3`: the answer's print meets a closed pipe; the command ends quietly."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    script = "from potterverse.__main__ import generate; generate()"
    argv = [f"ckpt={tiny_export}", "prompt=Hello", "max_new_tokens=3", "device=cpu"]
    with subprocess.Popen([sys.executable, "-c", script, *argv], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as proc:  # fmt: skip
        proc.stdout.close()  # before the answer is printed: loading the model takes far longer than this
        err = proc.stderr.read()
    assert proc.returncode == 120 and "Traceback" not in err, err[-3000:]
