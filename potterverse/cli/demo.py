"""potterverse-demo: the Gradio demo on the runs under runs_dir (configs/demo.yaml)."""

from __future__ import annotations

from omegaconf import DictConfig


def run(cfg: DictConfig) -> None:
    from potterverse.demo.app import serve  # gradio is slow to import: not before the config is known to be valid

    serve(cfg.runs_dir, cfg.ckpt, cfg.host, int(cfg.port), bool(cfg.share), int(cfg.cache_size), cfg.quantize)


if __name__ == "__main__":  # `python -m potterverse.cli.demo`: the table's command, as installed
    from potterverse.__main__ import demo

    demo()
