"""DeepVideo networks (Karpathy et al. 2014): parameter counts of
docs/papers.md §2 and what each one sees in time."""
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


def conv_outputs_moved(layers, frame):
    """Time positions of ``layers``' output that change with ``frame``."""
    torch.manual_seed(0)
    x = torch.randn(1, 3, 10, 64, 64)  # the tower runs on any size
    y = x.clone()
    y[:, :, frame] += 1.0
    with torch.no_grad():
        diff = (layers(x) - layers(y)).abs().amax(dim=(0, 1, 3, 4))
    return torch.nonzero(diff > 0).flatten().tolist()


@pytest.mark.parametrize('frame', range(10))
def test_slow_fusion_conv1_conv2_see_only_covering_frames(frame):
    """conv1 output t covers frames 2t..2t+3 (extent 4, stride 2); conv2
    output u covers conv1 outputs 2u, 2u+1, i.e. frames 4u..4u+5."""
    net = DeepVideoSlowFusion().eval()
    convs = [i for i, m in enumerate(net.tower)
             if isinstance(m, torch.nn.Conv3d)]
    conv1, conv2 = net.tower[:convs[0] + 1], net.tower[:convs[1] + 1]
    assert conv_outputs_moved(conv1, frame) == [
        t for t in range(4) if 2 * t <= frame <= 2 * t + 3]
    assert conv_outputs_moved(conv2, frame) == [
        u for u in range(2) if 4 * u <= frame <= 4 * u + 5]


def test_slow_fusion_conv3_sees_all_ten_frames():
    net = DeepVideoSlowFusion()
    conv3_end = [i for i, m in enumerate(net.tower)
                 if isinstance(m, torch.nn.Conv3d)][2] + 1
    assert frames_seen(net, 10, 170, layer=conv3_end) == set(range(10))


def test_multiresolution_streams_and_sharing():
    separate = DeepVideoMultiresolution().eval()
    shared = DeepVideoMultiresolution(share_streams=True)
    assert separate.fovea is not separate.context
    assert shared.fovea is shared.context
    x = torch.randn(1, 3, 2, 89, 89, requires_grad=True)
    out = separate(x)
    assert out.shape == (1, 4096)
    out.sum().backward()
    assert (x.grad[:, :, 0].abs().sum() > 0) and (x.grad[:, :, 1].abs().sum()
                                                  > 0)
    context_only = torch.autograd.grad(
        separate.context(x[:, :, :1]).sum(), separate.fovea.parameters(),
        allow_unused=True)
    assert all(g is None for g in context_only)  # streams do not share


def test_multiresolution_wants_two_views():
    with pytest.raises(ValueError, match='FoveaContextViews'):
        DeepVideoMultiresolution()(torch.randn(1, 3, 1, 178, 178))


def test_wrong_input_shape_is_named():
    with pytest.raises(ValueError, match=r'\(T, H, W\) = \(10, 170, 170\)'):
        DeepVideoEarlyFusion()(torch.randn(1, 3, 8, 170, 170))
