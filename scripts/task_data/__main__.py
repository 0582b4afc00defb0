"""Rebuild every shipped task CSV: python -m scripts.task_data"""

from scripts.task_data import chat, sorting, spell, styled

for builder in (sorting, spell, chat, styled):  # styled last: it checks itself against the training rows
    builder.main()
