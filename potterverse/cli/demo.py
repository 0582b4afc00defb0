"""potterverse-demo: the Gradio demo on the runs under runs_dir (configs/demo.yaml)."""

from __future__ import annotations

import hydra
from omegaconf import DictConfig

from potterverse.cli.arguments import check_arguments
from potterverse.cli.common import CONFIG_DIR, register_resolvers, report_user_errors

register_resolvers()


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="demo")
def hydra_main(cfg: DictConfig) -> None:
    from potterverse.demo.app import serve  # gradio is slow to import: not before the config is known to be valid

    report_user_errors(
        lambda: serve(
            cfg.runs_dir, cfg.ckpt, cfg.host, int(cfg.port), bool(cfg.share), int(cfg.cache_size), cfg.quantize
        ),
        debug=cfg.debug_errors,
    )


def main() -> None:
    check_arguments("demo")
    hydra_main()


if __name__ == "__main__":
    main()
