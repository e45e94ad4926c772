"""The video-ResNet family: R(2+1)D Table 2 counts (ResNet-18, 400 classes,
L = 8), C2D / I3D-R50 counts, and each variant's temporal output size
(docs/papers.md §9, §10)."""
import pytest
import torch

from mmvid_plugin.models.backbones import VideoResNet
from mmvid_plugin.models.layers import midplanes
from tests.helpers.models import TABLE2

FC_400 = {18: 512 * 400 + 400, 34: 512 * 400 + 400, 50: 2048 * 400 + 400,
          101: 2048 * 400 + 400}


def count(variant, depth=18, **kwargs):
    with torch.device('meta'):
        net = VideoResNet(variant, depth, **kwargs)
    return sum(p.numel() for p in net.parameters()) + FC_400[depth]


@pytest.mark.parametrize('variant,exact,paper', TABLE2)
def test_table2_counts(variant, exact, paper):
    got = count(variant, num_frames=8)
    assert got == exact
    assert abs(got / 1e6 - paper) <= 0.1


def test_r2d_conv1_collapses_all_frames():
    assert count('r2d', num_frames=16) - count('r2d', num_frames=8) == \
        8 * 7 * 7 * 3 * 64


def test_midplanes_per_conv_vs_torchvision_per_block():
    assert midplanes(64, 128) == 230 and midplanes(128, 128) == 288
    assert count('r2plus1d', block_midplanes=True) == 31_505_325  # tv
    assert count('r2plus1d') - count('r2plus1d', block_midplanes=True) == \
        1_865_514
    assert count('r2plus1d', depth=34) == 63_697_175


def test_r2plus1d_stem_has_45_midplanes():
    net = VideoResNet('r2plus1d', 18)
    assert net.stem[0].weight.shape == (45, 3, 1, 7, 7)
    assert net.stem[3].weight.shape == (64, 45, 3, 1, 1)


@pytest.mark.parametrize('variant,expected', [('c2d', 24_327_632),
                                              ('i3d', 28_043_472)])
def test_resnet50_counts(variant, expected):
    assert count(variant, depth=50) == expected


# final temporal size for L = 16 (Tran et al. Sec. 3: where time shrinks)
FINAL_TIME = {'r2d': 1, 'f-r2d': 16, 'r3d': 2, 'mc2': 16, 'mc3': 16,
              'mc4': 8, 'mc5': 4, 'rmc2': 2, 'rmc3': 2, 'rmc4': 4, 'rmc5': 8,
              'r2plus1d': 2}


@pytest.mark.parametrize('variant,frames', FINAL_TIME.items())
def test_output_shapes_at_16x112(variant, frames):
    with torch.device('meta'):
        net = VideoResNet(variant, 18, num_frames=16)
        out = net(torch.empty(2, 3, 16, 112, 112))
    assert tuple(out.shape) == (2, 512, frames, 7, 7)


def test_i3d_r50_inflation_pattern_and_shape():
    net = VideoResNet('i3d', 50)
    kernels = [[b.conv1.kernel_size[0] for b in stage]
               for stage in net.stages]
    assert kernels == [[3, 3, 3], [3, 1, 3, 1], [3, 1, 3, 1, 3, 1],
                       [1, 3, 1]]
    assert net.stem[0].kernel_size == (5, 7, 7)
    with torch.device('meta'):
        out = VideoResNet('i3d', 50)(torch.empty(1, 3, 32, 224, 224))
    assert tuple(out.shape) == (1, 2048, 4, 7, 7)  # T = 4, as the release


def test_real_forward_and_backward():
    net = VideoResNet('r2plus1d', 18)
    net.init_weights()
    x = torch.randn(1, 3, 8, 32, 32, requires_grad=True)
    net(x).mean().backward()
    assert x.grad.abs().sum() > 0


def test_unknown_variant_and_depth_are_named():
    with pytest.raises(ValueError, match="variant='mc9'"):
        VideoResNet('mc9')
    with pytest.raises(ValueError, match='depth=20'):
        VideoResNet('r3d', 20)


def test_pools_follow_the_depth_unless_given():
    with torch.device('meta'):
        basic = VideoResNet('r3d', 18)
        bottleneck = VideoResNet('i3d', 50)
        unpooled = VideoResNet('i3d', 50, pool1=None, pool2=None)
        pooled = VideoResNet('r3d', 18, pool1=((1, 3, 3), (1, 2, 2)))
    assert basic.pool1 is None and basic.pool2 is None
    assert bottleneck.pool1.kernel_size == (2, 3, 3)
    assert bottleneck.pool1.stride == (2, 2, 2)
    assert bottleneck.pool2.kernel_size == (2, 1, 1)
    assert unpooled.pool1 is None and unpooled.pool2 is None
    assert pooled.pool1.kernel_size == (1, 3, 3) and pooled.pool2 is None


# ResNet-101 with a 400-way fc: C2D = torchvision resnet101 (44,549,160 at
# 1000 classes) - 2,049,000 + 819,600; I3D adds the non-local release's 3x1x1
# kernels (resnet_video.py obtain_arc, arc 4: res4 i % 2 == 0 over 23 blocks)
# and the 5x7x7 stem: docs/papers.md, non-local section
@pytest.mark.parametrize('variant,expected', [('c2d', 43_319_760),
                                              ('i3d', 51_754_192)])
def test_resnet101_counts(variant, expected):
    assert count(variant, depth=101) == expected


def test_i3d_r101_repeats_the_per_stage_pattern():
    with torch.device('meta'):
        net = VideoResNet('i3d', 101)
    res4 = [b.conv1.kernel_size[0] for b in net.stages[2]]
    assert res4 == [3 if b % 2 == 0 else 1 for b in range(23)]


def batch_norm_eps(net):
    return {m.eps for m in net.modules()
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)}


@pytest.mark.parametrize('variant,depth', [('r2plus1d', 18), ('r3d', 34),
                                           ('i3d', 50)])
def test_every_bn_gets_the_configured_eps(variant, depth):
    with torch.device('meta'):
        assert batch_norm_eps(VideoResNet(variant, depth, bn_eps=1e-3)) == \
            {1e-3}
        assert batch_norm_eps(VideoResNet(variant, depth, bn_eps=2e-5)) == \
            {2e-5}


def final_bn_gammas(net):
    return [(block.final_bn.weight == 0).all().item()
            for stage in net.stages for block in stage
            if hasattr(block, 'final_bn')]


def test_zero_init_final_bn_follows_the_releases():
    """PySlowFast (ZERO_INIT_FINAL_BN: True in its C2D / I3D configs) and
    the non-local release (BN_INIT_GAMMA 0.0) start every bottleneck as
    the identity; VMZ and torchvision keep gamma 1 for ResNet-18 / 34."""
    bottleneck = VideoResNet('i3d', 50, base_channels=16)
    bottleneck.init_weights()
    assert all(final_bn_gammas(bottleneck)) and \
        len(final_bn_gammas(bottleneck)) == 16
    stem_bn = bottleneck.stem[1]
    assert (stem_bn.weight == 1).all()
    basic = VideoResNet('r3d', 18, base_channels=16)
    basic.init_weights()
    assert not any(final_bn_gammas(basic))
    forced = VideoResNet('r3d', 18, base_channels=16, zero_init_final_bn=True)
    forced.init_weights()
    assert all(final_bn_gammas(forced))
    # a fresh residual block is then the identity on its (ReLU'd) input
    x = torch.relu(torch.randn(2, 16, 4, 8, 8))
    block = forced.stages[0][1].eval()
    torch.testing.assert_close(block(x), x)


@pytest.mark.parametrize('variant', ['r2plus1d', 'r3d', 'i3d', 'r2d'])
def test_flow_input_with_cross_modality_init(variant):
    from mmvid_plugin.weights.cross_modality import cross_modality_state_dict
    depth = 50 if variant == 'i3d' else 18
    rgb = VideoResNet(variant, depth, base_channels=16)
    flow = VideoResNet(variant, depth, base_channels=16, in_channels=2)
    state, keys = cross_modality_state_dict(rgb.state_dict(),
                                            flow.state_dict())
    flow.load_state_dict(state)
    assert keys == ['stem.0.weight']
    kernel = rgb.stem[0].weight.mean(dim=1, keepdim=True).expand(
        -1, 2, -1, -1, -1)
    torch.testing.assert_close(flow.stem[0].weight, kernel)
    out = flow.eval()(torch.randn(1, 2, 8, 32, 32))
    assert out.shape[1] == rgb.out_channels


def test_short_per_stage_arguments_are_named():
    with pytest.raises(ValueError, match=r'nonlocal_blocks has 2 entries'):
        VideoResNet('i3d', 50, nonlocal_blocks=((), (1, 3)))
    with pytest.raises(ValueError, match=r'temporal_strides has 3 entries'):
        VideoResNet('r3d', 18, temporal_strides=(1, 2, 2))
    with pytest.raises(ValueError, match='in_channels=0'):
        VideoResNet('r3d', 18, in_channels=0)
