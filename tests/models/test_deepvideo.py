"""DeepVideo networks (Karpathy et al. 2014): parameter counts of PAPERS.md
section 2 and what each one sees in time."""
import pytest
import torch

from mmvid_plugin.models.backbones import (DeepVideoEarlyFusion,
                                           DeepVideoLateFusion,
                                           DeepVideoMultiresolution,
                                           DeepVideoSingleFrame,
                                           DeepVideoSlowFusion)
from mmvid_plugin.models.backbones.deepvideo import tower_output

HEAD_487 = 4096 * 487 + 487  # Sports-1M classifier


@pytest.mark.parametrize('cls,expected', [
    (DeepVideoSingleFrame, 73_908_071),
    (DeepVideoEarlyFusion, 74_221_703),
    (DeepVideoLateFusion, 125_288_295),
    (DeepVideoSlowFusion, 75_511_751),
    (DeepVideoMultiresolution, 129_035_495),
])
def test_parameter_counts_at_487_classes(cls, expected):
    with torch.device('meta'):
        net = cls()
    assert sum(p.numel() for p in net.parameters()) + HEAD_487 == expected


def test_tower_shapes():
    assert tower_output(170, 1, ((1, 1), ) * 5) == (1, 7)  # ceil pooling
    assert tower_output(89, 1, ((1, 1), ) * 5, last_pool=False) == (1, 7)
    slow = ((4, 2), (2, 2), (2, 2), (1, 1), (1, 1))
    assert tower_output(170, 10, slow) == (1, 7)


def frames_seen(net, num_frames, size, layer=None):
    """Input frames whose change moves the output (or a tower layer)."""
    torch.manual_seed(0)
    net.eval()
    x = torch.randn(1, 3, num_frames, size, size, requires_grad=True)
    out = net.tower[:layer](x) if layer is not None else net(x)
    out.sum().backward()
    grad = x.grad.abs().sum(dim=(0, 1, 3, 4))
    return {t for t in range(num_frames) if grad[t] > 0}


def test_early_fusion_sees_all_ten_frames():
    assert frames_seen(DeepVideoEarlyFusion(), 10, 170) == set(range(10))


def test_late_fusion_merges_its_two_frames_in_fc1():
    net = DeepVideoLateFusion().eval()
    x = torch.randn(2, 3, 2, 170, 170)
    with torch.no_grad():
        out = net(x)
        swapped = net(x.flip(2))
    assert out.shape == (2, 4096)
    assert not torch.allclose(out, swapped)  # FC1 knows which frame is which
    assert frames_seen(net, 2, 170) == {0, 1}


def test_slow_fusion_temporal_coverage():
    net = DeepVideoSlowFusion()
    conv1 = net.tower[:1]  # first Conv3d: extent 4, stride 2
    x = torch.randn(1, 3, 10, 170, 170)
    y = x.clone()
    y[:, :, 5] += 1.0
    with torch.no_grad():
        diff = (conv1(x) - conv1(y)).abs().amax(dim=(0, 1, 3, 4))
    # output t covers frames 2t .. 2t+3: frame 5 is in t = 1 and t = 2
    assert torch.nonzero(diff > 0).flatten().tolist() == [1, 2]
    conv3_end = [i for i, m in enumerate(net.tower)
                 if isinstance(m, torch.nn.Conv3d)][2] + 1
    assert frames_seen(net, 10, 170, layer=conv3_end) == set(range(10))


def test_multiresolution_streams_and_sharing():
    separate = DeepVideoMultiresolution()
    shared = DeepVideoMultiresolution(share_streams=True)
    assert separate.fovea is not separate.context
    assert shared.fovea is shared.context
    assert separate(torch.randn(1, 3, 1, 178, 178)).shape == (1, 4096)


def test_wrong_input_shape_is_named():
    with pytest.raises(ValueError, match=r'\(T, H, W\) = \(10, 170, 170\)'):
        DeepVideoEarlyFusion()(torch.randn(1, 3, 8, 170, 170))
