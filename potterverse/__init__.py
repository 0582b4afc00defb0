"""PotterVerse: train a GPT-2 from scratch on your books, fine-tune it on magical tasks, and demo it."""

__version__ = "0.1.0"
