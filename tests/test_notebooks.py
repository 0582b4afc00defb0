"""The notebooks run top to bottom (nbclient) against a tiny sweep made by the tests, and are committed clean."""

import nbformat
import pytest

from tests.helpers.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ("explore_run.ipynb", "compare_runs.ipynb")


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name):
    code = [c for c in nbformat.read(NOTEBOOKS / name, as_version=4).cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def _execute(name: str) -> list[dict]:
    """Run every cell in a fresh kernel (started from this process's environment); return all outputs."""
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]


def _text(outputs: list[dict]) -> str:
    return "".join(o.get("text", "") + o.get("data", {}).get("text/markdown", "") for o in outputs)


@pytest.mark.slow
def test_explore_run_notebook_runs_top_to_bottom(tiny_sweep, monkeypatch):
    run = tiny_sweep / "1"
    monkeypatch.setenv("POTTERVERSE_RUN", str(run))
    outputs = _execute("explore_run.ipynb")
    text = _text(outputs)
    assert str(run) in text and "parameters" in text and "best_val_loss" in text
    assert "The old professor lifted her wand and ▶" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # the loss curves and the attention map


@pytest.mark.slow
def test_compare_runs_notebook_runs_top_to_bottom(tiny_sweep, monkeypatch):
    monkeypatch.setenv("POTTERVERSE_SWEEP", str(tiny_sweep))
    outputs = _execute("compare_runs.ipynb")
    text = _text(outputs)
    assert "# Sweep" in text and "| optimizer.lr | model.n_layers |" in text
    assert text.count("| min_lr_ratio=0.1 lr=") == 4  # one continuation per finished run, labelled by its swept values
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # the curves and the bar chart
