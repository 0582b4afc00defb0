"""scripts/benchmark.py at toy sizes: every section runs and the JSON holds its figures (no timing assertions)."""

import json
import subprocess
import sys

import pytest

from potterverse.training.hardware import cpu_has_fast_bf16
from tests.helpers.paths import ROOT

SMOKE = [
    "--threads", "1", "--sizes", "tiny", "--train-batch", "tiny=2", "--seq", "16", "--reps", "2", "--warmup", "1",
    "--no-compile", "--peak-size", "128", "--prompt", "4", "--new-tokens", "6", "--gen-batch", "1", "8",
    "--gen-reps", "1", "--bandwidth-mb", "64", "--pdf-pages", "8", "--data-reps", "1", "--start-reps", "1",
    "--loss-steps", "4", "--loss-batch", "2", "--loss-seq", "32",
]  # fmt: skip


def spread_ok(stats: dict) -> bool:
    return 0 < stats["min"] <= stats["median"] <= stats["max"]


@pytest.mark.slow
def test_benchmark_smoke_run_writes_every_section(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "scripts/benchmark.py", *SMOKE, "--json", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "**Targets**" in done.stdout and "| ours, KV cache |" in done.stdout
    assert "**Targets**" in out.with_suffix(".md").read_text()  # the tables, as markdown, beside the JSON
    r = json.loads(out.read_text())

    assert r["machine"]["threads"] == 1 and r["peak"]["fp32"]["flops"] > 0 and r["peak"]["bf16"]["flops"] > 0
    train = r["train"]["tiny"]
    assert (train["batch"], train["seq"]) == (2, 16)
    assert set(train["contenders"]) == {"ours", "transformers", "ours, vocab_multiple=64", "ours, bf16 autocast",
                                        "transformers, bf16 autocast"}  # fmt: skip
    for row in train["contenders"].values():
        assert spread_ok(row["tokens_per_s"]) and row["mfu"] > 0 and row["model_flops_per_step"] > 0
    assert all(v > 0 for v in train["ratios"].values()) and "ours_vs_transformers_fp32" in train["ratios"]

    gen = r["generate"]["tiny"]
    assert set(gen["batches"]) == {"1", "8"}
    forms = ["int8", "bf16"] if cpu_has_fast_bf16() else ["int8"]  # bf16 weights where the CPU has bf16 units
    variants = {"int8": "ours, KV cache, int8", "bf16": "ours, KV cache, bf16 weights"}
    assert set(gen["batches"]["1"]["contenders"]) == {"ours, KV cache", "transformers generate", "ours, no cache",
                                                       *(variants[f] for f in forms)}  # fmt: skip
    assert "ours, no cache" not in gen["batches"]["8"]["contenders"]  # uncached only at --uncached-batch (1)
    for batch in gen["batches"].values():
        assert batch["greedy_tokens_equal_to_transformers"] == 1.0  # same weights: the same greedy tokens
        for form in forms:
            assert 0 <= batch[f"greedy_tokens_equal_{form}_to_fp32"] <= 1 and batch["ratios"][f"{form}_vs_fp32"] > 0
        assert all(spread_ok(c["tokens_per_s"]) for c in batch["contenders"].values())
    # the bandwidth bound: tiny's weights (the tied head once, one position row) over the bandwidth measured
    assert r["memory_bytes_per_s"] > 0 and 12e6 * 4 < gen["weight_bytes_per_token"] < 12.5e6 * 4
    assert gen["bandwidth_bound_tokens_per_s"] == pytest.approx(r["memory_bytes_per_s"] / gen["weight_bytes_per_token"])
    profile = gen["batches"]["1"]["profile_ours_kv_cache"]  # where batch-1 decoding spends its time
    assert 0 < len(profile) <= 6 and 0 < sum(op["share"] for op in profile) <= 1.0 + 1e-9
    assert any(op["op"] in ("aten::mm", "aten::addmm") for op in profile) and all(op["calls"] > 0 for op in profile)
    assert "profile_ours_kv_cache" not in gen["batches"]["8"] and "of the bandwidth bound" in done.stdout

    start = r["start"]
    for key in ("generate_auto_launch_to_first_token_s", "generate_none_launch_to_first_token_s", "import_torch_s"):
        assert spread_ok(start[key]), key

    data = r["data"]
    assert data["pages"] == 8 and data["tokens"] > 0 and spread_ok(data["pdf_pages_per_s"])
    for key in ("cache_hit_setup_and_first_batch_s", "cache_hit_train_call_to_first_step_s",
                "cache_hit_launch_to_first_step_s", "import_torch_lightning_s"):  # fmt: skip
        assert spread_ok(data[key]), key

    ft = r["finetune"]
    assert ft["examples"] > 1000 and 0 <= ft["padding_fraction_bucketed"] < ft["padding_fraction_shuffled"]

    loss = r["loss"]
    assert loss["steps"] == 4 and len(loss["curve_fp32"]) == len(loss["curve_bf16"]) == 4
    assert loss["max_relative_gap"] >= 0 and set(loss["val_loss"]) == {"fp32", "bf16", "int8"}
    assert loss["int8_val_loss_relative_gap"] >= 0 and 0 <= loss["int8_greedy_tokens_equal_to_fp32"] <= 1

    names = [t["target"] for t in r["targets"]]
    assert any("ours / transformers, tiny" in n for n in names) and any("bucketing" in n for n in names)
    assert any("int8 / transformers fp32, tiny" in n for n in names) and any("first token" in n for n in names)
    assert any("share of the bandwidth bound, tiny" in n for n in names) and any("batch 8" in n for n in names)
    assert all(isinstance(t["met"], bool) for t in r["targets"])


def test_sweeps_section_counts_the_steps_until_a_trial_is_near_the_grids_best():
    from scripts.bench import sweeps

    log = [{"state": "COMPLETE", "steps": 80, "best_val_loss": 6.5},
           {"state": "PRUNED", "steps": 16, "best_val_loss": 6.0},
           {"state": "COMPLETE", "steps": 80, "best_val_loss": 6.3}]  # fmt: skip
    assert sweeps.steps_to_near(log, 6.35) == 176  # a pruned trial's loss does not count, its steps do
    assert sweeps.steps_to_near(log, 6.2) is None
    runs = sweeps.sweeps(list(sweeps.SPACE), 80)
    assert set(runs) == set(sweeps.ROWS) and runs[sweeps.GRID][0] == "-m"
    assert "hydra.sweeper.pruner.min_resource=16" in runs[sweeps.TPE_HYPERBAND]  # first rung: the first validation
