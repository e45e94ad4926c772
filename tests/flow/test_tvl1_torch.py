"""The PyTorch Dual TV-L1 (``tvl1-torch``) against OpenCV's ``tvl1``: a
real clip, a known translation, batching, and the extraction path."""
import glob
import inspect
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from mmvid_plugin.flow import ALGORITHMS, extract_video, make_flow_fn
from mmvid_plugin.flow.tvl1_torch import DEFAULTS, _median, tvl1_flow

from tests.helpers.media import SHIFT, textured_frames, write_video

CLIP = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))), 'data',
                'flow_clip')


@pytest.fixture(scope='module', autouse=True)
def one_thread():
    """One intra-op thread: on a busy 2-core runner, an OpenMP thread that
    waits for a core held by another job stalls every small operation."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope='module')
def clip():
    """Five grey 176x144 frames of the Carphone sequence (README there)."""
    paths = sorted(glob.glob(osp.join(CLIP, 'frame_*.png')))
    assert len(paths) == 5
    return [cv2.imread(p, cv2.IMREAD_GRAYSCALE) for p in paths]


@pytest.fixture(scope='module')
def clip_flows(clip):
    """OpenCV's and ours, default parameters, for the 4 pairs."""
    opencv = make_flow_fn('tvl1')
    ref = np.stack([opencv(a, b) for a, b in zip(clip[:-1], clip[1:])])
    prev = torch.from_numpy(np.stack(clip[:-1]))
    nxt = torch.from_numpy(np.stack(clip[1:]))
    return ref, tvl1_flow(prev, nxt).numpy()


def test_registered_with_opencv_defaults():
    assert 'tvl1-torch' in ALGORITHMS
    signature = inspect.signature(tvl1_flow).parameters
    assert {k: signature[k].default for k in DEFAULTS} == DEFAULTS
    opencv = cv2.optflow.DualTVL1OpticalFlow_create()
    assert DEFAULTS == pytest.approx(dict(
        tau=opencv.getTau(), lambda_=opencv.getLambda(),
        theta=opencv.getTheta(), nscales=opencv.getScalesNumber(),
        warps=opencv.getWarpingsNumber(), epsilon=opencv.getEpsilon(),
        inner_iterations=opencv.getInnerIterations(),
        outer_iterations=opencv.getOuterIterations(),
        scale_step=opencv.getScaleStep(), gamma=opencv.getGamma(),
        median_filtering=opencv.getMedianFiltering()))


def test_matches_opencv_on_a_real_clip(clip_flows):
    """Measured on the 4 pairs (Carphone frames 80-84, 176x144, OpenCV
    4.13 contrib, torch 2.13 CPU): mean EPE 0.0221 px, 0.020-0.026 per
    pair, against a mean OpenCV flow magnitude of 1.10 px (ratio 0.020).
    Thresholds leave a 2.5-4x margin."""
    ref, ours = clip_flows
    assert ours.shape == ref.shape == (4, 144, 176, 2)
    assert ours.dtype == np.float32
    epe = np.linalg.norm(ours - ref, axis=-1)
    magnitude = np.linalg.norm(ref, axis=-1).mean()
    assert magnitude > 0.5  # the excerpt does move
    assert epe.mean() < 0.06
    assert epe.mean() / magnitude < 0.05
    assert epe.mean((1, 2)).max() < 0.1  # every pair, not just the mean


@pytest.mark.parametrize('algorithm', ['tvl1', 'tvl1-torch'])
def test_known_translation(algorithm):
    """Both recover a (2, -1) px shift of a smooth texture: interior EPE
    measured 0.0045 px (OpenCV) and 0.0043 px (ours)."""
    first, second = textured_frames(2)
    flow = make_flow_fn(algorithm)(first, second)
    assert flow.shape == (96, 96, 2) and flow.dtype == np.float32
    interior = flow[16:-16, 16:-16].reshape(-1, 2)
    epe = np.linalg.norm(interior - np.float32(SHIFT), axis=-1)
    assert epe.mean() < 0.02


def test_batch_equals_single_calls(clip):
    prev = torch.from_numpy(np.stack(clip[:3]))
    nxt = torch.from_numpy(np.stack(clip[1:4]))
    small = dict(nscales=3, warps=2)  # the schedule, not the defaults
    batched = tvl1_flow(prev, nxt, **small)
    single = torch.stack([tvl1_flow(p, n, **small) for p, n in zip(prev,
                                                                    nxt)])
    assert single.shape == (3, 144, 176, 2)
    torch.testing.assert_close(batched, single, rtol=0, atol=1e-5)


def test_float_input_in_unit_range_as_opencv(clip):
    prev, nxt = (torch.from_numpy(f) for f in clip[:2])
    small = dict(nscales=2, warps=1, outer_iterations=2)
    as_uint8 = tvl1_flow(prev, nxt, **small)
    as_float = tvl1_flow(prev / 255.0, nxt / 255.0, **small)
    torch.testing.assert_close(as_float, as_uint8, rtol=0, atol=1e-4)


def test_options_follow_opencv(clip):
    """Against OpenCV with the same settings on one pair. A short schedule
    (little room for rounding to grow) agrees closely: measured EPE
    4.3e-5 px; gamma (illumination) and no median filter: 0.023 and
    0.009 px."""
    prev, nxt = clip[:2]
    short = dict(nscales=2, warps=2, median_filtering=1, inner_iterations=5,
                 outer_iterations=1)
    ref = cv2.optflow.DualTVL1OpticalFlow_create(
        nscales=2, warps=2, medianFiltering=1, innnerIterations=5,
        outerIterations=1).calc(prev, nxt, None)
    flow = tvl1_flow(torch.from_numpy(prev), torch.from_numpy(nxt),
                     **short).numpy()
    assert np.linalg.norm(flow - ref, axis=-1).mean() < 2e-4
    for ours, theirs in [(dict(gamma=0.1), dict(gamma=0.1)),
                         (dict(median_filtering=1, nscales=3, warps=3),
                          dict(medianFiltering=1, nscales=3, warps=3))]:
        ref = cv2.optflow.DualTVL1OpticalFlow_create(**theirs).calc(
            prev, nxt, None)
        flow = tvl1_flow(torch.from_numpy(prev), torch.from_numpy(nxt),
                         **ours).numpy()
        assert np.linalg.norm(flow - ref, axis=-1).mean() < 0.06, ours


@pytest.mark.parametrize('k', [3, 5])
def test_median_equals_sorting_median(k):
    u = torch.randn(2, 2, 9, 11)
    pad = F.pad(u.reshape(4, 1, 9, 11), (k // 2, ) * 4, mode='replicate')
    expected = F.unfold(pad, k).median(1).values.reshape(2, 2, 9, 11)
    assert torch.equal(_median(u, k), expected)


def test_bad_arguments_and_empty_batch():
    with pytest.raises(ValueError, match='same shape'):
        tvl1_flow(torch.zeros(2, 8, 8), torch.zeros(1, 8, 8))
    with pytest.raises(ValueError, match='median_filtering 7'):
        tvl1_flow(torch.zeros(8, 8), torch.zeros(8, 8), median_filtering=7)
    empty = torch.zeros(0, 8, 8, dtype=torch.uint8)
    assert tvl1_flow(empty, empty).shape == (0, 8, 8, 2)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_cuda_matches_cpu(clip):
    prev = torch.from_numpy(np.stack(clip[:2]))
    nxt = torch.from_numpy(np.stack(clip[1:3]))
    cpu = tvl1_flow(prev, nxt)
    gpu = tvl1_flow(prev.cuda(), nxt.cuda())
    assert gpu.device.type == 'cuda'
    epe = torch.linalg.vector_norm(gpu.cpu() - cpu, dim=-1)
    assert epe.mean() < 0.02


def test_extraction_batches_equal_single_pairs(tmp_path):
    video = tmp_path / 'v.mp4'
    write_video(video, num_frames=5)
    outputs = {}
    for batch in (1, 3):
        out = tmp_path / f'batch{batch}' / 'v'
        assert extract_video(str(video), str(out), algorithm='tvl1-torch',
                             size='48x32', batch=batch) == 4
        outputs[batch] = [cv2.imread(str(out / f'flow_{c}_{i:05d}.jpg'), 0)
                          for c in 'xy' for i in range(1, 5)]
    for single, batched in zip(outputs[1], outputs[3]):
        assert single.shape == (32, 48)
        assert np.abs(single.astype(int) - batched).max() <= 1
    with pytest.raises(ValueError, match='batch'):
        extract_video(str(video), str(tmp_path / 'x'), batch=0)


def test_cli_tvl1_torch(tmp_path):
    from mmvid_plugin.cli.extract_flow import main
    write_video(tmp_path / 'videos' / 'a.mp4')
    counts = main([str(tmp_path / 'videos'), str(tmp_path / 'out'),
                   '--algorithm', 'tvl1-torch', '--device', 'cpu',
                   '--batch', '2', '--size', '32'])
    assert counts == dict(done=1, skipped=0, failed=0)
    assert osp.isfile(tmp_path / 'out' / 'a' / 'flow_y_00004.jpg')
