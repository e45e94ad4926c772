"""Train a recognizer with MMEngine's runner (MMAction2's flags).

    python tools/train.py configs/tsn_r50.py [--work-dir DIR] [--resume [CKPT]]
"""
import argparse

import mmvid_plugin  # noqa: F401  (compat fixes + registration)
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from mmvid_plugin.engine.cli import add_runner_arguments, load_config  # noqa
from mmvid_plugin.engine.distributed import (
    exit_distributed_rank, shutdown_distributed)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Train a recognizer')
    parser.add_argument('config', help='train config file path')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint, or from the latest one in '
        'the work dir when no path is given')
    parser.add_argument(
        '--amp', action='store_true',
        help='automatic mixed precision (on a CPU-only machine: bf16 '
        'autocast through BF16OptimWrapper, val / test in bf16 too)')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='do not evaluate checkpoints during training')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the learning rate by the actual batch size')
    parser.add_argument('--seed', type=int, default=None, help='random seed')
    parser.add_argument(
        '--diff-rank-seed',
        action='store_true',
        help='give each rank a different seed')
    parser.add_argument(
        '--deterministic',
        action='store_true',
        help='deterministic options for the CUDNN backend')
    add_runner_arguments(parser)
    return parser.parse_args(argv)


def merge_args(cfg: Config, args) -> Config:
    """Fold the training flags into ``cfg``."""
    if args.no_validate:
        cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    if args.amp and torch.cuda.is_available():
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
    elif args.amp:  # MMEngine's AMP wrapper needs a GPU: bf16 on the CPU
        cfg.optim_wrapper.type = 'BF16OptimWrapper'
        for loop in ('val_cfg', 'test_cfg'):
            if cfg.get(loop) is not None:
                cfg[loop]['fp16'] = True  # MMEngine: bf16 autocast on CPU
    if args.resume == 'auto':
        cfg.resume, cfg.load_from = True, None
    elif args.resume is not None:
        cfg.resume, cfg.load_from = True, args.resume
    if args.auto_scale_lr:
        cfg.auto_scale_lr.enable = True
    randomness = cfg.get('randomness', dict())
    if args.seed is not None:
        randomness['seed'] = args.seed
    randomness.setdefault('seed', None)
    if args.deterministic:
        randomness['deterministic'] = True
    if args.diff_rank_seed:
        randomness['diff_rank_seed'] = True
    cfg.randomness = randomness
    return cfg


def main(argv=None):
    args = parse_args(argv)
    cfg = merge_args(load_config(args), args)
    runner = Runner.from_cfg(cfg)
    runner.train()
    if shutdown_distributed():
        exit_distributed_rank()


if __name__ == '__main__':
    main()
