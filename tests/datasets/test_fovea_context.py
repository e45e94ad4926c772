"""DeepVideo's fovea and context views (Karpathy et al. 2014, Sec. 2.2)."""
import numpy as np
import pytest

from mmvid_plugin.datasets.transforms import FoveaContextViews


def test_views_of_a_178_frame_are_the_papers():
    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 256, (178, 178, 3), dtype=np.uint8)
              for _ in range(2)]
    results = FoveaContextViews(view_size=89).transform(
        dict(imgs=list(frames), clip_len=2, img_shape=(178, 178)))
    assert results['clip_len'] == 4
    assert results['img_shape'] == (89, 89)
    assert len(results['imgs']) == 4
    for frame, context, fovea in zip(frames, results['imgs'][0::2],
                                     results['imgs'][1::2]):
        # context: the frame at half resolution = mean of each 2x2 block
        halved = frame.astype(np.float64).reshape(89, 2, 89, 2, 3).mean((1, 3))
        assert np.abs(context.astype(np.float64) - halved).max() <= 1
        # fovea: the central 89x89 region untouched (rows/cols 44..132)
        np.testing.assert_array_equal(fovea, frame[44:133, 44:133])


def test_views_keep_single_channel_frames():
    frame = np.arange(64 * 64, dtype=np.uint8).reshape(64, 64, 1)
    results = FoveaContextViews(view_size=32).transform(
        dict(imgs=[frame], clip_len=1))
    assert [v.shape for v in results['imgs']] == [(32, 32, 1)] * 2


def test_frame_smaller_than_view_is_named():
    with pytest.raises(ValueError, match=r'frame 64x64 .* view_size=89'):
        FoveaContextViews(view_size=89).transform(
            dict(imgs=[np.zeros((64, 64, 3), np.uint8)], clip_len=1))
