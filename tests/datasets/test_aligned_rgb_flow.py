"""Aligned RGB + flow sampling for the fused two-stream network
(Feichtenhofer et al. 2016): one draw of positions for both modalities."""
import os.path as osp

import mmcv
import numpy as np
import pytest
from mmengine.registry import init_default_scope

from mmvid_plugin.datasets import MotionDigitsRawframeDataset
from mmvid_plugin.datasets.transforms import (FormatAlignedRGBFlow,
                                              SampleAlignedRGBFlow)
from tests.conftest import TINY_SPEC


def check_alignment(results, frames, length, start_index=0):
    flow = results['flow_inds'].reshape(-1, frames, length)
    rgb = results['frame_inds'].reshape(-1, frames)
    # each stack is L consecutive fields; its RGB frame sits at the centre
    np.testing.assert_array_equal(np.diff(flow, axis=2), 1)
    np.testing.assert_array_equal(rgb, flow[:, :, 0] + length // 2)
    strides = np.diff(flow[:, :, 0], axis=1)
    for clip, tau in enumerate(results['temporal_strides']):
        assert np.all(strides[clip] == tau)
    return strides


def test_training_strides_span_5_to_15_and_fit():
    np.random.seed(0)
    seen = set()
    sampler = SampleAlignedRGBFlow()
    for _ in range(300):
        results = sampler.transform(dict(total_frames=120, start_index=1))
        check_alignment(results, 5, 10)
        assert results['flow_inds'].min() >= 1
        assert results['flow_inds'].max() <= 120
        seen.add(int(results['temporal_strides'][0]))
    assert seen == set(range(5, 16))


def test_short_video_lowers_the_stride_to_fit():
    results = SampleAlignedRGBFlow(num_frames=3, flow_length=5,
                                   stride_range=(2, 3)).transform(
                                       dict(total_frames=15))
    check_alignment(results, 3, 5)
    assert results['flow_inds'].max() <= 14
    tiny = SampleAlignedRGBFlow().transform(dict(total_frames=12))
    assert tiny['temporal_strides'][0] == 1
    assert tiny['flow_inds'].max() == 11  # 14 fields wanted: the last repeats
    assert tiny['flow_inds'][-3:].tolist() == [11, 11, 11]


def test_test_mode_is_deterministic_with_spread_clips():
    sampler = SampleAlignedRGBFlow(num_clips=3, test_mode=True)
    first = sampler.transform(dict(total_frames=200))
    second = sampler.transform(dict(total_frames=200))
    np.testing.assert_array_equal(first['flow_inds'], second['flow_inds'])
    starts = first['flow_inds'].reshape(3, -1)[:, 0]
    assert np.all(np.diff(starts) > 0)
    assert set(first['temporal_strides']) == {10}


def test_bad_stride_range_is_named():
    with pytest.raises(ValueError, match='stride_range'):
        SampleAlignedRGBFlow(stride_range=(6, 3))


def test_format_interleaves_flow_channels():
    rgb = [np.full((4, 4, 3), t, np.uint8) for t in range(2)]
    flow = [np.stack([np.full((4, 4), 10 * t + l), np.full((4, 4), -1)], -1)
            for t in range(2) for l in range(3)]
    out = FormatAlignedRGBFlow().transform(
        dict(imgs=rgb + flow, num_rgb=2, num_clips=1, clip_len=2,
             flow_length=3))
    assert out['rgb'].shape == (1, 3, 2, 4, 4)
    assert out['flow'].shape == (1, 6, 2, 4, 4)
    assert out['flow'][0, :, 1, 0, 0].tolist() == [10, -1, 11, -1, 12, -1]
    assert out['rgb'][0, 0, :, 0, 0].tolist() == [0, 1]


def test_pipeline_on_motion_digits_shares_every_crop(tiny_data_root):
    init_default_scope('mmaction')
    pipeline = [
        dict(type='SampleAlignedRGBFlow', num_frames=3, flow_length=5,
             stride_range=(2, 3)),
        dict(type='AlignedRGBFlowDecode'),
        dict(type='RandomCrop', size=48),
        dict(type='FormatAlignedRGBFlow'),
        dict(type='PackActionInputs', collect_keys=('rgb', 'flow')),
    ]
    dataset = MotionDigitsRawframeDataset(
        split='train', modality='RGB+Flow', data_root=tiny_data_root,
        spec=TINY_SPEC, pipeline=pipeline)
    np.random.seed(1)
    packed = dataset[0]
    rgb, flow = packed['inputs']['rgb'], packed['inputs']['flow']
    assert tuple(rgb.shape) == (1, 3, 3, 48, 48)
    assert tuple(flow.shape) == (1, 10, 3, 48, 48)
    # decode the same indices by hand and find the shared crop
    np.random.seed(1)
    info = dataset.get_data_info(0)
    raw = dataset.pipeline.transforms[0](dict(info))
    frame_dir = raw['frame_dir']
    first_rgb = mmcv.imread(osp.join(
        frame_dir, f'img_{raw["frame_inds"][0]:05}.jpg'), channel_order='rgb')
    first_x = mmcv.imread(osp.join(
        frame_dir, f'flow_x_{raw["flow_inds"][0]:05d}.jpg'), flag='grayscale')
    matches = [(y, x) for y in range(17) for x in range(17)
               if np.array_equal(first_rgb[y:y + 48, x:x + 48].transpose(
                   2, 0, 1), rgb[0, :, 0].numpy())]
    assert len(matches) >= 1
    y, x = matches[0]
    np.testing.assert_array_equal(first_x[y:y + 48, x:x + 48],
                                  flow[0, 0, 0].numpy())
