"""SlowFast (Feichtenhofer et al. 2019): counts at 400 classes, Table 1
shapes stage by stage, and the three lateral connections
(docs/papers.md §11)."""
import pytest
import torch

from mmvid_plugin.models.backbones import SlowFastResNet
from mmvid_plugin.models.backbones.slowfast import Lateral

HEAD = 2304 * 400 + 400


def count(**kwargs):
    with torch.device('meta'):
        net = SlowFastResNet(**kwargs)
    return sum(p.numel() for p in net.parameters())


@pytest.mark.parametrize('kwargs,head,expected', [
    (dict(alpha=8, lateral_kernel=5), HEAD, 34_480_216),  # 4x16
    (dict(alpha=4, lateral_kernel=7), HEAD, 34_566_488),  # 8x8 released
    # 8x8 with k = 5, the paper's kernel as recalled
    (dict(alpha=4, lateral_kernel=5), HEAD, 34_480_216),
    (dict(pathways='slow'), 2048 * 400 + 400, 32_454_096),  # Slow-only
    (dict(depth=101, alpha=4, lateral_kernel=7), HEAD, 62_913_240),
])
def test_counts(kwargs, head, expected):
    assert count(**kwargs) + head == expected


def test_table1_shapes_stage_by_stage():
    """64-frame raw clip sampled every 2nd frame (32 Fast frames, alpha 8:
    4 Slow frames), 224 crop."""
    with torch.device('meta'):
        net = SlowFastResNet(alpha=8)
        x = torch.empty(1, 3, 32, 224, 224)
        slow = net.slow_stem(x[:, :, ::8])
        fast = net.fast_stem(x)
        shapes = [(tuple(slow.shape[1:]), tuple(fast.shape[1:]))]
        for index in range(4):
            slow = net._fuse(slow, fast, index)
            slow = net.slow_stages[index](slow)
            fast = net.fast_stages[index](fast)
            shapes.append((tuple(slow.shape[1:]), tuple(fast.shape[1:])))
    assert shapes == [
        ((64, 4, 56, 56), (8, 32, 56, 56)),
        ((256, 4, 56, 56), (32, 32, 56, 56)),
        ((512, 4, 28, 28), (64, 32, 28, 28)),
        ((1024, 4, 14, 14), (128, 32, 14, 14)),
        ((2048, 4, 7, 7), (256, 32, 7, 7))]
    # slow stage inputs after concatenation: 64+16, 256+64, 512+128, 1024+256
    assert [s[0].conv1.in_channels for s in net.slow_stages] == \
        [80, 320, 640, 1280]


def test_time_to_channel_packs_alpha_frames():
    lateral = Lateral('time_to_channel', 2, 4, 5, 2, 4, 1e-5)
    fast = torch.arange(2 * 8, dtype=torch.float).view(1, 2, 8, 1, 1)
    out = lateral(fast)
    assert out.shape == (1, 8, 2, 1, 1)
    # slow step t holds fast frames 4t..4t+3 of every channel
    assert out[0, :, 1, 0, 0].tolist() == [4, 5, 6, 7, 12, 13, 14, 15]


def test_time_strided_sampling_and_conv():
    fast = torch.randn(1, 8, 16, 4, 4)
    sampled = Lateral('time_strided_sampling', 8, 4, 5, 2, 16, 1e-5)(fast)
    torch.testing.assert_close(sampled, fast[:, :, ::4])
    conv = Lateral('time_strided_conv', 8, 4, 7, 2, 16, 1e-5)
    assert conv.conv.weight.shape == (16, 8, 7, 1, 1)
    assert conv.conv.stride == (4, 1, 1)
    assert conv(fast).shape == (1, 16, 4, 4, 4)


@pytest.mark.parametrize('lateral,fusion,ok', [
    ('time_to_channel', 'sum', True), ('time_to_channel', 'concat', True),
    ('time_strided_sampling', 'concat', True),
    ('time_strided_sampling', 'sum', False),
    ('time_strided_conv', 'concat', True)])
def test_lateral_and_fusion_combinations(lateral, fusion, ok):
    if not ok:
        with pytest.raises(ValueError, match='fusion=sum needs'):
            SlowFastResNet(lateral=lateral, fusion=fusion)
        return
    with torch.device('meta'):
        net = SlowFastResNet(lateral=lateral, fusion=fusion)
        slow, fast = net(torch.empty(1, 3, 32, 64, 64))
    assert slow.shape[:3] == (1, 2048, 4) and fast.shape[:3] == (1, 256, 32)


def test_fast_only_and_real_backward():
    with torch.device('meta'):
        out = SlowFastResNet(pathways='fast')(torch.empty(1, 3, 32, 64, 64))
    assert out.shape == (1, 256, 32, 2, 2)
    net = SlowFastResNet(alpha=4)
    x = torch.randn(2, 3, 8, 32, 32, requires_grad=True)
    slow, fast = net(x)
    (slow.mean() + fast.mean()).backward()
    assert x.grad.abs().sum() > 0
    assert net.laterals[0].conv.weight.grad.abs().sum() > 0


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="lateral='mix'"):
        SlowFastResNet(lateral='mix')
    with pytest.raises(ValueError, match="pathways='both'"):
        SlowFastResNet(pathways='both')
    with pytest.raises(ValueError, match="slow_sampling='uniform'; expected "
                       "one of 'strided', 'linspace'"):
        SlowFastResNet(slow_sampling='uniform')


@pytest.mark.parametrize('pathways,channels', [
    ('slowfast', [2048, 256]), ('slow', [2048]), ('fast', [256])])
def test_pathway_maps_are_a_tuple_forward_feeds_the_head(pathways, channels):
    """``pathway_maps``: one map per pathway; ``forward``: (slow, fast)
    for SlowFastHead, else the one map for I3DHead."""
    with torch.device('meta'):
        net = SlowFastResNet(pathways=pathways)
        x = torch.empty(1, 3, 32, 64, 64)
        maps = net.pathway_maps(x)
        out = net(x)
    assert isinstance(maps, tuple)
    assert [m.shape[1] for m in maps] == channels
    if pathways == 'slowfast':
        assert isinstance(out, tuple) and len(out) == 2
    else:
        assert out.shape == maps[0].shape


def test_temporal_kernels_of_table1():
    """Slow: 1x7x7 stem, 3x1x1 first convs only in res4 / res5; Fast:
    5x7x7 stem, 3x1x1 first convs in every stage."""
    with torch.device('meta'):
        net = SlowFastResNet()
    assert net.slow_stem[0].kernel_size[0] == 1
    assert net.fast_stem[0].kernel_size[0] == 5
    assert [{b.conv1.kernel_size[0] for b in s} for s in net.slow_stages] \
        == [{1}, {1}, {3}, {3}]
    assert [{b.conv1.kernel_size[0] for b in s} for s in net.fast_stages] \
        == [{3}] * 4


def test_release_init_msra_and_zero_final_bn():
    """PySlowFast's init_weights: c2_msra_fill convs (kaiming normal,
    fan out), BN gamma 1 / beta 0, the last BN of every bottleneck at 0
    (ZERO_INIT_FINAL_BN: True in SLOWFAST_4x16_R50.yaml)."""
    torch.manual_seed(0)
    net = SlowFastResNet(base_channels=16)
    net.init_weights()
    conv = net.slow_stages[1][0].conv2
    fan_out = conv.out_channels * conv.weight[0, 0].numel()
    assert abs(conv.weight.std().item() - (2 / fan_out)**0.5) < 0.1 * (
        2 / fan_out)**0.5
    blocks = [b for stages in (net.slow_stages, net.fast_stages)
              for stage in stages for b in stage]
    assert all((b.final_bn.weight == 0).all() for b in blocks)
    assert (net.slow_stem[1].weight == 1).all()
    assert (net.laterals[0].bn.weight == 1).all()
    kept = SlowFastResNet(base_channels=16, zero_init_final_bn=False)
    kept.init_weights()
    assert all((b.final_bn.weight == 1).all()
               for stage in kept.slow_stages for b in stage)


def test_flow_input_channels():
    net = SlowFastResNet(base_channels=16, in_channels=2)
    slow, fast = net.eval()(torch.randn(1, 2, 8, 32, 32))
    assert net.slow_stem[0].in_channels == 2 == net.fast_stem[0].in_channels
    assert slow.shape[1] == 512 and fast.shape[1] == 64
