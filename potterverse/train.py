"""`python -m potterverse.train ...`, the same as `potterverse-train ...`."""

from potterverse.cli.train import main

if __name__ == "__main__":
    main()
