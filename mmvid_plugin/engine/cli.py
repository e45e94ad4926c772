"""Command-line pieces shared by ``tools/train.py`` and ``tools/test.py``."""
import argparse
import os
import os.path as osp
from typing import Optional

from mmengine.config import Config, DictAction


def add_runner_arguments(parser: argparse.ArgumentParser) -> None:
    """``--work-dir``, ``--cfg-options``, ``--launcher``, ``--local_rank``."""
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, e.g. train_cfg.max_epochs=2')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def load_config(args: argparse.Namespace) -> Config:
    """Read ``args.config`` and fold in the shared runner arguments."""
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    cfg = Config.fromfile(args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    cfg.launcher = args.launcher
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    return cfg


def build_eval_loader(cfg: Config, split: str = 'test'):
    """The dataloader of ``split`` ('train', 'val' or 'test') with the
    config's test pipeline, unshuffled."""
    from mmengine.runner import Runner
    if split not in ('train', 'val', 'test'):
        raise ValueError(f'loader {split!r}: expected train, val or test')
    loader_cfg = cfg.test_dataloader.copy()
    if split != 'test':
        loader_cfg.dataset = cfg[f'{split}_dataloader'].dataset.copy()
        loader_cfg.dataset.pipeline = cfg.test_dataloader.dataset.pipeline
        loader_cfg.dataset.test_mode = True
    loader_cfg.sampler = dict(type='DefaultSampler', shuffle=False)
    return Runner.build_dataloader(loader_cfg)


def load_model(config: str, checkpoint: str,
               cfg_options: Optional[dict] = None):
    """(config, the config's model with the checkpoint's weights) for the
    analysis tools."""
    from mmaction.registry import MODELS
    from mmengine.registry import init_default_scope
    from mmengine.runner.checkpoint import _load_checkpoint, load_state_dict

    from ..utils.state_dict_match import (check_checkpoint_matches,
                                          without_ddp_prefix)
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    model = MODELS.build(cfg.model)
    loaded = _load_checkpoint(checkpoint, map_location='cpu')
    state = without_ddp_prefix(loaded.get('state_dict', loaded))
    check_checkpoint_matches(state, model.state_dict(), checkpoint,
                             f'a checkpoint of the model of {config}')
    load_state_dict(model, state)
    return cfg, model


def load_trained(config: str, checkpoint: str, split: str = 'test',
                 cfg_options: Optional[dict] = None):
    """``load_model`` and ``split``'s loader with the test pipeline."""
    cfg, model = load_model(config, checkpoint, cfg_options)
    return cfg, model, build_eval_loader(cfg, split)
