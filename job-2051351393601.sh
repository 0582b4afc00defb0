#!/bin/bash
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=2
#SBATCH --cpus-per-task=1
#SBATCH --time=24:00:00
#SBATCH --requeue
#SBATCH --signal=USR1@120
source scripts/env.sh
srun potterverse-train trainer=ddp trainer.devices=2  experiment=quickstart paths.cache_dir=/tmp/scale-pt/slurm_reference0/cache model.n_layers=2 model.emb_dim=64 model.n_heads=2 data.block_size=64 data.batch_size=4 data.val_windows=4 trainer.max_steps=12 trainer.val_check_interval=6 trainer.enable_progress_bar=false trainer.enable_model_summary=false trainer.log_every_n_steps=1 callbacks.text_samples.max_new_tokens=8 paths.log_dir=/tmp/scale-pt/slurm_reference0/outputs trainer.precision=32-true trainer.deterministic=true model.drop_rate=0.1 trainer.val_check_interval=6 callbacks.model_checkpoint.every_n_train_steps=3 logger=csv paths.cache_dir=/tmp/scale-pt/slurm_cache0/cache
