"""PotterVerse's Hydra plugins, found by Hydra's plugin discovery (the `hydra_plugins` namespace package):
- `hydra/sweeper=potterverse_optuna` (optuna_sweeper.py): an Optuna search with pruning and a resumable storage;
- `hydra/launcher=parallel` (parallel_launcher.py): a sweep's jobs N at once on one machine, each on its own GPU or
  its own share of the CPU cores.
"""
