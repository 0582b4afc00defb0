"""Section 3: greedy generation, ours (KV cache; int8 and bf16 weights where the machine has them; no cache) against
transformers' `generate` with the same weights, batch 1 and 8, beside the memory-bandwidth bound of a decoding step."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TypedDict

import torch

from scripts.bench.models import our_model, our_model_context, transformers_twin
from scripts.bench.targets import Target
from scripts.bench.timing import Stats, fmt, interleaved, memory_bandwidth, rate, speedup, spread, synchronize


class Contender(TypedDict):
    tokens_per_s: Stats
    call_s: Stats


class GenerateResult(TypedDict):
    prompt: int
    new_tokens: int
    context: int
    batches: dict[str, dict]  # batch size -> contenders, ratios, greedy agreement (and batch 1's profile)
    weight_bytes_per_token: int
    bandwidth_bound_tokens_per_s: float


def batch_ratio(key: str, batch: str = "1") -> Callable[[GenerateResult], float | None]:
    """The ratio `key` at `batch`, where measured."""
    return lambda r: r["batches"].get(batch, {}).get("ratios", {}).get(key)


def fp32_share_of_bound(r: GenerateResult) -> float | None:
    one = r["batches"].get("1")
    if one is None:
        return None
    return one["contenders"]["ours, KV cache"]["tokens_per_s"]["median"] / r["bandwidth_bound_tokens_per_s"]


def fastest_at_batch_8(r: GenerateResult) -> float | None:
    """The best of our weight formats against transformers fp32 at batch 8."""
    ratios = r["batches"].get("8", {}).get("ratios", {})
    return max((v for k, v in ratios.items() if k.endswith("_vs_transformers")), default=None)


OTHER_SIZES = ("small", "medium", "large", "xl")
TARGETS = (
    Target("generate batch 1, ours (cache) / transformers, {size}", ">= 2",
           batch_ratio("cache_vs_transformers"), per_size=True),
    Target("generate batch 1, ours fp32, share of the bandwidth bound, {size}", ">= 0.80", fp32_share_of_bound,
           per_size=True),
    Target("generate batch 1, ours int8 / transformers fp32, {size}", ">= 2.5", batch_ratio("int8_vs_transformers"),
           per_size=True, sizes=("tiny",)),
    Target("generate batch 1, ours int8 / transformers fp32, {size}", ">= 2.0", batch_ratio("int8_vs_transformers"),
           per_size=True, sizes=OTHER_SIZES),
    Target("generate batch 1, ours bf16 / transformers fp32, {size}", ">= 2.0", batch_ratio("bf16_vs_transformers"),
           per_size=True),
    Target("generate batch 1, cache / no cache, {size}", ">= 10", batch_ratio("cache_vs_no_cache"), per_size=True),
    Target("generate batch 8, ours (fastest weight format) / transformers fp32, {size}", ">= 1.5", fastest_at_batch_8,
           per_size=True),
)  # fmt: skip


def add_arguments(p) -> None:
    p.add_argument("--prompt", type=int, default=64, help="prompt tokens for generation")
    p.add_argument("--new-tokens", type=int, default=256)
    p.add_argument("--gen-batch", nargs="+", type=int, default=[1, 8])
    p.add_argument("--uncached-batch", nargs="+", type=int, default=[1], help="batches that also run without cache")
    p.add_argument("--gen-reps", type=int, default=3)
    p.add_argument("--bandwidth-mb", type=int, default=1024, help="MiB summed to measure memory bandwidth")


def check_arguments(args, p) -> None:
    if args.bandwidth_mb < 1:
        p.error(f"--bandwidth-mb must be at least 1 (MiB summed to measure memory bandwidth), got {args.bandwidth_mb}")


def generation_contenders(ours, theirs, variants: dict, prompt: torch.Tensor, new_tokens: int, uncached: bool,
                          outputs: dict) -> dict:  # fmt: skip
    """Greedy generation of `new_tokens` tokens by each contender; each keeps its last output in `outputs`.
    `variants`: other forms of ours by contender name (int8 weights, bf16 weights), where the machine has them."""
    from potterverse.generation import Sampling, generate

    mask = torch.ones_like(prompt)
    greedy = Sampling(max_new_tokens=new_tokens)
    calls = {
        "ours, KV cache": lambda: generate(ours, prompt, greedy),
        **{name: (lambda m=model: generate(m, prompt, greedy)) for name, model in variants.items()},
        "transformers generate": lambda: theirs.generate(
            prompt, attention_mask=mask, max_new_tokens=new_tokens, do_sample=False, pad_token_id=0
        ),
    }
    if uncached:
        calls["ours, no cache"] = lambda: generate(ours, prompt, greedy, use_cache=False)
    return {name: (lambda name=name, call=call: outputs.__setitem__(name, call())) for name, call in calls.items()}


def weight_bytes_per_token(model) -> int:
    """Bytes of weights one decoding step reads: every parameter (the tied head once) but the position table, of
    which it reads one row."""
    return sum(p.numel() * p.element_size() for p in model.parameters()) - model.pos_emb.weight.nbytes


def decode_profile(call: Callable[[], object], device: torch.device, top: int) -> list[dict]:
    """The ops that take the most time in one call, with their share of it (torch.profiler, self time)."""
    from torch.profiler import ProfilerActivity, profile

    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device.type == "cuda" else [])
    with profile(activities=activities) as prof:
        call()
        synchronize(device)
    attr = "self_device_time_total" if device.type == "cuda" else "self_cpu_time_total"
    events = [e for e in prof.key_averages() if getattr(e, attr) > 0]
    total = sum(getattr(e, attr) for e in events)
    events.sort(key=lambda e: getattr(e, attr), reverse=True)
    return [{"op": e.key, "share": getattr(e, attr) / total, "calls": e.count} for e in events[:top]]


# The weight formats set against ours in fp32: contender name -> the key of its ratios
VARIANTS = {"ours, KV cache, int8": "int8", "ours, KV cache, bf16 weights": "bf16"}


def decoding_variants(ours, device: torch.device) -> dict:
    """Ours with int8 weights (quantize=int8: CPU only) and with bf16 weights (a GPU, or a CPU with bf16 units)."""
    from potterverse.model.kernels import for_decoding
    from potterverse.training.hardware import cpu_has_fast_bf16

    variants = {}
    if device.type == "cpu":
        variants["ours, KV cache, int8"] = for_decoding(copy.deepcopy(ours), "int8")
    if device.type == "cuda" or cpu_has_fast_bf16():
        variants["ours, KV cache, bf16 weights"] = for_decoding(copy.deepcopy(ours).to(torch.bfloat16))
    return variants


def run(args, device: torch.device, results: dict) -> dict[str, GenerateResult]:
    """Per model size and batch: tokens/s of greedy decoding, ours (KV cache, other weight formats, no cache)
    against transformers' `generate`, and the bound memory bandwidth puts on a decoding step."""
    from potterverse.model.kernels import for_decoding

    results["memory_bytes_per_s"] = bandwidth = memory_bandwidth(args.bandwidth_mb, 5, device)
    results = {}
    for size in args.sizes:
        # the window must hold prompt + answer (tiny's preset context of 256 does not hold 64 + 256)
        context = max(our_model_context(size), args.prompt + args.new_tokens)
        ours = our_model(size, device, context_length=context).eval()
        theirs = transformers_twin(ours).eval()
        theirs.generation_config.eos_token_id = None  # always `new_tokens` tokens, as ours without eos_id
        variants = decoding_variants(ours, device)
        ours = for_decoding(ours)  # the decode kernels Predictor.load gives it (a CPU's fp32 weight copies)
        per_batch = {}
        for batch in args.gen_batch:
            ids = torch.randint(
                0, ours.config.vocab_size, (batch, args.prompt), generator=torch.Generator().manual_seed(2)
            )
            outputs: dict[str, torch.Tensor] = {}
            contenders = generation_contenders(
                ours, theirs, variants, ids.to(device), args.new_tokens, batch in args.uncached_batch, outputs
            )
            with torch.inference_mode():
                seconds = interleaved(contenders, args.gen_reps, 1, device)
            ratios = {"cache_vs_transformers": speedup(seconds, "ours, KV cache", "transformers generate")}
            agreement = {}
            for name in variants:
                key = VARIANTS[name]
                ratios[f"{key}_vs_transformers"] = speedup(seconds, name, "transformers generate")
                ratios[f"{key}_vs_fp32"] = speedup(seconds, name, "ours, KV cache")
                agree = outputs[name][:, args.prompt :] == outputs["ours, KV cache"][:, args.prompt :]
                agreement[f"greedy_tokens_equal_{key}_to_fp32"] = agree.float().mean().item()
            if "ours, no cache" in seconds:
                ratios["cache_vs_no_cache"] = speedup(seconds, "ours, KV cache", "ours, no cache")
            same = outputs["ours, KV cache"] == outputs["transformers generate"]
            per_batch[str(batch)] = {
                "contenders": {
                    name: {"tokens_per_s": rate(batch * args.new_tokens, s), "call_s": spread(s)}
                    for name, s in seconds.items()
                },
                "ratios": ratios,
                "greedy_tokens_equal_to_transformers": same.float().mean().item(),
                **agreement,
            }
            if batch == 1:
                with torch.inference_mode():
                    per_batch["1"]["profile_ours_kv_cache"] = decode_profile(contenders["ours, KV cache"], device, 6)
        weight_bytes = weight_bytes_per_token(ours)
        results[size] = GenerateResult(
            prompt=args.prompt,
            new_tokens=args.new_tokens,
            context=context,
            batches=per_batch,
            weight_bytes_per_token=weight_bytes,
            # batch 1 reads every weight once per token: no contender can beat memory bandwidth / weight bytes
            bandwidth_bound_tokens_per_s=bandwidth / weight_bytes,
        )
    return results


def markdown(result: dict[str, GenerateResult], results: dict) -> list[str]:
    lines = []
    for size, r in result.items():
        for batch, b in r["batches"].items():
            title = f"**Generation, {size}, batch {batch}** (greedy, {r['prompt']}-token prompt, {r['new_tokens']} new)"
            lines += [f"\n{title}\n", "| contender | tokens/s median (min-max) | of the bandwidth bound |",
                      "|---|---:|---:|"]  # fmt: skip
            bound = r["bandwidth_bound_tokens_per_s"] * int(batch)  # a batch reads the weights once per step
            lines += [f"| {name} | {fmt(c['tokens_per_s'], 1)} | {c['tokens_per_s']['median'] / bound:.0%} |"
                      for name, c in b["contenders"].items()]  # fmt: skip
            if "profile_ours_kv_cache" in b:
                ops = ", ".join(f"{o['op']} {o['share']:.0%}" for o in b["profile_ours_kv_cache"])
                lines.append(f"\nProfile of ours, KV cache (torch.profiler, self time): {ops}")
        lines.append(
            f"\nBandwidth bound, {size}: a decoding step reads {r['weight_bytes_per_token'] / 1e6:.1f} MB of weights; "
            f"at the {results['memory_bytes_per_s'] / 1e9:.1f} GB/s measured here that is at most "
            f"{r['bandwidth_bound_tokens_per_s']:.1f} steps/s."
        )
    return lines
