"""A trained model and a loader to run it on, for the analysis tools
(``tools/extract_features.py``, ``check_frame_order.py``,
``visualize_attention.py``)."""
from typing import Optional

from mmengine.config import Config

from ..utils import check_choice


def build_eval_loader(cfg: Config, split: str = 'test'):
    """The dataloader of ``split`` ('train', 'val' or 'test') with the
    config's test pipeline, unshuffled."""
    from mmengine.runner import Runner
    check_choice('build_eval_loader', 'split', split,
                 ('train', 'val', 'test'))
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
