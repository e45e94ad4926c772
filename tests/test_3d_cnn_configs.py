"""The 3D-CNN configs build the papers' networks: R(2+1)D Table 2, non-local,
I3D and C3D counts (docs/papers.md §7-§10), through the config files."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from tests.conftest import REPO
from tests.models.test_video_resnet import TABLE2
from tests.test_configs import count_parameters


def config(folder, name):
    """The one config of ``folder`` matching ``name`` (converted-checkpoint
    configs, ``*-converted_*``, left out: they have tests of their own)."""
    (path, ) = [p for p in glob.glob(osp.join(REPO, 'configs', folder, name))
                if '-converted_' not in osp.basename(p)]
    return Config.fromfile(path)


@pytest.mark.parametrize('variant,exact,paper', TABLE2)
def test_r2plus1d_kinetics_configs_match_table2(variant, exact, paper):
    cfg = config('r2plus1d', f'{variant}_r18_scratch_*kinetics400-rgb.py')
    assert count_parameters(cfg.model) == exact


@pytest.mark.parametrize('folder,name,expected', [
    ('r2plus1d', 'r2plus1d_r18-tv-midplanes_*', 31_505_325),
    ('r2plus1d', 'r2plus1d_r34_*rgb.py', 63_697_175),
    ('r2plus1d', 'r2plus1d_r34_*flow.py', 63_697_175 - 45 * 7 * 7),
    ('nonlocal', 'i3d_r50_scratch_*kinetics400*', 28_043_472),
    ('nonlocal', 'i3d-nl5_r50_scratch_*kinetics400*', 35_401_936),
    ('nonlocal', 'i3d-nl10_r50_scratch_*kinetics400*',
     28_043_472 + 4 * 526_592 + 6 * 2_101_760),
    ('nonlocal', 'c2d-nl5_r50_*', 31_686_096),
    ('i3d', 'i3d_inception-v1_scratch_*kinetics400-rgb.py', 12_689_984),
    ('i3d', 'i3d_inception-v1_two-stream_*', 12_689_984 + 12_668_032),
    ('c3d', 'c3d_scratch_*sports1m*', 79_991_015),
    ('c3d', 'c3d_sports1m-pretrained_*ucf101*', 78_409_573),
    ('c3d', 'c3d-bn_*', 79_653_712),
])
def test_config_counts(folder, name, expected):
    # trainable: I3D's BN gamma is a frozen constant (beta-only BN)
    assert count_parameters(config(folder, name).model,
                            trainable_only=True) == expected


@pytest.mark.parametrize('name,expected', [
    ('slowfast_r50_*4x16x1*', 34_480_216),
    ('slowfast_r50_*8x8x1*', 34_566_488),
    ('slowonly_r50_*4x16x1*', 32_454_096),
    ('slowonly_r50_*8x8x1*', 32_454_096)])
def test_slowfast_config_counts(name, expected):
    assert count_parameters(config('slowfast', name).model) == expected


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


def test_flow_r2plus1d_pipeline_gives_two_channel_clips(tiny_data_root):
    """The flow config's train pipeline on real flow rawframes (the tiny
    MotionDigits' Farneback flow) feeds its 2-channel network."""
    from mmaction.registry import MODELS
    from mmengine.dataset import pseudo_collate

    from mmvid_plugin.datasets import MotionDigitsRawframeDataset
    from tests.conftest import TINY_SPEC
    init_default_scope('mmaction')
    cfg = config('r2plus1d', 'r2plus1d_r34_*flow.py')
    dataset = MotionDigitsRawframeDataset(
        split='train', modality='Flow', data_root=tiny_data_root,
        spec=TINY_SPEC, pipeline=cfg.train_dataloader.dataset.pipeline)
    sample = dataset[0]
    assert tuple(sample['inputs'].shape) == (1, 2, 8, 112, 112)
    cfg.model.backbone.update(depth=18, base_channels=8)
    cfg.model.cls_head.update(in_channels=64, num_classes=10)
    model = MODELS.build(cfg.model)
    data = model.data_preprocessor(pseudo_collate([sample, dataset[1]]),
                                   training=True)
    losses = model(**data, mode='loss')
    assert torch.isfinite(sum(losses.values()))
