"""The inference entry points answer without importing what only training or the demo needs (issue 17: fast start)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

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
