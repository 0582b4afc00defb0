"""The task-data builders (scripts/task_data): the shipped CSVs are what the data files build, the Sorting Hat's
frames carry no house, and the styled validation split is no near-copy of a training row."""

import filecmp

import pytest

from potterverse.data.task_csv import TASKS_DIR
from scripts.task_data import chat, common, sorting, spell, styled


def test_shipped_csvs_are_rebuilt_exactly_from_the_data_files(tmp_path, monkeypatch):
    monkeypatch.setattr(common, "TASKS_DIR", tmp_path)
    for builder in (sorting, spell, chat, styled):
        builder.main()
    for built in sorted(tmp_path.glob("*.csv")):
        assert filecmp.cmp(built, TASKS_DIR / built.name, shallow=False), f"{built.name} differs from the data files"
    assert len(list(tmp_path.glob("*.csv"))) == 9


def test_the_frame_alone_says_nothing_about_the_house():
    examples = sorting.build_examples()
    scores = sorting.check_signal(examples)
    assert abs(scores["frame_only_accuracy"] - 0.25) <= 0.05 and scores["trait_only_accuracy"] >= 0.8
    rows_per_house: dict[str, dict[str, int]] = {}
    for row, filled in examples:
        counts = rows_per_house.setdefault(filled.frame, dict.fromkeys(sorting.HOUSES, 0))
        counts[sorting.house_of(row)] += 1
    assert all(len(set(c.values())) == 1 for c in rows_per_house.values())  # each frame: as many rows per house
    assert len(rows_per_house) == len(sorting.frames())


def test_a_frame_that_gives_the_house_away_is_refused():
    examples = sorting.build_examples()
    frames = sorted({f.frame_only for _, f in examples})
    leaky = [((p, f"{sorting.HOUSES[frames.index(f.frame_only) % 4]}!"), f) for (p, _), f in examples]
    with pytest.raises(AssertionError, match="the frame alone predicts the house"):
        sorting.check_signal(leaky)


def test_styled_split_is_no_near_copy_of_training():
    for task in ("sorting", "spell", "chat"):
        rows, train = styled.rows(task), styled.training_rows(task)
        assert styled.check(task, rows, train) <= styled.MAX_SHARED_NGRAMS
        with pytest.raises(AssertionError, match="shares 100% of its 4-grams"):
            styled.check(task, [*rows, train[0]], train)
    assert len(styled.rows("sorting")) == 100 and len(styled.rows("spell")) >= 100


def test_chat_training_data_holds_conversations():
    train, _ = chat.build_splits()
    turns = [prompt.count("\nUser to ") for prompt, _ in train]
    assert sum(t >= 1 for t in turns) >= 40 and max(turns) >= 2
