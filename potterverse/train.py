"""`python -m potterverse.train ...` (as torchrun runs it), the same as `potterverse-train ...`."""

from potterverse.__main__ import train

if __name__ == "__main__":
    train()
