"""The 3D-CNN configs build the papers' networks: R(2+1)D Table 2, non-local,
I3D and C3D counts (docs/papers.md §7-§10), through the config files."""
import pytest
import torch
from mmengine.registry import init_default_scope

from tests.helpers.configs import training_config as config
from tests.helpers.models import TABLE2, count_parameters


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


def test_flow_r2plus1d_pipeline_gives_two_channel_clips(tiny_data_root):
    """The flow config's train pipeline on real flow rawframes (the tiny
    MotionDigits' Farneback flow) feeds its 2-channel network."""
    from mmaction.registry import MODELS
    from mmengine.dataset import pseudo_collate

    from mmvid_plugin.datasets import MotionDigitsRawframeDataset
    from tests.helpers.runs import TINY_SPEC
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
