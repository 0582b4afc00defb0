"""Rebuild every shipped task CSV: python -m scripts.task_data"""

from scripts.task_data import chat, sorting, spell

for builder in (sorting, spell, chat):
    builder.main()
