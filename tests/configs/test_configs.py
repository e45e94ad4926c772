"""Every shipped config parses and builds offline."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from tests.helpers.models import count_parameters
from tests.helpers.runs import REPO, TINY_SPEC

ALL_FILES = sorted(glob.glob(osp.join(REPO, 'configs', '**', '*.py'),
                             recursive=True))
CONFIGS = [p for p in ALL_FILES if '_base_' not in p]


@pytest.mark.parametrize('path', ALL_FILES,
                         ids=lambda p: osp.relpath(p, REPO))
def test_no_config_downloads(path):
    text = open(path).read()
    assert '://' not in text, f'{path} names a URL; configs must build offline'


MOTION_DIGITS = ('MotionDigitsDataset', 'MotionDigitsRawframeDataset')


@pytest.mark.parametrize('path', CONFIGS, ids=lambda p: osp.relpath(p, REPO))
def test_config_builds_model_and_dataset(path, tiny_data_root):
    """Every config builds offline; on MotionDigits a real training sample
    goes through the data preprocessor and the model to a finite loss."""
    from mmaction.registry import DATASETS, MODELS
    from mmengine.dataset import pseudo_collate
    from mmvid_plugin.datasets.label_range_hook import (check_labels,
                                                        head_num_classes)
    cfg = Config.fromfile(path)
    assert cfg.default_scope == 'mmaction'
    assert cfg.default_hooks.label_range.type == 'LabelRangeHook'
    assert count_parameters(cfg.model) > 0
    dataset_cfg = cfg.train_dataloader.dataset
    if dataset_cfg.type in MOTION_DIGITS:
        dataset_cfg.update(data_root=tiny_data_root, spec=TINY_SPEC)
        dataset = DATASETS.build(dataset_cfg)
        assert len(dataset) == TINY_SPEC['num_train']
        batch = pseudo_collate([dataset[0], dataset[1]])
        model = MODELS.build(cfg.model)
        check_labels(dataset, head_num_classes(model), 'train')
        data = model.data_preprocessor(batch, training=True)
        losses = model(**data, mode='loss')
        assert torch.isfinite(sum(losses.values()))
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader_cfg = cfg[loader]
        if loader_cfg.get('persistent_workers'):
            assert loader_cfg.num_workers > 0, f'{loader}: persistent ' \
                'workers need num_workers > 0'


@pytest.mark.parametrize('modality,expected', [('rgb', 90_627_813),
                                               ('flow', 90_707_781)])
def test_two_stream_parameter_counts_match_paper(modality, expected):
    """CNN-M-2048 streams at 224 px with a 101-way classifier, Caffe ceil
    pooling (pool5 6x6x512): docs/papers.md §3."""
    name = ('twostream_cnnm2048_scratch_1xb16-1x1x1-6e_motion-digits-rgb.py'
            if modality == 'rgb' else
            'twostream_cnnm2048_scratch_1xb16-10x1x1-6e_motion-digits-flow.py')
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'two_stream', name))
    cfg.model.backbone.input_size = 224
    cfg.model.cls_head.num_classes = 101
    assert count_parameters(cfg.model) == expected


def test_tsn_r50_parameter_count_matches_reference():
    """TSN-R50 with a 400-way head: 24,327,632 (docs/papers.md §6)."""
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'tsn_r50.py'))
    cfg.model.cls_head.num_classes = 400
    assert count_parameters(cfg.model) == 24_327_632


def test_flagship_never_flips_motion_digits():
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'tsn_r50.py'))
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        types = [t['type'] for t in cfg[loader].dataset.pipeline]
        assert 'Flip' not in types, f'{loader} flips: left/right would swap'


@pytest.mark.parametrize('name,num_classes', [
    ('kinetics400', 400), ('ucf101', 101), ('hmdb51', 51),
    ('sports1m', 487), ('sthv2', 174)])
def test_paper_dataset_bases(name, num_classes):
    cfg = Config.fromfile(
        osp.join(REPO, 'configs', '_base_', 'datasets', f'{name}.py'))
    assert cfg.num_classes == num_classes
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = cfg[loader].dataset
        assert dataset.ann_file.startswith(f'data/{name}/')
        assert dataset.data_prefix.video.startswith(f'data/{name}/')
    if name == 'sthv2':
        types = [t['type'] for t in cfg.train_dataloader.dataset.pipeline]
        assert 'Flip' not in types
