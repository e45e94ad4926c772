"""The attention maps are read from the weights the forward recorded:
TimeSformer's last block, every step (Bertasius et al. 2021), and a
non-local block's query row (Wang et al. 2018)."""
import os

import numpy as np
import pytest
import torch

from mmvid_plugin.models.backbones import TimeSformerViT
from mmvid_plugin.models.backbones.timesformer import SCHEMES, STEPS
from mmvid_plugin.models.layers import NonLocalBlock3d
from mmvid_plugin.models.layers.attention import record_attention
from mmvid_plugin.visualization import (nonlocal_attention,
                                        save_attention_figures,
                                        timesformer_attention)


def tiny(scheme):
    torch.manual_seed(0)
    return TimeSformerViT(scheme, num_frames=4, img_size=16, patch_size=4,
                          embed_dims=8, depth=2, num_heads=2)


@pytest.mark.parametrize('scheme', SCHEMES)
def test_every_step_of_the_last_block_is_drawn(scheme, tmp_path):
    net = tiny(scheme)
    clip = torch.randn(1, 3, 4, 16, 16)
    result = timesformer_attention(net, clip)
    with torch.no_grad(), record_attention(net) as records:
        net(clip)
    last = records['blocks.1']
    steps = [r.step for r in last if r.layout != 'locations']
    assert list(result['maps']) == steps
    if scheme == 'axial':
        assert steps == ['time', 'width', 'height']
    (main, ) = (s.relation for s in STEPS[scheme] if s.attention_set == 'main')
    np.testing.assert_array_equal(result['spatial'], result['maps'][main])
    np.testing.assert_allclose(result['rows'], 1.0, atol=1e-5)
    for record in last:  # the map is the cls row (and its own weight)
        if record.layout == 'locations':
            continue
        cls = record.weights.mean(1)[:, 0, 0]
        drawn = result['maps'][record.step].sum(axis=(1, 2))
        expected = 1 - (cls[:4] if record.layout == 'frames' else cls[0])
        np.testing.assert_allclose(
            drawn.sum() if record.layout == 'tokens' else drawn,
            expected.numpy(), rtol=1e-5)
    assert result['temporal'].shape == (4, 4)
    frames = np.zeros((4, 16, 16, 3), np.uint8)
    paths = save_attention_figures(frames, result, str(tmp_path / scheme),
                                   scheme)
    assert all(os.path.getsize(path) > 0 for path in paths.values())


def test_nonlocal_query_row_is_the_recorded_affinity():
    torch.manual_seed(0)
    block = NonLocalBlock3d(8).eval()
    x = torch.randn(1, 8, 2, 4, 4)
    result = nonlocal_attention(block, x, block, query=(1, 2, 3))
    with torch.no_grad(), record_attention(block) as records:
        block(x)
    (record, ) = records['']
    row = record.weights[0, (1 * 4 + 2) * 4 + 3].reshape(2, 2, 2)
    np.testing.assert_allclose(result['spatial'], row.numpy())
    np.testing.assert_allclose(result['rows'], 1.0, atol=1e-6)
