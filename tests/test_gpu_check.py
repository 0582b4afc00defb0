"""The GPU check script, in its CPU dry mode, so it cannot rot before a GPU is lent."""

import json
import subprocess
import sys

import pytest

from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.multiprocess  # its FSDP2 run: 2 CPU processes
def test_gpu_check_dry_run_trains_each_kind_of_experiment_and_writes_its_report(tmp_path):
    # one experiment of each start (scratch, a run's checkpoint, OpenAI's GPT-2 layout) besides quickstart, which
    # always runs: test_presets trains every experiment in both precisions; this holds the script's own wiring
    experiments = ["quickstart", "pretrain_cpu", "finetune_cpu", "pretrain_gpt2"]
    report = tmp_path / "benchmark_gpu.md"
    result = subprocess.run([sys.executable, "scripts/gpu_check.py", "--dry", "--report", str(report),
                             "--experiments", *experiments], cwd=ROOT, capture_output=True, text=True,
                            timeout=900)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads(report.with_suffix(".json").read_text())
    assert [r["run"] for r in results["runs"]][:4] == experiments and all(r["ok"] for r in results["runs"])
    assert all("precision=" in r["hardware"] for r in results["runs"])
    (eager,) = results["throughput"]
    assert eager["tokens_per_s"] > 0 and eager["mfu_measured_peak"] > 0
    assert results["generation"]["ours_vs_transformers"] > 0
    # FSDP2 in bf16-mixed (the GPUs' path, on 2 CPU processes): its exported model is the whole sharded checkpoint
    fsdp = results["fsdp"]
    assert fsdp["ok"] and (fsdp["devices"], fsdp["precision"]) == (2, "bf16-mixed") and fsdp["tokens_per_s"] > 0
    assert fsdp["source_checkpoint_sharded"] and fsdp["source_shards"] == 2 and fsdp["consolidated_equal_to_sharded"]
    assert fsdp["consolidated_layers"] == 2
    text = report.read_text()
    assert "CPU dry run" in text and "## FSDP2 over all GPUs" in text


def test_gpu_check_refuses_a_machine_without_a_gpu_unless_dry():
    if __import__("torch").cuda.is_available():
        pytest.skip("this machine has a GPU")
    result = subprocess.run([sys.executable, "scripts/gpu_check.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "--dry" in result.stderr
