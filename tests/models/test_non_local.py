"""Non-local blocks (Wang et al. 2018): identity at start, the four
instantiations against direct computations, counts and placement."""
import pytest
import torch

from mmvid_plugin.models.backbones import VideoResNet
from mmvid_plugin.models.layers import NonLocalBlock3d
from mmvid_plugin.models.layers.attention import record_attention
from mmvid_plugin.models.layers.non_local import MODES

FIVE = ((), (1, 3), (1, 3, 5), ())
TEN = ((), (0, 1, 2, 3), (0, 1, 2, 3, 4, 5), ())


@pytest.mark.parametrize('mode', MODES)
def test_fresh_block_is_the_identity(mode):
    block = NonLocalBlock3d(16, mode=mode).train()
    x = torch.randn(2, 16, 4, 6, 6)
    torch.testing.assert_close(block(x), x)


def reference(block, x):
    """Loop over query positions i and key positions j."""
    n, c, t, h, w = x.shape
    pooled = torch.nn.functional.max_pool3d(x, (1, 2, 2))
    xs, ps = x.flatten(2), pooled.flatten(2)
    g = block.g(pooled).flatten(2)
    if block.mode == 'gaussian':
        theta, phi = xs, ps
    else:
        theta, phi = block.theta(x).flatten(2), block.phi(pooled).flatten(2)
    out = torch.zeros(n, block.inner, xs.shape[2])
    for i in range(xs.shape[2]):
        if block.mode == 'concatenation':
            pairs = torch.cat([theta[:, :, i:i + 1].expand_as(phi), phi], 1)
            f = torch.relu(block.concat_project(pairs.transpose(1, 2)))[..., 0]
            weights = f / phi.shape[2]
        else:
            dots = (theta[:, :, i:i + 1] * phi).sum(1)  # [N, Q]
            if block.mode == 'dot_product':
                weights = dots / phi.shape[2]
            elif block.mode == 'gaussian':  # paper (recalled): exp(x_i.x_j)
                weights = dots.softmax(-1)
            else:  # the release scales by (C/2)^-1/2 (USE_SCALE)
                weights = (dots / theta.shape[1]**0.5).softmax(-1)
        out[:, :, i] = (weights[:, None] * g).sum(-1)
    y = out.reshape(n, block.inner, t, h, w)
    return x + block.norm(block.out(y))


@pytest.mark.parametrize('mode', MODES)
def test_each_instantiation_matches_a_direct_loop(mode):
    torch.manual_seed(0)
    block = NonLocalBlock3d(8, mode=mode).eval()
    torch.nn.init.ones_(block.norm.weight)  # leave the identity start
    for p in block.parameters():
        if p.dim() > 1:
            torch.nn.init.normal_(p, 0, 0.3)
    x = torch.randn(2, 8, 2, 4, 4)
    torch.testing.assert_close(block(x), reference(block, x), rtol=1e-4,
                               atol=1e-5)


def test_softmax_rows_sum_to_one_over_subsampled_keys():
    block = NonLocalBlock3d(8)
    x = torch.randn(1, 8, 2, 4, 4)
    weights = block.affinity(x, block.pool(x))
    assert weights.shape == (1, 2 * 16, 2 * 4)  # keys pooled 1x2x2
    torch.testing.assert_close(weights.sum(-1), torch.ones(1, 32))


def count(**kwargs):
    with torch.device('meta'):
        net = VideoResNet('i3d', 50, **kwargs)
    return sum(p.numel() for p in net.parameters()) + 2048 * 400 + 400


def test_counts_i3d_r50_with_5_and_10_blocks():
    assert count() == 28_043_472
    assert count(nonlocal_blocks=FIVE) == 35_401_936
    gaussian = count(nonlocal_blocks=FIVE, nonlocal_cfg=dict(mode='gaussian'))
    assert abs(gaussian / 1e6 - 31.73) < 0.005
    assert count(nonlocal_blocks=TEN) == \
        28_043_472 + 4 * 526_592 + 6 * 2_101_760


def test_placement_after_the_listed_blocks():
    net = VideoResNet('i3d', 50, nonlocal_blocks=FIVE)
    kinds = [[type(m).__name__ for m in stage] for stage in net.stages]
    assert kinds[1] == ['Bottleneck3d', 'Bottleneck3d', 'NonLocalBlock3d',
                        'Bottleneck3d', 'Bottleneck3d', 'NonLocalBlock3d']
    assert kinds[2].count('NonLocalBlock3d') == 3
    assert 'NonLocalBlock3d' not in kinds[0] + kinds[3]
    net.init_weights()
    assert net.stages[1][2].norm.weight.abs().sum() == 0  # still identity


def test_bad_mode_and_position_are_named():
    with pytest.raises(ValueError, match="mode='cosine'"):
        NonLocalBlock3d(8, mode='cosine')
    with pytest.raises(ValueError, match=r'res3 has blocks 0..3'):
        VideoResNet('i3d', 50, nonlocal_blocks=((), (4, ), (), ()))


def test_gaussian_scaling_is_an_option():
    torch.manual_seed(0)
    x = torch.randn(1, 8, 2, 4, 4)
    scaled = NonLocalBlock3d(8, mode='gaussian', use_scale=True)
    pooled = torch.nn.functional.max_pool3d(x, (1, 2, 2))
    dots = torch.einsum('ncp,ncq->npq', x.flatten(2), pooled.flatten(2))
    torch.testing.assert_close(scaled.affinity(x, pooled),
                               (dots / 8**0.5).softmax(-1))
    assert NonLocalBlock3d(8).use_scale  # embedded Gaussian: the release's


@pytest.mark.parametrize('mode', MODES)
def test_recorded_affinity_rebuilds_the_output(mode):
    """record_attention: the affinity the forward used, times g of the
    pooled keys, gives the block's output; softmax rows sum to one."""
    torch.manual_seed(0)
    block = NonLocalBlock3d(8, mode=mode).eval()
    torch.nn.init.ones_(block.norm.weight)
    x = torch.randn(2, 8, 2, 4, 4)
    with torch.no_grad():
        plain = block(x)
        with record_attention(block) as records:
            recorded = block(x)
        (record, ) = records['']
        assert block.attention_records is None
        assert (record.grid, record.key_grid) == ((2, 4, 4), (2, 2, 2))
        values = block.g(block.pool(x)).flatten(2)  # [N, inner, Q]
        y = torch.einsum('npq,ncq->ncp', record.weights, values)
        again = x + block.norm(block.out(y.reshape(2, block.inner, 2, 4, 4)))
    torch.testing.assert_close(recorded, plain)
    torch.testing.assert_close(again, plain)
    if mode in ('gaussian', 'embedded_gaussian'):
        torch.testing.assert_close(record.weights.sum(-1),
                                   torch.ones(2, 32))
