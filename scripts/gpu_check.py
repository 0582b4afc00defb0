"""The GPU check: one prepared run, for the day a GPU machine is lent (under 8 minutes on one GPU).

    bash scripts/gpu_check.sh                          # on a GPU machine: writes docs/benchmark_gpu.md (+ .json)
    python scripts/gpu_check.py --dry --report /tmp/r.md   # the same steps on a CPU, tiny shapes (the suite runs it)

It trains every experiment a few steps through `potterverse-train` (trainer=auto, as users run them); measures
GPT-2 small at T=1024 in bf16-mixed with and without `model.compile=true` through `potterverse-train` (tokens/s from
the run's own per-step log, MFU against the bf16 matmul peak measured in the same run and against the card's data
sheet); runs FSDP2 over all GPUs in bf16-mixed and loads its consolidated weights (2 CPU processes in --dry); and
times batch-1 greedy generation against `transformers.generate` (scripts/benchmark.py's generation section). Target
(a benchmark, not a test): >= 45% MFU for small, T=1024, compiled.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.bench.models import our_model, train_flops  # noqa: E402
from scripts.bench.timing import machine, machine_peaks  # noqa: E402

EXPERIMENTS = sorted(p.stem for p in (ROOT / "configs" / "experiment").glob("*.yaml"))
TINY = ["model.n_layers=2", "model.emb_dim=64", "model.n_heads=2"]


def train_run(name: str, tmp: Path, overrides: list[str], log: list[dict]) -> Path:
    """One `potterverse-train` process; its run folder."""
    run = tmp / name
    cmd = [sys.executable, "-m", "potterverse.train", f"hydra.run.dir={run}", f"paths.cache_dir={tmp / 'cache'}",
           "trainer.enable_progress_bar=false", "trainer.enable_model_summary=false", *overrides]  # fmt: skip
    start = time.perf_counter()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    hardware = next((line.split("Hardware: ", 1)[1] for line in (run / "train.log").read_text().splitlines()
                     if "Hardware: " in line), "?") if (run / "train.log").is_file() else "?"  # fmt: skip
    log.append({"run": name, "ok": result.returncode == 0, "seconds": round(seconds, 1), "hardware": hardware,
                "error": result.stderr.strip().splitlines()[-1] if result.returncode else ""})  # fmt: skip
    print(f"[gpu_check] {name}: {'ok' if result.returncode == 0 else 'FAILED'} in {seconds:.0f} s", flush=True)
    return run


def logged_tokens_per_s(run: Path) -> float | None:
    """The median of the per-step tokens/s the run logged, over its second half (after compiling and warm-up)."""
    path = run / "csv" / "metrics.csv"
    if not path.is_file():
        return None
    with path.open() as file:
        values = [float(r["tokens_per_sec"]) for r in csv.DictReader(file) if r.get("tokens_per_sec")]
    return statistics.median(values[len(values) // 2 :]) if values else None


def hf_gpt2_folder(tmp: Path, dry: bool) -> Path:
    """OpenAI's GPT-2 cannot be downloaded here: a random GPT-2 of the same layout (small's shape; tiny in --dry)."""
    from transformers import GPT2Config, GPT2LMHeadModel

    shape = {"n_embd": 64, "n_layer": 2, "n_head": 2} if dry else {}
    out = tmp / "gpt2"
    GPT2LMHeadModel(GPT2Config(**shape)).save_pretrained(out)
    return out


def experiment_config(experiment: str):
    from hydra import compose, initialize_config_dir

    from potterverse.cli.common import CONFIG_DIR, register_resolvers

    register_resolvers()
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        return compose("train", [f"experiment={experiment}", "paths.output_dir=/unused", "init.path=x"])


def every_experiment(tmp: Path, dry: bool, log: list[dict], experiments: list[str]) -> None:
    """Each of `experiments` as shipped, 3 steps; weights from a quickstart run (which always runs) or the random
    GPT-2 folder."""
    gpt2 = hf_gpt2_folder(tmp, dry)
    steps = ["trainer.max_steps=3", "trainer.val_check_interval=3", "trainer.limit_val_batches=2"]
    pretrained = train_run("quickstart", tmp, ["experiment=quickstart", *steps, *(TINY if dry else [])], log)
    for experiment in experiments:
        if experiment == "quickstart":
            continue
        cfg = experiment_config(experiment)
        weights = {"checkpoint": [f"init.path={pretrained}"], "gpt2": [f"init.path={gpt2}"]}
        extra = [*weights.get(cfg.init.name, TINY if dry else []), *(["data.block_size=64"] if dry else [])]
        if "task_accuracy" in cfg.callbacks:
            extra.append("callbacks.task_accuracy.max_examples=4")
        train_run(experiment, tmp, [f"experiment={experiment}", *steps, *extra], log)


def throughput(tmp: Path, dry: bool, peak: dict, log: list[dict]) -> list[dict]:
    """GPT-2 small at T=1024, bf16-mixed, eager and compiled, through potterverse-train (tiny shapes in --dry)."""
    seq, batch, steps = (32, 2, 4) if dry else (1024, 16, 60)  # bf16 is emulated on most CPUs: few, small steps
    shape = TINY if dry else []
    fields = {k.removeprefix("model."): int(v) for k, v in (o.split("=") for o in shape)}
    flops_per_token = train_flops(our_model("small", torch.device("cpu"), **fields), batch, seq) / (batch * seq)
    rows = []
    for compiled in [False] if dry else [False, True]:  # compiling takes minutes on a CPU: --dry skips it
        name = f"small_T{seq}_bf16{'_compiled' if compiled else ''}"
        run = train_run(name, tmp, ["experiment=pretrain_scratch", *shape, f"data.block_size={seq}",
                                    f"data.batch_size={batch}", "trainer.accumulate_grad_batches=1",
                                    f"trainer.max_steps={steps}", f"trainer.val_check_interval={steps}",
                                    "trainer.limit_val_batches=1", "trainer.precision=bf16-mixed", "logger=csv",
                                    "trainer.log_every_n_steps=1", f"model.compile={str(compiled).lower()}",
                                    "callbacks.text_samples=null"], log)  # fmt: skip
        tokens = logged_tokens_per_s(run)
        flops = None if tokens is None else tokens * flops_per_token
        rows.append({"run": name, "compiled": compiled, "tokens_per_s": tokens,
                     "mfu_measured_peak": flops and flops / peak["measured_flops"],
                     "mfu_data_sheet_peak": flops and flops / peak["flops"]})  # fmt: skip
    return rows


def fsdp_run(tmp: Path, dry: bool, log: list[dict]) -> dict:
    """FSDP2 (trainer=fsdp) over every GPU of the machine, bf16-mixed, a few steps of GPT-2 small; its run folder's
    consolidated model.safetensors must load as whole weights equal to the sharded checkpoint they came from.
    In --dry: the same on 2 CPU processes (gloo), tiny shapes."""
    devices = 2 if dry else torch.cuda.device_count()
    where = ["trainer.accelerator=cpu", *TINY, "data.block_size=32"] if dry else ["trainer.accelerator=gpu"]
    batch, steps = (2, 4) if dry else (8, 6)
    run = train_run("fsdp", tmp, ["experiment=pretrain_scratch", "trainer=fsdp", f"trainer.devices={devices}",
                                  "trainer.precision=bf16-mixed", *where, f"data.batch_size={batch}",
                                  "trainer.accumulate_grad_batches=1", f"trainer.max_steps={steps}",
                                  f"trainer.val_check_interval={steps}", "trainer.limit_val_batches=2", "logger=csv",
                                  "trainer.log_every_n_steps=1", "callbacks.text_samples=null"], log)  # fmt: skip
    result = {"devices": devices, "accelerator": "cpu" if dry else "gpu", "precision": "bf16-mixed",
              "tokens_per_s": logged_tokens_per_s(run), "ok": log[-1]["ok"]}  # fmt: skip
    if result["ok"]:
        try:
            result.update(consolidated_weights(run))
            error = None if result["consolidated_equal_to_sharded"] else "model.safetensors differs from its checkpoint"
        except Exception as e:  # the report is still written, with the reason
            error = f"the consolidated weights do not load: {type(e).__name__}: {e}"
        if error:
            log[-1].update(ok=False, error=error)
            result.update(ok=False, error=error)
    return result


def consolidated_weights(run: Path) -> dict:
    """Whether the run folder's exported model (model.safetensors + model_config.json) loads as whole weights, and
    equals the sharded (DCP) checkpoint it was exported from, read whole."""
    from potterverse.checkpoints import load_model
    from potterverse.formats import is_sharded_checkpoint

    exported, meta = load_model(run)  # strict: every tensor of the configured shape
    best = json.loads((run / "metrics.json").read_text())["best_checkpoint"]
    source = Path(best) if best else run / "checkpoints" / "last.ckpt"
    whole, _ = load_model(source)
    reference = whole.state_dict()
    return {
        "consolidated_params": exported.num_params(),
        "consolidated_layers": meta.model_config["n_layers"],
        "source_checkpoint_sharded": is_sharded_checkpoint(source),
        "source_shards": len(list(source.glob("*.distcp"))) if source.is_dir() else 0,
        "consolidated_equal_to_sharded": all(torch.equal(v, reference[k]) for k, v in exported.state_dict().items()),
    }


def generation(tmp: Path, dry: bool) -> dict:
    out = tmp / "generate.json"
    size, tokens = ("tiny", ["--new-tokens", "8", "--prompt", "8", "--gen-reps", "1"]) if dry else ("small", [])
    cmd = [sys.executable, str(ROOT / "scripts" / "benchmark.py"), "--sections", "generate", "--sizes", size,
           "--gen-batch", "1", "--uncached-batch", "0", "--bandwidth-mb", "64", "--json", str(out),
           *tokens]  # fmt: skip
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        return {"error": result.stderr.strip().splitlines()[-1]}
    batch1 = json.loads(out.read_text())["generate"][size]["batches"]["1"]
    rates = {name: c["tokens_per_s"]["median"] for name, c in batch1["contenders"].items()}
    return {"size": size, "tokens_per_s": rates, "ours_vs_transformers": batch1["ratios"]["cache_vs_transformers"]}


def report(results: dict) -> str:
    m = results["machine"]
    lines = [f"# GPU check{' (CPU dry run: tiny shapes, not a measurement)' if results['dry'] else ''}", "",
             f"`{results['command']}` on {m.get('device', '?')}, torch {torch.__version__}, "
             f"{results['wall_s']:.0f} s in all.", "", "## Every experiment, a few steps (trainer=auto)", "",
             "| run | result | s | hardware chosen |", "|---|---|---:|---|"]  # fmt: skip
    for r in results["runs"]:
        result = "ok" if r["ok"] else f"FAILED: {r['error']}"
        lines.append(f"| {r['run']} | {result} | {r['seconds']} | {r['hardware']} |")
    peak = results["peak"]
    lines += ["", "## GPT-2 small, T=1024, bf16-mixed, through potterverse-train", "",
              f"bf16 matmul peak measured here: {peak['measured_flops'] / 1e12:.1f} TFLOP/s; data sheet: "
              f"{peak['flops'] / 1e12:.1f} TFLOP/s ({peak['source']}). Target: >= 45% MFU compiled.", "",
              "| run | tokens/s | MFU (measured peak) | MFU (data sheet) |", "|---|---:|---:|---:|"]  # fmt: skip
    pct = lambda v: "-" if v is None else f"{v:.1%}"  # noqa: E731
    for r in results["throughput"]:
        tokens = "-" if r["tokens_per_s"] is None else f"{r['tokens_per_s']:,.0f}"
        lines.append(f"| {r['run']} | {tokens} | {pct(r['mfu_measured_peak'])} | {pct(r['mfu_data_sheet_peak'])} |")
    lines += ["", "## FSDP2 over all GPUs (2 CPU processes in --dry), bf16-mixed", "",
              f"`{json.dumps(results['fsdp'])}`", "",
              "## Batch-1 greedy generation against transformers.generate", "",
              f"`{json.dumps(results['generation'])}`", ""]  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dry", action="store_true", help="on a CPU, tiny shapes: checks the script, measures nothing")
    p.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmark_gpu.md")
    p.add_argument("--experiments", nargs="+", default=EXPERIMENTS, choices=EXPERIMENTS, metavar="NAME",
                   help="the experiments trained a few steps (default: every one; quickstart always runs, as the "
                   "weights the fine-tunes start from)")  # fmt: skip
    args = p.parse_args(argv)
    if not args.dry and not torch.cuda.is_available():
        p.error("no CUDA GPU here: run it on a GPU machine, or with --dry to check the script on a CPU")
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(ROOT.parent / "shared" / "tiktoken_cache"))
    start = time.perf_counter()
    device = torch.device("cuda" if torch.cuda.is_available() and not args.dry else "cpu")
    results: dict = {"dry": args.dry, "command": " ".join(["python scripts/gpu_check.py", *(argv or sys.argv[1:])]),
                     "machine": machine(device), "runs": []}  # fmt: skip
    results["peak"] = machine_peaks(512 if args.dry else 8192, 3, device)["bf16"]
    with tempfile.TemporaryDirectory(prefix="gpu_check_") as tmp:
        tmp = Path(tmp)
        every_experiment(tmp, args.dry, results["runs"], args.experiments)
        results["throughput"] = throughput(tmp, args.dry, results["peak"], results["runs"])
        results["fsdp"] = fsdp_run(tmp, args.dry, results["runs"])
        results["generation"] = generation(tmp, args.dry)
    results["wall_s"] = time.perf_counter() - start
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report(results))
    args.report.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str))
    print(report(results))
    failed = [r["run"] for r in results["runs"] if not r["ok"]]
    if failed:
        print(f"[gpu_check] failed runs: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)
    return results


if __name__ == "__main__":
    main()
