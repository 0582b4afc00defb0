"""The quality levers of fine-tuning: the bag-of-words floor (baselines.py), the ranking objective
(training/ranking.py, data/draws.py) and training-time re-wording (data/augment.py)."""

import math
import random

import pytest
import torch

from potterverse.baselines import NaiveBayes, bag_of_words_accuracy, words
from potterverse.data.augment import AugmentConfig, Augmenter
from potterverse.data.draws import RankingConfig, TrainingCollate, task_draws
from potterverse.data.finetune import Example, FinetuneDataModule, collate, fit_example
from potterverse.data.task_csv import TASKS_DIR, read_task_csv
from potterverse.errors import ConfigError
from potterverse.evaluation import bag_of_words_floor, evaluate, shipped_validation_rows, training_files
from potterverse.inference import Predictor
from potterverse.model.gpt import GPT, GPTConfig
from potterverse.tasks import get_task
from potterverse.tasks.sorting import HOUSES
from potterverse.tokenizer import get_tokenizer
from potterverse.training.ranking import candidate_logprobs, ranking_loss
from potterverse.training.run import train
from tests.helpers.configs import compose_train

from .test_finetune_e2e import finetune_overrides, pretrained  # noqa: F401 (a fixture)


def tiny_gpt(seed: int = 0) -> GPT:
    torch.manual_seed(seed)
    return GPT(GPTConfig(vocab_size=50257, context_length=128, emb_dim=32, n_heads=2, n_layers=2, drop_rate=0.0))


def shipped(task: str, split: str = "train") -> list[dict[str, str]]:
    return read_task_csv(TASKS_DIR / f"{task}_{split}.csv")


# --- the bag of words ---


def test_naive_bayes_counts_words_with_add_one_smoothing():
    bag = NaiveBayes(["brave bold", "brave", "clever books"], ["G", "G", "R"])
    # P(G) = 2/3; P(brave | G) = (2 + 1) / (3 words + 4 vocabulary); "unknown" counts for nothing
    assert bag.log_scores("Brave, unknown!")["G"] == pytest.approx(math.log(2 / 3) + math.log(3 / 7))
    assert bag.log_scores("brave")["R"] == pytest.approx(math.log(1 / 3) + math.log(1 / 6))
    assert bag.predict("so clever") == "R" and bag.predict("bold") == "G"
    assert bag.ranked("nothing known") == ["G", "R"]  # the prior decides; ties would keep the sorted order
    assert words("I'm well-read: 3 books.") == ["i'm", "well", "read", "3", "books"]


def test_the_floor_on_the_shipped_splits_is_the_issue_s_figure():
    # issue 28 measured 0.73 on the second split's sorting rows with naive Bayes on the training prompts' words
    rows = shipped_validation_rows("val_styled")
    sorting = [r for r in rows if r.task == "sorting"]
    assert bag_of_words_floor("sorting", shipped("sorting"), sorting) == pytest.approx(0.73)
    spells = [r for r in rows if r.task == "spell"]
    assert 0.3 < bag_of_words_floor("spell", shipped("spell"), spells) < 0.6  # far below sorting: 113 labels
    assert bag_of_words_floor("chat", shipped("chat"), [r for r in rows if r.task == "chat"]) is None


def test_the_floor_scores_with_the_task_s_own_parsing():
    train = [("I am brave", "Gryffindor! Bold as brass."), ("I love books", "Ravenclaw!")]
    task = get_task("sorting")
    rows = [("books please", "Ravenclaw! Wise."), ("brave me", "Ravenclaw!")]
    assert bag_of_words_accuracy(train, rows, task.parse, task.score) == 0.5
    assert bag_of_words_accuracy([], rows, task.parse, task.score) is None


def test_evaluate_reports_the_floor_beside_the_model_on_the_same_rows():
    predictor = Predictor(tiny_gpt(), get_tokenizer())
    rows = [r for r in shipped_validation_rows("val") if r.task != "chat"]
    train = {t: shipped(t) for t in ("sorting", "spell")}
    report = evaluate(predictor, rows, max_per_task=3, train_rows=train)
    for task in ("sorting", "spell"):
        scored = [r for r in rows if r.task == task]
        subset = [r for r in scored if r.prompt in {s["prompt"] for s in report[task]["samples"]}]
        floor = bag_of_words_floor(task, train[task], subset)
        assert len(subset) == 3 and report[task]["bag_of_words_accuracy"] == floor
    assert "bag_of_words_accuracy" not in evaluate(predictor, rows[:2], max_per_task=1)["sorting"]


def test_eval_learns_the_floor_from_the_run_s_own_training_files(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("prompt,completion\nbrave,Gryffindor!\n")
    (tmp_path / "config.yaml").write_text(f"data:\n  tasks:\n    sorting:\n      train: {mine}\n    spell: null\n")
    files = training_files(tmp_path)
    assert files["sorting"] == mine and files["spell"] == TASKS_DIR / "spell_train.csv"
    assert training_files(tmp_path / "elsewhere")["sorting"] == TASKS_DIR / "sorting_train.csv"  # nothing recorded


# --- the ranking objective ---


def test_ranking_loss_is_the_cross_entropy_of_summed_candidate_logprobs():
    model, tok = tiny_gpt(), get_tokenizer()
    prompt = tok.encode("[SORTING] I am brave\nThe Sorting Hat says:")
    groups = [[" Gryffindor", " Slytherin", " Ravenclaw"], [" Lumos", " Nox"]]
    rows, group = [], []
    for g, answers in enumerate(groups):
        for a in answers:
            ids = tok.encode(a)
            seq = prompt + ids
            rows.append((seq[:-1], [-100] * (len(prompt) - 1) + ids))
            group.append(g)
    width = max(len(x) for x, _ in rows)
    x = torch.tensor([xs + [0] * (width - len(xs)) for xs, _ in rows])  # right-padded: causal attention ignores it
    y = torch.tensor([ys + [-100] * (width - len(ys)) for _, ys in rows])
    with torch.no_grad():
        summed = candidate_logprobs(model, x, y)
        for i, (xs, ys) in enumerate(rows):  # one row at a time, unpadded: the same sum
            alone = -model.loss(torch.tensor([xs]), torch.tensor([ys]), reduction="none").sum()
            assert summed[i] == pytest.approx(float(alone), abs=1e-3)
        expected = (-summed[:3].log_softmax(0)[0] - summed[3:].log_softmax(0)[0]) / 2
        assert ranking_loss(model, x, y, torch.tensor(group)) == pytest.approx(float(expected), abs=1e-5)
    # a few steps on it alone make the right answers the likeliest
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    for _ in range(15):
        optimizer.zero_grad()
        ranking_loss(model, x, y, torch.tensor(group)).backward()
        optimizer.step()
    with torch.no_grad():
        summed = candidate_logprobs(model, x, y)
    assert summed[0] == summed[:3].max() and summed[3] > summed[4]


def test_candidate_rows_hold_the_prompt_and_each_answer_the_right_one_first():
    tok = get_tokenizer()
    ranking = RankingConfig(weight=1.0, negatives=3)
    tasks = ("sorting", "spell", "chat")
    rows = {t: shipped(t)[:400] for t in tasks}
    draws = [task_draws(get_task(t), rows[t], AugmentConfig(), ranking) for t in tasks]
    assert draws[2] is None  # chat has no candidates: drawn as it is
    examples = [
        Example(i, *fit_example(get_task(t), rows[t][n]["prompt"], rows[t][n]["completion"], tok, 128), row=n)
        for i, t in enumerate(tasks)
        for n in (0, 1)
    ]
    draw = TrainingCollate(draws, tok, 128, ranking, seed=0, fit=fit_example, pad=lambda e: collate(e, tok.eot_id))
    x, y, task, cx, cy, group = draw(examples)
    plain = collate(examples, tok.eot_id)
    assert all(torch.equal(a, b) for a, b in zip((x, y, task), plain, strict=True))  # no re-wording asked for
    assert group.tolist() == [0] * 4 + [1] * 4 + [2] * 4 + [3] * 4  # two sorting rows, two spells; chat none

    def answer(i):
        return tok.decode([t for t in cy[i].tolist() if t != -100])

    def prompt(i):  # the inputs that come before the answer's tokens, without the padding after them
        first_target = (cy[i] != -100).nonzero()[0, 0]
        return tok.decode(cx[i, : int(first_target)].tolist())

    first_house = rows["sorting"][0]["completion"].split("!")[0]
    assert [answer(i) for i in range(4)][0] == " " + first_house
    assert sorted(answer(i).strip() for i in range(4)) == sorted(HOUSES)
    assert prompt(0).startswith("[SORTING] " + rows["sorting"][0]["prompt"]) and prompt(0) == prompt(3)
    spell = rows["spell"][0]
    assert answer(8) == f" {spell['completion']}<|endoftext|>"  # the whole answer: it must also end there
    wrong = {answer(i) for i in range(9, 12)}
    assert len(wrong) == 3 and f" {spell['completion']}<|endoftext|>" not in wrong
    incantations = {r["completion"] for r in rows["spell"]}
    assert {w.removesuffix("<|endoftext|>").strip() for w in wrong} <= incantations


def test_the_wrong_spells_drawn_are_the_ones_the_words_confuse():
    rows = shipped("spell")
    d = task_draws(get_task("spell"), rows, AugmentConfig(), RankingConfig(weight=1.0, negatives=2, hard_pool=2))
    bag = NaiveBayes([r["prompt"] for r in rows], [r["completion"] for r in rows])
    for i in range(0, len(rows), 97):
        right, *wrong = d.answers[i]
        assert right == rows[i]["completion"] and len(wrong) == 4
        top = [a for a in bag.ranked(rows[i]["prompt"]) if a != right][:4]
        assert wrong == top


def test_ranking_and_augmentation_settings_are_checked():
    with pytest.raises(ConfigError, match=r"data.ranking.weight must be a number >= 0"):
        RankingConfig(weight=-1)
    with pytest.raises(ConfigError, match=r"data.augment.word_dropout must be a number in \[0, 1\]"):
        AugmentConfig(word_dropout=1.5)
    train = {"sorting": {"train": str(TASKS_DIR / "sorting_train.csv")}}
    known = "hard_pool, negatives, rows_per_batch, weight"
    with pytest.raises(ConfigError, match=f"data.ranking has no key wieght; it takes {known}."):
        FinetuneDataModule(train, ranking={"wieght": 1.0})


# --- re-wording ---


def test_rewording_keeps_the_label_s_words_and_learns_only_from_the_rows_given():
    rows = shipped("sorting")
    labels = [get_task("sorting").parse(r["completion"]) for r in rows]
    off = Augmenter([r["prompt"] for r in rows], labels, AugmentConfig())
    assert off(rows[0]["prompt"], labels[0], random.Random(0)) == rows[0]["prompt"]
    val_words = {w for r in shipped("sorting", "val_styled") for w in words(r["prompt"])}
    train_words = {w for r in rows for w in words(r["prompt"])}
    train_text = " ".join(r["prompt"] for r in rows).lower()
    assert all(w in train_text for w in off.label_of) and not set(off.label_of) & (val_words - train_words)
    assert {"the", "my", "and", "i"}.isdisjoint(off.label_of)  # frame words belong to every house
    assert off.label_of["daring"] == "Gryffindor" and off.label_of["cunning"] == "Slytherin"
    rng = random.Random(1)
    for kind in ("frame_swap", "synonyms", "word_dropout"):
        config = AugmentConfig(**{kind: 0.3 if kind == "word_dropout" else 1.0})
        aug = Augmenter([r["prompt"] for r in rows], labels, config)
        changed = 0
        for i in range(0, len(rows), 50):
            new = aug(rows[i]["prompt"], labels[i], rng)
            changed += new != rows[i]["prompt"]
            if not aug.content_words(rows[i]["prompt"], labels[i]):
                continue  # nothing of its house to keep
            assert aug.content_words(new, labels[i]), (kind, rows[i]["prompt"], new)  # one is always left
            if kind != "word_dropout":  # a swap brings no other house's words (a mixed row's other trait goes)
                others = [w for h in HOUSES if h != labels[i] for w in aug.content_words(new, h)]
                assert not others, (kind, rows[i]["prompt"], new)
        assert changed > 0.5 * len(range(0, len(rows), 50)), kind


def test_training_batches_are_re_worded_at_each_draw():
    tok = get_tokenizer()
    dm = FinetuneDataModule(
        {"sorting": {"train": str(TASKS_DIR / "sorting_train.csv")}}, batch_size=4, block_size=128,
        augment={"synonyms": 1.0}, ranking={"weight": 0.5},
    )  # fmt: skip
    dm.setup("fit")
    dm.trainer = None
    loader = dm.train_dataloader()
    batch = next(iter(loader))
    assert len(batch) == 6 and batch[3].size(0) == 4 * 4
    examples = [dm.train_examples[i] for i in range(4)]
    first, second = loader.collate_fn(examples), loader.collate_fn(examples)
    assert not torch.equal(first[0], second[0]) or first[0].shape != second[0].shape  # new synonyms each draw
    decoded = tok.decode([t for t in first[0][0].tolist() if t != tok.eot_id])
    assert decoded.startswith("[SORTING] ") and "The Sorting Hat says:" in decoded


@pytest.mark.slow
def test_a_fine_tune_with_both_levers_trains_and_logs_the_ranking_loss(pretrained, tmp_path):  # noqa: F811
    import json

    overrides = finetune_overrides(tmp_path / "run", tmp_path / "cache", pretrained)
    levers = ["data.ranking.weight=0.5", "data.augment.synonyms=0.2", "data.augment.frame_swap=0.3",
              "data.augment.word_dropout=0.1"]  # fmt: skip
    train(compose_train(*overrides, *levers))
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["global_step"] == 4 and 0.0 <= metrics["val/sorting_acc_bow"] <= 1.0
    events = EventAccumulator(str(next((tmp_path / "run" / "tensorboard").rglob("events*"))))
    events.Reload()
    rank = [s.value for s in events.Scalars("train/rank_loss")]
    assert len(rank) == 4 and all(0 < v < math.inf for v in rank)  # logged at every step (log_every_n_steps=1)
