import csv

import numpy as np
import pytest

from potterverse.data.finetune import BucketBatchSampler, FinetuneDataModule, fit_example
from potterverse.data.task_csv import TASKS_DIR, encode_example, read_task_csv
from potterverse.errors import TaskDataError
from potterverse.tasks import get_task
from potterverse.tasks.chat import chat_prompt
from potterverse.tasks.sorting import HOUSES
from potterverse.tokenizer import get_tokenizer


def test_masking_is_exactly_the_prompt():
    tok = get_tokenizer()
    task = get_task("spell")
    x, y = encode_example(task, "Effect: lights the wand tip", "Lumos", tok)
    prompt_ids = tok.encode(task.prompt_text("Effect: lights the wand tip"))
    answer_ids = tok.encode(" Lumos") + [tok.eot_id]
    assert x == (prompt_ids + answer_ids)[:-1]
    assert y == [-100] * (len(prompt_ids) - 1) + answer_ids


def test_a_long_conversation_loses_its_oldest_turns_not_the_example():
    tok, task = get_tokenizer(), get_task("chat")
    history = [(f"Tell me about day {i} of term, in detail please?", f"Day {i} was long and wet.") for i in range(6)]
    prompt = chat_prompt("Ron", "And today?", history)
    full_x, _ = encode_example(task, prompt, "Rubbish.", tok)
    x, y = fit_example(task, prompt, "Rubbish.", tok, block_size=len(full_x) - 1)
    text = tok.decode(x)
    assert len(x) < len(full_x) and "day 0 " not in text and "Day 5 was long and wet." in text
    assert tok.decode([t for t in y if t != -100]) == " Rubbish.<|endoftext|>"  # the loss is on the last reply only
    assert fit_example(task, "User to Ron: " + "word " * 300, "Yes.", tok, block_size=64) is None


def test_batches_pad_inputs_and_mask_padding():
    from potterverse.data.finetune import Example, collate

    short, long = Example(0, [5, 6], [-100, 7]), Example(1, [1, 2, 3, 4], [-100, -100, 8, 9])
    x, y, task = collate([short, long], pad_id=99)
    assert x.tolist() == [[5, 6, 99, 99], [1, 2, 3, 4]]
    assert y.tolist() == [[-100, 7, -100, -100], [-100, -100, 8, 9]]
    assert task.tolist() == [0, 1]


def test_length_bucketing_keeps_padding_under_10_percent():
    dm = FinetuneDataModule(
        {t: {"train": str(TASKS_DIR / f"{t}_train.csv")} for t in ("sorting", "spell", "chat")}, batch_size=16
    )
    dm.setup("fit")
    lengths = np.array([len(e.x) for e in dm.train_examples])
    bucketed = BucketBatchSampler(lengths, [e.task for e in dm.train_examples], [1, 1, 1], 16, seed=0).batches()
    rng = np.random.default_rng(0)
    shuffled = np.array_split(rng.permutation(len(lengths)), len(lengths) // 16)

    def padding(batches):
        real = sum(lengths[b].sum() for b in batches)
        total = sum(len(b) * lengths[b].max() for b in batches)
        return 1 - real / total

    assert padding(bucketed) < 0.10
    assert padding(shuffled) > 2 * padding(bucketed)  # the point of bucketing
    assert sorted(i for b in bucketed for i in b) == list(range(len(lengths)))  # every example once per epoch


def test_task_weights_change_the_mix():
    tasks = [0] * 100 + [1] * 100
    sampler = BucketBatchSampler([5] * 200, tasks, [2.0, 0.5], batch_size=10, seed=1)
    picked = [tasks[i] for b in sampler.batches() for i in b]
    assert picked.count(0) == 200 and picked.count(1) == 50


def test_ranks_get_disjoint_equal_shares_of_the_batches():
    lengths, tasks = list(range(1, 101)), [0] * 100
    whole = BucketBatchSampler(lengths, tasks, [1.0], batch_size=7, seed=2).batches()
    shares = [list(BucketBatchSampler(lengths, tasks, [1.0], 7, seed=2, rank=r, world=3)) for r in range(3)]
    assert len({len(s) for s in shares}) == 1  # the same number of steps on every process
    together = sorted(map(tuple, (b for s in shares for b in s)))
    assert len(together) == len(set(together)) == len(whole) // 3 * 3


def test_shipped_data_is_balanced_and_held_out():
    for task in ("sorting", "spell", "chat"):
        train = {r["prompt"].lower() for r in read_task_csv(TASKS_DIR / f"{task}_train.csv")}
        val = {r["prompt"].lower() for r in read_task_csv(TASKS_DIR / f"{task}_val.csv")}
        assert not train & val, f"{task}: validation prompts leak into training"
    houses = [r["completion"].split("!")[0] for r in read_task_csv(TASKS_DIR / "sorting_train.csv")]
    counts = {h: houses.count(h) for h in HOUSES}
    assert len(set(counts.values())) == 1 and counts["Gryffindor"] >= 360, counts  # balanced, as many as before
    spells = {r["completion"] for r in read_task_csv(TASKS_DIR / "spell_train.csv")}
    assert len(spells) >= 100


def _write(path, text: bytes | str):
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


@pytest.mark.parametrize(
    "content,match",
    [
        ("question,completion\nhi,there\n", r"bad.csv has no 'prompt' column \(found: question, completion\)"),
        ("prompt,completion\nhi,there\nsecond,\n", r"bad.csv, line 3: the 'completion' cell is empty"),
        (b"prompt,completion\nhi,there\ncaf\xe9,x\n", r"bad.csv, line 3: bytes that are not UTF-8"),
        ("prompt,completion\n", r"bad.csv has a header but no rows"),
    ],
    ids=["missing-column", "empty-cell", "not-utf8", "no-rows"],
)
def test_user_csv_errors_name_file_and_row(tmp_path, content, match):
    with pytest.raises(TaskDataError, match=match):
        read_task_csv(_write(tmp_path / "bad.csv", content))


def test_user_file_is_mapped_by_config(tmp_path):
    mine = tmp_path / "my_spells.csv"
    with mine.open("w", newline="") as f:
        csv.writer(f).writerows([["prompt", "completion"], ["Effect: makes bubbles", "Ebublio"]])
    dm = FinetuneDataModule({"spell": {"train": str(mine)}}, block_size=64, batch_size=1)
    dm.setup("fit")
    assert dm.task_names == ["spell"] and len(dm.train_examples) == 1


def test_unknown_task_in_config_is_refused(tmp_path):
    with pytest.raises(ValueError, match="Unknown task 'potions'"):
        FinetuneDataModule({"potions": {"train": "x.csv"}})
