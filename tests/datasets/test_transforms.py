"""Flow-aware flips and TSN's RGB difference."""
import numpy as np
import pytest

from mmvid_plugin.datasets.transforms import (FlowAwareFlip, FlowAwareTenCrop,
                                              RGBDifference, mirror_frames)
from mmvid_plugin.flow import dequantize_flow, make_flow_fn, quantize_flow
from tests.helpers.media import textured_frames


def quantised_flow(frames):
    flow_fn = make_flow_fn('farneback')
    return [np.stack(quantize_flow(flow_fn(a, b)), -1)
            for a, b in zip(frames[:-1], frames[1:])]


def test_mirrored_flow_equals_flow_of_mirrored_video():
    frames = textured_frames(3, size=96)  # moving (+2, -1) px per frame
    mirrored_video = [np.ascontiguousarray(f[:, ::-1]) for f in frames]
    expected = quantised_flow(mirrored_video)
    got = mirror_frames(quantised_flow(frames), 'Flow')
    for a, b in zip(got, expected):
        flow_a = dequantize_flow(a[..., 0], a[..., 1])[16:-16, 16:-16]
        flow_b = dequantize_flow(b[..., 0], b[..., 1])[16:-16, 16:-16]
        np.testing.assert_allclose(np.median(flow_a.reshape(-1, 2), 0),
                                   np.median(flow_b.reshape(-1, 2), 0),
                                   atol=0.3)
        np.testing.assert_allclose(np.median(flow_a.reshape(-1, 2), 0),
                                   (-2, -1), atol=0.3)


def test_rgb_mirror_only_flips():
    frame = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    (mirrored, ) = mirror_frames([frame], 'RGB')
    np.testing.assert_array_equal(mirrored, frame[:, ::-1])


def test_flow_aware_flip_flags_and_checks():
    flow = [np.full((4, 4, 2), 100, np.uint8)]
    results = FlowAwareFlip(flip_ratio=1.0).transform(
        dict(imgs=flow, modality='Flow'))
    assert results['flip'] is True
    assert (results['imgs'][0][..., 0] == 155).all()
    assert (results['imgs'][0][..., 1] == 100).all()
    with pytest.raises(ValueError, match='flip_ratio=2'):
        FlowAwareFlip(flip_ratio=2)
    with pytest.raises(ValueError, match=r'\(H, W, 2\)'):
        mirror_frames([np.zeros((4, 4), np.uint8)], 'Flow')


def test_ten_crop_negates_x_in_flipped_flow_crops_only():
    frames = [np.full((8, 8, 2), 60, np.uint8) for _ in range(3)]
    results = FlowAwareTenCrop(crop_size=4).transform(
        dict(imgs=frames, modality='Flow'))
    imgs = results['imgs']
    assert len(imgs) == 10 * 3
    for block in range(5):
        plain = imgs[block * 6:block * 6 + 3]
        flipped = imgs[block * 6 + 3:block * 6 + 6]
        assert all((f[..., 0] == 60).all() for f in plain)
        assert all((f[..., 0] == 195).all() for f in flipped)
        assert all((f[..., 1] == 60).all() for f in flipped)


def test_rgb_difference_stacks_consecutive_differences():
    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 256, (4, 5, 3)).astype(np.uint8)
              for _ in range(2 * 6)]  # 2 clips of L + 1 = 6 frames
    results = RGBDifference().transform(dict(imgs=list(frames), clip_len=6))
    assert results['clip_len'] == 1 and len(results['imgs']) == 2
    second = results['imgs'][1]
    assert second.shape == (4, 5, 15) and second.dtype == np.float32
    diff = frames[8].astype(np.float32) - frames[7]  # clip 2, t = 1 -> 2
    np.testing.assert_array_equal(second[..., 3:6], diff)
    with pytest.raises(ValueError, match='clip_len >= 2'):
        RGBDifference().transform(dict(imgs=frames[:1], clip_len=1))
