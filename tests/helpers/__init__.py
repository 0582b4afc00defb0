"""What several test files share (lightning-hydra-template's tests/helpers/): paths, composing configs, running the
commands as users do, tiny models, free ports. Fixtures stay in tests/conftest.py; test files import these, never
conftest or each other."""
