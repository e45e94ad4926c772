"""Test a checkpoint with MMEngine's runner (MMAction2's flags).

    python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--dump FILE.pkl]
        [--fold-bn]
"""
import argparse

import mmvid_plugin  # noqa: F401  (compat fixes + registration)
from mmengine.config import Config
from mmengine.runner import Runner

from mmvid_plugin.engine.cli import add_runner_arguments, load_config  # noqa
from mmvid_plugin.engine.distributed import (
    exit_distributed_rank, shutdown_distributed)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Test a recognizer')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--dump',
        type=str,
        help='dump predictions to a pickle file (.pkl) for offline '
        'evaluation and score fusion')
    parser.add_argument(
        '--show-dir', help='directory where visualised samples are saved')
    parser.add_argument(
        '--interval', type=int, default=1, help='visualise every n samples')
    parser.add_argument(
        '--fold-bn', action='store_true',
        help='fold BN into the convolutions before it (same predictions, '
        'faster: FoldBatchNormHook)')
    add_runner_arguments(parser)
    return parser.parse_args(argv)


def merge_args(cfg: Config, args) -> Config:
    """Fold the testing flags into ``cfg``."""
    if args.dump is not None:
        if not args.dump.endswith(('.pkl', '.pickle')):
            raise ValueError(f'--dump {args.dump}: expected a .pkl or '
                             '.pickle file name')
        dump_metric = dict(type='AtomicDumpResults', out_file_path=args.dump)
        evaluator = cfg.test_evaluator
        cfg.test_evaluator = (list(evaluator) if isinstance(
            evaluator, (list, tuple)) else [evaluator]) + [dump_metric]
    if args.show_dir is not None:
        visualization = cfg.default_hooks.setdefault(
            'visualization', dict(type='VisualizationHook'))
        visualization.update(
            enable=True, out_dir=args.show_dir, interval=args.interval)
    if args.fold_bn:
        cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
            dict(type='FoldBatchNormHook')]
    cfg.load_from = args.checkpoint
    return cfg


def main(argv=None):
    args = parse_args(argv)
    cfg = merge_args(load_config(args), args)
    runner = Runner.from_cfg(cfg)
    metrics = runner.test()
    if shutdown_distributed():
        exit_distributed_rank()
    return metrics


if __name__ == '__main__':
    main()
