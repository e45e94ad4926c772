"""Two-stream fusion modules (Feichtenhofer et al. 2016) against direct
computations."""
import pytest
import torch

from mmvid_plugin.models.fusion import (BilinearFusion, ConcatFusion,
                                        Conv3DFusion, ConvFusion,
                                        FramewiseMaxPool2D, MaxFusion,
                                        SpatiotemporalMaxPool3D, SumFusion,
                                        gaussian_3x3x3)


def pair(*shape):
    torch.manual_seed(0)
    return torch.randn(*shape), torch.randn(*shape)


@pytest.mark.parametrize('shape', [(2, 4, 5, 5), (2, 4, 3, 5, 5)])
def test_sum_max_concat(shape):
    a, b = pair(*shape)
    torch.testing.assert_close(SumFusion()(a, b), a + b)
    expected_max = torch.where(a > b, a, b)
    torch.testing.assert_close(MaxFusion()(a, b), expected_max)
    concat = ConcatFusion()(a, b)
    assert concat.shape[1] == 2 * shape[1]
    torch.testing.assert_close(concat[:, :shape[1]], a)
    torch.testing.assert_close(concat[:, shape[1]:], b)


@pytest.mark.parametrize('shape', [(2, 4, 5, 5), (2, 4, 3, 5, 5)])
def test_conv_fusion_is_a_1x1_conv_on_the_stack_then_relu(shape):
    a, b = pair(*shape)
    learnt = ConvFusion(4, identity_weights=None)
    w = learnt.conv.weight[:, :, 0, 0]  # [C, 2C]
    stacked = torch.cat([a, b], dim=1)
    expected = torch.einsum('oc,nc...->no...', w, stacked)
    expected = expected + learnt.conv.bias.view(
        (1, -1) + (1, ) * (len(shape) - 2))
    torch.testing.assert_close(learnt(a, b), expected.clamp_min(0),
                               rtol=1e-4, atol=1e-5)
    assert sum(p.numel() for p in ConvFusion(512).parameters()) == 524_800


def test_conv_fusion_starts_as_the_release_2sumab_init_slice_by_slice():
    """insert_conv_layers.m, initMethod '2sumAB': cat(3, 0.25 * diag,
    0.75 * diag) over [spatial; temporal], zero bias."""
    fusion = ConvFusion(4)
    w = fusion.conv.weight[:, :, 0, 0]  # [C, 2C]
    torch.testing.assert_close(w[:, :4], 0.25 * torch.eye(4))  # spatial
    torch.testing.assert_close(w[:, 4:], 0.75 * torch.eye(4))  # temporal
    assert fusion.conv.bias.abs().sum() == 0
    a, b = pair(2, 4, 3, 5, 5)
    torch.testing.assert_close(fusion(a, b),
                               (0.25 * a + 0.75 * b).clamp_min(0))


def test_conv_fusion_relu_and_the_sum_start():
    """The release's addReLU clips negative fused responses; without it and
    with identity_weights=(1, 1) (the release's 'sumAB') the start is the
    plain sum of the streams."""
    a, b = pair(2, 4, 5, 5)
    with_relu = ConvFusion(4)(a, b)
    assert with_relu.min() == 0 and (0.25 * a + 0.75 * b).min() < 0
    plain = ConvFusion(4, relu=False)(a, b)
    torch.testing.assert_close(plain, 0.25 * a + 0.75 * b)
    summed = ConvFusion(4, identity_weights=(1, 1), relu=False)(a, b)
    torch.testing.assert_close(summed, a + b)
    with pytest.raises(ValueError, match='identity_weights'):
        ConvFusion(4, identity_weights=(0.25, 0.5, 0.25))


def test_bilinear_is_the_sum_of_outer_products_over_locations():
    a, b = pair(2, 3, 4, 5)
    expected = torch.zeros(2, 3, 3)
    for y in range(4):
        for x in range(5):
            expected += torch.einsum('ni,nj->nij', a[:, :, y, x],
                                     b[:, :, y, x])
    got = BilinearFusion()(a, b)
    torch.testing.assert_close(got, expected.flatten(1), rtol=1e-4,
                               atol=1e-5)
    normed = BilinearFusion(signed_sqrt_l2=True)(a, b)
    root = expected.flatten(1).sign() * expected.flatten(1).abs().sqrt()
    torch.testing.assert_close(normed, root / root.norm(dim=1, keepdim=True))
    video = BilinearFusion()(a[:, :, None].repeat(1, 1, 2, 1, 1),
                             b[:, :, None].repeat(1, 1, 2, 1, 1))
    assert video.shape == (2, 9, 2)  # one C*C vector per frame
    torch.testing.assert_close(video[:, :, 1], expected.flatten(1),
                               rtol=1e-4, atol=1e-5)


def test_unequal_maps_are_named():
    with pytest.raises(ValueError, match='equal size'):
        SumFusion()(torch.zeros(1, 4, 5, 5), torch.zeros(1, 4, 6, 6))


def test_pooling_2d_keeps_time_3d_spans_the_clip():
    x = torch.randn(2, 4, 5, 14, 14)
    assert FramewiseMaxPool2D()(x).shape == (2, 4, 5, 7, 7)
    pooled = SpatiotemporalMaxPool3D()(x)  # official: 2 x 2 x T, stride 2
    assert pooled.shape == (2, 4, 1, 7, 7)
    expected = x.amax(dim=2).unflatten(2, (7, 2)).unflatten(4, (7, 2))
    torch.testing.assert_close(pooled[:, :, 0], expected.amax(dim=(3, 5)))


def test_conv3d_fusion_shapes_count_and_gaussian_identity_init():
    fusion = Conv3DFusion(512)
    assert fusion.conv.weight.shape == (512, 1024, 3, 3, 3)
    assert sum(p.numel() for p in fusion.parameters()) == 14_156_288
    g = gaussian_3x3x3()
    torch.testing.assert_close(g.sum(), torch.tensor(1.0))
    assert g[1, 1, 1] == g.max() and torch.allclose(g, g.flip(0))
    small = Conv3DFusion(3)
    w = small.conv.weight
    torch.testing.assert_close(w[1, 1], 0.25 * g)  # spatial half
    torch.testing.assert_close(w[1, 4], 0.75 * g)  # temporal half
    assert w[1, 0].abs().sum() == 0 and w[1, 3].abs().sum() == 0
    # constant maps: away from the borders the output is 0.25 a + 0.75 b
    a, b = torch.full((1, 3, 5, 6, 6), 2.0), torch.full((1, 3, 5, 6, 6), 4.0)
    out = small(a, b)
    torch.testing.assert_close(out[:, :, 2, 2:4, 2:4],
                               torch.full((1, 3, 2, 2), 3.5))


def test_identity_inits_survive_init_weights():
    conv = ConvFusion(3)
    conv.init_weights()
    a, b = pair(1, 3, 4, 4)
    torch.testing.assert_close(conv(a, b), (0.25 * a + 0.75 * b).clamp_min(0))
    fusion3d = Conv3DFusion(3)
    fusion3d.init_weights()
    torch.testing.assert_close(fusion3d.conv.weight[0, 3],
                               0.75 * gaussian_3x3x3())
