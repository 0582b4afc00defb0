"""The Gradio demo: run discovery, the API of each tab against a live server on a free localhost port, safety
(malicious pickle, path traversal, broken checkpoints), concurrency, the Stop button, and a real browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from PIL import Image

from potterverse.checkpoints import export_model
from potterverse.errors import CheckpointError
from potterverse.model.gpt import GPT, GPTConfig
from potterverse.runs import EXPORT_WEIGHTS, RunMetadata
from potterverse.tasks.sorting import HOUSES
from tests.helpers.commands import run_cli
from tests.helpers.net import free_port
from tests.helpers.paths import ROOT

TINY = GPTConfig(vocab_size=50257, context_length=128, emb_dim=32, n_heads=2, n_layers=2)
GOOD = "finetune/2025-06-01_12-00-00"
SAMPLING = [0.8, 50, 0.95, 0, 0]  # temperature, top-k, top-p, max new tokens (0: the task's), seed


class CreatesAFile:
    """Unpickling this would call open(path, "w"): a stand-in for code that runs when a checkpoint is loaded."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def export_tiny_run(folder: Path, seed: int = 0, config: GPTConfig = TINY, **metrics) -> None:
    torch.manual_seed(seed)
    meta = RunMetadata(tokenizer="gpt2", experiment="finetune_scratch", init={"name": "checkpoint", "path": "x"})
    model = GPT(config)
    export_model(model, folder, meta)
    (folder / "metrics.json").write_text(json.dumps({"params": model.num_params(), **metrics}))
    Image.new("RGB", (80, 50), "white").save(folder / "loss.png")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> SimpleNamespace:
    """A runs folder with one good tiny run and the kinds of bad ones the demo must survive."""
    tmp = tmp_path_factory.mktemp("demo")
    root = tmp / "outputs"
    export_tiny_run(root / GOOD, best_val_loss=3.25, **{"val/sorting_acc": 0.5, "val/spell_acc": 0.25})
    export_tiny_run(root / "quickstart/2025-05-01_08-00-00", seed=1, best_val_loss=5.5)

    marker = tmp / "pwned.txt"
    evil = root / "evil/checkpoints/last.ckpt"
    evil.parent.mkdir(parents=True)
    torch.save({"state_dict": {"x": CreatesAFile(marker)}, "potterverse": {"model_config": TINY.to_dict()}}, evil)

    from safetensors.torch import save_file

    other = GPT(GPTConfig(vocab_size=50257, context_length=128, emb_dim=16, n_heads=2, n_layers=2)).state_dict()
    (root / "wrong_shape").mkdir()
    tensors = {k: v.contiguous() for k, v in other.items() if k != "head.weight"}
    save_file(tensors, root / "wrong_shape" / EXPORT_WEIGHTS, metadata={"model_config": json.dumps(TINY.to_dict())})

    good_bytes = (root / GOOD / EXPORT_WEIGHTS).read_bytes()
    (root / "truncated").mkdir()
    (root / "truncated" / EXPORT_WEIGHTS).write_bytes(good_bytes[: len(good_bytes) // 2])

    outside = tmp / "elsewhere"  # reachable only through a link: must not be offered
    export_tiny_run(outside)
    (root / "linked").symlink_to(outside, target_is_directory=True)

    now = time.time()
    for i, key in enumerate([GOOD, "quickstart/2025-05-01_08-00-00", "evil", "wrong_shape", "truncated"]):
        weights = next(p for p in (root / key).rglob("*") if p.suffix in (".safetensors", ".ckpt"))
        os.utime(weights, (now - 60 * i, now - 60 * i))  # GOOD is the newest
    return SimpleNamespace(root=root, marker=marker, outside=outside)


@pytest.fixture(scope="module")
def server(runs):
    from potterverse.demo.app import build_demo, launch

    demo = build_demo(runs.root)
    url = launch(demo, port=free_port(), block=False)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    return Client(server, verbose=False)


# --- Run discovery and the cache ---


def test_runs_are_found_newest_first_with_their_metrics(runs):
    from potterverse.demo.runs import RunIndex

    index = RunIndex(runs.root)
    keys = [r.key for r in index.runs]
    assert keys == [GOOD, "quickstart/2025-05-01_08-00-00", "evil", "wrong_shape", "truncated"]
    good = index.get(GOOD)
    assert good.experiment == "finetune_scratch" and good.init == "checkpoint"
    assert good.accuracies == {"sorting": 0.5, "spell": 0.25}
    assert "1.6M params" in good.label and "val loss 3.250" in good.label and "sorting 50%" in good.label


def test_only_listed_runs_can_be_loaded(runs):
    from potterverse.demo.runs import RunIndex

    index = RunIndex(runs.root)
    for key in ["../elsewhere", "linked", str(runs.outside), str(runs.root / GOOD / EXPORT_WEIGHTS), "/etc/passwd"]:
        with pytest.raises(CheckpointError, match="not one of the runs"):
            index.get(key)
    pinned = RunIndex(runs.root, ckpt=runs.outside)  # the one checkpoint named on the command line
    assert pinned.get(str(runs.outside)).weights == runs.outside / EXPORT_WEIGHTS


def test_switching_back_to_a_run_is_instant(runs):
    from potterverse.demo.runs import PredictorCache, RunIndex

    index, cache = RunIndex(runs.root), PredictorCache(size=2)
    first = cache.get(index.get(GOOD))
    cache.get(index.get("quickstart/2025-05-01_08-00-00"))
    assert cache.get(index.get(GOOD)) is first


# --- The scores behind the tabs ---


@pytest.fixture(scope="module")
def predictor(runs):
    from potterverse.inference import Predictor

    return Predictor.load(runs.root / GOOD)


def naive_logprob(predictor, text: str, continuation: list[int]) -> torch.Tensor:
    """Sum of log P(token) over a continuation, from one unbatched forward pass."""
    ids = predictor.tokenizer.encode(text)
    with torch.no_grad():
        logits = predictor.model(torch.tensor([ids + continuation]))[0, len(ids) - 1 : -1]
    return logits.log_softmax(-1).gather(-1, torch.tensor(continuation)[:, None]).sum()


def test_house_probabilities_score_each_full_house_name(predictor):
    from potterverse.tasks import get_task
    from potterverse.tasks.sorting import house_probabilities

    probs, cropped = house_probabilities(
        predictor.loglikelihoods, predictor.tokenizer.encode, "I love books and puzzles."
    )
    text = get_task("sorting").prompt_text("I love books and puzzles.")
    names = [predictor.tokenizer.encode(" " + h) for h in HOUSES]
    assert max(len(n) for n in names) > 1  # multi-token names: every token counts, not just the first
    expected = torch.stack([naive_logprob(predictor, text, n) for n in names]).softmax(0)
    assert list(probs) == list(HOUSES) and cropped == 0
    assert torch.allclose(torch.tensor(list(probs.values())), expected, atol=1e-5)


def test_spell_candidates_are_distinct_and_ranked_by_mean_logprob(predictor):
    from potterverse.demo.spell import spell_candidates
    from potterverse.generation import Sampling
    from potterverse.tasks import get_task

    spell = get_task("spell")
    candidates, _ = spell_candidates(predictor, spell, "make a feather float", n=6, sampling=Sampling(1.0, seed=0))
    assert 1 < len(candidates) <= 6 and len({c.text for c in candidates}) == len(candidates)
    text, eot = get_task("spell").prompt_text("make a feather float"), predictor.tokenizer.eot_id
    for c in candidates:
        tokens = predictor.tokenizer.encode(" " + c.text) + [eot]
        assert c.mean_logprob == pytest.approx(float(naive_logprob(predictor, text, tokens)) / len(tokens), abs=1e-4)
    assert [c.mean_logprob for c in candidates] == sorted((c.mean_logprob for c in candidates), reverse=True)
    greedy, _ = spell_candidates(predictor, spell, "make a feather float", n=4, sampling=Sampling(0.0))
    assert [c.text for c in greedy] == [predictor.answer(spell, "make a feather float").parsed]


# --- The API of each tab, against the live server ---


def test_model_card_describes_the_run(client):
    card, curve = client.predict(GOOD, api_name="/select_run")
    assert "finetune_scratch" in card and "**Parameters** 1.64M" in card and "**Sorting accuracy** 50.0%" in card
    assert curve is not None  # loss.png, served as an image


def test_sorting_hat_answers_with_house_probabilities(client):
    verdict, plot, notice = client.predict(GOOD, "I love books and puzzles.", *SAMPLING, api_name="/sort")
    assert any(h.upper() in verdict for h in HOUSES)
    probs = dict(plot["data"])
    assert set(probs) == set(HOUSES) and sum(probs.values()) == pytest.approx(1, abs=1e-6)
    assert notice == ""


def test_spell_generator_ranks_candidates(client):
    verdict, table, _ = client.predict(GOOD, "Effect: open a locked door", 4, *SAMPLING, api_name="/spell")
    rows = table["data"]
    assert 1 <= len(rows) <= 4 and "🪄" in verdict
    scores = [row[2] for row in rows]
    assert scores == sorted(scores, reverse=True) and all(s < 0 for s in scores)


def test_character_chat_and_free_text_answer(client):
    history, box, _ = client.predict(GOOD, "Snape", "Hello, professor.", [], *SAMPLING, api_name="/chat")
    assert [m["role"] for m in history] == ["user", "assistant"] and box == ""
    assert history[1]["content"][0]["text"].strip()
    text, _ = client.predict(GOOD, "The castle gates opened and", *SAMPLING, api_name="/free_text")
    assert text.startswith("The castle gates opened and") and len(text) > len("The castle gates opened and")


SAMPLING_NAMES = ["temperature", "top_k", "top_p", "max_new_tokens", "seed"]


def test_the_api_names_every_input(client):
    """A script can tell which input is the temperature: every endpoint's parameters carry their names."""
    api = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    names = {endpoint: [p["parameter_name"] for p in info["parameters"]] for endpoint, info in api.items()}
    assert names["/sort"] == ["run_key", "text", *SAMPLING_NAMES]
    assert names["/spell"] == ["run_key", "effect", "candidates", *SAMPLING_NAMES]
    assert names["/chat"] == ["run_key", "character", "message", "history", *SAMPLING_NAMES]
    assert names["/free_text"] == ["run_key", "prompt", *SAMPLING_NAMES]
    verdict, plot, _ = client.predict(
        run_key=GOOD, text="I love books.", temperature=0.0, top_k=0, top_p=1.0, max_new_tokens=4, seed=0,
        api_name="/sort",
    )  # fmt: skip
    assert any(h.upper() in verdict for h in HOUSES) and set(dict(plot["data"])) == set(HOUSES)
    text, _ = client.predict(run_key=GOOD, prompt="Once", temperature=0.0, top_k=0, top_p=1.0, max_new_tokens=3,
                             seed=0, api_name="/free_text")  # fmt: skip
    assert text.startswith("Once") and len(text) > len("Once")


def said(message: dict) -> str:
    """A chat message's text as the API returns it (Gradio 6: a list of parts)."""
    content = message["content"]
    return content if isinstance(content, str) else " ".join(part.get("text", "") for part in content)


def test_api_holds_a_conversation_with_stop_and_clear_between_messages(server):
    """Each reply is sent back as the page sends it (content as parts) with the next message, three times; a reply
    stopped half-way stays in the conversation; Clear starts a new one."""
    from gradio_client import Client

    client = Client(server, verbose=False)
    first, _, _ = client.predict(GOOD, "Snape", "Hello, professor.", [], 0.8, 50, 0.95, 8, 1, api_name="/chat")
    assert client.predict(api_name="/stop_chat") == ""  # nothing running: nothing to stop
    job = client.submit(GOOD, "Snape", "Tell me a long story.", first, 0.0, 0, 1.0, 1024, 0, api_name="/chat")
    deadline = time.time() + 60
    while len(job.outputs()) < 3 and time.time() < deadline:  # a few tokens of the second reply have streamed
        time.sleep(0.01)
    assert client.predict(api_name="/stop_chat") == "⏹ Stopping…"
    second, _, notice = job.result(timeout=60)
    assert notice.startswith("⏹ Stopped") and said(second[-1]).endswith("⏹")
    third, box, _ = client.predict(GOOD, "Snape", "And then?", second, 0.8, 50, 0.95, 8, 3, api_name="/chat")
    assert [m["role"] for m in third] == ["user", "assistant"] * 3 and box == ""
    assert [said(m) for m in third[::2]] == ["Hello, professor.", "Tell me a long story.", "And then?"]
    assert said(third[-1]).strip() and said(third[-1]) != "…"
    assert client.predict(api_name="/clear_chat") == ([], "", "")
    again, _, _ = client.predict(GOOD, "Snape", "Hello again.", [], 0.8, 50, 0.95, 8, 4, api_name="/chat")
    assert [said(m) for m in again][:1] == ["Hello again."] and len(again) == 2


def test_sixteen_concurrent_chats_all_complete(client):
    start = time.perf_counter()
    jobs = [
        client.submit(GOOD, "Hagrid", f"Hello number {i}", [], 0.8, 50, 0.95, 12, i, api_name="/chat")
        for i in range(16)
    ]
    results = [job.result(timeout=120) for job in jobs]
    assert all(len(history) == 2 and history[1]["content"][0]["text"] for history, _, _ in results)
    print(f"16 concurrent chats: {time.perf_counter() - start:.1f} s")


def test_load_32_concurrent_generations_three_rounds_without_memory_growth(client):
    """The server (in this process) answers 32 concurrent requests per round and its memory settles."""
    import psutil

    process = psutil.Process()
    rss = [process.memory_info().rss]
    for round_ in range(3):
        jobs = [
            client.submit(GOOD, f"Round {round_} request {i}: the owl", 0.8, 50, 0.95, 8, i, api_name="/free_text")
            for i in range(32)
        ]
        results = [job.result(timeout=180) for job in jobs]
        assert all(text.startswith(f"Round {round_} request {i}: the owl") for i, (text, _) in enumerate(results))
        rss.append(process.memory_info().rss)
    mib = [round(r / 2**20) for r in rss]
    print(f"RSS before and after each round of 32 requests (MiB): {mib}")
    assert rss[3] - rss[1] < 64 * 2**20, mib  # after warm-up, three rounds add no more than noise
    assert client.predict(GOOD, "Still up?", *SAMPLING, api_name="/free_text")[0].startswith("Still up?")


def test_stop_ends_the_decode_loop_on_the_server(server):
    from gradio_client import Client

    client = Client(server, verbose=False)  # its own session: Stop acts on this session's replies only
    budget = 1024  # greedy on a random model: no end-of-text nor new line, so it would run the whole budget
    job = client.submit(GOOD, "Dobby", "Tell me a long story.", [], 0.0, 0, 1.0, budget, 0, api_name="/chat")
    deadline = time.time() + 60
    while len(job.outputs()) < 3 and time.time() < deadline:  # a few tokens have streamed
        time.sleep(0.01)
    assert client.predict(api_name="/stop_chat") == "⏹ Stopping…"
    history, _, notice = job.result(timeout=60)
    reply = history[-1]["content"][0]["text"]
    assert reply.endswith("⏹") and notice.startswith("⏹ Stopped")
    from potterverse.tokenizer import get_tokenizer

    assert len(get_tokenizer().encode(reply)) < budget // 2


def demo_tabs(runs_root: Path) -> dict:
    """The demo's tabs by name (a task's name, or "free"), on one app, as the page builds them."""
    from potterverse.demo.app import DemoApp, tabs

    return {tab.name: tab for tab in tabs(DemoApp(runs_root))}


def test_stop_flag_is_checked_before_every_token(runs):
    chat, request = demo_tabs(runs.root)["chat"], SimpleNamespace(session_hash="s1")
    steps = chat.answer(request, GOOD, "Dobby", "Tell me a long story.", [], 0.0, 0, 1.0, 500, 0)
    for _ in range(4):  # the user's message, then three tokens
        next(steps)
    assert chat.stop(request) == "⏹ Stopping…"
    rest = list(steps)
    assert len(rest) <= 2  # at most the token already in flight, then the final message
    assert rest[-1][0][-1]["content"].endswith("⏹") and chat.stop(request) == ""  # nothing left running


def test_every_forward_pass_runs_under_inference_mode(runs):
    tab = demo_tabs(runs.root)
    modes: list[bool] = []
    tab["sorting"].app.predictor(GOOD).model.register_forward_hook(
        lambda *_: modes.append(torch.is_inference_mode_enabled())
    )
    tab["sorting"].answer(GOOD, "I love books.", *SAMPLING)
    tab["spell"].answer(GOOD, "Effect: open a door", 3, *SAMPLING)
    list(tab["chat"].answer(SimpleNamespace(session_hash="s2"), GOOD, "Ron", "Hi!", [], *SAMPLING))
    list(tab["free"].answer(GOOD, "Once", *SAMPLING))
    assert len(modes) > 4 and all(modes)


# --- Safety and errors: a readable message, and the server carries on ---


def test_malicious_pickle_is_refused_and_never_run(client, runs):
    card, curve = client.predict("evil", api_name="/select_run")
    assert "cannot be loaded" in card and "Refusing to load" in card and curve is None
    with pytest.raises(Exception, match="Refusing to load"):
        client.predict("evil", "I love books.", *SAMPLING, api_name="/sort")
    assert not runs.marker.exists()


@pytest.mark.parametrize(("key", "message"), [("wrong_shape", "another model shape"), ("truncated", "truncated")])
def test_unusable_checkpoints_show_a_message(client, key, message):
    card, _ = client.predict(key, api_name="/select_run")
    assert message in card
    with pytest.raises(Exception, match=message):
        client.predict(key, "The castle", *SAMPLING, api_name="/free_text")
    assert client.predict(GOOD, "The castle", *SAMPLING, api_name="/free_text")[0]  # still serving


def outcome(call: Callable[[], object]) -> str:
    """What a client sees: the answer, or the error message."""
    try:
        return str(call())
    except Exception as err:
        return str(err)


@pytest.mark.parametrize("key", ["../elsewhere", "/etc/passwd", "linked"])
def test_path_traversal_through_the_api_is_refused(client, key):
    refused = re.compile("not in the list of choices|not one of the runs")
    assert refused.search(outcome(lambda: client.predict(key, api_name="/select_run")))
    assert refused.search(outcome(lambda: client.predict(key, "I love books.", *SAMPLING, api_name="/sort")))


def test_empty_and_too_long_input(client):
    with pytest.raises(Exception, match="Tell the Sorting Hat something"):
        client.predict(GOOD, "   ", *SAMPLING, api_name="/sort")
    _, _, notice = client.predict(GOOD, "brave " * 400, *SAMPLING, api_name="/sort")
    assert "too long for this model's 128-token context" in notice


def test_cli_refuses_a_missing_runs_dir(tmp_path):
    result = run_cli("potterverse.cli.demo", f"runs_dir={tmp_path / 'nope'}")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("error: runs_dir") and "Traceback" not in result.stderr


def test_cli_says_when_the_port_is_taken(runs):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("potterverse.cli.demo", f"runs_dir={runs.root}", f"port={port}")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: Cannot serve on 127.0.0.1:{port}")


# --- A real browser on the real entry point ---


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"potterverse-demo exited: {proc.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@contextmanager
def demo_in_browser(runs_root: Path) -> Iterator:
    """A headless Debian chromium on the demo as a user starts it: `python -m potterverse.cli.demo`."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it when run as root)")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "potterverse.cli.demo", f"runs_dir={runs_root}", f"port={port}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            )  # fmt: skip
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/")
            yield page
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def browser_page(runs):
    with demo_in_browser(runs.root) as page:
        yield page


# A random model wide and deep enough that its 1024 greedy tokens take well over 10 s, so a Stop clicked in the page
# always lands before the reply ends, on a quiet machine or a loaded one (TINY's can end first on a quiet one).
# Measured with chat.answer on this 2-core CPU under load (40 tokens, 10th percentile / median a token): TINY
# 96 / 140 ms, emb 256 x 4 layers 238 / 400 ms, this one 358 / 427 ms. Once its 128-token window is full each token
# recomputes the window: ~1.4 GMAC against TINY's ~5 M, so even a quiet machine at tens of GFLOP/s needs tens of ms a
# token, 30 s or more for the whole budget. Only a few of its tokens are ever computed (12-token replies, then Stop).
SLOW = "slow/2025-06-02_12-00-00"
SLOW_CONFIG = GPTConfig(vocab_size=50257, context_length=128, emb_dim=384, n_heads=6, n_layers=6)


@pytest.fixture(scope="module")
def slow_page_runs(tmp_path_factory) -> Path:
    """A runs folder of its own (the `runs` tests list theirs exactly) with the one slow run."""
    root = tmp_path_factory.mktemp("slow_demo") / "outputs"
    export_tiny_run(root / SLOW, config=SLOW_CONFIG, best_val_loss=4.5)
    return root


@pytest.fixture
def slow_browser_page(slow_page_runs):
    with demo_in_browser(slow_page_runs) as page:
        yield page


def pick_run(page, key: str, expected_in_card: str) -> None:
    from playwright.sync_api import expect

    page.locator("#run-picker input").click()
    page.get_by_role("option", name=key).click()
    expect(page.locator("#model-card")).to_contain_text(expected_in_card, timeout=30_000)


@pytest.mark.browser
def test_browser_pick_a_run_sort_chat_and_every_tab(browser_page, runs, tmp_path):
    from playwright.sync_api import expect

    page, start = browser_page, time.perf_counter()
    pick_run(page, "quickstart/2025-05-01_08-00-00", "Best val loss 5.5000")
    pick_run(page, GOOD, "Best val loss 3.2500")

    page.locator("#sorting-input textarea").fill("I stay up late reading about the stars.")
    page.locator("#sorting-button").click()
    verdict = page.locator("#sorting-verdict .title")
    verdict.wait_for(timeout=30_000)
    assert verdict.inner_text().rstrip("!").capitalize() in HOUSES
    page.screenshot(path=tmp_path / "sorting.png", full_page=True)

    page.get_by_role("tab", name="Character Chat").click()
    page.locator("#chat-input textarea").fill("Hello, Hagrid!")
    page.locator("#chat-send").click()
    expect(page.locator("#chatbot [data-testid='user']")).to_contain_text("Hello, Hagrid!", timeout=30_000)
    expect(page.locator("#chatbot [data-testid='bot']")).not_to_have_text(["…"], timeout=30_000)
    for tab in ["Character Chat", "Spell Generator", "Free text"]:
        page.get_by_role("tab", name=tab).click()
        page.screenshot(path=tmp_path / f"{tab.split()[0].lower()}.png", full_page=True)

    fresh = runs.root / "fresh/2025-07-01_00-00-00"  # a run that finished after the page was opened
    export_tiny_run(fresh, best_val_loss=1.25)
    try:
        page.locator("#refresh-runs").click()
        pick_run(page, "fresh/2025-07-01_00-00-00", "Best val loss 1.2500")
    finally:
        shutil.rmtree(fresh.parent)
    shots = ["sorting", "character", "spell", "free"]
    assert all((tmp_path / f"{name}.png").stat().st_size > 10_000 for name in shots)
    print(f"browser test (page open to last check): {time.perf_counter() - start:.1f} s")


def set_slider(page, elem_id: str, value: float) -> None:
    """A sampling slider set as a user types into its number box."""
    box = page.locator(f"#{elem_id} input[type='number']")
    box.fill(str(value))
    box.press("Enter")


@pytest.mark.browser
def test_browser_holds_a_conversation_with_stop_and_clear(slow_browser_page, tmp_path):
    """Three messages with the page's own controls (the second used to turn the chat into "Error"), a reply
    stopped half-way between them, then Clear and a new conversation."""
    from playwright.sync_api import expect

    from potterverse.tokenizer import get_tokenizer

    page = slow_browser_page
    pick_run(page, SLOW, "Best val loss 4.5000")
    page.get_by_role("tab", name="Character Chat").click()
    page.get_by_text("Sampling").click()
    users, bots = page.locator("#chatbot [data-testid='user']"), page.locator("#chatbot [data-testid='bot']")
    streaming = page.locator(".generating")  # Gradio's mark on the outputs while a reply streams

    def send(message: str, count: int) -> None:
        page.locator("#chat-input textarea").fill(message)
        page.locator("#chat-send").click()
        expect(users).to_have_count(count, timeout=60_000)
        expect(users.nth(count - 1)).to_contain_text(message)
        expect(bots).to_have_count(count, timeout=60_000)

    def replied() -> None:  # a reply ends before the next message: Send is ignored while a reply streams
        expect(streaming).to_have_count(0, timeout=90_000)
        expect(bots.last).not_to_have_text("…")

    set_slider(page, "max-new-tokens", 12)
    send("Hello, Hagrid!", 1)
    replied()
    set_slider(page, "temperature", 0)  # greedy on a random model: no end in sight, so Stop has a reply to stop
    budget = 1024
    set_slider(page, "max-new-tokens", budget)
    send("Tell me a long story.", 2)
    expect(streaming).not_to_have_count(0, timeout=30_000)
    page.locator("#chat-stop").click()
    expect(bots.nth(1)).to_contain_text("⏹", timeout=60_000)
    replied()
    assert len(get_tokenizer().encode(bots.nth(1).inner_text())) < budget // 2  # it really ended early
    set_slider(page, "max-new-tokens", 12)
    send("And what happened next?", 3)
    replied()
    expect(page.locator("#chatbot")).not_to_contain_text("Error")
    page.screenshot(path=tmp_path / "conversation.png", full_page=True)

    page.locator("#chat-clear").click()
    expect(users).to_have_count(0, timeout=30_000)
    send("Hello again.", 1)
    replied()
    expect(page.locator("#chatbot")).not_to_contain_text("Error")
