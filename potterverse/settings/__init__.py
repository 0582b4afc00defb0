"""What each setting accepts, in one place per setting.

- `potterverse/rules.py` (below the model, so GPTConfig can use it): a `Rule` is what a key accepts, in the words of
  its error message, and the test behind it; `setting(rule)` puts one on a dataclass field; `Checked` makes a
  dataclass check its fields when built.
- `train.py`: the schema of potterverse-train's config, a dataclass per config group (`Model`, `PretrainData`,
  `AdamW`, `WarmupCosine`, `Init`, `Trainer`, ...) gathered by `Train`; `commands.py`: the inference commands'.
- The defaults stay in the YAML under configs/ (what a user reads and copies); `potterverse.config_checks` walks a
  composed config through these classes. Library classes built from Python too (`GPTConfig`, `Sampling`,
  `CleanOptions`) hold their own fields' rules, and the schema reuses them.

A new key of an existing group: one field in that group's dataclass, plus its default in the group's YAML:

    warmup_steps: int = setting(COUNT)                      # potterverse/settings/train.py, class WarmupCosine
    warmup_steps: 100                                       # configs/scheduler/warmup_cosine.yaml

A new group (say configs/logger/mlflow.yaml): a dataclass here for the keys a user tunes, a field of that type in
`Train` (`logger: Loggers = setting(MAPPING)`), and the YAML; tests/test_presets.py then fails for any key of a
typed group that has no field. A key no dataclass names is composed and passed on unchecked (a Lightning argument).
"""
