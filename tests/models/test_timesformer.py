"""TimeSformer's five attention schemes (Bertasius et al. 2021; docs/papers.md
§12): Table 1 counts and, on a tiny model, exactly which tokens each
attention step lets every token see (found by perturbing one token at a
time)."""
import itertools
import math

import pytest
import torch

from mmvid_plugin.models.backbones import TimeSformerViT
from mmvid_plugin.models.backbones.timesformer import (GROUP_KEYS, SCHEMES,
                                                       STEPS,
                                                       attention_groups,
                                                       attention_mask)
from mmvid_plugin.models.layers import SelfAttention
from mmvid_plugin.models.layers.attention import record_attention

HEAD_174 = 768 * 174 + 174


@pytest.mark.parametrize('scheme,expected', [
    ('space_only', 85_932_462), ('joint_space_time', 85_938_606),
    ('divided_space_time', 121_392_558),
    ('sparse_local_global', 121_392_558),
    ('axial', 156_846_510)])  # paper 156.3M: see configs/timesformer
def test_table1_counts_with_a_174_class_head(scheme, expected):
    with torch.device('meta'):
        net = TimeSformerViT(scheme)
    assert sum(p.numel() for p in net.parameters()) + HEAD_174 == expected


GRID = (4, 4, 4)  # T, H, W in patches
T, H, W = GRID
PATCHES = [(t, h, w) for h, w, t in itertools.product(range(H), range(W),
                                                       range(T))]
CLS = 'cls'
TOKENS = [CLS] + PATCHES  # the release's order: time fastest


def tiny_block(scheme):
    torch.manual_seed(0)
    net = TimeSformerViT(scheme, num_frames=T, img_size=4 * H, patch_size=4,
                         embed_dims=8, depth=1, num_heads=2,
                         drop_path_rate=0.0).eval()
    block = net.blocks[0]
    for name, p in block.named_parameters():
        if '_fc' in name:  # switch the zero-initialised sets on
            torch.nn.init.normal_(p, 0, 0.5)
    return block


def seen_by(step):
    """For every token, the set of tokens whose change moves its update."""
    torch.manual_seed(1)
    x = torch.randn(1, len(TOKENS), 8)
    delta = torch.randn(8)  # not constant: LayerNorm would remove that
    with torch.no_grad():
        base = step(x)
        seen = {i: set() for i in range(len(TOKENS))}
        for j in range(len(TOKENS)):
            moved = x.clone()
            moved[0, j] += delta
            changed = (step(moved) - base).abs().amax(-1)[0] > 1e-6
            for i in torch.nonzero(changed).flatten().tolist():
                seen[i].add(j)
    return seen


def expected(rule, cls_row='all'):
    """Allowed sets from a rule on patch pairs; the cls row is 'all' or
    'none' (not updated by the step)."""
    everything = set(range(len(TOKENS)))
    allowed = {0: everything if cls_row == 'all' else set()}
    for i, a in enumerate(PATCHES, start=1):
        allowed[i] = {0} | {j for j, b in enumerate(PATCHES, start=1)
                            if rule(a, b)}
    return allowed


def same_window(a, b):
    return (a[1] * 2 // H, a[2] * 2 // W) == (b[1] * 2 // H, b[2] * 2 // W)


def same_parity(a, b):
    return all(x % 2 == y % 2 for x, y in zip(a, b))


def test_joint_attends_to_everything():
    (step, ) = tiny_block('joint_space_time').steps(GRID)
    assert seen_by(step) == expected(lambda a, b: True)


def test_divided_time_then_space():
    time_step, space_step = tiny_block('divided_space_time').steps(GRID)
    time_expected = expected(lambda a, b: a[1:] == b[1:], cls_row='none')
    for i in range(1, len(TOKENS)):
        time_expected[i].discard(0)  # the cls token skips temporal attention
    assert seen_by(time_step) == time_expected
    # spatial: one frame plus the cls token; cls (averaged over its T
    # per-frame copies) sees everything
    assert seen_by(space_step) == expected(lambda a, b: a[0] == b[0])


def test_sparse_local_then_global():
    local, global_ = tiny_block('sparse_local_global').steps(GRID)
    assert seen_by(local) == expected(same_window)
    assert seen_by(global_) == expected(same_parity)
    # together: local windows of F x H/2 x W/2 = 4 x 2 x 2 = 16 patches,
    # global stride 2 on each axis = 4 x 4 x 4 / 8 = 8 patches
    assert len(expected(same_window)[1]) == 1 + 16
    assert len(expected(same_parity)[1]) == 1 + 8


def test_axial_time_width_height():
    time_step, width_step, height_step = tiny_block('axial').steps(GRID)
    assert seen_by(time_step) == expected(lambda a, b: a[1:] == b[1:])
    assert seen_by(width_step) == expected(lambda a, b: a[:2] == b[:2])
    assert seen_by(height_step) == expected(
        lambda a, b: (a[0], a[2]) == (b[0], b[2]))


def test_space_only_keeps_frames_apart():
    net = TimeSformerViT('space_only', num_frames=T, img_size=16,
                         patch_size=4, embed_dims=8, depth=2, num_heads=2,
                         drop_path_rate=0.0).eval()
    x = torch.randn(1, 3, T, 16, 16)
    tokens, grid = net.tokens(x)
    assert tokens.shape == (T, 1 + 16, 8)  # one sequence per frame
    moved = x.clone()
    moved[:, :, 2] += 1.0
    with torch.no_grad():
        a, b = net.tokens(x)[0], net.tokens(moved)[0]
        for block in net.blocks:
            a, b = block(a, grid), block(b, grid)
    changed = (a - b).abs().amax(dim=(1, 2)) > 1e-6
    assert changed.tolist() == [False, False, True, False]


@pytest.mark.parametrize('scheme', SCHEMES)
def test_embeddings_interpolate_for_other_clip_sizes(scheme):
    net = TimeSformerViT(scheme, num_frames=4, img_size=32, patch_size=8,
                         embed_dims=16, depth=1, num_heads=2).eval()
    with torch.no_grad():
        assert net(torch.randn(2, 3, 4, 32, 32)).shape == (2, 16)
        assert net(torch.randn(1, 3, 6, 48, 40)).shape == (1, 16)


def test_extra_sets_start_switched_off():
    net = TimeSformerViT('divided_space_time', num_frames=4, img_size=16,
                         patch_size=4, embed_dims=8, depth=2, num_heads=2)
    net.init_weights()
    for block in net.blocks:  # all 12 blocks in the release, all here
        assert block.temporal_fc.weight.abs().sum() == 0
    with pytest.raises(ValueError, match="attention_type='spatial'"):
        TimeSformerViT('spatial')


@pytest.mark.parametrize('relation', GROUP_KEYS)
@pytest.mark.parametrize('grid', [(4, 4, 4), (2, 6, 4), (3, 3, 5)])
def test_gathered_groups_equal_the_masked_attention(relation, grid):
    torch.manual_seed(0)
    attn = SelfAttention(8, 2)
    x = torch.randn(2, 1 + math.prod(grid), 8)
    reference = attn(x, attention_mask(relation, grid))
    groups = attention_groups(relation, grid)
    # odd grids split local windows and parities unevenly: mask fallback
    uneven = relation in ('local', 'global') and grid == (3, 3, 5)
    assert (groups is None) == uneven
    if groups is not None:
        assert torch.allclose(attn.grouped(x, groups), reference, atol=1e-6)


@pytest.mark.parametrize('grid', [(4, 4, 4), (3, 3, 5)])
def test_sparse_block_steps_follow_their_masks(grid):
    block = tiny_block('sparse_local_global')
    x = torch.randn(1, 1 + math.prod(grid), 8)
    local, global_ = block.steps(grid)
    with torch.no_grad():
        assert torch.allclose(
            local(x), block.attn(block.norm1(x),
                                 attention_mask('local', grid)), atol=1e-6)
        assert torch.allclose(
            global_(x),
            block.global_fc(block.global_attn(
                block.global_norm1(x), attention_mask('global', grid))),
            atol=1e-6)


def test_groups_of_vit_b_on_8x224():
    # keys per query: 1 + 392 (local) and 1 + 196 (global) of 1 + 1568
    assert attention_groups('local', (8, 14, 14)).shape == (4, 392)
    assert attention_groups('global', (8, 14, 14)).shape == (8, 196)
    assert attention_groups('time', (8, 14, 14)).shape == (196, 8)


@pytest.mark.parametrize('scheme', SCHEMES)
def test_release_init_of_the_embeddings(scheme):
    net = TimeSformerViT(scheme, num_frames=4, img_size=32, patch_size=8,
                         embed_dims=16, depth=1, num_heads=2)
    net.init_weights()
    assert net.pos_embed.std() > 0.005 and net.cls_token.abs().sum() > 0
    if scheme == 'space_only':
        assert net.time_embed is None
    else:  # zeros, as the release: frame order is learnt from nothing
        assert net.time_embed.abs().sum() == 0


@pytest.mark.parametrize('scheme', SCHEMES)
def test_frame_order_enters_only_through_time_embed(scheme):
    torch.manual_seed(0)
    net = TimeSformerViT(scheme, num_frames=4, img_size=16, patch_size=4,
                         embed_dims=16, depth=2, num_heads=2,
                         drop_path_rate=0.0).eval()
    for block in net.blocks:  # switch the zero-initialised sets on
        for name, p in block.named_parameters():
            if '_fc' in name:
                torch.nn.init.normal_(p, 0, 0.5)
    clip = torch.randn(2, 3, 4, 16, 16)
    with torch.no_grad():  # zero time_embed: reversing the clip is a no-op
        assert torch.allclose(net(clip), net(clip.flip(2)), atol=1e-5)
        if net.time_embed is None:
            return
        net.time_embed.normal_()
        assert (net(clip) - net(clip.flip(2))).abs().max() > 1e-4


def divided_block(drop_path):
    from mmvid_plugin.models.backbones.timesformer import TimeSformerBlock
    torch.manual_seed(0)
    block = TimeSformerBlock(16, 2, 2.0, 'divided_space_time', drop_path)
    torch.nn.init.normal_(block.temporal_fc.weight)
    torch.nn.init.normal_(block.temporal_fc.bias)
    return block


def test_divided_drop_path_drops_locations_then_frames_as_the_release():
    """vit.py Block.forward: the temporal residual is dropped per spatial
    location on the ((b h w), t, m) tensor before temporal_fc (whose bias
    survives), the spatial one per frame on ((b t), n, m)."""
    grid = (4, 4, 4)
    x = torch.randn(2, 1 + 64, 16)
    block = divided_block(0.5)
    temporal, spatial = block.steps(grid)
    block.eval()
    kept_t, kept_s = temporal(x), spatial(x)
    block.train()
    torch.manual_seed(1)
    out_t = temporal(x)[:, 1:].reshape(2, 16, 4, 16)  # [B, H W, T, D]
    bias = block.temporal_fc.bias
    dropped = (out_t - bias).abs().amax(dim=(2, 3)) < 1e-6  # [B, H W]
    assert dropped.any() and not dropped.all()
    kept = ~dropped
    scaled = (kept_t[:, 1:].reshape(2, 16, 4, 16) - bias) * 2 + bias
    torch.testing.assert_close(out_t[kept], scaled[kept], rtol=1e-4,
                               atol=1e-5)
    torch.manual_seed(2)
    out_s = spatial(x)
    patches = out_s[:, 1:].reshape(2, 16, 4, 16)  # [B, H W, T, D]
    frame_dropped = patches.abs().amax(dim=(1, 3)) == 0  # [B, T]
    assert frame_dropped.any() and not frame_dropped.all()
    ref = kept_s[:, 1:].reshape(2, 16, 4, 16) * 2
    keep = ~frame_dropped
    torch.testing.assert_close(patches.permute(0, 2, 1, 3)[keep],
                               ref.permute(0, 2, 1, 3)[keep], rtol=1e-4,
                               atol=1e-5)


@pytest.mark.parametrize('scheme', ['divided_space_time', 'axial'])
def test_activation_checkpointing_changes_nothing_but_memory(scheme):
    """Same output and gradients with ``with_cp`` (stochastic depth on:
    the recomputation replays the same drop masks)."""
    grads, calls = [], []
    for with_cp in (False, True):
        torch.manual_seed(0)
        net = TimeSformerViT(scheme, num_frames=4, img_size=32,
                             embed_dims=32, depth=2, num_heads=2,
                             drop_path_rate=0.5, with_cp=with_cp).train()
        ran, forward = [], net.blocks[0].forward
        net.blocks[0].forward = lambda *a: ran.append(1) or forward(*a)
        x = torch.randn(2, 3, 4, 32, 32)
        net(x).pow(2).sum().backward()
        grads.append([p.grad for p in net.parameters()])
        calls.append(len(ran))
    assert calls == [1, 2]  # recomputed in the backward pass
    for plain, checkpointed in zip(*grads):
        torch.testing.assert_close(plain, checkpointed)


def log_attention_calls(net):
    """Every ``SelfAttention`` call of ``net``: (module, input, output)."""
    calls = []

    def logged(attn, method):
        def call(x, *args, **kwargs):
            out = method(x, *args, **kwargs)
            calls.append((attn, x, out[0] if isinstance(out, tuple) else out))
            return out
        return call

    for attn in net.modules():
        if isinstance(attn, SelfAttention):
            attn.forward = logged(attn, attn.forward)
            attn.grouped = logged(attn, attn.grouped)
    return calls


def values(attn, x):
    """[B, heads, L, d] values of ``attn`` for its input ``x``."""
    qkv = attn.qkv(x).unflatten(-1, (3, attn.num_heads, -1))
    return qkv[:, :, 2].transpose(1, 2)


@pytest.mark.parametrize('scheme,grid', [(scheme, (4, 4, 4))
                                         for scheme in SCHEMES] +
                         [('sparse_local_global', (3, 3, 5))])  # masked
def test_recorded_weights_are_the_ones_the_forward_used(scheme, grid):
    """record_attention: each step's weights times its values give the
    output of the plain (SDPA, grouped) forward; rows sum to one; zero
    outside a restricted step's groups; the network's output unchanged."""
    torch.manual_seed(0)
    t, h, w = grid
    net = TimeSformerViT(scheme, num_frames=t, img_size=16, patch_size=4,
                         embed_dims=8, depth=2, num_heads=2,
                         drop_path_rate=0.0).eval()
    for name, p in net.named_parameters():
        if '_fc' in name:  # switch the zero-initialised sets on
            torch.nn.init.normal_(p, 0, 0.5)
    clip = torch.randn(2, 3, t, 4 * h, 4 * w)
    calls = log_attention_calls(net)
    with torch.no_grad():
        plain = net(clip)
        plain_calls = calls[:]
        with record_attention(net) as records:
            recorded = net(clip)
    assert all(block.attention_records is None for block in net.blocks)
    torch.testing.assert_close(recorded, plain)
    flat = [record for block in records.values() for record in block]
    assert [(r.step, r.attention_set) for r in flat] == \
        list(STEPS[scheme]) * 2
    assert len(plain_calls) == len(flat)
    for record, (attn, x, out) in zip(flat, plain_calls):
        weights = record.weights
        torch.testing.assert_close(weights.sum(-1),
                                   torch.ones(weights.shape[:-1]))
        again = attn.proj((weights @ values(attn, x)).transpose(1, 2)
                          .flatten(2))
        torch.testing.assert_close(again, out, rtol=1e-4, atol=1e-5)
        if record.layout == 'tokens' and record.step in GROUP_KEYS:
            mask = attention_mask(record.step, grid)
            assert (weights[..., ~mask] == 0).all()
