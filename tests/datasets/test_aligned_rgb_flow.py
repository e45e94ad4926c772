"""Aligned RGB + flow sampling for the fused two-stream network
(Feichtenhofer et al. 2016): one draw of positions for both modalities."""
import os.path as osp
import random

import mmcv
import numpy as np
import pytest
from mmengine.registry import init_default_scope

from mmvid_plugin.datasets import MotionDigitsRawframeDataset
from mmvid_plugin.datasets.transforms import (AlignedRGBFlowFlip,
                                              FormatAlignedRGBFlow,
                                              NoCentreScaleJitterCrop,
                                              SampleAlignedRGBFlow)
from tests.helpers.runs import TINY_SPEC


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


def coordinate_sample(height=256, width=340, num_rgb=2, num_flow=4):
    """Aligned imgs whose pixels hold (row, col): RGB frames (row, col, t)
    and flow fields (x = col, y = row), as uint16 so no value wraps."""
    rows, cols = np.mgrid[:height, :width].astype(np.uint16)
    rgb = [np.stack([rows, cols, np.full_like(rows, t)], -1)
           for t in range(num_rgb)]
    flow = [np.stack([cols, rows], -1) for _ in range(num_flow)]
    return dict(imgs=rgb + flow, num_rgb=num_rgb, img_shape=(height, width),
                modality='RGB+Flow')


def corner_grids(offset, room):
    """The corners whose 20-point offset-fraction grid gives ``offset``
    as floor(room * fraction)."""
    grids = {'top-left': np.linspace(0, .25, 20),
             'bottom-right': np.linspace(.75, 1, 20)}
    return {corner for corner, grid in grids.items()
            if offset in (room * grid).astype(int)}


def test_no_centre_crop_is_one_corner_biased_jittered_draw_for_all():
    """cnn_ucf101_get_im_flow_batch.m, 'noCtr': sides round(224 * U[.75,
    1.25]) drawn apart, offset fractions both in [0, .25] or both in
    [.75, 1] of the free room, the same window on RGB and flow."""
    np.random.seed(0)
    crop = NoCentreScaleJitterCrop(size=224)
    heights, widths, corners = [], [], set()
    for _ in range(400):
        out = crop.transform(coordinate_sample())
        x0, y0, x1, y1 = out['crop_bbox']
        h, w = y1 - y0, x1 - x0
        heights.append(h)
        widths.append(w)
        for img in out['imgs']:  # one window for every image
            assert img.shape[:2] == (h, w) == tuple(out['img_shape'])
        rgb, flow = out['imgs'][0], out['imgs'][-1]
        assert (rgb[0, 0, 0], rgb[0, 0, 1]) == (y0, x0)
        assert (flow[0, 0, 1], flow[0, 0, 0]) == (y0, x0)
        # both offsets come from one corner's grid: never mixed, no centre
        both = corner_grids(y0, 256 - h) & corner_grids(x0, 340 - w)
        assert both, (y0, 256 - h, x0, 340 - w)
        if len(both) == 1:
            corners.add(both.pop())
    assert min(heights) >= 168 and max(heights) <= 256  # capped at the frame
    assert min(widths) >= 168 and max(widths) <= 280
    assert min(widths) < 180 and max(widths) > 270
    assert np.mean(np.array(heights) != np.array(widths)) > 0.9  # aspect free
    assert corners == {'top-left', 'bottom-right'}


def test_aligned_flip_mirrors_rgb_and_flow_together_and_negates_x_flow():
    sample = coordinate_sample(height=4, width=6)
    sample['imgs'] = [img.astype(np.uint8) for img in sample['imgs']]
    flipped = AlignedRGBFlowFlip(flip_ratio=1.0).transform(
        {**sample, 'imgs': [img.copy() for img in sample['imgs']]})
    assert flipped['flip']
    for before, after in zip(sample['imgs'][:2], flipped['imgs'][:2]):
        np.testing.assert_array_equal(after, before[:, ::-1])  # RGB
    for before, after in zip(sample['imgs'][2:], flipped['imgs'][2:]):
        np.testing.assert_array_equal(after[..., 0],
                                      255 - before[:, ::-1, 0])  # x negated
        np.testing.assert_array_equal(after[..., 1], before[:, ::-1, 1])
    random.seed(0)
    flip = AlignedRGBFlowFlip(flip_ratio=0.5)
    draws = set()
    for _ in range(50):
        out = flip.transform({**sample,
                              'imgs': [img.copy() for img in sample['imgs']]})
        rgb_flipped = out['imgs'][0][0, 0, 1] == 5
        flow_flipped = out['imgs'][-1][0, 0, 0] == 255 - 5  # x negated
        assert rgb_flipped == flow_flipped == out['flip']  # one draw
        draws.add(bool(out['flip']))
    assert draws == {True, False}
