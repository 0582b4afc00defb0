"""Thin Hydra entry points: compose the config, call a library function, turn user errors into one line."""
