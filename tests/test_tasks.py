import pytest

from potterverse.errors import ConfigError
from potterverse.tasks import TASKS, get_task, registry_metadata
from potterverse.tasks.chat import chat_prompt, shipped_chat_characters, unknown_character_note
from potterverse.tasks.sorting import HOUSES, first_house
from potterverse.tasks.spell import normalize_incantation


def test_sorting_round_trip():
    task = get_task("sorting")
    text = task.prompt_text("[SORTING]  I love   riddles and books")
    assert text == "[SORTING] I love riddles and books\nThe Sorting Hat says:"
    assert task.parse(" Ravenclaw! Not Slytherin, clearly.") == "Ravenclaw"
    assert task.score("Ravenclaw", "Ravenclaw! A sharp mind.")
    assert not task.score("Slytherin", "Ravenclaw!")
    assert not task.score("no idea", "Ravenclaw!")


def test_spell_prompt_gets_its_effect_label_and_answers_compare_loosely():
    task = get_task("spell")
    assert task.prompt_text("opens a locked door").startswith("[SPELL] Effect: opens a locked door\n")
    assert task.prompt_text("Effect: opens a locked door") == task.prompt_text("opens a locked door")
    assert task.parse(" Wingardium Leviosa!\nmore text") == "Wingardium Leviosa"
    assert task.score("wingardium leviosa", "Wingardium Leviosa!")
    assert not task.score("Alohomora", "Colloportus")
    assert normalize_incantation("Expecto  Patronum!!") == "expecto patronum"


def test_chat_prompt_and_cue_name_the_character():
    task = get_task("chat")
    assert task.prompt_text("User to Snape: Hello?") == "[CHAT] User to Snape: Hello?\nSnape:"
    assert task.prompt_text("Hello?", character="Luna") == "[CHAT] User to Luna: Hello?\nLuna:"
    with pytest.raises(ConfigError, match="needs a character"):
        task.prompt_text("Hello?")


POTION_TALK = [("Why did my potion turn green?", "You added the root too early.")]


def test_a_conversation_carries_its_earlier_turns_oldest_first():
    prompt = chat_prompt("Snape", "And what  should I do next time?", POTION_TALK)
    text = get_task("chat").prompt_text(prompt)
    assert text == (
        "[CHAT] User to Snape: Why did my potion turn green?\nSnape: You added the root too early.\n"
        "User to Snape: And what should I do next time?\nSnape:"
    )
    assert chat_prompt("Luna", "Hello?") == "User to Luna: Hello?"  # one turn: the single-message format
    assert get_task("chat").build_prompt(prompt, "Luna") == prompt  # already canonical: unchanged
    wrapped = "User to Snape: Why did my\npotion turn green?\nSnape: You added\nthe root too early.\nUser to Snape: So?"
    assert get_task("chat").build_prompt(wrapped, None).split("\n") == [
        "User to Snape: Why did my potion turn green?",
        "Snape: You added the root too early.",
        "User to Snape: So?",
    ]  # a message broken over lines stays one turn


def test_a_chat_prompt_must_end_with_the_users_message():
    with pytest.raises(ConfigError, match="must end with the user's message"):
        get_task("chat").prompt_text("User to Snape: Hi.\nSnape: What do you want?")


def test_fit_drops_the_oldest_turns_first():
    task = get_task("chat")
    history = [(f"Question {i}?", f"Answer {i}.") for i in range(4)]
    prompt = chat_prompt("Hagrid", "Last question?", history)
    fitted = task.fit(prompt, lambda p: p.count("\n") <= 2)
    assert fitted == "User to Hagrid: Question 3?\nHagrid: Answer 3.\nUser to Hagrid: Last question?"
    assert task.fit(prompt, lambda p: False) is None  # not even the last message fits
    assert get_task("spell").fit("opens a door", lambda p: False) is None  # single-turn tasks have nothing to drop
    assert get_task("spell").fit("opens a door", lambda p: True) == "Effect: opens a door"


def test_training_example_is_prompt_then_answer():
    prompt, answer = get_task("spell").example_text("Effect: makes light", "Lumos")
    assert prompt + answer == "[SPELL] Effect: makes light\nIncantation: Lumos"


def test_first_house_is_the_earliest_named():
    assert first_house("hmm, hufflepuff... or Gryffindor?") == "Hufflepuff"
    assert first_house("none") is None
    assert set(HOUSES) == {"Gryffindor", "Hufflepuff", "Ravenclaw", "Slytherin"}


def test_unknown_task_lists_the_valid_ones():
    with pytest.raises(ConfigError, match="sorting, spell, chat"):
        get_task("potions")
    assert list(TASKS) == ["sorting", "spell", "chat"]


def test_a_character_the_run_never_saw_gets_one_line_naming_those_it_did():
    rows = [
        {"prompt": "User to Snape: Hi", "completion": "Detention."},
        {"prompt": "User to Hagrid: Hi", "completion": "Yer a wizard."},
    ]
    trained = registry_metadata({"chat": rows})["chat"]["characters"]
    assert trained == ["Hagrid", "Snape"] and "characters" not in registry_metadata()["chat"]
    assert unknown_character_note("Hello", "snape", trained) is None  # the name's case does not matter
    assert unknown_character_note("User to Snape: Hello", None, trained) is None
    note = unknown_character_note("User to Voldemort: Hello", None, trained)
    assert note == "note: this run was not trained to speak as Voldemort; its characters are Hagrid, Snape."
    # a run from before characters were recorded: compared with the shipped chat data's characters
    assert "Snape" in shipped_chat_characters() and unknown_character_note("Hi", "Snape", None) is None
    old = unknown_character_note("Hi", "Voldemort", None)
    assert old.startswith("note: this run does not record which characters") and "Snape" in old
