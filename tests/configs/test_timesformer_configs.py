"""The TimeSformer configs: the paper's counts (docs/papers.md §12) and each
config's weight decay and learning rates per parameter."""
import pytest
from mmengine.registry import init_default_scope

from tests.helpers.configs import training_config as config
from tests.helpers.models import count_parameters


@pytest.mark.parametrize('name,expected', [
    ('timesformer_space_*kinetics400*', 86_106_256),
    ('timesformer_joint_*kinetics400*', 86_112_400),
    ('timesformer_divided_*kinetics400*', 121_566_352),
    ('timesformer_divided_*sthv2*', 121_392_558)])
def test_timesformer_config_counts(name, expected):
    assert count_parameters(config('timesformer', name).model) == expected


def optimizer_settings(model, optim_wrapper_cfg):
    """{parameter name: (lr, weight_decay)} of the built optimizer."""
    from mmengine.optim import build_optim_wrapper
    optimizer = build_optim_wrapper(model, optim_wrapper_cfg).optimizer
    by_id = {id(p): (g['lr'], g['weight_decay'])
             for g in optimizer.param_groups for p in g['params']}
    return {name: by_id[id(p)] for name, p in model.named_parameters()}


def test_timesformer_weight_decay_per_config():
    # MotionDigits: none on the names of vit.py's (unused) no_weight_decay()
    # (cls_token, pos_embed, time_embed); the time-lr10 ablation also gives
    # time_embed a 10x learning rate; Kinetics: the release's optimizer.py
    # decays every ViT parameter
    from mmaction.registry import MODELS
    init_default_scope('mmaction')
    cfg = config('timesformer', 'timesformer_divided_*motion-digits*')
    model = MODELS.build(cfg.model)
    settings = optimizer_settings(model, cfg.optim_wrapper)
    assert settings['backbone.blocks.0.attn.qkv.weight'] == (5e-4, 0.05)
    assert settings['backbone.pos_embed'] == (5e-4, 0.0)
    assert settings['backbone.cls_token'] == (5e-4, 0.0)
    assert settings['backbone.time_embed'] == (5e-4, 0.0)
    ablation = config('timesformer', 'timesformer_divided-time-lr10_*')
    settings = optimizer_settings(model, ablation.optim_wrapper)
    assert settings['backbone.time_embed'] == (5e-3, 0.0)
    assert settings['backbone.pos_embed'] == (5e-4, 0.0)
    kinetics = config('timesformer', 'timesformer_axial_*kinetics400*')
    settings = optimizer_settings(model, kinetics.optim_wrapper)
    assert settings['backbone.blocks.0.attn.qkv.weight'] == (0.005, 1e-4)
    for name in ('cls_token', 'pos_embed', 'time_embed'):
        assert settings[f'backbone.{name}'] == (0.005, 1e-4)
    assert kinetics.train_dataloader.batch_size == 1  # x 8 GPUs = 8
    assert kinetics.model.data_preprocessor.mean == [114.75] * 3
